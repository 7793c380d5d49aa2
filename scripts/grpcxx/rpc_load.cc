// The external load generator of `make bench-rpc` (BENCHMARKS.md, "RPC load against a peer"): Debian's grpc++
// (libgrpc++-dev) over mutual TLS, ONE channel (one HTTP/2 connection), STREAMS unary calls in flight at all
// times (a closed loop: each finished call starts the next), driven by one completion-queue thread through
// the generic stub, so every target costs the client the same. Calls started during the warm-up are not
// counted; no call starts after the deadline; every counted call's latency is kept and the percentiles are
// nearest-rank over all of them. Prints one JSON line.
//
// Usage: rpc_load --port P --certs DIR --identity NAME [--token T] --target KIND [target options]
//                 --streams N --seconds S --warm-up S
// KIND: needs-read (--report-id), needs-write (--round-id --owner-id), region-overview (--office --year).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "ksi/v1/gateway.pb.h"
#include "ksi/v1/needs.pb.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

grpc::ByteBuffer Buffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string Escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

// One request of the target: the method and its serialized bytes (a fresh request id per write).
struct Target {
  std::string method;
  std::map<std::string, std::string> options;
  std::string readRequest;  // serialized once for reads

  std::string Option(const std::string& name) const {
    auto found = options.find(name);
    if (found == options.end()) {
      std::cerr << "missing --" << name << "\n";
      std::exit(2);
    }
    return found->second;
  }

  explicit Target(const std::string& kind, std::map<std::string, std::string> opts) : options(std::move(opts)) {
    if (kind == "needs-read") {
      method = "/ksi.v1.NeedsService/GetNeedsReport";
      ksi::v1::GetNeedsReportRequest request;
      request.set_id(Option("report-id"));
      readRequest = request.SerializeAsString();
    } else if (kind == "region-overview") {
      method = "/ksi.v1.GatewayService/GetRegionOverview";
      ksi::v1::GetRegionOverviewRequest request;
      request.set_governor_office_id(Option("office"));
      request.set_year(std::stoi(Option("year")));
      readRequest = request.SerializeAsString();
    } else if (kind == "needs-write") {
      method = "/ksi.v1.NeedsService/CreateNeedsReport";
      Option("round-id");
      Option("owner-id");
    } else {
      std::cerr << "unknown --target " << kind << "\n";
      std::exit(2);
    }
  }

  bool IsWrite() const { return readRequest.empty(); }

  // The request of call `serial`: the read's fixed bytes, or a draft needs report with its own request id
  // (the same content as `ksi-bench rpc --target needs-write`).
  grpc::ByteBuffer Request(long serial, long pid) const {
    if (!IsWrite()) return Buffer(readRequest);
    ksi::v1::CreateNeedsReportRequest request;
    request.set_request_id("cxx-bench-" + std::to_string(pid) + "-" + std::to_string(serial));
    request.set_round_id(options.at("round-id"));
    request.set_lead_owner_id(options.at("owner-id"));
    auto* content = request.mutable_content();
    content->set_title("Lasttest " + std::to_string(serial));
    content->add_themes(ksi::v1::THEME_CODE_READING_WRITING);
    content->add_sectors(ksi::v1::SECTOR_COMPULSORY_SCHOOL);
    content->add_target_groups(ksi::v1::TARGET_GROUP_TEACHERS);
    content->add_target_groups(ksi::v1::TARGET_GROUP_PPT_STAFF);
    content->set_requested_amount_ore(50000000);
    content->set_requested_years(1);
    return Buffer(request.SerializeAsString());
  }
};

struct Call {
  grpc::ClientContext context;
  grpc::ByteBuffer response;
  grpc::Status status;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  Clock::time_point began;
};

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string name = argv[i];
    if (name.rfind("--", 0) != 0) {
      std::cerr << "expected --option value, got " << name << "\n";
      return 2;
    }
    args[name.substr(2)] = argv[i + 1];
  }
  for (const char* required : {"port", "certs", "identity", "target", "streams", "seconds", "warm-up"}) {
    if (!args.count(required)) {
      std::cerr << "missing --" << required << "\n";
      return 2;
    }
  }
  const Target target(args["target"], args);
  const int streams = std::stoi(args["streams"]);
  const auto warmUp = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(std::stod(args["warm-up"])));
  const auto duration = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(std::stod(args["seconds"])));
  const std::string bearer = args.count("token") ? "Bearer " + args["token"] : "";

  grpc::SslCredentialsOptions tls;
  const std::string dir = args["certs"];
  tls.pem_root_certs = Read(dir + "/ca.pem");
  tls.pem_private_key = Read(dir + "/" + args["identity"] + "-key.pem");
  tls.pem_cert_chain = Read(dir + "/" + args["identity"] + ".pem");
  grpc::ChannelArguments channelArgs;
  channelArgs.SetSslTargetNameOverride("localhost");
  // Its own connection, not one shared with another channel of this process.
  channelArgs.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  channelArgs.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  auto channel = grpc::CreateCustomChannel("ipv4:127.0.0.1:" + args["port"], grpc::SslCredentials(tls), channelArgs);
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(20))) {
    std::cout << "{\"error\": \"could not connect to port " << args["port"] << "\"}\n";
    return 1;
  }
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue queue;
  const long pid = static_cast<long>(getpid());
  long serial = 0;

  const Clock::time_point start = Clock::now();
  const Clock::time_point measureFrom = start + warmUp;
  const Clock::time_point deadline = measureFrom + duration;
  auto startCall = [&]() {
    auto* call = new Call;
    if (!bearer.empty()) call->context.AddMetadata("authorization", bearer);
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    ++serial;
    call->began = Clock::now();
    call->reader = stub.PrepareUnaryCall(&call->context, target.method, target.Request(serial, pid), &queue);
    call->reader->StartCall();
    call->reader->Finish(&call->response, &call->status, call);
  };

  std::vector<int64_t> latencies;
  latencies.reserve(1 << 20);
  long errors = 0;
  std::string firstError;
  int inFlight = 0;
  for (int i = 0; i < streams; ++i, ++inFlight) startCall();
  Clock::time_point lastDone = start;
  while (inFlight > 0) {
    void* tag = nullptr;
    bool ok = false;
    if (!queue.Next(&tag, &ok)) break;
    std::unique_ptr<Call> call(static_cast<Call*>(tag));
    --inFlight;
    const Clock::time_point done = Clock::now();
    lastDone = done;
    if (call->began >= measureFrom) {
      if (ok && call->status.ok()) {
        latencies.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(done - call->began).count());
      } else {
        ++errors;
        if (firstError.empty())
          firstError = std::to_string(call->status.error_code()) + " " + call->status.error_message();
      }
    }
    if (done < deadline) {
      startCall();
      ++inFlight;
    }
  }
  queue.Shutdown();
  void* tag;
  bool ok;
  while (queue.Next(&tag, &ok)) {
  }

  std::sort(latencies.begin(), latencies.end());
  auto percentile = [&](double p) {
    if (latencies.empty()) return 0.0;
    size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * latencies.size()));
    rank = std::max<size_t>(1, std::min(rank, latencies.size()));
    return latencies[rank - 1] / 1e6;
  };
  const double seconds = std::chrono::duration<double>(lastDone - measureFrom).count();
  std::printf(
      "{\"requests\": %zu, \"seconds\": %.3f, \"rps\": %.1f, \"p50_ms\": %.3f, \"p90_ms\": %.3f, \"p99_ms\": %.3f, "
      "\"errors\": %ld, \"first_error\": \"%s\"}\n",
      latencies.size(), seconds, seconds > 0 ? latencies.size() / seconds : 0.0, percentile(50), percentile(90),
      percentile(99), errors, Escaped(firstError).c_str());
  return 0;
}

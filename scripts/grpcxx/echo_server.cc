// The peer ceiling of `make bench-rpc` (BENCHMARKS.md, "RPC load against a peer"): Debian's grpc++ serving
// /ksi.v1.NeedsService/GetNeedsReport over mutual TLS with fixed, already-encoded response bytes (a real
// needs report's, the same bytes grpc-swift's echo `ksi-bench echo-server` answers with), through the
// callback generic API: it reads the request without decoding it and writes the bytes as they are.
//
// Usage: echo_server PORT CERT_DIR RESPONSE_FILE   (serves until SIGTERM/SIGINT)
#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>

namespace {

const char* const kMethod = "/ksi.v1.NeedsService/GetNeedsReport";

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// One unary call: read the request, answer with the fixed bytes (or UNIMPLEMENTED for another method).
class EchoReactor final : public grpc::ServerGenericBidiReactor {
 public:
  EchoReactor(const grpc::ByteBuffer& response, bool known) : response_(response), known_(known) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request message"));
    } else if (!known_) {
      Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "only GetNeedsReport is served"));
    } else {
      StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
    }
  }

  void OnDone() override { delete this; }

 private:
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;  // a copy shares the slices: no bytes are copied
  bool known_;
};

class EchoService final : public grpc::CallbackGenericService {
 public:
  explicit EchoService(const std::string& bytes) {
    grpc::Slice slice(bytes);
    response_ = grpc::ByteBuffer(&slice, 1);
  }

  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* context) override {
    return new EchoReactor(response_, context->method() == kMethod);
  }

 private:
  grpc::ByteBuffer response_;
};

volatile std::sig_atomic_t stopping = 0;

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: echo_server PORT CERT_DIR RESPONSE_FILE\n";
    return 2;
  }
  const std::string dir = argv[2];
  grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  tls.pem_root_certs = Read(dir + "/ca.pem");
  tls.pem_key_cert_pairs.push_back({Read(dir + "/needs-server-key.pem"), Read(dir + "/needs-server.pem")});
  EchoService service(Read(argv[3]));
  grpc::ServerBuilder builder;
  builder.AddListeningPort(std::string("127.0.0.1:") + argv[1], grpc::SslServerCredentials(tls));
  builder.RegisterCallbackGenericService(&service);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, 1024);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::cerr << "could not listen on port " << argv[1] << "\n";
    return 1;
  }
  std::signal(SIGTERM, [](int) { stopping = 1; });
  std::signal(SIGINT, [](int) { stopping = 1; });
  std::cout << "C++ echo server on 127.0.0.1:" << argv[1] << std::endl;
  while (!stopping) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  return 0;
}

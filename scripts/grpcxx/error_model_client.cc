// A second stock client of KSI's error model: grpc++ (Debian's libgrpc++-dev) with stubs generated from
// protos/ at test time (scripts/grpcxx/build-and-run). It provokes NOT_FOUND, ALREADY_EXISTS,
// FAILED_PRECONDITION, ABORTED, INVALID_ARGUMENT, PERMISSION_DENIED and UNAUTHENTICATED on NeedsService and
// parses `Status::error_details()` (the grpc-status-details-bin trailer) into google::rpc::Status, printing
// one line per call: `<CODE> reason=<ErrorInfo.reason> domain=<…> details=<type,…> field=<first BadRequest field>
// precondition=<type> resource=<ResourceInfo.resource_type/resource_name>`.
//
// Usage: error_model_client CERT_DIR PORT TOKEN YEAR
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <grpcpp/grpcpp.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "ksi/v1/needs.grpc.pb.h"

namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "OTHER";
  }
}

// One line describing a failed call's google.rpc.Status.
void Report(const std::string& name, const grpc::Status& status) {
  google::rpc::Status details;
  std::cout << name << ": " << CodeName(status.error_code());
  if (!details.ParseFromString(status.error_details())) {
    std::cout << " unparsable-details\n";
    return;
  }
  std::string types, reason, domain, field, precondition, resource;
  for (const auto& any : details.details()) {
    types += (types.empty() ? "" : ",") + any.type_url().substr(any.type_url().rfind('.') + 1);
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad;
    google::rpc::PreconditionFailure failure;
    google::rpc::ResourceInfo info2;
    if (any.UnpackTo(&info)) { reason = info.reason(); domain = info.domain(); }
    if (any.UnpackTo(&bad) && bad.field_violations_size() > 0) field = bad.field_violations(0).field();
    if (any.UnpackTo(&failure) && failure.violations_size() > 0) precondition = failure.violations(0).type();
    if (any.UnpackTo(&info2)) resource = info2.resource_type() + "/" + info2.resource_name();
  }
  std::cout << " status.code=" << details.code() << " reason=" << reason << " domain=" << domain << " details=" << types
            << " field=" << field << " precondition=" << precondition << " resource=" << resource << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: error_model_client CERT_DIR PORT TOKEN YEAR\n";
    return 2;
  }
  const std::string dir = argv[1];
  grpc::SslCredentialsOptions tls;
  tls.pem_root_certs = Read(dir + "/ca.pem");
  tls.pem_private_key = Read(dir + "/statsforvalter-agder-key.pem");
  tls.pem_cert_chain = Read(dir + "/statsforvalter-agder.pem");
  auto channel = grpc::CreateChannel(std::string("localhost:") + argv[2], grpc::SslCredentials(tls));
  auto stub = ksi::v1::NeedsService::NewStub(channel);
  const std::string bearer = std::string("Bearer ") + argv[3];
  const int year = std::stoi(argv[4]);
  auto context = [&](const std::string& authorization) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (!authorization.empty()) ctx->AddMetadata("authorization", authorization);
    return ctx;
  };

  ksi::v1::CreateNeedsRoundRequest create;
  create.set_request_id("cxx-round");
  create.set_governor_office_id("agder");
  create.set_scheme(ksi::v1::SCHEME_KSI);
  create.set_year(year);
  ksi::v1::NeedsRound round;
  grpc::Status created = stub->CreateNeedsRound(context(bearer).get(), create, &round);
  if (!created.ok()) {
    std::cout << "setup failed: " << created.error_message() << "\n";
    return 1;
  }
  ksi::v1::NeedsRound ignored;
  create.set_request_id("cxx-round-again");
  Report("duplicate", stub->CreateNeedsRound(context(bearer).get(), create, &ignored));

  ksi::v1::CloseNeedsRoundRequest close;
  close.set_request_id("cxx-close");
  close.set_needs_round_id(round.id());
  close.set_expected_version(round.version());
  Report("close planned", stub->CloseNeedsRound(context(bearer).get(), close, &ignored));

  ksi::v1::OpenNeedsRoundRequest open;
  open.set_request_id("cxx-open");
  open.set_needs_round_id(round.id());
  open.set_expected_version(round.version() + 4);
  Report("stale version", stub->OpenNeedsRound(context(bearer).get(), open, &ignored));

  ksi::v1::CloseNeedsRoundRequest missing;
  missing.set_request_id("cxx-close-2");
  missing.set_expected_version(1);
  Report("missing id", stub->CloseNeedsRound(context(bearer).get(), missing, &ignored));

  ksi::v1::GetNeedsReportRequest get;
  get.set_id("00000000-0000-4000-8000-000000000404");  // a UUID no report has (a slug would be ID-R2)
  ksi::v1::NeedsReport report;
  Report("not found", stub->GetNeedsReport(context(bearer).get(), get, &report));

  create.set_request_id("cxx-no-person");
  Report("no person", stub->CreateNeedsRound(context("").get(), create, &ignored));

  ksi::v1::ListNeedsRoundsRequest list;
  ksi::v1::ListNeedsRoundsResponse rounds;
  Report("forged token", stub->ListNeedsRounds(context("Bearer not-a-jwt").get(), list, &rounds));
  return 0;
}

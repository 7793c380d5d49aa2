#!/usr/bin/env python3
"""An independent gRPC client (Python grpcio) against running KSI services, over mutual TLS.

  grpc_client_check.py CERT_DIR OUT_DIR needs=PORT partnerships=PORT allocation=PORT referral=PORT [token.IDENTITY=JWT ...]

Stubs are generated at run time from protos/ with grpc_tools.protoc. For each service it calls one
read RPC with a demo organisation's certificate and checks the answer; it checks that a call without
a client certificate is refused at the handshake, and that a broken rule comes back as
INVALID_ARGUMENT whose google.rpc.Status (`grpc-status-details-bin`, read with grpcio-status) names the rule
(scripts/grpc_error_model_check.py checks every error kind).
A person acts only with a signed token (AUTH-R1): `token.IDENTITY=JWT` sends `authorization: Bearer JWT`
with the calls made with IDENTITY's certificate (`ksi token --person …` makes one).
Prints 'N passed, N failed' and exits non-zero on any failure.
"""
import glob
import importlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROTOS = os.path.join(ROOT, "protos")



def well_known_protos(protoc):
    """--proto_path of grpc_tools' copy of google/protobuf/*.proto: protoc.main does not add it itself, and
    protos/google/api/annotations.proto imports google/protobuf/descriptor.proto."""
    return "--proto_path=" + os.path.join(os.path.dirname(protoc.__file__), "_proto")

def generate(out):
    from grpc_tools import protoc

    gen = os.path.join(out, "grpcgen")
    os.makedirs(gen, exist_ok=True)
    files = [os.path.relpath(f, PROTOS) for f in sorted(glob.glob(os.path.join(PROTOS, "ksi/v1/*.proto")))]
    if protoc.main(["protoc", f"--proto_path={PROTOS}", well_known_protos(protoc), f"--python_out={gen}", f"--grpc_python_out={gen}"] + files) != 0:
        sys.exit("grpc_client_check: protoc failed")
    sys.path.insert(0, gen)
    return {name: importlib.import_module(f"ksi.v1.{name}") for name in
            ["common_pb2", "needs_pb2", "needs_pb2_grpc", "partnerships_pb2", "partnerships_pb2_grpc",
             "allocation_pb2", "allocation_pb2_grpc", "referral_pb2", "referral_pb2_grpc"]}


def channel(cert_dir, identity, port):
    import grpc

    def read(name):
        with open(os.path.join(cert_dir, name), "rb") as fh:
            return fh.read()

    credentials = grpc.ssl_channel_credentials(
        root_certificates=read("ca.pem"), private_key=read(f"{identity}-key.pem"), certificate_chain=read(f"{identity}.pem"))
    return grpc.secure_channel(f"localhost:{port}", credentials)


def arguments(argv, usage):
    """CERT_DIR OUT_DIR name=PORT … token.IDENTITY=JWT …: (cert_dir, out, ports by name, tokens by identity)."""
    if len(argv) < 4:
        sys.exit(usage)
    pairs = [arg.split("=", 1) for arg in argv[3:]]
    ports = {key: value for key, value in pairs if not key.startswith("token.")}
    tokens = {key[len("token."):]: value for key, value in pairs if key.startswith("token.")}
    return argv[1], argv[2], ports, tokens


def main():
    import grpc

    cert_dir, out, ports, tokens = arguments(sys.argv, __doc__)

    def auth(identity):
        return (("authorization", f"Bearer {tokens[identity]}"),) if identity in tokens else ()
    m = generate(out)
    passed, failed = 0, 0

    def check(name, condition, detail=""):
        nonlocal passed, failed
        if condition:
            passed += 1
            print(f"ok   {name}")
        else:
            failed += 1
            print(f"FAIL {name} {detail}")

    def attempt(name, call, verify):
        try:
            check(name, verify(call()))
        except grpc.RpcError as error:
            check(name, False, f"{error.code()} {error.details()}")

    with channel(cert_dir, "statsforvalter-agder", ports["needs"]) as ch:
        stub = m["needs_pb2_grpc"].NeedsServiceStub(ch)
        attempt("NeedsService.ListNeedsRounds as the statsforvalter",
                lambda: stub.ListNeedsRounds(m["needs_pb2"].ListNeedsRoundsRequest(governor_office_id="agder"), timeout=10,
                                             metadata=auth("statsforvalter-agder")),
                lambda r: r.DESCRIPTOR.name == "ListNeedsRoundsResponse")

    with channel(cert_dir, "kommune-kristiansand", ports["partnerships"]) as ch:
        stub = m["partnerships_pb2_grpc"].PartnershipServiceStub(ch)
        attempt("PartnershipService.ListPartnerships as a kommune",
                lambda: stub.ListPartnerships(m["partnerships_pb2"].ListPartnershipsRequest(), timeout=10,
                                              metadata=auth("kommune-kristiansand")),
                lambda r: r.DESCRIPTOR.name == "ListPartnershipsResponse")
        # A partnership without a UH partner breaks PART-R1: the detail trailer must say so.
        content = m["partnerships_pb2"].PartnershipContent(
            scheme=m["common_pb2"].SCHEME_KSI, governor_office_id="agder", name="Uten UH", owner_ids=["owner-4204"])
        def refused(metadata):
            """The status and ErrorDetail of the create, which must fail."""
            try:
                stub.CreatePartnership(m["partnerships_pb2"].CreatePartnershipRequest(request_id="py-1", content=content),
                                       timeout=10, metadata=metadata)
                return None, []
            except grpc.RpcError as error:
                from google.rpc import error_details_pb2
                from grpc_status import rpc_status
                status, rules = rpc_status.from_call(error), []
                for detail in status.details if status else ():
                    info = error_details_pb2.ErrorInfo()
                    if detail.Unpack(info):
                        rules += info.metadata["rules"].split(",") if "rules" in info.metadata else []
                return error.code(), rules

        # A write by a person-level role without a person (no token) is refused by the access gate (AUTH-R5).
        code, violations = refused(())
        check("a write without an acting person is PERMISSION_DENIED with a google.rpc.Status naming AUTH-R5",
              code == grpc.StatusCode.PERMISSION_DENIED and "AUTH-R5" in violations,
              f"{code} {violations}")
        code, violations = refused(auth("kommune-kristiansand"))
        check("a broken rule is INVALID_ARGUMENT with a google.rpc.Status naming PART-R1",
              code == grpc.StatusCode.INVALID_ARGUMENT and "PART-R1" in violations,
              f"{code} {violations}")

    with channel(cert_dir, "statsforvalter-agder", ports["allocation"]) as ch:
        stub = m["allocation_pb2_grpc"].AllocationServiceStub(ch)
        attempt("AllocationService.ListRegionalFrames as the statsforvalter",
                lambda: stub.ListRegionalFrames(m["allocation_pb2"].ListRegionalFramesRequest(), timeout=10,
                                                metadata=auth("statsforvalter-agder")),
                lambda r: r.DESCRIPTOR.name == "ListRegionalFramesResponse")

    with channel(cert_dir, "ppt-kristiansand", ports["referral"]) as ch:
        stub = m["referral_pb2_grpc"].ReferralServiceStub(ch)
        attempt("ReferralService.ListReferrals as a PPT office",
                lambda: stub.ListReferrals(m["referral_pb2"].ListReferralsRequest(), timeout=10,
                                           metadata=auth("ppt-kristiansand")),
                lambda r: r.DESCRIPTOR.name == "ListReferralsResponse")

    # No client certificate: the handshake is refused, so the call fails as UNAVAILABLE.
    with open(os.path.join(cert_dir, "ca.pem"), "rb") as fh:
        anonymous = grpc.ssl_channel_credentials(root_certificates=fh.read())
    with grpc.secure_channel(f"localhost:{ports['needs']}", anonymous) as ch:
        stub = m["needs_pb2_grpc"].NeedsServiceStub(ch)
        try:
            stub.ListNeedsRounds(m["needs_pb2"].ListNeedsRoundsRequest(), timeout=10)
            check("a call without a client certificate is refused", False, "the call succeeded")
        except grpc.RpcError as error:
            check("a call without a client certificate is refused", error.code() == grpc.StatusCode.UNAVAILABLE, f"{error.code()}")

    print(f"grpc_client_check: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Stock grpcio reads KSI's error details: every error kind, decoded with `grpc_status.rpc_status.from_call`.

  grpc_error_model_check.py CERT_DIR OUT_DIR needs=PORT partnerships=PORT allocation=PORT referral=PORT token.IDENTITY=JWT ...

KSI sends the standard gRPC error model (google.rpc.Status in `grpc-status-details-bin`, AIP-193;
docs/services.md "Errors"). This client uses only stock packages — grpcio, grpcio-status and
googleapis-common-protos' `error_details_pb2` — plus stubs generated from protos/ at run time, provokes
each error kind against running services and checks the details: ErrorInfo (domain ksi.no, reason) on
every error, BadRequest field paths, PreconditionFailure (STATE, VERSION), ResourceInfo.
Prints 'N passed, N failed' and exits non-zero on any failure.
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from grpc_client_check import arguments, channel, generate  # noqa: E402


def details(error):
    """The google.rpc.Status of a failed call and its details by type name."""
    from google.rpc import error_details_pb2
    from grpc_status import rpc_status

    status = rpc_status.from_call(error)  # raises when the trailer's code disagrees with the call's
    found = {}
    if status is None:
        return None, found
    for any_detail in status.details:
        for name in ("ErrorInfo", "BadRequest", "PreconditionFailure", "ResourceInfo", "RequestInfo"):
            message = getattr(error_details_pb2, name)()
            if any_detail.Is(message.DESCRIPTOR):
                any_detail.Unpack(message)
                found[name] = message
    return status, found


def main():
    import grpc

    cert_dir, out, ports, tokens = arguments(sys.argv, __doc__)
    m = generate(out)
    passed, failed = 0, 0

    def auth(identity):
        return (("authorization", f"Bearer {tokens[identity]}"),)

    def check(name, condition, detail=""):
        nonlocal passed, failed
        if condition:
            passed += 1
            print(f"ok   {name}")
        else:
            failed += 1
            print(f"FAIL {name} {detail}")

    def refused(name, call, code, verify):
        """Calls, expects the status code, decodes the details and checks ErrorInfo plus `verify`."""
        try:
            call()
            check(name, False, "the call succeeded")
            return
        except grpc.RpcError as error:
            try:
                status, found = details(error)
            except ValueError as mismatch:
                check(name, False, f"grpc_status refused the trailer: {mismatch}")
                return
            info = found.get("ErrorInfo")
            ok = (error.code() == code and status is not None and status.code == code.value[0]
                  and info is not None and info.domain == "ksi.no" and verify(found))
            check(name, ok, f"{error.code()} {error.details()!r} {found}")

    n = m["needs_pb2"]
    c = m["common_pb2"]
    with channel(cert_dir, "statsforvalter-agder", ports["needs"]) as ch:
        stub = m["needs_pb2_grpc"].NeedsServiceStub(ch)
        sf = auth("statsforvalter-agder")
        year = random.randint(2040, 2090)
        create = n.CreateNeedsRoundRequest(request_id=f"py-round-{year}", governor_office_id="agder", scheme=c.SCHEME_KSI, year=year)
        round_ = stub.CreateNeedsRound(create, timeout=30, metadata=sf)

        refused("a second round for the same embete, scheme and year is ALREADY_EXISTS with ResourceInfo",
                lambda: stub.CreateNeedsRound(n.CreateNeedsRoundRequest(
                    request_id=f"py-round-again-{year}", governor_office_id="agder", scheme=c.SCHEME_KSI, year=year),
                    timeout=30, metadata=sf),
                grpc.StatusCode.ALREADY_EXISTS,
                lambda d: d["ErrorInfo"].reason == "ALREADY_EXISTS" and d["ErrorInfo"].metadata["field"] == "year"
                and d["ResourceInfo"].resource_type == "needs round")
        refused("closing a planned round is FAILED_PRECONDITION with a STATE PreconditionFailure",
                lambda: stub.CloseNeedsRound(n.CloseNeedsRoundRequest(
                    request_id="py-close", needs_round_id=round_.id, expected_version=round_.version), timeout=30, metadata=sf),
                grpc.StatusCode.FAILED_PRECONDITION,
                lambda d: d["ErrorInfo"].reason == "ILLEGAL_TRANSITION" and d["ErrorInfo"].metadata["state"] == "planned"
                and [v.type for v in d["PreconditionFailure"].violations] == ["STATE"])
        refused("a stale expected_version is ABORTED with a VERSION PreconditionFailure naming the round",
                lambda: stub.OpenNeedsRound(n.OpenNeedsRoundRequest(
                    request_id="py-open", needs_round_id=round_.id, expected_version=round_.version + 5), timeout=30, metadata=sf),
                grpc.StatusCode.ABORTED,
                lambda d: d["ErrorInfo"].reason == "VERSION_CONFLICT"
                and d["ErrorInfo"].metadata["expected_version"] == str(round_.version + 5)
                and d["ErrorInfo"].metadata["actual_version"] == str(round_.version)
                and [(v.type, v.subject) for v in d["PreconditionFailure"].violations] == [("VERSION", f"needs round/{round_.id}")])
        refused("a missing needs_round_id is INVALID_ARGUMENT naming needs_round_id (not id)",
                lambda: stub.CloseNeedsRound(n.CloseNeedsRoundRequest(request_id="py-close-2", expected_version=1),
                                             timeout=30, metadata=sf),
                grpc.StatusCode.INVALID_ARGUMENT,
                lambda d: d["ErrorInfo"].reason == "INVALID_ARGUMENT"
                and [v.field for v in d["BadRequest"].field_violations] == ["needs_round_id"]
                and d["BadRequest"].field_violations[0].description.startswith("COM-INPUT: "))
        refused("an unknown needs report is NOT_FOUND with ResourceInfo",
                lambda: stub.GetNeedsReport(n.GetNeedsReportRequest(id="00000000-0000-4000-8000-000000000404"), timeout=30, metadata=sf),
                grpc.StatusCode.NOT_FOUND,
                lambda d: d["ErrorInfo"].reason == "NOT_FOUND" and d["ResourceInfo"].resource_type == "needs report"
                and d["ResourceInfo"].resource_name == "00000000-0000-4000-8000-000000000404")
        refused("a write without an acting person is PERMISSION_DENIED with ErrorInfo reason AUTH-R5",
                lambda: stub.CreateNeedsRound(create, timeout=30),
                grpc.StatusCode.PERMISSION_DENIED,
                lambda d: d["ErrorInfo"].reason == "AUTH-R5")
        refused("a token that is not a signed JWT is UNAUTHENTICATED with reason AUTH-R1 and the authorization field",
                lambda: stub.ListNeedsRounds(n.ListNeedsRoundsRequest(), timeout=30, metadata=(("authorization", "Bearer not-a-jwt"),)),
                grpc.StatusCode.UNAUTHENTICATED,
                lambda d: d["ErrorInfo"].reason == "AUTH-R1"
                and [v.field for v in d["BadRequest"].field_violations] == ["authorization"])
        refused("a request over the limits is INVALID_ARGUMENT with one BadRequest violation per field (LIM-R4)",
                lambda: stub.CreateNeedsRound(n.CreateNeedsRoundRequest(
                    request_id="x" * 200, governor_office_id="agder", scheme=c.SCHEME_KSI, year=year), timeout=30, metadata=sf),
                grpc.StatusCode.INVALID_ARGUMENT,
                lambda d: d["ErrorInfo"].reason == "LIM-R4"
                and [(v.field, v.description.split(":")[0]) for v in d["BadRequest"].field_violations] == [("request_id", "LIM-R4")])

    with channel(cert_dir, "kommune-kristiansand", ports["partnerships"]) as ch:
        stub = m["partnerships_pb2_grpc"].PartnershipServiceStub(ch)
        p = m["partnerships_pb2"]
        content = p.PartnershipContent(scheme=c.SCHEME_KSI, governor_office_id="agder", name="Uten UH", owner_ids=["owner-4204"])
        refused("a broken domain rule is INVALID_ARGUMENT with reason PART-R1 and its field in BadRequest",
                lambda: stub.CreatePartnership(p.CreatePartnershipRequest(request_id="py-err-1", content=content),
                                               timeout=30, metadata=auth("kommune-kristiansand")),
                grpc.StatusCode.INVALID_ARGUMENT,
                lambda d: d["ErrorInfo"].reason == "PART-R1" and "PART-R1" in d["ErrorInfo"].metadata["rules"].split(",")
                and any(v.description.startswith("PART-R1: ") and v.field.startswith("content.")
                        for v in d["BadRequest"].field_violations))

    print(f"grpc_error_model_check: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

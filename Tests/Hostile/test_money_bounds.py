"""LIM-R2: every money input is 0 ≤ amount ≤ 10 000 000 000 kr and sums cannot overflow; a huge
amount is a 400 / INVALID_ARGUMENT naming the field, never a trap that ends the process."""
import json
import uuid
from types import SimpleNamespace

import http_client
import limits
import needs_data
from conftest import rpc_code


def error_detail(m, error):
    """The BadRequest field violations of a refusal's google.rpc.Status (`grpc-status-details-bin`), read with
    stock grpcio-status; each description starts with the rule id (docs/services.md, Errors)."""
    from google.rpc import error_details_pb2
    from grpc_status import rpc_status

    violations = []
    status = rpc_status.from_call(error)
    for detail in status.details if status else ():
        bad_request = error_details_pb2.BadRequest()
        if detail.Unpack(bad_request):
            violations += [SimpleNamespace(field=v.field, rule_id=v.description.split(":")[0]) for v in bad_request.field_violations]
    return SimpleNamespace(violations=violations)


def test_simulator_form_with_a_huge_frame_on_the_certificate_free_listener(stack, survivor):
    fields = [("region", "agder"), ("year", "2025"), ("scheme", "ksi"), ("frameKroner", str(limits.HUGE_FRAME_KRONER)),
              ("method", "needsBased"), ("split", "equal")]
    with survivor("LIM-R2 simulator form, frameKroner 1e17 (plain dev listener)"):
        status, _, body = http_client.post_simulator_form(stack, fields)
    # A rule violation (LIM-R2), so 422; the form is shown again with the input and the bound in bokmål.
    assert status == 422 and b"frameKroner" in body, f"answered {status}: {body[:300]!r}"
    assert "Rammen må være mellom 0 og 10 000 000 000 kr".encode() in body


def test_api_simulation_with_huge_draft_line_amounts(stack, survivor):
    # proto3 JSON: enums by proto value name, int64 as a decimal string.
    line = {"recipientOrgId": "org-owner-4204", "recipientType": "RECIPIENT_TYPE_OWNER", "amountOre": str(limits.HUGE_AMOUNT_ORE), "years": 1}
    request = {"governorOfficeId": "agder", "scheme": "SCHEME_KSI", "year": 2025, "frameOre": "600000000",
               "methods": [{"method": "ALLOCATION_METHOD_NEEDS_BASED"}], "splitRules": [{"kind": "OWNER_UH_SPLIT_RULE_KIND_EQUAL"}],
               "draftLines": [dict(line, draftLineRef="a"), dict(line, draftLineRef="b")]}
    with survivor("LIM-R2 POST /api/v1/simulations, two 9e18-øre draft lines"):
        status, _, body = http_client.https(stack, needs_data.STATSFORVALTER, "POST", "/api/v1/simulations",
                                            json.dumps(request).encode(), {"Content-Type": "application/json"})
    # A rule violation (LIM-R2) naming each line is 400 INVALID_ARGUMENT with the JSON path, like every other rule
    # (docs/gateway-http.md, Errors).
    assert status == 400 and b"LIM-R2" in body and b"draftLines[1].amountOre" in body, f"answered {status}: {body[:300]!r}"


def test_needs_reports_with_huge_amounts_then_the_region_view(m, stack, survivor):
    """Two reports of 9e18 øre each: refused (LIM-R2). Today they are stored, and the region view that
    sums them traps; the view is asked for regardless, so the survivor check sees what happens."""
    with survivor("LIM-R2 needs reports of 9e18 øre, then region view V1"):
        with stack.channel(needs_data.STATSFORVALTER) as channel:
            round_id = needs_data.open_round(m, channel, 2028)
        codes, fields = [], []
        with stack.channel(needs_data.KOMMUNE) as channel:
            stub = m["needs_pb2_grpc"].NeedsServiceStub(channel)
            assessment_id = needs_data.create_assessment(m, stub)
            for index in range(2):
                code, answer = rpc_code(lambda: needs_data.create_report(
                    m, stub, round_id, f"huge-{uuid.uuid4()}", f"Stor {index}", limits.HUGE_AMOUNT_ORE, assessment_id))
                codes.append(code)
                if code == "OK":
                    needs_data.submit_report(m, stub, answer)
                else:
                    fields += [(v.field, v.rule_id) for v in error_detail(m, answer).violations]
        with stack.channel(needs_data.STATSFORVALTER, stack.gateway_port) as channel:
            view = m["gateway_pb2_grpc"].GatewayServiceStub(channel)
            view_code, _ = rpc_code(lambda: view.GetRegionOverview(
                m["gateway_pb2"].GetRegionOverviewRequest(governor_office_id="agder", year=2028), timeout=60))
    assert view_code == "OK", f"the region view answered {view_code}"
    assert codes == ["INVALID_ARGUMENT", "INVALID_ARGUMENT"], f"the creates answered {codes}"
    assert ("content.requested_amount_ore", "LIM-R2") in fields or any(
        f.endswith("requested_amount_ore") and r == "LIM-R2" for f, r in fields), f"violations: {fields}"


def test_needs_report_amount_bound_is_exact(m, stack, survivor):
    """10 000 000 000 kr is a valid requested amount; one krone more is refused (LIM-R2)."""
    with survivor("LIM-R2 needs report drafts at the bound and one krone over"):
        with stack.channel(needs_data.STATSFORVALTER) as channel:
            round_id = needs_data.open_round(m, channel, 2031)
        with stack.channel(needs_data.KOMMUNE) as channel:
            stub = m["needs_pb2_grpc"].NeedsServiceStub(channel)
            at_bound, _ = rpc_code(lambda: needs_data.create_report(
                m, stub, round_id, f"bound-{uuid.uuid4()}", "Ved grensen", limits.MONEY_MAX_ORE))
            over, answer = rpc_code(lambda: needs_data.create_report(
                m, stub, round_id, f"over-{uuid.uuid4()}", "Over grensen", limits.MONEY_MAX_ORE + 100))
    assert at_bound == "OK", f"{limits.MONEY_MAX_ORE} øre answered {at_bound}"
    rules = [v.rule_id for v in error_detail(m, answer).violations] if over != "OK" else []
    assert over == "INVALID_ARGUMENT" and "LIM-R2" in rules, f"{limits.MONEY_MAX_ORE + 100} øre answered {over} {rules}"

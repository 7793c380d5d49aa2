"""LIM-R1: a singular sub-message field sent thousands of times (protobuf-c merges each occurrence into
a longer array) must cost linear memory, and be refused as RESOURCE_EXHAUSTED."""
import limits
import needs_data
import rawproto
from conftest import rpc_code


def raw_call(stack, identity, port, path, payload):
    with stack.channel(identity, port) as channel:
        call = channel.unary_unary(path, request_serializer=None, response_deserializer=None)
        return rpc_code(lambda: call(payload, timeout=limits.REPEATED_CONTENT_CALL_TIMEOUT_S))


def test_create_needs_report_with_160kb_of_repeated_content(stack, survivor):
    # CreateNeedsReportRequest{request_id=1, round_id=2, lead_owner_id=3, content=4 × N}, each content
    # NeedsReportContent{themes (6) = [1]}: merging grows the themes array once per occurrence.
    prefix = (rawproto.field_bytes(1, b"hostile-needs") + rawproto.field_bytes(2, b"no-round")
              + rawproto.field_bytes(3, needs_data.KOMMUNE_OWNER_ID.encode()))
    payload = rawproto.repeated_submessage(prefix, 4, rawproto.field_varint(6, 1), limits.REPEATED_CONTENT_REQUEST_BYTES)
    with survivor("LIM-R1 CreateNeedsReport, 160 KB of repeated content"):
        code, _ = raw_call(stack, needs_data.KOMMUNE, stack.needs_port, "/ksi.v1.NeedsService/CreateNeedsReport", payload)
    assert code == limits.DECODE_BUDGET_STATUS, f"answered {code}"


def test_create_referral_with_160kb_of_repeated_content(stack, survivor):
    # CreateReferralRequest{request_id=1, content=5 × N}, each ReferralDraftContent{subject_areas (2) = [1]}.
    prefix = rawproto.field_bytes(1, b"hostile-referral")
    payload = rawproto.repeated_submessage(prefix, 5, rawproto.field_varint(2, 1), limits.REPEATED_CONTENT_REQUEST_BYTES)
    with survivor("LIM-R1 CreateReferral, 160 KB of repeated content"):
        code, _ = raw_call(stack, "ppt-kristiansand", stack.referral_port, "/ksi.v1.ReferralService/CreateReferral", payload)
    assert code == limits.DECODE_BUDGET_STATUS, f"answered {code}"

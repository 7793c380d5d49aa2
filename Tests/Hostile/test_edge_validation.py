"""LIM-R3 calendar-valid dates, LIM-R4 request_id required, LIM-R7 paging defaults."""
import uuid

import limits
import needs_data
from conftest import rpc_code
from test_money_bounds import error_detail


def test_impossible_dates_are_refused_naming_the_field(m, stack, survivor):
    needs, common = m["needs_pb2"], m["common_pb2"]
    attempts = {
        "opens_on": dict(opens_on=common.Date(year=2029, month=13, day=1), submission_deadline=common.Date(year=2029, month=3, day=1)),
        "submission_deadline": dict(opens_on=common.Date(year=2029, month=1, day=10), submission_deadline=common.Date(year=2029, month=2, day=30)),
    }
    answers = {}
    with survivor("LIM-R3 needs rounds dated month 13 and 30 February"):
        with stack.channel(needs_data.STATSFORVALTER) as channel:
            stub = m["needs_pb2_grpc"].NeedsServiceStub(channel)
            for field, dates in attempts.items():
                code, answer = rpc_code(lambda: stub.CreateNeedsRound(needs.CreateNeedsRoundRequest(
                    request_id=f"date-{uuid.uuid4()}", governor_office_id="agder", scheme=common.SCHEME_KSI, year=2029, **dates), timeout=30))
                answers[field] = (code, [(v.field, v.rule_id) for v in error_detail(m, answer).violations] if code != "OK" else [])
            stored = [r for r in stub.ListNeedsRounds(needs.ListNeedsRoundsRequest(governor_office_id="agder"), timeout=30).items if r.year == 2029]
    assert not stored, f"impossible dates were stored: {[(r.opens_on, r.submission_deadline) for r in stored]}"
    for field, (code, violations) in answers.items():
        assert code == "INVALID_ARGUMENT" and any(f.endswith(field) and r == "LIM-R3" for f, r in violations), \
            f"{field}: answered {code} {violations}"


def test_empty_request_id_is_refused(m, stack, survivor):
    title = f"Uten request_id {uuid.uuid4()}"
    with survivor("LIM-R4 CreateNeedsReport with an empty request_id"):
        with stack.channel(needs_data.STATSFORVALTER) as channel:
            round_id = needs_data.open_round(m, channel, 2030)  # not the acknowledged round: today this is stored
        with stack.channel(needs_data.KOMMUNE) as channel:
            stub = m["needs_pb2_grpc"].NeedsServiceStub(channel)
            code, answer = rpc_code(lambda: needs_data.create_report(m, stub, round_id, "", title))
    violations = [(v.field, v.rule_id) for v in error_detail(m, answer).violations] if code != "OK" else []
    assert code == "INVALID_ARGUMENT" and ("request_id", "LIM-R4") in violations, f"answered {code} {violations}"


def test_page_size_zero_is_the_default_page_and_tokens_reach_every_report(m, stack, survivor, acknowledged):
    """The round holds limits.ACKNOWLEDGED_REPORTS (> 50) reports: page_size 0 means the default page."""
    with survivor("LIM-R7 ListNeedsReports with page_size 0"):
        with stack.channel(needs_data.STATSFORVALTER) as channel:
            stub = m["needs_pb2_grpc"].NeedsServiceStub(channel)
            request = m["needs_pb2"].ListNeedsReportsRequest(round_id=acknowledged["round_id"], page_size=0)
            first = stub.ListNeedsReports(request, timeout=30)
            seen = [r.id for r in first.items]
            token, pages = first.next_page_token, 1
            while token and pages < 100:
                page = stub.ListNeedsReports(m["needs_pb2"].ListNeedsReportsRequest(
                    round_id=acknowledged["round_id"], page_size=0, page_token=token), timeout=30)
                seen += [r.id for r in page.items]
                token, pages = page.next_page_token, pages + 1
    assert len(first.items) == limits.DEFAULT_PAGE_SIZE and first.next_page_token, \
        f"page_size 0 gave {len(first.items)} items, next token {first.next_page_token!r}"
    assert sorted(seen) == sorted(acknowledged["reports"]), f"paging reached {len(seen)} ids, {len(set(seen))} distinct"

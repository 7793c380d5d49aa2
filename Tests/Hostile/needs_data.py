"""Needs-report writes and reads used as 'acknowledged data' by the attacks and the durability test."""
import datetime
import uuid

STATSFORVALTER = "statsforvalter-agder"
KOMMUNE = "kommune-kristiansand"
KOMMUNE_OWNER_ID = "owner-4204"


def date(m, day):
    return m["common_pb2"].Date(year=day.year, month=day.month, day=day.day)


def open_round(m, channel, year):
    """Creates and opens an Agder KSI round for `year` (opens today, deadline in 60 days); its id."""
    needs, stub = m["needs_pb2"], m["needs_pb2_grpc"].NeedsServiceStub(channel)
    today = datetime.date.today()
    created = stub.CreateNeedsRound(needs.CreateNeedsRoundRequest(
        request_id=f"round-{uuid.uuid4()}", governor_office_id="agder", scheme=m["common_pb2"].SCHEME_KSI, year=year,
        opens_on=date(m, today), submission_deadline=date(m, today + datetime.timedelta(days=60))), timeout=30)
    opened = stub.OpenNeedsRound(needs.OpenNeedsRoundRequest(
        request_id=f"open-{uuid.uuid4()}", needs_round_id=created.id, expected_version=created.version), timeout=30)
    return opened.id


def create_assessment(m, stub):
    """A needs assessment of the kommune valid today (NEED-R1: a report to submit links one); its id."""
    common, needs = m["common_pb2"], m["needs_pb2"]
    today = datetime.date.today()
    created = stub.CreateNeedsAssessment(needs.CreateNeedsAssessmentRequest(
        request_id=f"assessment-{uuid.uuid4()}", content=needs.NeedsAssessmentContent(
            owner_id=KOMMUNE_OWNER_ID, unit_ids=["unit-4204-school-1"], conducted_on=date(m, today - datetime.timedelta(days=30)),
            valid_until=date(m, today + datetime.timedelta(days=365)), tool=needs.ASSESSMENT_TOOL_PEDAGOGICAL_ANALYSIS,
            staff_involved=True, findings="Behov for mer kompetanse", themes=[common.THEME_CODE_INCLUSIVE_PRACTICE])), timeout=30)
    return created.id


def content(m, title, amount_ore=50_000_000, assessment_id=None):
    """A draft's content; with an assessment it is complete enough to submit (NEED-R1, NEED-R2)."""
    common, needs = m["common_pb2"], m["needs_pb2"]
    return needs.NeedsReportContent(
        assessment_ids=[assessment_id] if assessment_id else [], uh_partner_ids=["uia"] if assessment_id else [],
        participating_unit_ids=["unit-4204-school-1"], title=title, themes=[common.THEME_CODE_INCLUSIVE_PRACTICE], sectors=[common.SECTOR_COMPULSORY_SCHOOL],
        target_groups=[common.TARGET_GROUP_TEACHERS], requested_amount_ore=amount_ore, requested_years=1)


def create_report(m, stub, round_id, request_id, title, amount_ore=50_000_000, assessment_id=None, timeout=30):
    return stub.CreateNeedsReport(m["needs_pb2"].CreateNeedsReportRequest(
        request_id=request_id, round_id=round_id, lead_owner_id=KOMMUNE_OWNER_ID,
        content=content(m, title, amount_ore, assessment_id)),
        timeout=timeout)


def submit_report(m, stub, report):
    return stub.SubmitNeedsReport(m["needs_pb2"].SubmitNeedsReportRequest(
        request_id=f"submit-{uuid.uuid4()}", needs_report_id=report.id, expected_version=report.version), timeout=30)


def missing_or_changed(m, stub, acknowledged):
    """The acknowledged reports ({id: (title, amount)}) that cannot be read back unchanged."""
    problems = []
    for report_id, (title, amount) in acknowledged.items():
        try:
            report = stub.GetNeedsReport(m["needs_pb2"].GetNeedsReportRequest(id=report_id), timeout=30)
        except Exception as error:  # grpc.RpcError: the report is missing or unreadable
            problems.append(f"{report_id}: {getattr(error, 'code', lambda: error)()}")
            continue
        if report.title != title or report.requested_amount_ore != amount:
            problems.append(f"{report_id}: read back as {report.title!r}, {report.requested_amount_ore}")
    return problems

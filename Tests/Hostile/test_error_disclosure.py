"""Errors for callers, details for operators (issue 11 item 7): with its services unreachable, the
gateway's answers (SectionStatus.reason over HTTPS and gRPC, error bodies) carry a stable message and
no internal detail: no upstream host or port, no transport or TLS error text."""
import json
import os
import re

import pytest

import http_client
import ksi_stack
import needs_data

SERVICES = ["needs", "partnerships", "allocation", "referral"]
# Text that only the transport, TLS or the upstream would write.
INTERNAL = re.compile(r"localhost|127\.0\.0\.1|deadlineExceeded|RPC timed out|connection refused|handshake|\bNIO|"
                      r"certificate|\bTLS\b|\bSSL\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def lonely_gateway(workdir):
    """`ksi gateway` whose four upstream addresses are loopback ports nothing listens on."""
    data_dir = os.path.join(workdir, "lonely-gateway")
    cert_dir = os.path.join(data_dir, "certs")
    os.makedirs(data_dir)
    ksi_stack.make_certs(cert_dir)
    dead = {name: ksi_stack.free_port() for name in SERVICES}
    gateway = ksi_stack.GatewayProcess(data_dir, cert_dir, dead)
    gateway.start()
    yield gateway, dead
    gateway.stop()


def leaks(text, dead_ports):
    found = INTERNAL.findall(text) + [str(p) for p in dead_ports.values() if str(p) in text]
    return sorted(set(found))


def test_section_reasons_over_https_name_no_internal_detail(lonely_gateway):
    gateway, dead = lonely_gateway
    status, _, body = http_client.https(gateway, needs_data.STATSFORVALTER, "GET", "/api/v1/regions/agder/overview?scheme=ksi&year=2025")
    assert status == 200, f"answered {status}"
    sections = {k: v for k, v in json.loads(body).items() if k.endswith("Section")}
    # proto3 JSON omits `available: false` (the default).
    assert sections and all(not s.get("available", False) and s["reason"] for s in sections.values()), sections
    exposed = {name: leaks(s["reason"], dead) for name, s in sections.items() if leaks(s["reason"], dead)}
    assert not exposed, f"internal detail in section reasons: {exposed}; e.g. {next(iter(sections.values()))['reason']!r}"


def test_section_reasons_over_grpc_name_no_internal_detail(m, lonely_gateway):
    gateway, dead = lonely_gateway
    with gateway.channel(needs_data.STATSFORVALTER) as channel:
        view = m["gateway_pb2_grpc"].GatewayServiceStub(channel).GetRegionOverview(
            m["gateway_pb2"].GetRegionOverviewRequest(governor_office_id="agder", year=2025), timeout=60)
    reasons = [view.allocation_section.reason, view.needs_section.reason, view.partnerships_section.reason]
    assert all(reasons), f"a section without a reason: {reasons}"
    exposed = [leaks(r, dead) for r in reasons if leaks(r, dead)]
    assert not exposed, f"internal detail in section reasons: {exposed}; e.g. {reasons[0]!r}"


def test_api_error_body_names_no_internal_detail(lonely_gateway):
    gateway, dead = lonely_gateway
    body = json.dumps({"requestId": "lonely-1", "roundId": "r", "leadOwnerId": needs_data.KOMMUNE_OWNER_ID,
                       "content": {"title": "Uten tjenester"}}).encode()
    status, _, answer = http_client.https(gateway, needs_data.KOMMUNE, "POST", "/api/v1/needsReports", body,
                                          {"Content-Type": "application/json"})
    assert status in (502, 503, 504), f"answered {status}: {answer[:200]!r}"
    message = json.loads(answer)["error"]["message"]
    assert not leaks(message, dead), f"internal detail in the error body: {message!r}"

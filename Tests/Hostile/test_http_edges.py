"""LIM-R8 body size and the browser-facing checks: Host on the certificate-free listener, Origin on its
form POST, application/json on API POSTs."""
import json

import http_client
import limits
import needs_data

SIMULATION = {"governorOfficeId": "agder", "scheme": "ksi", "year": 2025, "frameOre": 600_000_000,
              "methods": [{"method": "needsBased"}], "splitRules": [{"kind": "equal"}]}


def test_json_body_over_4_mib_is_413(stack, survivor):
    # Valid JSON one byte over the limit: trailing spaces after a well-formed request.
    body = json.dumps(SIMULATION).encode()
    body += b" " * (limits.MAX_JSON_BODY_BYTES + 1 - len(body))
    with survivor("LIM-R8 POST /api/v1/simulations with a 4 MiB + 1 byte body"):
        status, _, answer = http_client.https(stack, needs_data.STATSFORVALTER, "POST", "/api/v1/simulations", body,
                                              {"Content-Type": "application/json"})
    assert status == 413, f"answered {status}: {answer[:200]!r}"


def test_api_post_without_json_content_type_is_refused(stack, survivor):
    with survivor("POST /api/v1/simulations as text/plain"):
        status, _, answer = http_client.https(stack, needs_data.STATSFORVALTER, "POST", "/api/v1/simulations",
                                              json.dumps(SIMULATION).encode(), {"Content-Type": "text/plain"})
        control, _, _ = http_client.https(stack, needs_data.STATSFORVALTER, "POST", "/api/v1/simulations",
                                          json.dumps(SIMULATION).encode(), {"Content-Type": "application/json"})
    assert control == 200, f"the same body as application/json answered {control}"
    assert status == 415, f"text/plain answered {status}: {answer[:200]!r}"


def test_dev_dashboard_refuses_a_foreign_host_header(stack, survivor):
    """DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends Host: evil.example."""
    with survivor("dev dashboard GET with Host: evil.example"):
        status, _, _ = http_client.plain(stack, "GET", "/", headers={"Host": "evil.example"})
        control, _, _ = http_client.plain(stack, "GET", "/", headers={"Host": f"localhost:{stack.dashboard_port}"})
    assert control == 200, f"Host: localhost answered {control}"
    assert status in (400, 403, 421), f"Host: evil.example answered {status}"


def test_dev_dashboard_refuses_a_cross_origin_form_post(stack, survivor):
    fields = [("region", "agder"), ("year", "2025"), ("scheme", "ksi"), ("frameKroner", "6000000"),
              ("method", "needsBased"), ("split", "equal")]
    with survivor("dev dashboard simulator POST from Origin: http://evil.example"):
        status, _, _ = http_client.post_simulator_form(stack, fields, origin="http://evil.example")
        control, _, _ = http_client.post_simulator_form(stack, fields)
    assert control == 200, f"the same-origin POST answered {control}"
    assert status == 403, f"the cross-origin POST answered {status}"

"""LIM-R8 body size and the browser-facing checks: Host on the certificate-free listener, Origin on its
form POST, application/json on API POSTs."""
import json
import os

import pytest

import http_client
import limits
import needs_data

# proto3 JSON: enums by proto value name, int64 as a decimal string.
SIMULATION = {"governorOfficeId": "agder", "scheme": "SCHEME_KSI", "year": 2025, "frameOre": "600000000",
              "methods": [{"method": "ALLOCATION_METHOD_NEEDS_BASED"}], "splitRules": [{"kind": "OWNER_UH_SPLIT_RULE_KIND_EQUAL"}]}


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


# TLS 1.2 CBC-mode suites (no AEAD): a listener must not agree to any of them.
CBC_SUITES = ("ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:"
              "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:"
              "AES128-SHA:AES256-SHA:AES128-SHA256:AES256-SHA256")


def tls12_handshake(stack, port, ciphers):
    """Completes a TLS 1.2 handshake offering only `ciphers`; the suite agreed, or None when refused."""
    import socket
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(os.path.join(stack.cert_dir, "ca.pem"))
    context.load_cert_chain(os.path.join(stack.cert_dir, f"{needs_data.STATSFORVALTER}.pem"),
                            os.path.join(stack.cert_dir, f"{needs_data.STATSFORVALTER}-key.pem"))
    context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
    context.set_ciphers(ciphers)
    context.set_alpn_protocols(["h2", "http/1.1"])
    try:
        with socket.create_connection(("localhost", port), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                return tls.cipher()[0]
    except (ssl.SSLError, ConnectionResetError):
        return None


@pytest.mark.parametrize("listener", ["gateway HTTPS", "NeedsService gRPC"])
def test_tls12_offers_no_cbc_suites(stack, survivor, listener):
    port = stack.http_port if listener == "gateway HTTPS" else stack.needs_port
    with survivor(f"TLS 1.2 handshake offering only CBC suites ({listener})"):
        aead = tls12_handshake(stack, port, "ECDHE+AESGCM:ECDHE+CHACHA20")
        cbc = tls12_handshake(stack, port, CBC_SUITES)
    assert aead is not None, "a TLS 1.2 handshake with AEAD suites failed"
    assert cbc is None, f"the listener agreed to the CBC suite {cbc}"


def test_dashboard_pages_send_security_headers(stack, survivor):
    with survivor("dashboard page security headers"):
        status, headers, _ = http_client.https(stack, needs_data.STATSFORVALTER, "GET", "/")
    headers = {k.lower(): v for k, v in headers.items()}
    assert status == 200, f"GET / answered {status}"
    missing = [name for name in ("content-security-policy", "x-content-type-options", "referrer-policy") if name not in headers]
    assert not missing, f"missing headers {missing}; got {sorted(headers)}"
    assert "frame-ancestors" in headers["content-security-policy"], headers["content-security-policy"]
    assert headers["x-content-type-options"].lower() == "nosniff", headers["x-content-type-options"]

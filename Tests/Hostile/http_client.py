"""Plain HTTP (the certificate-free dev dashboard) and HTTPS with a client certificate (the gateway's
/api/v1), with full control over headers and body."""
import http.client
import os
import re
import ssl

import ksi_stack


def https(stack, identity, method, path, body=b"", headers=None):
    context = ssl.create_default_context(cafile=os.path.join(stack.cert_dir, "ca.pem"))
    context.load_cert_chain(os.path.join(stack.cert_dir, f"{identity}.pem"), os.path.join(stack.cert_dir, f"{identity}-key.pem"))
    connection = http.client.HTTPSConnection("localhost", stack.http_port, context=context, timeout=60)
    bearer = ksi_stack.token(stack.cert_dir, identity)
    headers = dict(headers or {})
    if bearer is not None and not any(name.lower() == "authorization" for name in headers):
        headers["Authorization"] = f"Bearer {bearer}"  # the identity's demo person (AUTH-R1)
    return _exchange(connection, method, path, body, headers)


def plain(stack, method, path, body=b"", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", stack.dashboard_port, timeout=60)
    return _exchange(connection, method, path, body, headers)


def _exchange(connection, method, path, body, headers):
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def simulator_form_fields(stack):
    """GET /simulator: the hidden fields (a CSRF token once there is one) and the cookies it sets,
    so a form POST looks like one the page itself made."""
    status, headers, page = plain(stack, "GET", "/simulator", headers={"Host": f"127.0.0.1:{stack.dashboard_port}"})
    assert status == 200, f"GET /simulator answered {status}"
    hidden = dict(re.findall(rb'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    cookie = headers.get("Set-Cookie", headers.get("set-cookie", ""))
    return {k.decode(): v.decode() for k, v in hidden.items()}, cookie.split(";")[0] if cookie else ""


def post_simulator_form(stack, fields, origin=None):
    from urllib.parse import urlencode

    hidden, cookie = simulator_form_fields(stack)
    headers = {"Host": f"127.0.0.1:{stack.dashboard_port}", "Content-Type": "application/x-www-form-urlencoded",
               "Origin": origin or f"http://127.0.0.1:{stack.dashboard_port}"}
    if cookie:
        headers["Cookie"] = cookie
    body = urlencode(list(hidden.items()) + fields).encode()
    return plain(stack, "POST", "/simulator", body, headers)

"""Strict X.509 (issue 12, item 5): a client built the way Python 3.13's `ssl.create_default_context()`
builds one — VERIFY_X509_STRICT and VERIFY_X509_PARTIAL_CHAIN, set here explicitly because this Python
may be older — connects with mutual TLS to the running `ksi dev` stack using the development
certificates: the gateway's HTTPS API and a gRPC service's listener.

The control proves the strict flag bites on this machine: a leaf without an authority key identifier
(as `ksi certs` wrote before) signed by the same CA is refused by the strict context and accepted
without the flag."""
import http.client
import os
import socket
import ssl
import subprocess
import threading

from ksi_stack import token

H2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
EMPTY_SETTINGS = b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"


def strict_context(cert_dir, identity=None):
    context = ssl.create_default_context(cafile=os.path.join(cert_dir, "ca.pem"))
    context.verify_flags |= ssl.VERIFY_X509_STRICT | ssl.VERIFY_X509_PARTIAL_CHAIN
    if identity:
        context.load_cert_chain(os.path.join(cert_dir, f"{identity}.pem"), os.path.join(cert_dir, f"{identity}-key.pem"))
    return context


def test_strict_client_gets_the_https_api_with_a_client_certificate(stack):
    context = strict_context(stack.cert_dir, "statsforvalter-agder")
    assert context.verify_flags & ssl.VERIFY_X509_STRICT
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    connection = http.client.HTTPSConnection("localhost", stack.http_port, context=context, timeout=30)
    try:
        # The caseworker's development token: views need a person (AUTH-R1, AUTH-R5).
        headers = {"Authorization": f"Bearer {token(stack.cert_dir, 'statsforvalter-agder')}"}
        connection.request("GET", "/api/v1/regions/agder/overview?scheme=ksi&year=2025", headers=headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 200, body[:300]
    assert b"needsSection" in body


def test_strict_client_speaks_http2_to_a_grpc_listener_with_mutual_tls(stack):
    context = strict_context(stack.cert_dir, "kommune-kristiansand")
    context.set_alpn_protocols(["h2"])
    with socket.create_connection(("127.0.0.1", stack.needs_port), timeout=30) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.selected_alpn_protocol() == "h2"
            # The server accepted the client certificate: it answers the HTTP/2 preface with SETTINGS.
            tls.sendall(H2_PREFACE + EMPTY_SETTINGS)
            header = _read_exactly(tls, 9)
    assert header[3] == 0x4, f"expected a SETTINGS frame, got type {header[3]}"


def test_control_strict_flag_refuses_a_leaf_without_authority_key_identifier(stack, tmp_path):
    cert_dir = stack.cert_dir
    key, cert = tmp_path / "old-key.pem", tmp_path / "old.pem"
    ext = tmp_path / "old.ext"
    ext.write_text("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                   "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost\nsubjectKeyIdentifier=hash\n"
                   # OpenSSL 3 adds an AKI by default; an old-style leaf has none.
                   "authorityKeyIdentifier=none\n")
    for step in (["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", str(key)],
                 ["req", "-new", "-key", str(key), "-subj", "/CN=old", "-out", str(tmp_path / "old.csr")],
                 ["x509", "-req", "-in", str(tmp_path / "old.csr"), "-CA", os.path.join(cert_dir, "ca.pem"),
                  "-CAkey", os.path.join(cert_dir, "ca-key.pem"), "-CAcreateserial", "-CAserial", str(tmp_path / "ca.srl"),
                  "-days", "2", "-extfile", str(ext), "-out", str(cert)]):
        subprocess.run(["openssl", *step], check=True, capture_output=True)

    def handshake(context):
        server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server_context.load_cert_chain(str(cert), str(key))
        with socket.create_server(("127.0.0.1", 0)) as listener:
            port = listener.getsockname()[1]

            def serve():
                connection, _ = listener.accept()
                try:
                    with server_context.wrap_socket(connection, server_side=True):
                        pass
                except (ssl.SSLError, OSError):
                    pass

            thread = threading.Thread(target=serve, daemon=True)
            thread.start()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
                    with context.wrap_socket(raw, server_hostname="localhost"):
                        return "accepted"
            except ssl.SSLCertVerificationError as error:
                return error.verify_message
            finally:
                thread.join(10)

    lenient = ssl.create_default_context(cafile=os.path.join(cert_dir, "ca.pem"))
    lenient.verify_flags &= ~ssl.VERIFY_X509_STRICT
    assert handshake(lenient) == "accepted"
    assert "Authority Key Identifier" in handshake(strict_context(cert_dir))


def _read_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError(f"closed after {len(data)} bytes")
        data += chunk
    return data

#!/usr/bin/env python3
"""Transport checks against one KSI gRPC (or HTTPS) listener, from an independent client (grpcio and
Python's ssl), printing one JSON object. Used by the Swift tests in Tests/ServicesTests/Transport.

  grpc_transport_check.py concurrent CERT_DIR IDENTITY PORT N
      N concurrent unary grpc.health.v1.Health/Check calls on ONE grpcio channel; counts by status code.
  grpc_transport_check.py abort CERT_DIR IDENTITY PORT N ROUNDS
      ROUNDS times: N concurrent calls on a fresh channel, then the channel closed at once.
  grpc_transport_check.py tls CERT_DIR IDENTITY PORT
      TLS handshakes with one suite family at a time: AEAD at TLS 1.2, CBC at TLS 1.2, TLS 1.1, TLS 1.3.
  grpc_transport_check.py stall PORT IDLE SLOW WAIT
      IDLE TCP connections that send nothing and SLOW that send a partial ClientHello a byte at a time;
      reports how many the server closed within WAIT seconds and when.
  grpc_transport_check.py idle-h2 CERT_DIR IDENTITY PORT WAIT acks|silent
      A completed TLS + HTTP/2 connection that opens no stream, answering SETTINGS and PINGs (acks) or
      nothing (silent); reports whether and when the server closed it within WAIT seconds.
  grpc_transport_check.py connections PORT N HOLD
      Opens N TCP connections at once and reports how many the server closed within HOLD seconds.
"""
import json
import os
import socket
import ssl
import sys
import time


def read(cert_dir, name):
    with open(os.path.join(cert_dir, name), "rb") as fh:
        return fh.read()


def concurrent(cert_dir, identity, port, n):
    import grpc

    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(cert_dir, "ca.pem"), private_key=read(cert_dir, f"{identity}-key.pem"),
        certificate_chain=read(cert_dir, f"{identity}.pem"))
    codes = {}
    with grpc.secure_channel(f"localhost:{port}", credentials) as channel:
        grpc.channel_ready_future(channel).result(timeout=20)
        # An empty HealthCheckRequest is zero bytes: no generated stubs needed.
        check = channel.unary_unary("/grpc.health.v1.Health/Check",
                                    request_serializer=lambda b: b, response_deserializer=lambda b: b)
        # All N are started before any is waited for: they are in flight on the channel together.
        futures = [check.future(b"", timeout=60) for _ in range(n)]
        for future in futures:
            try:
                future.result(timeout=90)
                code = "OK"
            except grpc.RpcError as error:
                code = error.code().name
            except Exception as error:  # a future that never finished
                code = type(error).__name__
            codes[code] = codes.get(code, 0) + 1
    return {"codes": codes}


def abort(cert_dir, identity, port, n, rounds):
    """Starts N concurrent calls on one channel and closes the channel at once, ROUNDS times: a client
    that goes away with a burst in flight."""
    import grpc

    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(cert_dir, "ca.pem"), private_key=read(cert_dir, f"{identity}-key.pem"),
        certificate_chain=read(cert_dir, f"{identity}.pem"))
    for _ in range(rounds):
        channel = grpc.secure_channel(f"localhost:{port}", credentials)
        grpc.channel_ready_future(channel).result(timeout=20)
        check = channel.unary_unary("/grpc.health.v1.Health/Check",
                                    request_serializer=lambda b: b, response_deserializer=lambda b: b)
        futures = [check.future(b"", timeout=60) for _ in range(n)]
        channel.close()
    return {"rounds": rounds}


def handshake(cert_dir, identity, port, minimum, maximum, ciphers):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(os.path.join(cert_dir, "ca.pem"))
    context.load_cert_chain(os.path.join(cert_dir, f"{identity}.pem"), os.path.join(cert_dir, f"{identity}-key.pem"))
    try:
        # TLS 1.1 is below most OpenSSL builds' default security level: lower it so the client offers it.
        context.set_ciphers(ciphers + ":@SECLEVEL=0")
        context.minimum_version = minimum
        context.maximum_version = maximum
    except (ssl.SSLError, ValueError) as error:
        return {"ok": False, "error": f"client cannot offer this: {error}", "client_refused": True}
    context.set_alpn_protocols(["h2"])
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                return {"ok": True, "version": tls.version(), "cipher": tls.cipher()[0]}
    except (ssl.SSLError, OSError) as error:
        return {"ok": False, "error": str(error)}


def tls(cert_dir, identity, port):
    aead = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:" \
           "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305"
    cbc = "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:" \
          "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:AES128-SHA:AES256-SHA:AES128-SHA256"
    v = ssl.TLSVersion
    return {
        "tls12_aead": handshake(cert_dir, identity, port, v.TLSv1_2, v.TLSv1_2, aead),
        "tls12_cbc": handshake(cert_dir, identity, port, v.TLSv1_2, v.TLSv1_2, cbc),
        "tls11": handshake(cert_dir, identity, port, v.TLSv1_1, v.TLSv1_1, "ALL"),
        "tls13": handshake(cert_dir, identity, port, v.TLSv1_3, v.TLSv1_3, "ALL"),
    }


def closed(sock):
    """Whether the peer closed the connection (EOF or reset); False while it is still open."""
    try:
        data = sock.recv(65536)
        return data == b"" or None  # data: the server answered something; keep reading
    except BlockingIOError:
        return False
    except (ConnectionResetError, BrokenPipeError, OSError):
        return True


def watch(socks, wait, feed=None):
    started = time.monotonic()
    closed_at = {}
    while time.monotonic() - started < wait and len(closed_at) < len(socks):
        for index, sock in enumerate(socks):
            if index in closed_at:
                continue
            if feed:
                feed(index, sock)
            state = closed(sock)
            if state:
                closed_at[index] = time.monotonic() - started
        time.sleep(0.05)
    times = sorted(closed_at.values())
    return {"opened": len(socks), "closed": len(closed_at), "last_closed_after": times[-1] if times else None}


# The first bytes of a TLS 1.2 ClientHello record: type 22, version 3.1, length 512, handshake type 1.
PARTIAL_HELLO = bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]) + bytes(range(32))


def stall(port, idle, slow, wait):
    socks = []
    for _ in range(idle + slow):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.setblocking(False)
        socks.append(sock)
    sent = [0] * len(socks)
    last = [0.0] * len(socks)

    def feed(index, sock):
        # Slowloris: one more byte of the ClientHello every 200 ms, never the whole of it.
        if index >= idle and sent[index] < len(PARTIAL_HELLO) and time.monotonic() - last[index] > 0.2:
            try:
                sock.send(PARTIAL_HELLO[sent[index]:sent[index] + 1])
                sent[index] += 1
                last[index] = time.monotonic()
            except OSError:
                pass

    result = watch(socks, wait, feed)
    for sock in socks:
        sock.close()
    return result


def idle_h2(cert_dir, identity, port, wait, acks):
    """A TLS + HTTP/2 connection that never opens a stream. With `acks`, it answers SETTINGS and PINGs
    like a live client; without, it never answers anything (a peer that went silent)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(os.path.join(cert_dir, "ca.pem"))
    context.load_cert_chain(os.path.join(cert_dir, f"{identity}.pem"), os.path.join(cert_dir, f"{identity}-key.pem"))
    context.set_alpn_protocols(["h2"])
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock = context.wrap_socket(raw, server_hostname="localhost")
    # The HTTP/2 connection preface and an empty SETTINGS frame; then no stream, ever.
    sock.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + bytes([0, 0, 0, 4, 0, 0, 0, 0, 0]))
    sock.settimeout(0.2)
    started = time.monotonic()
    goaway = False
    buffer = b""
    while time.monotonic() - started < wait:
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        except (ssl.SSLError, OSError):
            data = b""
        if data == b"":
            sock.close()
            return {"closed": True, "after": time.monotonic() - started, "goaway": goaway}
        buffer += data
        while len(buffer) >= 9:
            length = int.from_bytes(buffer[0:3], "big")
            if len(buffer) < 9 + length:
                break
            kind, flags, payload = buffer[3], buffer[4], buffer[9:9 + length]
            buffer = buffer[9 + length:]
            goaway = goaway or kind == 7
            if acks and kind == 4 and not flags & 1:  # SETTINGS: acknowledge
                sock.sendall(bytes([0, 0, 0, 4, 1, 0, 0, 0, 0]))
            if acks and kind == 6 and not flags & 1:  # PING: answer with the same data
                sock.sendall(bytes([0, 0, 8, 6, 1, 0, 0, 0, 0]) + payload)
    sock.close()
    return {"closed": False, "after": None, "goaway": goaway}


def connections(port, n, hold):
    socks = []
    for _ in range(n):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.setblocking(False)
        socks.append(sock)
    result = watch(socks, hold)
    for sock in socks:
        sock.close()
    return result


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    command, args = sys.argv[1], sys.argv[2:]
    if command == "concurrent":
        result = concurrent(args[0], args[1], int(args[2]), int(args[3]))
    elif command == "abort":
        result = abort(args[0], args[1], int(args[2]), int(args[3]), int(args[4]))
    elif command == "tls":
        result = tls(args[0], args[1], int(args[2]))
    elif command == "stall":
        result = stall(int(args[0]), int(args[1]), int(args[2]), float(args[3]))
    elif command == "idle-h2":
        result = idle_h2(args[0], args[1], int(args[2]), float(args[3]), args[4] == "acks")
    elif command == "connections":
        result = connections(int(args[0]), int(args[1]), float(args[2]))
    else:
        sys.exit(__doc__)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

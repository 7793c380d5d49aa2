"""Connections: any concurrency on one HTTP/2 connection; handshake and idle timeouts on every
listener (idle TCP connections and slowloris must be closed, not held until the fd limit); health
answers NOT_FOUND for a service the port does not serve."""
import concurrent.futures
import select
import socket
import time

import pytest

import limits
import needs_data
import rawproto
from conftest import rpc_code


def test_256_concurrent_calls_on_one_grpcio_channel_all_succeed(m, stack, survivor):
    with survivor("256 concurrent unary calls on one grpcio channel"):
        with stack.channel(needs_data.STATSFORVALTER) as channel:
            stub = m["needs_pb2_grpc"].NeedsServiceStub(channel)
            request = m["needs_pb2"].ListNeedsRoundsRequest(governor_office_id="agder")
            stub.ListNeedsRounds(request, timeout=30)  # connected before the burst
            futures = [stub.ListNeedsRounds.future(request, timeout=60) for _ in range(limits.CONCURRENT_CALLS_ON_ONE_CHANNEL)]
            codes = [rpc_code(f.result)[0] for f in futures]
    failed = [c for c in codes if c != "OK"]
    assert not failed, f"{len(failed)} of {len(codes)} calls failed: {sorted(set(failed))}"


def open_connections(port, count):
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.setblocking(False)
        sockets.append(s)
    return sockets


def closed_by_server(s):
    """True when the peer closed (EOF or reset); reads and drops whatever else it sent."""
    try:
        while True:
            if not s.recv(65536):
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True


def wait_until_closed(sockets, seconds, tick=None):
    """Polls until every socket is closed by the server or `seconds` pass; returns how many were not."""
    deadline = time.monotonic() + seconds
    open_ = {s.fileno(): s for s in sockets}
    poller = select.poll()
    for fd in open_:
        poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
    while open_ and time.monotonic() < deadline:
        for fd, _ in poller.poll(500):
            if fd in open_ and closed_by_server(open_[fd]):
                poller.unregister(fd)
                del open_[fd]
        if tick:
            tick(list(open_.values()))
    return len(open_)


@pytest.mark.parametrize("listener", ["NeedsService gRPC", "gateway HTTPS"])
def test_1500_idle_tcp_connections_are_closed(m, stack, survivor, listener):
    """Connections that never start a TLS handshake. A real client must still be served: at once, or
    (when a connection limit holds it off) once the listener has shed the idle ones."""
    port = stack.needs_port if listener == "NeedsService gRPC" else stack.http_port
    with survivor(f"{limits.IDLE_CONNECTIONS} idle TCP connections to the {listener} listener"):
        sockets = open_connections(port, limits.IDLE_CONNECTIONS)
        try:
            with stack.channel(needs_data.STATSFORVALTER) as channel:
                stub = m["needs_pb2_grpc"].NeedsServiceStub(channel)
                during, _ = rpc_code(lambda: stub.ListNeedsRounds(
                    m["needs_pb2"].ListNeedsRoundsRequest(), timeout=limits.HANDSHAKE_TIMEOUT_BOUND_S + 10, wait_for_ready=True))
            still_open = wait_until_closed(sockets, limits.HANDSHAKE_TIMEOUT_BOUND_S)
        finally:
            for s in sockets:
                s.close()
    assert during == "OK", f"a normal call during the attack answered {during}"
    assert still_open == 0, f"{still_open} of {len(sockets)} idle connections still open after {limits.HANDSHAKE_TIMEOUT_BOUND_S:.0f} s"


def test_400_slowloris_connections_to_the_dashboard_listener_are_closed(stack, survivor):
    """Each connection sends a request line, then one header line every SLOWLORIS_BYTE_INTERVAL_S, never
    finishing its head: the listener must time the request out."""
    with survivor(f"{limits.SLOWLORIS_CONNECTIONS} slowloris connections to the dev dashboard"):
        sockets = open_connections(stack.dashboard_port, limits.SLOWLORIS_CONNECTIONS)
        try:
            for s in sockets:
                s.send(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{stack.dashboard_port}\r\n".encode())
            last = [time.monotonic()]

            def trickle(open_):
                if time.monotonic() - last[0] >= limits.SLOWLORIS_BYTE_INTERVAL_S:
                    last[0] = time.monotonic()
                    for s in open_:
                        try:
                            s.send(b"X-Slow: 1\r\n")
                        except OSError:
                            pass

            status, _ = stack.dashboard_get("/")
            still_open = wait_until_closed(sockets, limits.HANDSHAKE_TIMEOUT_BOUND_S, trickle)
        finally:
            for s in sockets:
                s.close()
    assert status == 200, f"the dashboard answered {status} during the attack"
    assert still_open == 0, f"{still_open} of {len(sockets)} slowloris connections still open after {limits.HANDSHAKE_TIMEOUT_BOUND_S:.0f} s"


def health_check(stack, service_name):
    """grpc.health.v1.Health/Check, hand-encoded: HealthCheckRequest{service=1}; answer status field 1."""
    with stack.channel(needs_data.STATSFORVALTER) as channel:
        call = channel.unary_unary("/grpc.health.v1.Health/Check", request_serializer=None, response_deserializer=None)
        code, answer = rpc_code(lambda: call(rawproto.field_bytes(1, service_name.encode()), timeout=30))
    return code, (answer[1] if code == "OK" and len(answer) >= 2 and answer[0] == 0x08 else 0 if code == "OK" else None)


def test_health_check_for_a_service_the_port_does_not_serve_is_not_found(stack, survivor):
    with survivor("health Check for an unknown service name"):
        served = health_check(stack, "ksi.v1.NeedsService")
        unknown = health_check(stack, "ksi.v1.NoSuchService")
    assert served == ("OK", 1), f"the served service answered {served} (want SERVING = 1)"
    assert unknown[0] == "NOT_FOUND", f"an unknown service answered {unknown}"

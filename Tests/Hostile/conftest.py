"""Fixtures of the hostile-client suite: the stack under attack (`ksi dev` as a separate process),
the data acknowledged before the attacks, and the survival check every attack ends with."""
import os
import resource
import shutil
import tempfile
import time
import uuid

import grpc
import pytest

import ksi_stack
import limits
import needs_data

# 1 500 connections need more descriptors than a default soft limit of 1 024 (the stack inherits this).
_soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (_hard if _hard != resource.RLIM_INFINITY else 65536, _hard))

RSS_TABLE = []  # (attack, before MiB, after MiB, outcome)


@pytest.fixture(scope="session")
def workdir():
    path = tempfile.mkdtemp(prefix="ksi-hostile-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def m(workdir):
    """The generated protobuf and gRPC Python classes for protos/ (an independent implementation)."""
    return ksi_stack.generate_stubs(workdir)


@pytest.fixture(scope="session")
def stack(workdir):
    data_dir = os.path.join(workdir, "dev")
    os.makedirs(data_dir)
    dev = ksi_stack.DevStack(data_dir)
    dev.start()
    yield dev
    dev.stop()


@pytest.fixture(scope="session")
def acknowledged(m, stack):
    """Needs reports written and acknowledged (OK received) before any attack: {id: (title, amount)},
    in an open Agder KSI round of 2027 (the demo year is 2025)."""
    with stack.channel(needs_data.STATSFORVALTER) as channel:
        round_id = needs_data.open_round(m, channel, 2027)
    written = {}
    with stack.channel(needs_data.KOMMUNE) as channel:
        stub = m["needs_pb2_grpc"].NeedsServiceStub(channel)
        for index in range(limits.ACKNOWLEDGED_REPORTS):
            title, amount = f"Før angrepet {index}", (10_000 + index) * 100  # whole kroner (NEED-R11)
            report = needs_data.create_report(m, stub, round_id, f"ack-{uuid.uuid4()}", title, amount)
            written[report.id] = (title, amount)
    return {"round_id": round_id, "reports": written}


class Survivor:
    """Reads RSS before an attack; after it, asserts the stack is alive, its RSS within
    limits.RSS_GROWTH_LIMIT_MIB of before, a normal request answers, and the acknowledged reports
    read back unchanged. Restarts a dead stack (same data) so the next attack has a target."""

    def __init__(self, m, stack, acknowledged, name):
        self.m, self.stack, self.acknowledged, self.name = m, stack, acknowledged, name

    def __enter__(self):
        self.stack.ensure_running()
        self.before = self.stack.rss_mib()
        return self

    def __exit__(self, kind, error, traceback):
        time.sleep(limits.SETTLE_SECONDS)
        alive = self.stack.alive()
        after = self.stack.rss_mib() if alive else None
        outcome = "alive" if alive else f"DIED ({self.stack.exit_description()})"
        RSS_TABLE.append((self.name, self.before, after, outcome))
        if not alive:
            log = self.stack.log_tail()
            self.stack.start()  # the same data directory: the next checks read what was acknowledged
            problems = self._acknowledged_problems()
            raise AssertionError(
                f"{self.name}: the stack did not survive ({outcome}); after restart, acknowledged reports "
                f"missing or changed: {problems or 'none'}\n--- log tail ---\n{log}") from error
        growth = after - self.before
        if growth > limits.RSS_GROWTH_LIMIT_MIB:
            self.stack.stop()  # so the next attack starts from a baseline, not from this one's leftovers
            self.stack.start()
        assert growth <= limits.RSS_GROWTH_LIMIT_MIB, (
            f"{self.name}: RSS grew {growth:.0f} MiB ({self.before:.0f} → {after:.0f} MiB), "
            f"more than {limits.RSS_GROWTH_LIMIT_MIB:.0f} MiB")
        self._normal_requests()
        problems = self._acknowledged_problems()
        assert not problems, f"{self.name}: acknowledged reports missing or changed: {problems}"
        return False  # an exception of the attack itself propagates

    def _normal_requests(self):
        status, page = self.stack.dashboard_get("/")
        assert status == 200 and b"<html" in page.lower(), f"{self.name}: the dashboard no longer answers"
        with self.stack.channel(needs_data.STATSFORVALTER) as channel:
            stub = self.m["needs_pb2_grpc"].NeedsServiceStub(channel)
            rounds = stub.ListNeedsRounds(self.m["needs_pb2"].ListNeedsRoundsRequest(governor_office_id="agder"), timeout=30)
            assert any(r.id == self.acknowledged["round_id"] for r in rounds.items), f"{self.name}: the round is gone"

    def _acknowledged_problems(self):
        with self.stack.channel(needs_data.STATSFORVALTER) as channel:
            stub = self.m["needs_pb2_grpc"].NeedsServiceStub(channel)
            return needs_data.missing_or_changed(self.m, stub, self.acknowledged["reports"])


@pytest.fixture
def survivor(m, stack, acknowledged):
    return lambda name: Survivor(m, stack, acknowledged, name)


def rpc_code(call):
    """Runs a gRPC call; returns (code name, response or error)."""
    try:
        return "OK", call()
    except grpc.RpcError as error:
        return error.code().name, error


def pytest_terminal_summary(terminalreporter):
    from test_crash_durability import DURABILITY_TABLE

    if DURABILITY_TABLE:
        terminalreporter.section("KSI crash durability (kill -9 of NeedsService under write load, restart)")
        terminalreporter.write_line("| storage    | acknowledged | found after restart | calls without OK | stored in round |")
        for storage, acknowledged, found, unanswered, stored in DURABILITY_TABLE:
            terminalreporter.write_line(
                f"| {storage:<10} | {acknowledged:>12} | {found:>19} | {unanswered:>16} | {stored:>15} |")
    if not RSS_TABLE:
        return
    terminalreporter.section("KSI RSS before/after each attack (ksi dev, VmRSS)")
    terminalreporter.write_line(f"| {'attack':<64} | {'before MiB':>10} | {'after MiB':>9} | outcome")
    terminalreporter.write_line(f"|{'-' * 66}|{'-' * 12}|{'-' * 11}|---------")
    for name, before, after, outcome in RSS_TABLE:
        b = f"{before:.0f}" if before is not None else "-"
        a = f"{after:.0f}" if after is not None else "-"
        terminalreporter.write_line(f"| {name:<64} | {b:>10} | {a:>9} | {outcome}")

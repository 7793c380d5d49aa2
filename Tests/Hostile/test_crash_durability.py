"""Crash durability: `kill -9` of NeedsService under concurrent write load, restart on the same data,
and every write that was acknowledged (OK received) reads back — on SQLite and on PostgreSQL."""
import os
import threading
import time
import uuid


import ksi_stack
import limits
import needs_data
from conftest import rpc_code

DURABILITY_TABLE = []  # (storage, acknowledged, found, calls without OK, reports stored in the round)


def load_then_kill(m, service, round_id):
    """Writer threads create reports with unique request ids until the kill; returns the acknowledged
    {id: (title, amount)} and how many calls did not get an OK."""
    acknowledged, unanswered, lock = {}, [0], threading.Lock()
    stop = threading.Event()
    budget = iter(range(limits.DURABILITY_MAX_WRITES))

    def writer(worker):
        with service.channel(needs_data.KOMMUNE) as channel:
            stub = m["needs_pb2_grpc"].NeedsServiceStub(channel)
            while not stop.is_set():
                with lock:
                    serial = next(budget, None)
                if serial is None:
                    return
                title, amount = f"Skrevet {worker}-{serial}", (20_000 + serial) * 100
                code, report = rpc_code(lambda: needs_data.create_report(
                    m, stub, round_id, f"durable-{uuid.uuid4()}", title, amount, timeout=10))
                with lock:
                    if code == "OK":
                        acknowledged[report.id] = (title, amount)
                    else:
                        unanswered[0] += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(limits.DURABILITY_WRITER_THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(limits.DURABILITY_LOAD_SECONDS)
    service.kill9()  # mid-load: calls are in flight
    stop.set()
    for thread in threads:
        thread.join(30)
    return acknowledged, unanswered[0]


def stored_report_ids(m, stub, round_id):
    """Every report id of the round, following page tokens (pages of 500, the LIM-R7 maximum)."""
    ids, token = [], ""
    for _ in range(100):
        page = stub.ListNeedsReports(m["needs_pb2"].ListNeedsReportsRequest(
            round_id=round_id, page_size=500, page_token=token), timeout=30)
        ids += [r.id for r in page.items]
        token = page.next_page_token
        if not token:
            return ids
    raise AssertionError("more than 100 pages of reports")


def run_durability(m, workdir, storage, postgres_url=None):
    data_dir = os.path.join(workdir, f"durability-{storage}")
    cert_dir = os.path.join(data_dir, "certs")
    os.makedirs(data_dir)
    ksi_stack.make_certs(cert_dir)
    service = ksi_stack.ServiceProcess("needs", data_dir, cert_dir, postgres_url)
    service.start()
    try:
        with service.channel(needs_data.STATSFORVALTER) as channel:
            round_id = needs_data.open_round(m, channel, 2027)
        acknowledged, unanswered = load_then_kill(m, service, round_id)
        service.start()  # the same data directory or database
        with service.channel(needs_data.STATSFORVALTER) as channel:
            stub = m["needs_pb2_grpc"].NeedsServiceStub(channel)
            missing = needs_data.missing_or_changed(m, stub, acknowledged)
            stored = stored_report_ids(m, stub, round_id)
    finally:
        service.stop()
    DURABILITY_TABLE.append((storage, len(acknowledged), len(acknowledged) - len(missing), unanswered, len(stored)))
    assert len(acknowledged) >= limits.DURABILITY_WRITER_THREADS, f"only {len(acknowledged)} writes acknowledged: no load"
    assert unanswered >= 1, "no call went unanswered: the kill did not happen while the writers were running"
    assert not missing, f"{storage}: {len(missing)} of {len(acknowledged)} acknowledged writes lost: {missing[:5]}"
    # A write without an answer may or may not have committed, but nothing may appear twice or from nowhere.
    assert len(stored) == len(set(stored)) and len(stored) <= len(acknowledged) + unanswered, (
        f"{storage}: {len(stored)} reports stored ({len(set(stored))} distinct) for {len(acknowledged)} acknowledged "
        f"and {unanswered} unanswered writes")


def test_acknowledged_writes_survive_kill_9_on_sqlite(m, workdir):
    run_durability(m, workdir, "sqlite")


def test_acknowledged_writes_survive_kill_9_on_postgresql(m, workdir):
    url = os.environ.get("KSI_TEST_POSTGRES_URL")
    assert url, "KSI_TEST_POSTGRES_URL is not set: run under scripts/with-postgres (make test-hostile does)"
    run_durability(m, workdir, "postgresql", url)

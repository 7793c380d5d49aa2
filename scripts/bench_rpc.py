"""`make bench-rpc`: KSI's RPCs against peer echoes, side by side, from an external load generator.

Three server processes: `ksi-bench serve` (the four services and the gateway over mutual TLS, the demo year
seeded; a release build), grpc-swift's echo `ksi-bench echo-server` and Debian grpc++'s echo
(scripts/grpcxx/echo_server.cc), both answering NeedsService/GetNeedsReport with the bytes of the same
needs report KSI returns. The load generator (scripts/grpcxx/rpc_load.cc) is a fourth process: one
connection, N unary calls in flight, closed loop, warm-up not counted. For each number of streams the
targets run back to back, so the ratios compare runs of the same minute; the writes run last, so the drafts
they create never enlarge what a read reads. Prints a markdown table (BENCHMARKS.md, "RPC load against a
peer") with the machine, date, commit and load average, and writes every measurement to --json.

Usage: python scripts/bench_rpc.py --ksi-bench .build/release/ksi-bench --cxx .build/grpcxx-bench
       [--streams 1,8,32,128] [--seconds 10] [--warm-up 2] [--targets …] [--json out.json]
"""
import argparse
import datetime
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name → (row label, what it is, the process it calls, identity, rpc_load target and options from the info)
TARGETS = {
    "echo-cxx": ("C++ grpc++ echo (peer ceiling)", "GetNeedsReport bytes", "cxx", "statsforvalter-agder", "needs-read"),
    "echo-swift": ("grpc-swift 2 echo", "GetNeedsReport bytes", "swift", "statsforvalter-agder", "needs-read"),
    "needs-read": ("KSI `NeedsService/GetNeedsReport`", "read by id", "needs", "statsforvalter-agder", "needs-read"),
    "region-overview": ("KSI `GatewayService/GetRegionOverview` (Agder)", "gateway view V1", "gateway",
                        "statsforvalter-agder", "region-overview"),
    "needs-write": ("KSI `NeedsService/CreateNeedsReport`", "draft write", "needs", "kommune-kristiansand",
                    "needs-write"),
}
SHORT = {"echo-cxx": "grpc++ echo", "echo-swift": "grpc-swift echo", "needs-read": "GetNeedsReport",
         "region-overview": "GetRegionOverview", "needs-write": "CreateNeedsReport"}
READS = ["echo-cxx", "echo-swift", "needs-read", "region-overview"]
WRITES = ["needs-write"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, process, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on {port} after {seconds} s")


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
                 platform.processor())
    return f"{os.cpu_count()} × {model}"


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ksi-bench", required=True)
    parser.add_argument("--cxx", required=True, help="folder with rpc_load and echo_server (scripts/grpcxx/build-bench)")
    parser.add_argument("--streams", default="1,8,32,128")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warm-up", type=float, default=2)
    parser.add_argument("--targets", default=",".join(READS + WRITES))
    parser.add_argument("--json")
    parser.add_argument("--commit-batch", type=int, help="ksi-bench serve --commit-batch (1: every write commits alone)")
    parser.add_argument("--postgres-url", help="ksi-bench serve --postgres-url (default: SQLite files)")
    options = parser.parse_args()
    streams = [int(s) for s in options.streams.split(",")]
    wanted = options.targets.split(",")
    for name in wanted:
        if name not in TARGETS:
            raise SystemExit(f"unknown target {name}; known: {', '.join(TARGETS)}")

    work = tempfile.mkdtemp(prefix="ksi-bench-rpc-")
    info_path = os.path.join(work, "info.json")
    processes = []

    def start(args, log_name):
        log = open(os.path.join(work, log_name), "w")
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        processes.append(process)
        return process

    started = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "commit": git("rev-parse", "--short", "HEAD") + (" (uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else ""),
               "machine": machine(), "load_before": loadavg(), "command": " ".join(sys.argv),
               # Inherited by both Swift servers (ksi-bench serve and its echo): docs/deploy.md KSI_TASK_EXECUTOR.
               "executor": os.environ.get("KSI_TASK_EXECUTOR") or "cooperative"}
    results = {}
    try:
        serve_args = [options.ksi_bench, "serve", "--info", info_path]
        if options.commit_batch is not None:
            serve_args += ["--commit-batch", str(options.commit_batch)]
        if options.postgres_url:
            serve_args += ["--postgres-url", options.postgres_url]
        stack = start(serve_args, "ksi-bench-serve.log")
        deadline = time.time() + 900
        while not os.path.exists(info_path):
            if stack.poll() is not None or time.time() > deadline:
                raise SystemExit("ksi-bench serve did not come up:\n" + open(os.path.join(work, "ksi-bench-serve.log")).read()[-3000:])
            time.sleep(0.5)
        info = json.load(open(info_path))
        ports = {"needs": info["needsPort"], "gateway": info["gatewayPort"], "swift": free_port(), "cxx": free_port()}
        swift = start([options.ksi_bench, "echo-server", "--port", str(ports["swift"]), "--certs", info["certs"],
                       "--response-file", info["responseFile"]], "swift-echo.log")
        cxx = start([os.path.join(options.cxx, "echo_server"), str(ports["cxx"]), info["certs"], info["responseFile"]],
                    "cxx-echo.log")
        for port, process in [(ports["needs"], stack), (ports["gateway"], stack), (ports["swift"], swift), (ports["cxx"], cxx)]:
            wait_for_port(port, process, 60)

        def measure(name, count):
            _, _, server, identity, kind = TARGETS[name]
            args = [os.path.join(options.cxx, "rpc_load"), "--port", str(ports[server]), "--certs", info["certs"],
                    "--identity", identity, "--token", info["tokens"][identity], "--target", kind,
                    "--streams", str(count), "--seconds", str(options.seconds), "--warm-up", str(options.warm_up),
                    "--report-id", info["reportId"], "--office", "agder", "--year", "2025",
                    "--round-id", info["openRoundId"], "--owner-id", info["leadOwnerId"]]
            out = subprocess.run(args, capture_output=True, text=True)
            line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
            try:
                result = json.loads(line)
            except json.JSONDecodeError:
                result = {"error": (out.stdout + out.stderr)[-500:]}
            results[(name, count)] = result
            print(f"{name:16} {count:4} streams: {json.dumps(result)}", file=sys.stderr, flush=True)

        for order in (READS, WRITES):
            for count in streams:
                for name in order:
                    if name in wanted:
                        measure(name, count)
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    started["load_after"] = loadavg()

    def cell(result):
        if "rps" not in result:
            return "failed: " + result.get("error", "?")[:80]
        text = f"{result['rps']:,.0f}".replace(",", " ") + f" (p50 {result['p50_ms']:.2f}, p99 {result['p99_ms']:.2f})"
        if result["errors"]:
            text += f" **{result['errors']} errors**: {result['first_error'][:60]}"
        return text

    def rps(name, count):
        return results.get((name, count), {}).get("rps") or 0

    header = "| target (1 connection; req/s, p50/p99 ms) | " + " | ".join(f"{c} stream{'s' if c > 1 else ''}" for c in streams) + " |"
    lines = [header, "|---|" + "---|" * len(streams)]
    for name in READS + WRITES:
        if name in wanted:
            lines.append(f"| {TARGETS[name][0]} | " + " | ".join(cell(results.get((name, c), {})) for c in streams) + " |")
    for name in ["needs-read", "region-overview", "needs-write"]:
        for peer in ["echo-swift", "echo-cxx"]:
            if name in wanted and peer in wanted:
                ratios = [f"{100 * rps(name, c) / rps(peer, c):.0f} %" if rps(peer, c) else "–" for c in streams]
                lines.append(f"| {SHORT[name]} ÷ {SHORT[peer]} | " + " | ".join(ratios) + " |")
    print()
    print(f"Machine: {started['machine']}; {started['date']}; commit {started['commit']}; "
          f"load average before {started['load_before']}, after {started['load_after']}; "
          f"{options.seconds:g} s measured after {options.warm_up:g} s warm-up per cell; "
          f"Swift servers' task executor: {started['executor']}; storage: "
          f"{'PostgreSQL' if options.postgres_url else 'SQLite'}; commit batch: "
          f"{options.commit_batch if options.commit_batch is not None else 'standard (64)'}.")
    print(f"Command: `{started['command']}`")
    print()
    print("\n".join(lines))
    if options.json:
        with open(options.json, "w") as out:
            json.dump({**started, "results": [{"target": n, "streams": c, **r} for (n, c), r in results.items()]}, out, indent=1)


if __name__ == "__main__":
    main()

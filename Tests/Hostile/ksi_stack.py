"""KSI processes under test: `ksi dev` (the whole stack) and `ksi serve <service>`, started from the
debug build as separate processes so the suite can read their RSS from /proc and kill them."""
import ctypes
import glob
import importlib
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import grpc

import limits

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KSI = os.path.join(ROOT, ".build", "debug", "ksi")
PROTOS = os.path.join(ROOT, "protos")
DEMO_REFERENCE = os.path.join(ROOT, "deploy", "demo-reference.json")

# A person acts only with a signed token (AUTH-R1): each demo certificate's calls carry the token of the
# demo person who holds that organisation's roles the suite uses (DemoPersons), minted with `ksi token`
# from the development issuer next to the certificates.
PERSONS = {
    "statsforvalter-agder": "demo-saksbehandler-ein",
    "kommune-kristiansand": "demo-eier-owner-4204",
    "kommune-arendal": "demo-eier-owner-4203",
    "ppt-kristiansand": "demo-ppt-leder-ppt-4204",
    "statped": "demo-statped-leder",
    "udir": "demo-udir",
}
# The development issuer's verification settings for `ksi serve` and `ksi gateway` (what `ksi dev` uses).
DEV_TOKEN_ISSUER = "https://ksi.localhost/dev-token-issuer"
DEV_TOKEN_AUDIENCE = "ksi"
_tokens = {}



def well_known_protos(protoc):
    """--proto_path of grpc_tools' copy of google/protobuf/*.proto: protoc.main does not add it itself, and
    protos/google/api/annotations.proto imports google/protobuf/descriptor.proto."""
    return "--proto_path=" + os.path.join(os.path.dirname(protoc.__file__), "_proto")

def token(cert_dir, identity):
    """The development token of `identity`'s demo person (cached per certificate folder), or None."""
    person = PERSONS.get(identity)
    if person is None:
        return None
    key = (cert_dir, person)
    if key not in _tokens:
        _tokens[key] = subprocess.run([KSI, "token", "--person", person, "--cert-dir", cert_dir, "--lifetime", "7200"],
                                      cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    return _tokens[key]


def token_flags(cert_dir):
    """Flags that make `ksi serve`/`ksi gateway` verify the development issuer's tokens."""
    return ["--token-jwks-file", os.path.join(cert_dir, "token-issuer-jwks.json"),
            "--token-issuer", DEV_TOKEN_ISSUER, "--token-audience", DEV_TOKEN_AUDIENCE]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_port_block(count):
    """`count` consecutive free ports (ksi dev takes a base port and uses base-1 … base+3)."""
    for _ in range(200):
        base = free_port()
        if base + count >= 65535:
            continue
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                s.bind(("127.0.0.1", port))
                sockets.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no block of free ports")


def generate_stubs(out):
    """Python classes for protos/ (as scripts/grpc_client_check.py does), imported as a dict."""
    from grpc_tools import protoc

    gen = os.path.join(out, "grpcgen")
    os.makedirs(gen, exist_ok=True)
    files = [os.path.relpath(f, PROTOS) for f in sorted(glob.glob(os.path.join(PROTOS, "ksi/v1/*.proto")))]
    if protoc.main(["protoc", f"--proto_path={PROTOS}", well_known_protos(protoc), f"--python_out={gen}", f"--grpc_python_out={gen}"] + files) != 0:
        raise RuntimeError("protoc failed")
    sys.path.insert(0, gen)
    names = ["common_pb2", "needs_pb2", "needs_pb2_grpc", "referral_pb2", "referral_pb2_grpc",
             "allocation_pb2", "gateway_pb2", "gateway_pb2_grpc"]
    return {name: importlib.import_module(f"ksi.v1.{name}") for name in names}


def rss_kib(pid):
    """VmRSS of a live process in KiB, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def _prepare_child():
    """In the child before exec: cap its address space, and let it die with the suite (PR_SET_PDEATHSIG)
    so a killed or timed-out run leaves no server behind."""
    cap = int(limits.STACK_ADDRESS_SPACE_LIMIT_GIB * 1024 ** 3)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def wait_for_port(port, process, seconds, host="127.0.0.1"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listened on {port} within {seconds} s")


class Process:
    """One KSI process: its command, log file, and RSS."""

    def __init__(self, name, args, log_path, ready_ports):
        self.name, self.args, self.log_path, self.ready_ports = name, args, log_path, ready_ports
        self.process = None
        self.starts = 0

    def start(self):
        log = open(self.log_path, "ab")
        # No crash backtrace (it takes seconds per crash; the exit signal is what the suite reports).
        env = dict(os.environ, SWIFT_BACKTRACE="enable=no", **limits.STACK_LISTENER_ENV)
        self.process = subprocess.Popen([KSI] + self.args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        cwd=ROOT, env=env, preexec_fn=_prepare_child)
        log.close()
        self.starts += 1
        for port in self.ready_ports:
            wait_for_port(port, self.process, 120)

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def exit_description(self):
        code = self.process.poll()
        if code is None:
            return "running"
        if code < 0:
            return f"killed by {signal.Signals(-code).name}"
        return f"exit code {code}"

    def rss_mib(self):
        kib = rss_kib(self.pid) if self.alive() else None
        return None if kib is None else kib / 1024

    def log_tail(self, lines=15):
        with open(self.log_path, "rb") as fh:
            return b"\n".join(fh.read().splitlines()[-lines:]).decode("utf-8", "replace")

    def ensure_running(self):
        if not self.alive():
            self.start()

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.alive():
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill9()


class DevStack(Process):
    """`ksi dev` on free ports in a temporary data directory: four services, the gateway (gRPC and
    HTTPS) and the certificate-free dashboard, in one process, with the demo year loaded."""

    def __init__(self, data_dir):
        base = free_port_block(5) + 1
        self.data_dir = data_dir
        self.gateway_port, self.needs_port, self.referral_port = base - 1, base, base + 3
        self.http_port, self.dashboard_port = free_port(), free_port()
        self.cert_dir = os.path.join(data_dir, "certs")
        args = ["dev", "--data-dir", data_dir, "--base-port", str(base), "--http-port", str(self.http_port),
                "--dashboard-port", str(self.dashboard_port)]
        super().__init__("ksi dev", args, os.path.join(data_dir, "ksi-dev.log"),
                         [self.needs_port, self.referral_port, self.gateway_port, self.http_port, self.dashboard_port])

    def channel(self, identity, port=None, options=None):
        return secure_channel(self.cert_dir, identity, port or self.needs_port, options)

    def dashboard_get(self, path="/"):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.dashboard_port}{path}", timeout=30) as response:
            return response.status, response.read()


class ServiceProcess(Process):
    """`ksi serve <service>` with the demo reference data, on SQLite (data_dir) or PostgreSQL."""

    def __init__(self, service, data_dir, cert_dir, postgres_url=None):
        self.port, self.cert_dir = free_port(), cert_dir
        args = ["serve", service, "--port", str(self.port), "--data-dir", data_dir, "--cert-dir", cert_dir,
                "--reference-data", DEMO_REFERENCE] + token_flags(cert_dir)
        if postgres_url:
            args += ["--postgres-url", postgres_url]
        super().__init__(f"ksi serve {service}", args, os.path.join(data_dir, f"ksi-serve-{service}.log"), [self.port])

    def channel(self, identity, options=None):
        return secure_channel(self.cert_dir, identity, self.port, options)


class GatewayProcess(Process):
    """`ksi gateway` whose four upstream addresses are given (e.g. ports nothing listens on)."""

    def __init__(self, data_dir, cert_dir, upstream_ports, upstream_timeout_ms=1000):
        self.port, self.http_port, self.cert_dir = free_port(), free_port(), cert_dir
        args = ["gateway", "--port", str(self.port), "--http-port", str(self.http_port), "--cert-dir", cert_dir,
                "--reference-data", DEMO_REFERENCE, "--upstream-timeout-ms", str(upstream_timeout_ms)] + token_flags(cert_dir)
        for name, port in upstream_ports.items():
            args += [f"--{name}-address", f"localhost:{port}"]
        super().__init__("ksi gateway", args, os.path.join(data_dir, "ksi-gateway.log"), [self.port, self.http_port])

    def channel(self, identity, options=None):
        return secure_channel(self.cert_dir, identity, self.port, options)


def make_certs(cert_dir):
    subprocess.run([KSI, "certs", "--out", cert_dir], cwd=ROOT, check=True, capture_output=True)


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


def secure_channel(cert_dir, identity, port, options=None):
    """Mutual TLS as `identity`; every call carries the identity's demo person's token (AUTH-R1)."""
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(os.path.join(cert_dir, "ca.pem")),
        private_key=read(os.path.join(cert_dir, f"{identity}-key.pem")),
        certificate_chain=read(os.path.join(cert_dir, f"{identity}.pem")))
    bearer = token(cert_dir, identity)
    if bearer is not None:
        credentials = grpc.composite_channel_credentials(credentials, grpc.access_token_call_credentials(bearer))
    return grpc.secure_channel(f"localhost:{port}", credentials, options=options or [])

"""Every attack parameter and every bound the hostile-client suite asserts, in one place.

Change a number here when a fix lands with a different documented limit (docs/security.md); the
tests read nothing else. Rule ids are KSI's input-limit rules (LIM-R1…R8, docs/security.md).
"""
import os


def _env_float(name, default):
    return float(os.environ.get(name, default))


# --- Process health after every attack ------------------------------------------------------------
# RSS (VmRSS) after an attack may exceed the RSS before it by at most this much. The defects this
# catches cost gigabytes (quadratic decode) or kill the process; a healthy server's allocator keeps
# some of what a burst used, hence the slack.
RSS_GROWTH_LIMIT_MIB = _env_float("KSI_HOSTILE_RSS_GROWTH_MIB", 128)
# Seconds to let the server settle (close streams, free buffers) before RSS is read after an attack.
SETTLE_SECONDS = 1.0
# Address-space cap (RLIMIT_AS) put on the stack under attack, so a runaway decode fails or dies
# at this size instead of taking the machine's memory from everything else on it.
STACK_ADDRESS_SPACE_LIMIT_GIB = _env_float("KSI_HOSTILE_STACK_AS_GIB", 6)
# Needs reports written (and acknowledged) before the attacks; read back after every attack.
ACKNOWLEDGED_REPORTS = 60

# --- LIM-R1 decode memory budget: repeated singular sub-message `content` --------------------------
REPEATED_CONTENT_REQUEST_BYTES = 160 * 1024   # the issue's ~160 KB request
REPEATED_CONTENT_CALL_TIMEOUT_S = 60
DECODE_BUDGET_STATUS = "RESOURCE_EXHAUSTED"   # what an over-budget decode answers (LIM-R1)

# --- LIM-R2 money ----------------------------------------------------------------------------------
MONEY_MAX_ORE = 1_000_000_000_000              # 10 000 000 000 kr
HUGE_FRAME_KRONER = 100_000_000_000_000_000  # 1e17 kr: ×100 øre overflows Int64
HUGE_AMOUNT_ORE = 9_000_000_000_000_000_000    # two of these overflow an Int64 sum

# --- LIM-R4 / LIM-R7 -------------------------------------------------------------------------------
DEFAULT_PAGE_SIZE = 50

# --- Connections ------------------------------------------------------------------------------------
CONCURRENT_CALLS_ON_ONE_CHANNEL = 256
IDLE_CONNECTIONS = 1500
SLOWLORIS_CONNECTIONS = 400
# The stack under attack runs with short listener timeouts (the production defaults are 10 s for a TLS
# handshake and 30 s HTTP idle / 300 s gRPC idle, docs/security.md): the same code paths, a shorter wait.
LISTENER_TIMEOUT_S = 5
STACK_LISTENER_ENV = {
    "KSI_GRPC_HANDSHAKE_TIMEOUT_MS": str(LISTENER_TIMEOUT_S * 1000),
    "KSI_HTTP_HANDSHAKE_TIMEOUT_MS": str(LISTENER_TIMEOUT_S * 1000),
    "KSI_HTTP_IDLE_TIMEOUT_SECONDS": str(LISTENER_TIMEOUT_S),
}
# A listener must close a connection that never completes a TLS handshake / a request within this
# time: the configured timeout plus slack for a loaded 2-core machine closing 1 500 sockets.
HANDSHAKE_TIMEOUT_BOUND_S = _env_float("KSI_HOSTILE_HANDSHAKE_TIMEOUT_S", LISTENER_TIMEOUT_S + 10)
SLOWLORIS_BYTE_INTERVAL_S = 2.0

# --- LIM-R8 HTTP body --------------------------------------------------------------------------------
MAX_JSON_BODY_BYTES = 4 * 1024 * 1024

# --- Crash durability --------------------------------------------------------------------------------
# 32 writers at once, so the kill lands while group-committed batches (issue 17) are open and committing.
DURABILITY_WRITER_THREADS = 32
DURABILITY_LOAD_SECONDS = 3.0           # writes before the kill -9
DURABILITY_MAX_WRITES = 20000           # bound on writes per run (above what 3 s of group commit reach)

# Sourced by scripts that drive a real `ksi dev` (schemathesis-run, guide-run): starts it on free loopback
# ports in a temporary data directory (demo year, development certificates) and waits until the HTTPS API
# answers. Sets: KSI_DEV_DATA, KSI_DEV_PID, KSI_DEV_CERTS, KSI_DEV_URL, KSI_DEV_HTTP_PORT and the gRPC
# ports KSI_DEV_GATEWAY_PORT, KSI_DEV_NEEDS_PORT, KSI_DEV_PARTNERSHIPS_PORT, KSI_DEV_ALLOCATION_PORT,
# KSI_DEV_REFERRAL_PORT. `ksi_dev_stop` stops it and removes the directory (call it from an EXIT trap).
# Needs: $bin (the ksi binary) and $python (the venv's interpreter).

ksi_dev_start() {
  KSI_DEV_DATA=$(mktemp -d)
  KSI_DEV_PID=""
  # Six free loopback ports: the HTTPS port, then five consecutive ones (gateway gRPC and the four services).
  read -r KSI_DEV_HTTP_PORT base_port < <("$python" - <<'PY'
import random, socket
def free(port):
    with socket.socket() as s:
        try: s.bind(("127.0.0.1", port)); return True
        except OSError: return False
while True:
    base = random.randrange(20000, 60000)
    http = base + 10
    if all(free(p) for p in range(base, base + 5)) and free(http):
        print(http, base + 1); break
PY
)
  KSI_DEV_GATEWAY_PORT=$((base_port - 1))
  KSI_DEV_NEEDS_PORT=$base_port
  KSI_DEV_PARTNERSHIPS_PORT=$((base_port + 1))
  KSI_DEV_ALLOCATION_PORT=$((base_port + 2))
  KSI_DEV_REFERRAL_PORT=$((base_port + 3))
  "$bin" dev --data-dir "$KSI_DEV_DATA" --base-port "$base_port" --http-port "$KSI_DEV_HTTP_PORT" --dashboard-port 0 \
    > "$KSI_DEV_DATA/dev.log" 2>&1 &
  KSI_DEV_PID=$!
  KSI_DEV_CERTS="$KSI_DEV_DATA/certs"
  KSI_DEV_URL="https://localhost:$KSI_DEV_HTTP_PORT"
  local tls=(--cacert "$KSI_DEV_CERTS/ca.pem" --cert "$KSI_DEV_CERTS/statsforvalter-agder.pem" --key "$KSI_DEV_CERTS/statsforvalter-agder-key.pem")
  for _ in $(seq 1 240); do
    curl -sf "${tls[@]}" -o "$KSI_DEV_DATA/openapi.json" "$KSI_DEV_URL/api/v1/openapi.json" 2>/dev/null && return 0
    kill -0 "$KSI_DEV_PID" 2>/dev/null || { echo "ksi dev exited:" >&2; cat "$KSI_DEV_DATA/dev.log" >&2; return 1; }
    sleep 0.5
  done
  echo "ksi dev did not serve the OpenAPI document" >&2
  cat "$KSI_DEV_DATA/dev.log" >&2
  return 1
}

ksi_dev_stop() {
  if [ -n "${KSI_DEV_PID:-}" ] && kill -0 "$KSI_DEV_PID" 2>/dev/null; then
    kill -TERM "$KSI_DEV_PID"
    wait "$KSI_DEV_PID" 2>/dev/null || true
  fi
  [ -n "${KSI_DEV_DATA:-}" ] && rm -rf "$KSI_DEV_DATA"
}

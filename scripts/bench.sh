#!/usr/bin/env bash
# Load benchmark: wrk against a running release server on a throwaway MariaDB with the demo data.
# The baseline (/healthz, no database) and the product figure (a page of 50 organisations as a
# logged-in officer: session lookup + count + page query) come from the same run on the same
# machine, so the ratio means something on a shared, noisy host.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:?path to the brobygger binary}")
duration=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-64}
work=$(mktemp -d /tmp/brobygger-bench.XXXXXX)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  scripts/mariadb.sh stop "$work/mariadb" || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

scripts/mariadb.sh start "$work/mariadb" >/dev/null
# shellcheck disable=SC1091
source "$work/mariadb/env"
export BROBYGGER_DATABASE=$BROBYGGER_TEST_MARIADB
password="bench-$(head -c 9 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
"$bin" migrate >/dev/null
"$bin" seed reference >/dev/null
BROBYGGER_PASSWORD=$password "$bin" seed demo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# Access logging is at info level; the benchmark measures the server, not the terminal.
BROBYGGER_LOG_LEVEL=warn BROBYGGER_THREADS=${BENCH_THREADS:-4} "$bin" serve --listen "127.0.0.1:$port" --web-root "" \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST -H 'Content-Type: application/json' \
  -d "{\"email\":\"officer@demo.brobygger.dk\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/v1/auth/login" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
list_path="/api/v1/organisations?limit=50"
items=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port$list_path" |
  python3 -c 'import sys,json; print(len(json.load(sys.stdin)["items"]))')
[[ $items == 50 ]] || { echo "the list answered $items items, not 50" >&2; exit 1; }

run() {  # name path [token]
  local out
  out=$(BENCH_TOKEN=${3:-} wrk -t2 -c"$connections" -d"${duration}s" -s scripts/bench/report.lua \
    "http://127.0.0.1:$port$2" | grep '^RESULT')
  echo "$1 $out"
}
echo "Brobygger load benchmark: wrk -t2 -c$connections -d${duration}s, keep-alive, MariaDB, $(nproc) cores"
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port$list_path" >/dev/null  # warm up
base=$(run baseline /healthz)
list=$(run list "$list_path" "$token")
python3 - "$base" "$list" <<'PY'
import sys
def parse(line):
    name, _, *fields = line.split()
    return name, dict(f.split("=") for f in fields)
rows = [parse(a) for a in sys.argv[1:]]
print(f"{'endpoint':<34}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
labels = {"baseline": "GET /healthz (baseline)", "list": "GET /api/v1/organisations?limit=50"}
for name, r in rows:
    print(f"{labels[name]:<34}{float(r['rps']):>10.0f}{float(r['p50_ms']):>9.2f}{float(r['p99_ms']):>9.2f}{r['errors']:>8}")
b, l = rows[0][1], rows[1][1]
ratio = float(l["rps"]) / float(b["rps"])
print(f"ratio list/baseline: {ratio:.3f}")
print(f"target: list >= 10000 req/s and p99 < 20 ms -> "
      f"{'met' if float(l['rps']) >= 10000 and float(l['p99_ms']) < 20 else 'NOT met'}")
PY

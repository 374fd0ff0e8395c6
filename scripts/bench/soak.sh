#!/usr/bin/env bash
# Soak (issue 14): a mixed load of the web admin's reads and one write in ten (scripts/bench/mixed.lua)
# for BENCH_SOAK_SECONDS (60) on SQLite with the demo data, 32 keep-alive connections. Prints the
# server's resident memory after a warm-up and at the end (growth in percent: the baseline is the same
# process, measured in the same run), and the 5xx answers (aim: none, RSS growth under 10 %).
#   scripts/bench/soak.sh BIN
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${1:?path to the brobygger binary}")
seconds=${BENCH_SOAK_SECONDS:-60}
work=$(mktemp -d /tmp/brobygger-soak.XXXXXX)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
export BROBYGGER_DATABASE="sqlite3://db=$work/soak.db"
password="soak-$(head -c 9 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
"$bin" migrate >/dev/null
"$bin" seed reference >/dev/null
BROBYGGER_PASSWORD=$password "$bin" seed demo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BROBYGGER_LOG_LEVEL=warn BROBYGGER_THREADS=4 "$bin" serve --listen "127.0.0.1:$port" --web-root "" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
token=$(curl -sf -X POST -H 'Content-Type: application/json' \
  -d "{\"email\":\"officer@demo.brobygger.dk\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/v1/auth/login" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
event=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/events?limit=1" |
  python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
rss() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }
mix() { BENCH_TOKEN=$token BENCH_EVENT=$event wrk -t2 -c32 -d"$1s" -s scripts/bench/mixed.lua "http://127.0.0.1:$port" | grep '^RESULT'; }
mix 10 >/dev/null  # warm-up: caches, pools, allocator arenas
before=$(rss)
result=$(mix "$seconds")
after=$(rss)
growth=$(python3 -c "print(f'{($after - $before) * 100 / $before:.1f}')")
fivexx=$(sed -E 's/.*fivexx=([0-9]+).*/\1/' <<<"$result")
echo "Soak: ${seconds} s mixed load (9 reads : 1 write), SQLite demo data, 32 connections, $(nproc) cores"
echo "  $result"
echo "  RSS after warm-up ${before} KiB, after the soak ${after} KiB: ${growth} %  (aim < 10 %: $(python3 -c "print('met' if $growth < 10 else 'NOT met')"))"
echo "  5xx answers: $fivexx  (aim 0: $([[ $fivexx == 0 ]] && echo met || echo 'NOT met'))"

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
anchor_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ -n $anchor_pid ]] && kill "$anchor_pid" 2>/dev/null && wait "$anchor_pid" 2>/dev/null || true
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
# The anchor (issue 17): a bare Pistache route leasing a pooled SOCI session for one primary-key SELECT on
# the same database (bench/anchor.cpp); every figure is also printed as a ratio to it.
anchor_bin=${BENCH_ANCHOR:-$(dirname "$(dirname "$bin")")/bench/brobygger_bench_anchor}
anchor_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$anchor_bin" "$BROBYGGER_DATABASE" "127.0.0.1:$anchor_port" "${BENCH_THREADS:-4}" >"$work/anchor.log" 2>&1 &
anchor_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && curl -sf "http://127.0.0.1:$anchor_port/" >/dev/null && break
  sleep 0.1
done
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
echo "Brobygger load benchmark: wrk -t2, keep-alive, MariaDB, $(nproc) cores (server and wrk share them)"
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port$list_path" >/dev/null  # warm up
base=$(run baseline /healthz)
anchor=$(out=$(wrk -t2 -c"$connections" -d"${duration}s" -s scripts/bench/report.lua "http://127.0.0.1:$anchor_port/" |
  grep '^RESULT'); echo "anchor $out")
list=$(run list "$list_path" "$token")

# Registrations: fixtures through the API first (not measured).
login() {
  curl -sf -X POST -H 'Content-Type: application/json' -d "{\"email\":\"$1\",\"password\":\"$password\"}" \
    "http://127.0.0.1:$port/api/v1/auth/login" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])'
}
orgs=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/organisations?limit=60" |
  python3 -c 'import sys,json; print(",".join(str(o["id"]) for o in json.load(sys.stdin)["items"]))')
read -r first_contact contacts < <(python3 scripts/bench/make_contacts.py "http://127.0.0.1:$port" "$token" "${BENCH_PEOPLE:-32000}" "$orgs")
popular=$(python3 scripts/bench/events.py "http://127.0.0.1:$port" "$token" create 1 1000)
many=$(python3 scripts/bench/events.py "http://127.0.0.1:$port" "$token" create 200 40)
register() {  # name first_event events first_contact
  local out
  out=$(BENCH_TOKEN=$token BENCH_FIRST_EVENT=$2 BENCH_EVENTS=$3 BENCH_FIRST_CONTACT=$4 BENCH_CONTACTS=$contacts \
    wrk -t2 -c32 -d"${REGISTER_SECONDS:-4}s" -s scripts/bench/register.lua "http://127.0.0.1:$port/" | grep '^RESULT')
  echo "$1 $out"
}
one=$(register one_event "$popular" 1 "$first_contact")
across=$(register many_events "${many%%,*}" 200 "$first_contact")
check_one=$(python3 scripts/bench/events.py "http://127.0.0.1:$port" "$token" verify "$popular")
check_many=$(python3 scripts/bench/events.py "http://127.0.0.1:$port" "$token" verify "$many")
partner=$(login partner@demo.brobygger.dk)
upcoming=$(run upcoming "/api/v1/events?from=$(date +%F)&limit=50" "$partner")
events_partner=$(run events_partner "/api/v1/events?limit=50" "$partner")
events_officer=$(run events_officer "/api/v1/events?limit=50" "$token")
events_filtered=$(run events_filtered "/api/v1/events?from=$(date +%F)&kind=seminar&status=published&limit=50" "$token")

# Calendar feed of 10,000 events (the officer organises them all), beside ical.js and python-icalendar
# generating the same number of events in this run.
python3 scripts/bench/events.py "http://127.0.0.1:$port" "$token" create-many 10000 >/dev/null
feed_url=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/me" |
  python3 -c 'import sys,json; print(json.load(sys.stdin)["calendar_feed_url"])')
feed_events=$(curl -sf "$feed_url" | grep -c '^BEGIN:VEVENT')
feed_ms=$(for _ in 1 2 3 4 5 6; do curl -s -o /dev/null -w '%{time_total}\n' "$feed_url"; done | tail -5 | sort -n |
  sed -n 3p | awk '{printf "%.1f", $1 * 1000}')
# The first fetch after a change (issue 17): one of the feed's events renamed through the API before each
# fetch, median of 5; and a polling client's revalidation with the ETag (must answer 304).
changed_id=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/events?order=desc&limit=1" |
  python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
feed_changed_ms=$(for n in 1 2 3 4 5; do
  curl -sf -o /dev/null -X PATCH -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Renamed $n\"}" "http://127.0.0.1:$port/api/v1/events/$changed_id"
  curl -s -o /dev/null -w '%{time_total}\n' "$feed_url"
done | sort -n | sed -n 3p | awk '{printf "%.1f", $1 * 1000}')
feed_tag=$(curl -s -D - -o /dev/null "$feed_url" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
feed_304=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $feed_tag" "$feed_url")
feed_304_ms=$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -H "If-None-Match: $feed_tag" "$feed_url"; done |
  sort -n | sed -n 3p | awk '{printf "%.1f", $1 * 1000}')
( [[ -d tests/calendar/parsers/node_modules ]] || (cd tests/calendar/parsers && npm ci --no-audit --no-fund --loglevel=error) ) >/dev/null
icaljs_ms=$(node scripts/bench/feed_icaljs.mjs 10000 | sed -n 's/^RESULT ms=\([0-9.]*\).*/\1/p')
pyical_ms=$(/usr/bin/python3 scripts/bench/feed_icalendar.py 10000 | sed -n 's/^RESULT ms=\([0-9.]*\).*/\1/p')

python3 - "$base" "$anchor" "$list" "$one" "$across" "$upcoming" "$events_partner" "$events_officer" "$events_filtered" <<'PY'
import sys
def parse(line):
    name, _, *fields = line.split()
    return name, dict(f.split("=") for f in fields)
rows = [parse(a) for a in sys.argv[1:]]
def verdict(ok): return "met" if ok else "NOT met"
labels = {"baseline": "GET /healthz (baseline)", "anchor": "anchor: bare Pistache + one SOCI SELECT",
          "list": "GET /api/v1/organisations?limit=50 (officer)",
          "one_event": "POST registrations, one event (32 clients)",
          "many_events": "POST registrations, 200 events (32 clients)",
          "upcoming": "GET /api/v1/events?from=today (partner)",
          "events_partner": "GET /api/v1/events?limit=50 (partner)",
          "events_officer": "GET /api/v1/events?limit=50 (officer)",
          "events_filtered": "GET /api/v1/events?from&kind&status (officer)"}
print(f"{'what':<48}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'/baseline':>11}{'x anchor':>10}")
b = float(rows[0][1]["rps"])
a = float(rows[1][1]["rps"])
for name, r in rows:
    print(f"{labels[name]:<48}{float(r['rps']):>9.0f}{float(r['p50_ms']):>9.2f}{float(r['p99_ms']):>9.2f}"
          f"{r['errors']:>8}{float(r['rps']) / b:>11.3f}{float(r['rps']) / a:>10.2f}")
r = dict(rows)
for name in ("upcoming", "events_partner", "events_officer", "events_filtered"):
    ok = float(r[name]["rps"]) / a >= 0.5 and float(r[name]["p99_ms"]) < 20
    print(f"aim (issue 17): {labels[name]} >= 0.5x anchor, p99 < 20 ms: {verdict(ok)}")
print(f"aim (issue 17): registrations on one event >= 0.15x anchor: {verdict(float(r['one_event']['rps']) / a >= 0.15)}")
print(f"aim: list >= 10000 req/s, p99 < 20 ms: {verdict(float(r['list']['rps']) >= 10000 and float(r['list']['p99_ms']) < 20)}")
print(f"aim: >= 1000 registrations/s on one event: {verdict(float(r['one_event']['rps']) >= 1000)}")
print(f"aim: >= 3000 registrations/s across events: {verdict(float(r['many_events']['rps']) >= 3000)}")
PY
echo
echo "calendar feed: $feed_events events served in $feed_ms ms (median of 5, build + serve over HTTP)"
echo "  ical.js 2.2 building the same number of events:        $icaljs_ms ms (ratio ical.js / brobygger: $(python3 -c "print(f'{$icaljs_ms / $feed_ms:.2f}')"))"
echo "  python-icalendar building the same number of events:   $pyical_ms ms (ratio python / brobygger: $(python3 -c "print(f'{$pyical_ms / $feed_ms:.2f}')"))"
echo "  aim: 5x faster than ical.js -> $(python3 -c "print('met' if $icaljs_ms / $feed_ms >= 5 else 'NOT met')")"
echo "calendar feed, first fetch after one of its events changed: $feed_changed_ms ms (median of 5; ratio ical.js / brobygger: $(python3 -c "print(f'{$icaljs_ms / $feed_changed_ms:.2f}')"))"
echo "  aim: 5x faster than ical.js -> $(python3 -c "print('met' if $icaljs_ms / $feed_changed_ms >= 5 else 'NOT met')")"
echo "calendar feed revalidated with If-None-Match: $feed_304 in $feed_304_ms ms (median of 5; aim: 304)"
echo "after the run, one event: $check_one"
echo "after the run, 200 events: $check_many"

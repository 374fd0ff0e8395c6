#!/usr/bin/env bash
# The engagement overviews at national scale (50k organisations, 200k contacts, 20k events, 2M
# registrations, 500k activities and 50k follow-ups by default), on SQLite and on MariaDB: each overview's
# median and p99 over HTTP (one request at a time, a logged-in manager) beside the naive GROUP BY over the
# raw tables, in the same run. Then the outreach pages (issue 12), as one of the generated officers: an
# organisation's timeline (the busiest organisations), "My work", and the dormant worklist with its
# filters beside today's dormant list measured in the same run. A route or filter the server does not
# have yet is reported as missing, not measured.
#   scripts/bench/reports.sh BIN [sqlite|mariadb ...]
# BENCH_ORGANISATIONS, BENCH_CONTACTS, BENCH_EVENTS, BENCH_REGISTRATIONS, BENCH_ACTIVITIES, BENCH_FOLLOW_UPS
# shrink the data for a quick look.
# shellcheck source=scripts/bench/common.sh
source "$(dirname "$0")/common.sh" reports "$@"
count=${BENCH_REPORT_REQUESTS:-25}
naive_count=${BENCH_NAIVE_RUNS:-3}

# The report period: the last 12 months up to today, as the dashboard opens; the previous 12 before.
to=$(date +%F)
from=$(date -d "$to -1 year +1 day" +%F)
previous=$(date -d "$from -1 year" +%F)

for backend in "${backends[@]}"; do
  load_scale_data "$backend" reports
  BROBYGGER_PASSWORD=$password "$bin" user add --email manager@bench.example --name Manager --role manager >/dev/null
  BROBYGGER_PASSWORD=$password "$bin" user add --email admin@bench.example --name Admin --role admin >/dev/null
  if [[ $backend == mariadb ]]; then
    busy=$(python3 scripts/bench/busy_organisations.py mariadb "$work/mariadb/mysqld.sock" brobygger_test 25)
  else
    busy=$(python3 scripts/bench/busy_organisations.py sqlite "$work/reports.db" 25)
  fi
  port=$(free_port)
  BROBYGGER_LOG_LEVEL=info BROBYGGER_THREADS=4 "$bin" serve --listen "127.0.0.1:$port" --web-root "" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  # The server's start-up retention walks the whole register (in windows) even with nothing left to do:
  # the steady state is measured, after it (up to five minutes).
  for _ in $(seq 1 300); do grep -q "retention" "$work/server.log" && break; sleep 1; done
  base="http://127.0.0.1:$port"
  token=$(login manager@bench.example)
  api=/api/v1/reports/engagement
  product() {  # name path...
    echo "$1 $(python3 scripts/bench/timed_get.py "$base" "$token" "$count" "${@:2}")"
  }
  # Officer 1 of the scale data (responsible for organisations of its district, assigned follow-ups):
  # the generated officers cannot log in, so an administrator gives it a password first.
  admin=$(login admin@bench.example)
  curl -sf -X PATCH -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d "{\"password\":\"$password\"}" "$base/api/v1/users/1" >/dev/null
  officer=$(login "$(curl -sf -H "Authorization: Bearer $admin" "$base/api/v1/users/1" |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["email"])')")
  outreach() {  # name path... : as the officer, when the server has the route and filters
    if curl -sf -o /dev/null -H "Authorization: Bearer $officer" "$base${2//\{n\}/0}"; then
      echo "$1 $(python3 scripts/bench/timed_get.py "$base" "$officer" "$count" "${@:2}")"
    else
      echo "$1 missing"
    fi
  }
  {
    for group in police_district region municipality organisation_kind event_kind month; do
      product "$group" "$api?from=$from&to=$to&group_by=$group"
    done
    product quarter "$api?from=$from&to=$to&group_by=quarter"
    product filtered "$api?from=$from&to=$to&group_by=municipality&police_district_id=2&event_kind=seminar"
    product dormant "/api/v1/reports/dormant-organisations?months=12"
    product csv "$api?from=$from&to=$to&group_by=municipality&format=csv"
    # Lists with filters; {n} varies the search so that no cached page answers.
    product organisations "/api/v1/organisations?police_district_id=3&kind=sports_club&q={n}&limit=50"
    product events "/api/v1/events?from=$from&kind=seminar&police_district_id=3&limit=50&offset={n}"
    # Outreach (issue 12): the busiest organisations' timelines, the officer's start page, and the
    # dormant worklist's filters beside today's list (`dormant` above, the same run).
    timelines=()
    for id in ${busy//,/ }; do timelines+=("/api/v1/organisations/$id/timeline?limit=50"); done
    if [[ ${#timelines[@]} -gt 0 ]]; then outreach timeline "${timelines[@]}"; else echo "timeline missing"; fi
    outreach my_work "/api/v1/me/work"
    outreach worklist "/api/v1/reports/dormant-organisations?months=12"
    outreach worklist_mine "/api/v1/reports/dormant-organisations?months=12&responsible_user_id=1"
    outreach worklist_no_follow_up "/api/v1/reports/dormant-organisations?months=12&without_open_follow_up=true"
  } >"$work/product.txt"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  utc() { python3 -c "import datetime,zoneinfo; print(datetime.datetime.fromisoformat('$1').replace(tzinfo=zoneinfo.ZoneInfo('Europe/Copenhagen')).astimezone(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M:%S'))"; }
  end_utc=$(utc "$(date -d "$to +1 day" +%F)")
  if [[ $backend == mariadb ]]; then
    python3 scripts/bench/naive_reports.py mariadb "$work/mariadb/mysqld.sock" brobygger_test "$(utc "$from")" "$end_utc" \
      "$(utc "$previous")" "$naive_count" >"$work/naive.txt"
  else
    python3 scripts/bench/naive_reports.py sqlite "$work/reports.db" "$(utc "$from")" "$end_utc" "$(utc "$previous")" \
      "$naive_count" >"$work/naive.txt"
  fi
  drop_scale_data "$backend" reports
  python3 - "$backend" "$load_s" "$work/product.txt" "$work/naive.txt" <<'PY'
import sys
backend, load_s, product_file, naive_file = sys.argv[1:]
def parse(path, skip):
    out = {}
    for line in open(path):
        parts = line.split()
        fields = [p for p in parts if "=" in p]
        name = parts[1] if skip else parts[0]
        out[name] = {k: float(v) for k, v in (f.split("=") for f in fields)} if fields else None
    return out
product = parse(product_file, False)
naive = parse(naive_file, True)
naive_for = {"quarter": "month", "filtered": "municipality", "csv": "municipality"}
outreach = ("timeline", "my_work", "worklist", "worklist_mine", "worklist_no_follow_up")
print(f"\n{backend}: scale data loaded in {load_s} s (then retention applied); overviews for the last 12 months and the 12 before")
print(f"{'overview':<22}{'median ms':>11}{'p99 ms':>9}{'naive median ms':>17}{'naive / product':>17}  aim")
for name, r in product.items():
    if name in outreach:
        continue
    base = naive.get(naive_for.get(name, name))
    aim = 50 if name in ("organisations", "events") else 250
    ratio = f"{base['median_ms'] / r['median_ms']:.1f}x" if base else "-"
    naive_ms = f"{base['median_ms']:.0f}" if base else "-"
    verdict = "met" if r["median_ms"] < aim else "NOT met"
    print(f"{name:<22}{r['median_ms']:>11.1f}{r['p99_ms']:>9.1f}{naive_ms:>17}{ratio:>17}  < {aim} ms: {verdict}")
# Outreach pages, as a generated officer; the worklist beside today's dormant list (`dormant`, manager).
dormant = product.get("dormant")
print(f"\n{backend}: outreach pages (officer 1 of the scale data, one request at a time)")
print(f"{'page':<22}{'median ms':>11}{'p99 ms':>9}{'/ dormant list':>16}  aim")
for name in outreach:
    if name not in product:
        continue
    r = product[name]
    if r is None:
        print(f"{name:<22}  (the server has no such route or filter yet: not measured)")
        continue
    ratio = r["median_ms"] / dormant["median_ms"] if dormant else None
    if name in ("timeline", "my_work"):
        aim, verdict = "< 50 ms", "met" if r["median_ms"] < 50 else "NOT met"
    else:
        aim, verdict = "<= 1.5x today's list", "met" if ratio is not None and ratio <= 1.5 else "NOT met"
    shown = f"{ratio:.2f}x" if ratio is not None else "-"
    print(f"{name:<22}{r['median_ms']:>11.1f}{r['p99_ms']:>9.1f}{shown:>16}  {aim}: {verdict}")
PY
done

#!/usr/bin/env bash
# Exports at scale (issue 13): every contact (100,000 by default) as CSV and as XLSX, timed, with the
# server's RSS growth while it answers, beside a baseline measured in the same run: a JSON page of 200
# contacts (the list the download extends). The figure to hold: RSS growth under 50 MB.
#   scripts/bench/exports.sh BIN [sqlite|mariadb ...]
# BENCH_EXPORT_CONTACTS (default 99998: with the two people the seed adds, exactly 100,000, the most one
# export holds) and BENCH_EXPORT_ORGANISATIONS (default 20000) size the data.
# shellcheck source=scripts/bench/common.sh
source "$(dirname "$0")/common.sh" exports "$@"
contacts=${BENCH_EXPORT_CONTACTS:-99998}
organisations=${BENCH_EXPORT_ORGANISATIONS:-20000}


for backend in "${backends[@]}"; do
  if [[ $backend == mariadb ]]; then
    scripts/mariadb.sh start "$work/mariadb" >/dev/null
    # shellcheck disable=SC1091
    source "$work/mariadb/env"
    export BROBYGGER_DATABASE=$BROBYGGER_TEST_MARIADB
  else
    export BROBYGGER_DATABASE="sqlite3://db=$work/exports.db"
  fi
  "$bin" migrate >/dev/null
  "$bin" seed reference >/dev/null
  "$bin" seed scale --organisations "$organisations" --contacts "$contacts" --events 10 --registrations 10 \
    --activities 10 --follow-ups 10 >/dev/null 2>&1
  BROBYGGER_PASSWORD=$password "$bin" user add --email admin@bench.example --name Admin --role admin >/dev/null
  port=$(free_port)
  BROBYGGER_LOG_LEVEL=warn BROBYGGER_THREADS=4 "$bin" serve --listen "127.0.0.1:$port" --web-root "" \
    >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  base="http://127.0.0.1:$port"
  token=$(login admin@bench.example)
  total=$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/contacts?status=all&limit=1" |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["total"])')
  fds_before=$(ls /proc/"$server_pid"/fd | wc -l)
  echo "Exports on $backend: $total contacts (status=all; retention at start-up erases the long inactive), $(nproc) cores (server and client share them)"
  echo "  baseline json-page-200 $(python3 scripts/bench/export_get.py "$base" "$token" "$server_pid" \
    "/api/v1/contacts?status=all&limit=200")"
  echo "  contacts-csv           $(python3 scripts/bench/export_get.py "$base" "$token" "$server_pid" \
    "/api/v1/contacts?status=all&format=csv")"
  echo "  contacts-xlsx          $(python3 scripts/bench/export_get.py "$base" "$token" "$server_pid" \
    "/api/v1/contacts?status=all&format=xlsx")"
  echo "  contacts-csv (again)   $(python3 scripts/bench/export_get.py "$base" "$token" "$server_pid" \
    "/api/v1/contacts?status=all&format=csv")"
  leftover=$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'brobygger-export-*' 2>/dev/null | wc -l)
  echo "  temporary export files left behind: $leftover; open descriptors $fds_before before, $(ls /proc/"$server_pid"/fd | wc -l) after"
  kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  server_pid=""
  [[ $backend == mariadb ]] && scripts/mariadb.sh stop "$work/mariadb" >/dev/null && rm -rf "$work/mariadb"
done

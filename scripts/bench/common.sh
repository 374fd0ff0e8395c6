# shellcheck shell=bash disable=SC2034  # the variables are for the scripts that source this one
# Shared start of the benchmarks over both backends, sourced as
#   source scripts/bench/common.sh NAME "$@"      (the script's own arguments: BIN [sqlite|mariadb ...])
# It leaves: $bin (the binary's absolute path), $backends (those named, else sqlite and mariadb), $work (a
# scratch directory), $server_pid (set it to a started server), $password (for the seeded users) and
# free_port; on exit the server is stopped, a throwaway MariaDB in $work/mariadb too, and $work removed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bench_name=$1
shift
bin=$(realpath "${1:?path to the brobygger binary}")
shift
backends=("${@:-sqlite}")
[[ $# -eq 0 ]] && backends=(sqlite mariadb)
work=$(mktemp -d "/tmp/brobygger-$bench_name.XXXXXX")
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  [[ -d $work/mariadb ]] && scripts/mariadb.sh stop "$work/mariadb" || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
password="bench-$(head -c 9 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The national-scale data set on BACKEND (sqlite: $work/NAME.db; mariadb: a throwaway instance in
# $work/mariadb), migrated, with reference data, `seed scale` (BENCH_ORGANISATIONS, BENCH_CONTACTS,
# BENCH_EVENTS, BENCH_REGISTRATIONS, BENCH_ACTIVITIES, BENCH_FOLLOW_UPS shrink it) and the retention
# policy applied once, as the server does every day: the generated years hold a backlog (tens of
# thousands of people to unlink or erase) that a running system never has, and the server's start-up
# run would otherwise compete with the measurements; every overview's figures stay the same by design.
# Exports BROBYGGER_DATABASE; leaves $load_s and $retention_s (seconds).
load_scale_data() {  # BACKEND NAME
  if [[ $1 == mariadb ]]; then
    scripts/mariadb.sh start "$work/mariadb" >/dev/null
    # shellcheck disable=SC1091
    source "$work/mariadb/env"
    export BROBYGGER_DATABASE=$BROBYGGER_TEST_MARIADB
  else
    export BROBYGGER_DATABASE="sqlite3://db=$work/$2.db"
  fi
  "$bin" migrate >/dev/null
  "$bin" seed reference >/dev/null
  local start
  start=$(date +%s.%N)
  "$bin" seed scale --organisations "${BENCH_ORGANISATIONS:-50000}" --contacts "${BENCH_CONTACTS:-200000}" \
    --events "${BENCH_EVENTS:-20000}" --registrations "${BENCH_REGISTRATIONS:-2000000}" \
    --activities "${BENCH_ACTIVITIES:-500000}" --follow-ups "${BENCH_FOLLOW_UPS:-50000}" 2>/dev/null | tail -1
  load_s=$(python3 -c "import time; print(f'{time.time() - $start:.0f}')")
  start=$(date +%s.%N)
  "$bin" retention run >/dev/null
  retention_s=$(python3 -c "import time; print(f'{time.time() - $start:.0f}')")
}

# Stops and removes what load_scale_data made.
drop_scale_data() {  # BACKEND NAME
  if [[ $1 == mariadb ]]; then
    scripts/mariadb.sh stop "$work/mariadb" >/dev/null
    rm -rf "$work/mariadb"
  else
    rm -f "$work/$2".db*
  fi
}

# A login token for EMAIL against the server at $base, tried again for up to two minutes: the server's
# start-up jobs may hold SQLite's write lock for a while.
login() {  # EMAIL
  local answer
  for _ in $(seq 1 120); do
    answer=$(curl -s -X POST -H 'Content-Type: application/json' \
      -d "{\"email\":\"$1\",\"password\":\"$password\"}" "$base/api/v1/auth/login") &&
      python3 -c 'import sys,json; print(json.loads(sys.argv[1])["token"])' "$answer" 2>/dev/null && return
    sleep 1
  done
  echo "$bench_name: cannot log in as $1" >&2
  return 1
}

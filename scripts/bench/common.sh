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

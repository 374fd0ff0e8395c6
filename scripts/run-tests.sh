#!/usr/bin/env bash
# Runs every suite: domain, storage on SQLite and MariaDB, API on SQLite and MariaDB, the OpenAPI
# check and the browser tests. Starts a throwaway MariaDB on a free loopback port and always stops it.
#   scripts/run-tests.sh BIN [ctest -R regex]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=$(realpath "${1:?path to the brobygger binary}")
filter=${2:-}
build_dir=$(dirname "$(dirname "$bin")")

work=$(mktemp -d /tmp/brobygger-test.XXXXXX)
cleanup() {
  scripts/mariadb.sh stop "$work/mariadb" || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

npm_ci() {  # npm ci only when the lock file changed since the last install
  local dir=$1 stamp=$1/node_modules/.brobygger-lock
  if [[ ! -f $stamp ]] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_ci web-admin
npm_ci web-admin/lint
npm_ci tests/openapi
npm_ci tests/e2e
npm_ci tests/calendar/parsers

scripts/mariadb.sh start "$work/mariadb"
# shellcheck disable=SC1091
source "$work/mariadb/env"
export BROBYGGER_TEST_MARIADB
export BROBYGGER_MARIADB_CTL="$root/scripts/mariadb.sh"
export BROBYGGER_MARIADB_DIR="$work/mariadb"
export BROBYGGER_BIN="$bin"
export BROBYGGER_WEB_ROOT="$root/web-admin/dist"
# Sanitizer builds (presets asan, tsan; unused by the others): every process writes its findings to a file
# of its own under $work/sanitizer (the servers the API tests start too, whose exit status no test reads),
# and any such file fails the run below. A caller's own settings win.
mkdir -p "$work/sanitizer"
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:log_path=$work/sanitizer/asan}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:log_path=$work/sanitizer/ubsan}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/tsan.supp:log_path=$work/sanitizer/tsan}

args=(--test-dir "$build_dir" --output-on-failure --timeout 600)
[[ -n $filter ]] && args+=(-R "$filter")
status=0
ctest "${args[@]}" || status=$?
if compgen -G "$work/sanitizer/*" >/dev/null; then
  for report in "$work"/sanitizer/*; do
    echo "=== sanitizer report ${report##*/} ==="
    cat "$report"
  done
  echo "run-tests: the sanitizer reports above fail the run" >&2
  status=1
fi
exit $status

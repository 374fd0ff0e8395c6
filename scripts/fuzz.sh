#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for a bounded time over its committed corpus; fails on the
# first crash, leak, timeout or sanitizer report (the reproducer is kept in build/fuzz/findings/).
#   scripts/fuzz.sh BUILD_DIR [target-regex]        FUZZ_SECONDS (default 20) per target
# New inputs go to a scratch copy, so the committed corpus changes only by hand (add a finding to
# tests/fuzz/corpus/<target>/ once it is fixed, and a regression test beside the code).
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:?build folder of the fuzz preset, e.g. build/fuzz}")
filter=${2:-.}
seconds=${FUZZ_SECONDS:-20}
findings="$build/findings"
mkdir -p "$findings"
work=$(mktemp -d /tmp/brobygger-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for corpus in tests/fuzz/corpus/*/; do
  target=$(basename "$corpus")
  [[ $target =~ $filter ]] || continue
  binary="$build/tests/fuzz/$target"
  [[ -x $binary ]] || { echo "fuzz: $binary is not built" >&2; exit 1; }
  mkdir -p "$work/$target"
  started=$(date +%s)
  if "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$findings/$target-" "$work/$target" "$corpus" >"$work/$target.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$target.log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz: $target passed ($runs runs in $(( $(date +%s) - started )) s)"
  else
    status=1
    echo "fuzz: $target FAILED; the reproducer is in $findings/" >&2
    grep -E 'ERROR|SUMMARY|==[0-9]+==|deadly|-> [0-9]{3}' "$work/$target.log" | head -20 >&2 || true
    tail -30 "$work/$target.log" >&2
  fi
done
exit $status

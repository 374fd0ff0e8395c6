#!/usr/bin/env bash
# Runs clang-tidy 14 (.clang-tidy; tests/.clang-tidy relaxes three checks for tests) over project C++ sources
# with the compile commands of build/ci, two files at a time; fails on any finding.
#   scripts/check-tidy.sh            the .cpp files changed against the merge base with main (committed or
#                                    not, plus new files): what CTest `lint.tidy` runs in `make test`
#   scripts/check-tidy.sh --all      every project .cpp (about 10 CPU-minutes: too slow for every `make test`)
#   scripts/check-tidy.sh FILE...    the files named
#   scripts/check-tidy.sh --list     print what the first form would check, check nothing
# Environment: BUILD_DIR (default build/ci), TIDY_BASE (default main), CLANG_TIDY (default clang-tidy-14).
set -euo pipefail
export LC_ALL=C  # one sort order for comm
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=${BUILD_DIR:-build/ci}
clang_tidy=${CLANG_TIDY:-clang-tidy-14}
[[ -f $build_dir/compile_commands.json ]] || { echo "check-tidy: no $build_dir/compile_commands.json (cmake --preset ci)" >&2; exit 2; }

list_only=false
if [[ ${1:-} == --list ]]; then list_only=true; shift; fi
if [[ ${1:-} == --all ]]; then
  mapfile -t files < <(scripts/cpp-files.sh --sources)
elif (($#)); then
  files=("$@")
else
  base=${TIDY_BASE:-main}
  if ! merge_base=$(git merge-base "$base" HEAD 2>/dev/null); then
    echo "check-tidy: no '$base' to compare with; nothing checked (scripts/check-tidy.sh --all checks everything)"
    exit 0
  fi
  mapfile -t changed < <({ git diff --name-only --diff-filter=d "$merge_base"; git ls-files --others --exclude-standard; } |
    grep -E '\.(cpp|hpp|h)$' | sort -u)
  # A changed header is checked through the sources that include it.
  mapfile -t files < <(comm -12 <(scripts/cpp-files.sh --sources | sort) <({
    printf '%s\n' "${changed[@]}" | grep '\.cpp$' || true
    for h in "${changed[@]}"; do
      [[ $h == *.cpp ]] || scripts/cpp-files.sh --sources | xargs grep -l -F "#include \"$h\"" || true
    done; } | sort -u))
fi
# Only files the build compiles have compile commands (a stray .cpp outside every target is skipped).
mapfile -t files < <(for f in "${files[@]}"; do
  grep -q "\"file\": \"$root/$f\"" "$build_dir/compile_commands.json" && echo "$f"; done)
if ((${#files[@]} == 0)); then
  echo "check-tidy: no changed project sources to check"
  exit 0
fi

if $list_only; then printf '%s\n' "${files[@]}"; exit 0; fi
start=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# GCC's warning flags in the compile commands are unknown to clang: not a finding.
if printf '%s\0' "${files[@]}" | xargs -0 -n 1 -P 2 "$clang_tidy" -p "$build_dir" --quiet --header-filter="^$root/" \
    --extra-arg=-Wno-unknown-warning-option --warnings-as-errors='*' >"$log" 2>&1; then
  echo "check-tidy: ${#files[@]} files clean in $((SECONDS - start)) s"
else
  grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$|^Suppressed [0-9]+ warnings|^Use -header-filter|^Use -system-headers' "$log" >&2 || true
  echo "check-tidy: findings above (${#files[@]} files checked); fix them or, for a false positive, NOLINT with the reason" >&2
  exit 1
fi

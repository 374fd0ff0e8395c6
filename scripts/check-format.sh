#!/usr/bin/env bash
# Fails (and names each file and line) when a project C++ file differs from what .clang-format makes of it.
# CTest runs it as `lint.format`; `scripts/format.sh` fixes what it reports.
#   scripts/check-format.sh [file...]   no arguments: the whole tree (scripts/cpp-files.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format=${CLANG_FORMAT:-clang-format-14}
if (($#)); then files=("$@"); else mapfile -t files < <(scripts/cpp-files.sh); fi
((${#files[@]})) || exit 0
if printf '%s\0' "${files[@]}" | xargs -0 -n 20 -P 2 "$clang_format" --dry-run -Werror --style=file; then
  echo "check-format: ${#files[@]} files formatted as .clang-format says"
else
  echo "check-format: the files above are not formatted; run scripts/format.sh" >&2
  exit 1
fi

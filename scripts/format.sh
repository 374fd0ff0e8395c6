#!/usr/bin/env bash
# Formats every project C++ file in place with .clang-format (clang-format 14, as CI checks it).
#   scripts/format.sh [file...]   no arguments: the whole tree (scripts/cpp-files.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format=${CLANG_FORMAT:-clang-format-14}
if (($#)); then files=("$@"); else mapfile -t files < <(scripts/cpp-files.sh); fi
((${#files[@]})) || exit 0
printf '%s\0' "${files[@]}" | xargs -0 -n 20 -P 2 "$clang_format" -i --style=file

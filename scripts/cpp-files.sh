#!/usr/bin/env bash
# Prints the project's own C++ files (one per line, relative to the repository root): every tracked .cpp,
# .hpp and .h outside build output and npm packages, whichever folders hold them. Nothing third-party is
# vendored; generated sources (the embedded migrations and seeds) live under build/ and are never listed.
#   scripts/cpp-files.sh [--sources]   --sources: only the .cpp files (what clang-tidy compiles)
set -euo pipefail
cd "$(dirname "$0")/.."
patterns=('*.cpp' '*.hpp' '*.h')
[[ ${1:-} == --sources ]] && patterns=('*.cpp')
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files --cached --others --exclude-standard -- "${patterns[@]}"
else
  find . \( -name build -o -name node_modules -o -name .git \) -prune -o -type f \
    \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) -print | sed 's|^\./||' |
    { if [[ ${1:-} == --sources ]]; then grep '\.cpp$'; else cat; fi; }
fi | grep -Ev '(^|/)(build|node_modules|third_party)/' | sort

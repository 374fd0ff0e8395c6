#!/usr/bin/env bash
# Makes the user guide's screenshots small: pngquant (Debian's package; scripts/install-deps.sh --test) turns
# each PNG into a palette PNG of the same look, in place. Pictures it cannot shrink are left as they are.
#   scripts/compress-screenshots.sh [DIR]   (default docs/screenshots)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-docs/screenshots}
command -v pngquant >/dev/null || { echo "compress-screenshots: pngquant is missing (apt-get install pngquant)" >&2; exit 1; }
before=$(du -sb "$dir" | cut -f1)
for f in "$dir"/*.png; do
  # Exit 98/99: the result would be larger or worse than allowed; the original stays.
  pngquant --quality=65-90 --speed 1 --strip --skip-if-larger --force --ext .png -- "$f" || { rc=$?; [[ $rc == 98 || $rc == 99 ]]; }
done
after=$(du -sb "$dir" | cut -f1)
echo "screenshots: $((before / 1024)) KiB -> $((after / 1024)) KiB in $dir"

#!/usr/bin/env bash
# Writes the domain's policy table where the web admin reads it (web-admin/src/policy.json), from the
# built server: `scripts/update-policy.sh [BIN]`. The CTest entry policy.web_admin_current fails while
# the committed file differs from what the server prints.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/ci/app/brobygger}
"$bin" routes --policy --json > web-admin/src/policy.json
echo "wrote web-admin/src/policy.json"

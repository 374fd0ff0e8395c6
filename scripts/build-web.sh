#!/usr/bin/env bash
# Builds the web admin into web-admin/dist (npm ci only when the lock file changed).
set -euo pipefail
cd "$(dirname "$0")/../web-admin"
stamp=node_modules/.brobygger-lock
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
npm run --silent build >/dev/null
echo "web admin built into web-admin/dist"

#!/usr/bin/env bash
# CTest galera.cluster: starts a three-node Galera cluster on loopback (scripts/galera.sh), runs the [galera]
# case of the events API program against it (the world on node 1, a second server on node 2), and always
# stops the cluster.
#   tests/api/galera_test.sh PATH/api_event_tests
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
program=$(realpath "${1:?path to api_event_tests}")
dir=$(mktemp -d /tmp/brobygger-galera.XXXXXX)
cleanup() {
  "$root/scripts/galera.sh" stop "$dir" || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM
"$root/scripts/galera.sh" start "$dir"
# shellcheck disable=SC1091
source "$dir/env"
export BROBYGGER_TEST_BACKEND=mariadb BROBYGGER_TEST_MARIADB="$BROBYGGER_GALERA_NODE_1"
export BROBYGGER_GALERA_NODE_1 BROBYGGER_GALERA_NODE_2 BROBYGGER_GALERA_NODE_3
export BROBYGGER_GALERA_CTL="$root/scripts/galera.sh" BROBYGGER_GALERA_DIR="$dir"
"$program" "[galera]" --reporter compact

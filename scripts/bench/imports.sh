#!/usr/bin/env bash
# Imports at scale, on SQLite and on MariaDB: preview and commit of a 50,000-row organisation file and of
# 200,000 contacts (`brobygger import`, which times each step), beside a baseline from the same run: the
# same rows bulk-loaded by `brobygger seed scale` (multi-row INSERTs, no rules) into a fresh database.
# Aims (issue 13): organisations previewed < 5 s and committed < 30 s; 200,000 contacts < 60 s.
#   scripts/bench/imports.sh BIN [sqlite|mariadb ...]
# BENCH_IMPORT_ORGANISATIONS and BENCH_IMPORT_CONTACTS shrink the files for a quick look.
# shellcheck source=scripts/bench/common.sh
source "$(dirname "$0")/common.sh" imports "$@"
orgs=${BENCH_IMPORT_ORGANISATIONS:-50000}
contacts=${BENCH_IMPORT_CONTACTS:-200000}
seconds() { python3 -c "import time; print(f'{time.time() - $1:.2f}')"; }

municipalities=$(python3 -c "import json; print(','.join(str(m['id']) for m in json.load(open('seeds/reference/municipalities.json'))))")
python3 scripts/bench/make_import_files.py "$work" "$orgs" "$contacts" "$municipalities"
echo "Brobygger import benchmark: $orgs organisations, $contacts contacts, $(nproc) cores"
echo "files: $(du -h "$work/organisations.csv" | cut -f1) and $(du -h "$work/contacts.csv" | cut -f1)"

fresh() {  # backend name -> exports BROBYGGER_DATABASE of a fresh, migrated database with the reference data
  if [[ $1 == mariadb ]]; then
    [[ -d $work/mariadb ]] || scripts/mariadb.sh start "$work/mariadb" >/dev/null
    # shellcheck disable=SC1091
    source "$work/mariadb/env"
    mariadb --socket="$work/mariadb/mysqld.sock" -uroot -e \
      "DROP DATABASE IF EXISTS brobygger_test; CREATE DATABASE brobygger_test CHARACTER SET utf8mb4 COLLATE utf8mb4_danish_ci"
    export BROBYGGER_DATABASE=$BROBYGGER_TEST_MARIADB
  else
    rm -f "$work/$2.db"*
    export BROBYGGER_DATABASE="sqlite3://db=$work/$2.db"
  fi
  "$bin" migrate >/dev/null
  "$bin" seed reference >/dev/null
}

for backend in "${backends[@]}"; do
  echo "== $backend"
  fresh "$backend" baseline
  start=$(date +%s.%N)
  "$bin" seed scale --organisations "$orgs" --contacts "$contacts" --events 0 --registrations 0 --activities 0 \
    --follow-ups 0 >/dev/null 2>&1
  echo "baseline: the same numbers of rows bulk-loaded (seed scale, no rules): $(seconds "$start") s"

  fresh "$backend" import
  start=$(date +%s.%N)
  "$bin" import organisations "$work/organisations.csv" --dry-run </dev/null 2>/dev/null | grep -o 'previewed in [0-9.]* s' |
    sed "s/^/organisations ($orgs rows): /"
  "$bin" import organisations "$work/organisations.csv" </dev/null >"$work/org.out" 2>&1
  echo "organisations: $(grep -o 'previewed in [0-9.]* s' "$work/org.out"), $(grep -o 'committed in [0-9.]* s: .*' "$work/org.out")"
  start=$(date +%s.%N)
  "$bin" import contacts "$work/contacts.csv" </dev/null >"$work/contacts.out" 2>&1
  echo "contacts ($contacts rows): $(grep -o 'previewed in [0-9.]* s' "$work/contacts.out"), $(grep -o 'committed in [0-9.]* s: .*' "$work/contacts.out"); in all $(seconds "$start") s"
  start=$(date +%s.%N)
  "$bin" import organisations "$work/organisations.csv" --dry-run </dev/null >"$work/again.out" 2>&1 || true
  echo "the organisation file again: $(grep -o 'unchanged [0-9]*' "$work/again.out") of $orgs, $(grep -o 'previewed in [0-9.]* s' "$work/again.out")"
done

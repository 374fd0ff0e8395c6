#!/usr/bin/env bash
# CTest storage.mariadb.migrations_binlog (issue 14, point 6): `brobygger migrate` as an ordinary account
# (ALL on its database, no SUPER) on a MariaDB with binary logging, as Galera and every replicated server
# has; and a migration that failed half-way (MariaDB DDL is not transactional) completes when run again.
# Starts a throwaway MariaDB of its own (scripts/mariadb.sh start DIR --log-bin) and always stops it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BROBYGGER_BIN:?the brobygger binary}
dir=$(mktemp -d /tmp/brobygger-migrations.XXXXXX)
cleanup() {
  "$root/scripts/mariadb.sh" stop "$dir" || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM
"$root/scripts/mariadb.sh" start "$dir" --log-bin >/dev/null
# shellcheck disable=SC1091
source "$dir/env"
port=$(cat "$dir/port")
password=$(sed -E "s/.*password='([^']*)'.*/\1/" <<<"$BROBYGGER_TEST_MARIADB")
export BROBYGGER_DATABASE="$BROBYGGER_TEST_MARIADB" BROBYGGER_LOG_LEVEL=warn

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
as_root() { mariadb --socket="$dir/mysqld.sock" -uroot -N brobygger_test -e "$1"; }
as_app() { mariadb -h127.0.0.1 -P"$port" -ubrobygger -p"$password" -N brobygger_test -e "$1"; }
version() { as_root "SELECT MAX(version) FROM schema_migrations"; }
latest=$(find "$root/storage/migrations/mysql" -name 'V*.sql' -printf '%f\n' | sed -E 's/^V0*([0-9]+)__.*/\1/' | sort -n |
  tail -1)

# The situation of the issue: binary logging on, an account without SUPER, which cannot create a trigger.
[[ $(as_root "SELECT @@log_bin") == 1 ]] || fail "binary logging is off"
if as_root "SHOW GRANTS FOR 'brobygger'@'127.0.0.1'" | grep -q SUPER; then fail "the account has SUPER"; fi
as_app "CREATE TABLE probe (id INT PRIMARY KEY)"
if as_app "CREATE TRIGGER probe_guard BEFORE UPDATE ON probe FOR EACH ROW SET NEW.id = OLD.id" 2>/dev/null; then
  fail "the account could create a trigger: the test does not reproduce a server with binary logging"
fi
as_app "DROP TABLE probe"

"$bin" migrate >/dev/null || fail "brobygger migrate as an ordinary account on a server with binary logging"
[[ $(version) == "$latest" ]] || fail "schema version $(version), expected $latest"
[[ $(as_root "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = 'brobygger_test'") == 0 ]] ||
  fail "a migration created a trigger"
"$bin" seed reference >/dev/null || fail "seed reference"
municipalities=$(as_root "SELECT COUNT(*) FROM municipalities")
as_root "UPDATE register_revision SET value = 7 WHERE id = 1"

# V010 (the dialogue log) failed half-way: its first tables were made, its follow-ups table and the
# organisation columns after them were not, and no later migration ran (V012's index on them is gone too).
as_root "DELETE FROM schema_migrations WHERE version >= 10"
as_root "DROP TABLE follow_ups"
as_root "ALTER TABLE organisations DROP INDEX ix_organisation_dormant_open, DROP COLUMN open_follow_ups,
         DROP COLUMN last_activity_at"
"$bin" migrate >/dev/null || fail "a migration that failed half-way did not complete when run again"
[[ $(version) == "$latest" ]] || fail "schema version $(version) after the re-run, expected $latest"
[[ $(as_root "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'brobygger_test' AND
               table_name = 'follow_ups'") == 1 ]] || fail "follow_ups was not created by the re-run"
[[ $(as_root "SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = 'brobygger_test' AND
               index_name = 'ix_organisation_dormant_open'") -ge 1 ]] || fail "V012's index was not made again"

# Every statement of every migration once more over a complete schema (each one failing just after its
# last statement took effect): all succeed, and no data is touched.
as_root "DELETE FROM schema_migrations"
"$bin" migrate >/dev/null || fail "re-running every migration over a complete schema"
[[ $(version) == "$latest" ]] || fail "schema version $(version) after re-running all, expected $latest"
[[ $(as_root "SELECT value FROM register_revision WHERE id = 1") == 7 ]] || fail "register_revision was reset"
[[ $(as_root "SELECT COUNT(*) FROM municipalities") == "$municipalities" ]] || fail "reference data changed"
# The servers' own account as docs/operations.md ("Database accounts") grants it: no DDL, no UPDATE on the
# audit trail. A server starting on the migrated database needs nothing more, writes work, and the trail
# cannot be rewritten.
app_password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
as_root "CREATE USER 'brobygger_app'@'127.0.0.1' IDENTIFIED BY '$app_password';
         GRANT SELECT, INSERT, DELETE ON brobygger_test.* TO 'brobygger_app'@'127.0.0.1'"
as_root "SELECT CONCAT('GRANT UPDATE ON brobygger_test.\`', table_name, '\` TO ''brobygger_app''@''127.0.0.1'';')
           FROM information_schema.tables WHERE table_schema = 'brobygger_test' AND table_name <> 'audit_log'" |
  mariadb --socket="$dir/mysqld.sock" -uroot
app_database="mysql://db=brobygger_test user=brobygger_app password='$app_password' host=127.0.0.1 port=$port"
BROBYGGER_DATABASE="$app_database" "$bin" migrate >/dev/null ||
  fail "a migrated database needs DDL of the servers' account at start"
BROBYGGER_DATABASE="$app_database" BROBYGGER_PASSWORD="demo password 1" "$bin" seed demo >/dev/null ||
  fail "the demo data set could not be written through the servers' account"
[[ $(as_root "SELECT COUNT(*) FROM audit_log") -gt 0 ]] || fail "no audit entry was written"
if mariadb -h127.0.0.1 -P"$port" -ubrobygger_app -p"$app_password" brobygger_test \
  -e "UPDATE audit_log SET action = 'forged'" 2>/dev/null; then
  fail "the servers' account could rewrite the audit trail"
fi
echo "migrations: as an ordinary account with binary logging, re-runnable after a failure half-way: ok"

#!/usr/bin/env bash
# A throwaway MariaDB on loopback for the test run: its own datadir, a free port, no systemd.
#   scripts/mariadb.sh start DIR   -> starts it, writes DIR/env with BROBYGGER_TEST_MARIADB=<SOCI string>
#   scripts/mariadb.sh stop DIR    -> stops it (SIGTERM, then waits)
#   scripts/mariadb.sh restart DIR -> stop + start on the same port and datadir (recovery tests)
#   scripts/mariadb.sh start DIR --log-bin -> the same with binary logging on (as on Galera or any replicated
#                                  MariaDB: CREATE TRIGGER then needs SUPER); remembered for restart
set -euo pipefail
cmd=${1:?start|stop|restart}
dir=${2:?directory}
option=${3:-}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# shellcheck source=scripts/lib/servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/servers.sh"

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

launch() {
  local port=$1 binlog=(--skip-log-bin)
  if [[ -f "$dir/log-bin" ]]; then binlog=(--log-bin="$dir/binlog" --server-id=1 --binlog-format=ROW); fi
  # Its own tmpdir: internal temporary tables live with the instance, untouched by whatever else cleans /tmp.
  mkdir -p "$dir/tmp"
  mariadbd --no-defaults --user=root --datadir="$dir/data" --tmpdir="$dir/tmp" --socket="$dir/mysqld.sock" --port="$port" \
    --bind-address=127.0.0.1 --pid-file="$dir/mysqld.pid" --log-error="$dir/error.log" "${binlog[@]}" \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_danish_ci --skip-name-resolve \
    --innodb-buffer-pool-size=256M --innodb-flush-log-at-trx-commit=2 --max-connections=500 \
    >/dev/null 2>&1 &
  for _ in $(seq 1 100); do
    if mariadb --socket="$dir/mysqld.sock" -uroot -e 'SELECT 1' >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "MariaDB did not start; see $dir/error.log" >&2
  tail -20 "$dir/error.log" >&2 || true
  return 1
}

stop() { stop_pidfile "$dir/mysqld.pid" 10; }

case "$cmd" in
  start)
    stop
    rm -rf "$dir/data" "$dir/log-bin" "$dir"/binlog.*
    if [[ "$option" == "--log-bin" ]]; then touch "$dir/log-bin"; fi
    mariadb-install-db --no-defaults --user=root --datadir="$dir/data" --auth-root-authentication-method=socket \
      --skip-test-db >"$dir/install.log" 2>&1
    port=$(free_port)
    echo "$port" >"$dir/port"
    launch "$port"
    password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    mariadb --socket="$dir/mysqld.sock" -uroot <<SQL
CREATE DATABASE brobygger_test CHARACTER SET utf8mb4 COLLATE utf8mb4_danish_ci;
CREATE USER 'brobygger'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL ON brobygger_test.* TO 'brobygger'@'127.0.0.1';
GRANT ALL ON \`brobygger_t%\`.* TO 'brobygger'@'127.0.0.1';
SQL
    echo "export BROBYGGER_TEST_MARIADB=\"mysql://db=brobygger_test user=brobygger password='$password' host=127.0.0.1 port=$port\"" >"$dir/env"
    echo "MariaDB on 127.0.0.1:$port (datadir $dir/data)"
    ;;
  stop)
    stop
    ;;
  restart)
    stop
    launch "$(cat "$dir/port")"
    ;;
  *)
    echo "usage: $0 start|stop|restart DIR" >&2
    exit 2
    ;;
esac

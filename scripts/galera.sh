#!/usr/bin/env bash
# A throwaway three-node MariaDB Galera cluster on loopback for the cluster test (tests/api/galera_test.sh):
# its own datadirs, free ports, no systemd, binary logging on as on any production cluster.
#   scripts/galera.sh start DIR      -> starts nodes 1..3, writes DIR/env with BROBYGGER_GALERA_NODE_1..3 (SOCI
#                                       strings for an ordinary account: ALL on its database, no SUPER)
#   scripts/galera.sh stop DIR       -> stops every node (SIGTERM, then waits)
#   scripts/galera.sh stop-node DIR N -> stops node N only (the others go on as the primary component)
# Needs galera-4 and rsync (scripts/install-deps.sh --test). mariadbd runs as user mysql, and DIR is given to
# it: as root, the rsync state transfer to a joining node fails with "Permission denied" on ibdata1.
set -euo pipefail
cmd=${1:?start|stop|stop-node}
dir=${2:?directory}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
provider=/usr/lib/galera/libgalera_smm.so
nodes=(1 2 3)
# shellcheck source=scripts/lib/servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/servers.sh"

free_ports() {  # N distinct free loopback ports
  python3 - "$1" <<'PY'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); held.append(s)
print(" ".join(str(s.getsockname()[1]) for s in held))
for s in held: s.close()
PY
}

as_root() { mariadb --socket="$dir/node$1/mysqld.sock" -uroot "${@:2}"; }

answers() { as_root "$1" -N -e 'SELECT 1' >/dev/null 2>&1; }

synced() {
  local state
  state=$(as_root "$1" -N -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)
  [[ $state == Synced ]]
}

# shellcheck disable=SC2153  # PORT, GCOMM, IST and SST come from DIR/ports
launch() {  # launch N [--wsrep-new-cluster]
  local n=$1 extra=${2:-}
  # shellcheck disable=SC1091
  source "$dir/ports"
  local port gcomm ist sst
  port=${PORT[$n]}
  gcomm=${GCOMM[$n]}
  ist=${IST[$n]}
  sst=${SST[$n]}
  # shellcheck disable=SC2086
  runuser -u mysql -- mariadbd --no-defaults --user=mysql --datadir="$dir/node$n/data" \
    --socket="$dir/node$n/mysqld.sock" --port="$port" --bind-address=127.0.0.1 --pid-file="$dir/node$n/mysqld.pid" \
    --log-error="$dir/node$n/error.log" --log-bin="$dir/node$n/binlog" --server-id="$n" --log-slave-updates \
    --binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_danish_ci --skip-name-resolve \
    --innodb-buffer-pool-size=64M --innodb-log-file-size=32M --innodb-flush-log-at-trx-commit=2 --max-connections=300 \
    --wsrep-on=ON --wsrep-provider="$provider" --wsrep-cluster-name=brobygger_test \
    --wsrep-cluster-address="gcomm://127.0.0.1:${GCOMM[1]},127.0.0.1:${GCOMM[2]},127.0.0.1:${GCOMM[3]}" \
    --wsrep-node-address=127.0.0.1 --wsrep-node-name="node$n" \
    --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$gcomm;ist.recv_addr=127.0.0.1:$ist;gcache.size=64M" \
    --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$sst" $extra \
    >"$dir/node$n/stdout.log" 2>&1 &
}

wait_synced() {  # wait_synced N SECONDS
  local n=$1 deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if answers "$n" && synced "$n"; then return 0; fi
    sleep 0.2
  done
  echo "Galera node $n did not reach Synced; see $dir/node$n/error.log" >&2
  tail -30 "$dir/node$n/error.log" >&2 || true
  return 1
}

stop_node() { stop_pidfile "$dir/node$1/mysqld.pid" 15; }

case "$cmd" in
  start)
    for n in "${nodes[@]}"; do stop_node "$n"; done
    for n in "${nodes[@]}"; do rm -rf "$dir/node$n"; mkdir -p "$dir/node$n/data"; done
    read -r -a ports <<<"$(free_ports 12)"
    {
      echo "PORT=([1]=${ports[0]} [2]=${ports[1]} [3]=${ports[2]})"
      echo "GCOMM=([1]=${ports[3]} [2]=${ports[4]} [3]=${ports[5]})"
      echo "IST=([1]=${ports[6]} [2]=${ports[7]} [3]=${ports[8]})"
      echo "SST=([1]=${ports[9]} [2]=${ports[10]} [3]=${ports[11]})"
    } >"$dir/ports"
    chmod 755 "$dir"
    chown -R mysql:mysql "$dir"
    runuser -u mysql -- mariadb-install-db --no-defaults --user=mysql --datadir="$dir/node1/data" \
      --auth-root-authentication-method=socket --skip-test-db >"$dir/node1/install.log" 2>&1
    # The first node starts a new cluster; the others join it one at a time (each by an rsync state
    # transfer from a donor, which serves one joiner at a time).
    launch 1 --wsrep-new-cluster
    wait_synced 1 60
    launch 2
    wait_synced 2 90
    launch 3
    wait_synced 3 90
    size=$(as_root 1 -N -e "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2)
    [[ $size == 3 ]] || { echo "Galera: cluster size $size, expected 3" >&2; exit 1; }
    password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    # DDL and account changes replicate to every node (total order isolation).
    as_root 1 <<SQL
CREATE DATABASE brobygger_test CHARACTER SET utf8mb4 COLLATE utf8mb4_danish_ci;
CREATE USER 'brobygger'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL ON brobygger_test.* TO 'brobygger'@'127.0.0.1';
GRANT ALL ON \`brobygger_t%\`.* TO 'brobygger'@'127.0.0.1';
SQL
    # shellcheck disable=SC1091
    source "$dir/ports"
    {
      for n in "${nodes[@]}"; do
        echo "export BROBYGGER_GALERA_NODE_$n=\"mysql://db=brobygger_test user=brobygger password='$password' host=127.0.0.1 port=${PORT[$n]}\""
      done
    } >"$dir/env"
    echo "Galera cluster of 3 on 127.0.0.1:${PORT[1]},${PORT[2]},${PORT[3]} ($dir)"
    ;;
  stop)
    for n in "${nodes[@]}"; do stop_node "$n"; done
    ;;
  stop-node)
    stop_node "${3:?node number}"
    ;;
  *)
    echo "usage: $0 start|stop DIR, or stop-node DIR N" >&2
    exit 2
    ;;
esac

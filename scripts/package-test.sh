#!/usr/bin/env bash
# The Debian package, end to end on this machine (root, Debian 12): build it with CPack from BUILD_DIR,
# install it with dpkg, check what it installed, start the service as the unit would and ask /healthz,
# /readyz and / on a free port, stop it with SIGTERM (exit 0), then purge the package.
#   scripts/package-test.sh [BUILD_DIR]     (default build/ci; the web admin must be built)
# Without systemd as PID 1 (containers, CI) the service is started the way the unit says: as the user
# brobygger, in its WorkingDirectory, with its Environment= lines, its EnvironmentFile and its ExecStart,
# LimitNOFILE and UMask; the unit itself is checked with `systemd-analyze verify`.
# Refuses to run where a brobygger package is installed already (it would be replaced and purged).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=$(realpath "${1:-build/ci}")
unit=/usr/lib/systemd/system/brobygger.service

[[ $(id -u) == 0 ]] || { echo "package-test: needs root (dpkg -i)" >&2; exit 1; }
if dpkg-query -W -f='${Status}' brobygger 2>/dev/null | grep -q installed; then
  echo "package-test: a brobygger package is installed here already; not touching it" >&2
  exit 1
fi
[[ -f web-admin/dist/index.html ]] || scripts/build-web.sh

work=$(mktemp -d /tmp/brobygger-package.XXXXXX)
user_existed=0
getent passwd brobygger >/dev/null && user_existed=1
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; fi
  if dpkg-query -W -f='${Status}' brobygger 2>/dev/null | grep -q installed; then
    dpkg --purge brobygger >/dev/null 2>&1 || true
  fi
  rm -rf /var/lib/brobygger
  if [[ $user_existed == 0 ]] && getent passwd brobygger >/dev/null; then
    deluser --quiet --system brobygger >/dev/null 2>&1 || true
    if getent group brobygger >/dev/null; then delgroup --quiet --system brobygger >/dev/null 2>&1 || true; fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
fail() { echo "package-test: FAILED: $*" >&2; exit 1; }

# 1. Build the package.
(cd "$build_dir" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/brobygger_*.deb)
echo "package-test: built ${deb##*/} ($(du -k "$deb" | cut -f1) KiB)"
depends=$(dpkg-deb -f "$deb" Depends)
for library in libpistache0 libsoci-core4.0 libsqlite3-0 adduser; do
  [[ $depends == *"$library"* ]] || fail "Depends lacks $library: $depends"
done

# 2. Install it; check the files, the conffile, the user and the state directory.
dpkg -i "$deb" >/dev/null
[[ -x /usr/bin/brobygger ]] || fail "/usr/bin/brobygger missing"
[[ -f /usr/share/brobygger/web/index.html ]] || fail "the web admin is missing"
[[ -f $unit ]] || fail "the unit is missing"
dpkg-query -W -f='${Conffiles}' brobygger | grep -q /etc/brobygger/brobygger.env || fail "brobygger.env is no conffile"
[[ $(stat -c %a:%G /etc/brobygger/brobygger.env) == 640:brobygger ]] || fail "brobygger.env should be 0640 root:brobygger"
getent passwd brobygger | grep -q ':/usr/sbin/nologin$\|:/bin/false$' || fail "the user brobygger may log in"
[[ $(stat -c %U:%a /var/lib/brobygger) == brobygger:750 ]] || fail "/var/lib/brobygger: $(stat -c %U:%a /var/lib/brobygger)"
for setting in "ProtectSystem=strict" "ReadWritePaths=/var/lib/brobygger" "NoNewPrivileges=yes" "PrivateTmp=yes" \
               "ProtectHome=yes" "LimitNOFILE=65536" "User=brobygger" "Restart=on-failure" \
               "EnvironmentFile=-/etc/brobygger/brobygger.env"; do
  grep -qx "$setting" "$unit" || fail "the unit lacks $setting"
done
# The unit drains for BROBYGGER_SHUTDOWN_SECONDS (20 s by default): systemd must wait longer.
stop_timeout=$(sed -n 's/^TimeoutStopSec=\([0-9]*\)s\?$/\1/p' "$unit")
(( stop_timeout > 20 )) || fail "TimeoutStopSec=$stop_timeout is not above the 20 s drain"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$unit" || fail "systemd-analyze verify"
fi

# 3. Start the service on a free port.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
if [[ $(ps -p 1 -o comm=) == systemd ]]; then
  mkdir -p /run/systemd/system/brobygger.service.d
  printf '[Service]\nEnvironment=BROBYGGER_LISTEN=127.0.0.1:%s\n' "$port" \
    >/run/systemd/system/brobygger.service.d/package-test.conf
  systemctl daemon-reload
  systemctl restart brobygger.service
  started_by=systemd
else
  # As the unit would: its Environment= lines, then its EnvironmentFile (which wins), then the port.
  environment=(PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/brobygger LANG=C.UTF-8)
  while IFS= read -r assignment; do environment+=("$assignment"); done < <(sed -n 's/^Environment=//p' "$unit")
  while IFS= read -r line; do
    [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] && environment+=("$line")
  done </etc/brobygger/brobygger.env
  environment+=("BROBYGGER_LISTEN=127.0.0.1:$port")
  # LimitNOFILE, as far as this shell may raise it (a container may cap the hard limit below it).
  nofile=$(sed -n 's/^LimitNOFILE=//p' "$unit")
  (( $(ulimit -Hn) >= nofile )) || nofile=$(ulimit -Hn)
  read -r -a exec_start <<<"$(sed -n 's/^ExecStart=//p' "$unit")"
  workdir=$(sed -n 's/^WorkingDirectory=//p' "$unit")
  umask_value=$(sed -n 's/^UMask=//p' "$unit")
  (
    cd "$workdir"
    ulimit -n "$nofile"
    umask "$umask_value"
    exec env -i "${environment[@]}" setpriv --reuid=brobygger --regid=brobygger --init-groups --no-new-privs \
      "${exec_start[@]}" >"$work/service.log" 2>&1
  ) &
  pid=$!
  started_by="setpriv (PID 1 is $(ps -p 1 -o comm=), not systemd)"
fi
ready=0
for _ in $(seq 100); do
  if curl -fsS "$base/healthz" >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.1
done
[[ $ready == 1 ]] || { cat "$work/service.log" 2>/dev/null || true; fail "no /healthz on $base"; }
curl -fsS "$base/readyz" >/dev/null || fail "/readyz"
page=$(curl -fsS "$base/") || fail "GET /"
[[ $page == *"<html"* ]] || fail "the web admin is not served from /usr/share/brobygger/web"
if [[ -n $pid ]]; then
  server=$(pgrep -P "$pid" -x brobygger || echo "$pid")
  [[ $(ps -o user= -p "$server") == brobygger ]] || fail "the server does not run as brobygger"
  [[ $(awk '/Max open files/ {print $4}' "/proc/$server/limits") == "$nofile" ]] || fail "LimitNOFILE not applied"
  (( nofile == 65536 )) || echo "package-test: note: this machine caps open files at $nofile, below LimitNOFILE=65536"
fi
[[ $(stat -c %U /var/lib/brobygger/brobygger.db) == brobygger ]] || fail "the database is not in /var/lib/brobygger"
echo "package-test: installed, started by $started_by, /healthz /readyz and / answered on $base"

# 4. Stop: SIGTERM drains and exits 0.
if [[ -n $pid ]]; then
  kill -TERM "$server"
  status=0
  wait "$pid" || status=$?
  pid=
  [[ $status == 0 ]] || { cat "$work/service.log"; fail "exit status $status after SIGTERM"; }
else
  systemctl stop brobygger.service
  rm -rf /run/systemd/system/brobygger.service.d/package-test.conf
fi

# 5. Purge: the program and the conffile go; the data stays (postrm), removed here by cleanup.
dpkg --purge brobygger >/dev/null
[[ ! -e /usr/bin/brobygger && ! -e /etc/brobygger/brobygger.env && ! -e $unit ]] || fail "purge left files behind"
[[ -f /var/lib/brobygger/brobygger.db ]] || fail "purge removed the data"
echo "package-test: purged; passed"

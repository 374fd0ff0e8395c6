# shellcheck shell=bash
# Shared by the throwaway database scripts (scripts/mariadb.sh, scripts/galera.sh); sourced, not run.

# stop_pidfile PIDFILE SECONDS: the server whose pid the file holds gets SIGTERM, is waited for up to
# SECONDS (it may be writing its last pages), then SIGKILL; the file is removed. Nothing when no file.
stop_pidfile() {
  local pidfile=$1 seconds=$2
  [[ -f $pidfile ]] || return 0
  local pid
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((seconds * 10))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

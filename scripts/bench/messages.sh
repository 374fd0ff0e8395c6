#!/usr/bin/env bash
# Messages (issue 15), on SQLite and on MariaDB:
# 1. queuing an announcement to ~20,000 people (POST /api/v1/messages over HTTP: checks, the stored
#    announcement and ONE INSERT ... SELECT into the outbox), beside a baseline from the same run: the
#    same rows inserted by the bare statement through the database's own client. Aim: < 2 s.
# 2. outbox delivery to a local SMTP relay (python3-aiosmtpd's Sink handler), in messages per second over
#    a measured window, beside a baseline from the same run: Python's smtplib sending to the same relay,
#    one connection per message as the server does. Aim: > 100 messages/s.
#   scripts/bench/messages.sh BIN [sqlite|mariadb ...]
# BENCH_MESSAGE_PEOPLE (default 20000) and BENCH_DELIVERY_SECONDS (default 10) shrink it for a quick look.
# shellcheck source=scripts/bench/common.sh
source "$(dirname "$0")/common.sh" messages "$@"
people=${BENCH_MESSAGE_PEOPLE:-20000}
window=${BENCH_DELIVERY_SECONDS:-10}
contacts=$((people * 2))
now() { date +%s.%N; }
seconds() { python3 -c "import time; print(f'{time.time() - $1:.2f}')"; }

relay_port=$(free_port)
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$relay_port" -c aiosmtpd.handlers.Sink >"$work/relay.log" 2>&1 &
relay_pid=$!
trap 'kill $relay_pid 2>/dev/null || true; cleanup' EXIT INT TERM
for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$relay_port") 2>/dev/null && break; sleep 0.1; done

echo "Brobygger messages benchmark: an announcement to ~$people people, delivery for ${window} s, $(nproc) cores"
for backend in "${backends[@]}"; do
  echo "== $backend"
  if [[ $backend == mariadb ]]; then
    scripts/mariadb.sh start "$work/mariadb" >/dev/null
    # shellcheck disable=SC1091
    source "$work/mariadb/env"
    export BROBYGGER_DATABASE=$BROBYGGER_TEST_MARIADB
    sql() { mariadb --socket="$work/mariadb/mysqld.sock" -uroot brobygger_test -N -e "$1"; }
    sql_now="UTC_TIMESTAMP()"
  else
    export BROBYGGER_DATABASE="sqlite3://db=$work/messages.db"
    sql() { sqlite3 "$work/messages.db" "$1"; }
    sql_now="datetime('now')"
  fi
  "$bin" migrate >/dev/null
  "$bin" seed reference >/dev/null
  "$bin" seed scale --organisations $((people / 10)) --contacts "$contacts" --events 0 --registrations 0 \
    --activities 0 --follow-ups 0 >/dev/null 2>&1
  # Exactly `people` people with an address and newsletter consent; everyone else without consent.
  sql "UPDATE contacts SET consent_newsletter = 0"
  sql "UPDATE contacts SET consent_newsletter = 1 WHERE id IN (SELECT id FROM (SELECT id FROM contacts WHERE email IS NOT NULL ORDER BY id LIMIT $people) AS chosen)"
  BROBYGGER_PASSWORD=$password "$bin" user add --email admin@bench.example --name Admin --role admin >/dev/null

  # The baseline: the same rows by the bare statement, then removed again.
  bare="INSERT INTO outbox (contact_id, reason, status, attempts, created_at, next_attempt_at) SELECT c.id, 'bench', 'skipped', 0, $sql_now, $sql_now FROM contacts c JOIN organisations o ON o.id = c.organisation_id WHERE o.status = 'active' AND c.status = 'active' AND c.erased_at IS NULL AND c.email IS NOT NULL AND c.consent_newsletter = 1"
  start=$(now)
  sql "$bare"
  baseline=$(seconds "$start")
  rows=$(sql "SELECT COUNT(*) FROM outbox WHERE reason = 'bench'")
  sql "DELETE FROM outbox WHERE reason = 'bench'"

  # The scale data's people have no recent participation: the start-up retention round must not erase them
  # while they are measured (nor hold the server's shutdown).
  export BROBYGGER_RETENTION_INACTIVE_MONTHS=1200 BROBYGGER_RETENTION_PARTICIPATION_MONTHS=1200
  # The server without a relay: the announcement is only queued.
  port=$(free_port)
  BROBYGGER_LOG_LEVEL=warn BROBYGGER_THREADS=4 "$bin" serve --listen "127.0.0.1:$port" --web-root "" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  base="http://127.0.0.1:$port"
  token=$(login admin@bench.example)
  body='{"subject":"Invitation til netværksmøde","body":"Kære {{name}} fra {{organisation}}\n\nVi inviterer til netværksmøde.\n","organisations":{}}'
  start=$(now)
  answer=$(curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$body" "$base/api/v1/messages")
  queued=$(seconds "$start")
  recipients=$(python3 -c 'import sys,json; print(json.loads(sys.argv[1])["recipients"])' "$answer")
  echo "queue an announcement: $recipients people in $queued s over HTTP (aim < 2 s); baseline: the bare INSERT ... SELECT of the same $rows rows $baseline s"
  kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  server_pid=""

  # Delivery: the same server with the relay, measured over a window once it runs.
  port=$(free_port)
  BROBYGGER_LOG_LEVEL=warn BROBYGGER_THREADS=4 BROBYGGER_SMTP_URL="smtp://127.0.0.1:$relay_port" \
    BROBYGGER_OUTBOX_INTERVAL_MS=10 "$bin" serve --listen "127.0.0.1:$port" --web-root "" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  sent_count() { sql "SELECT COUNT(*) FROM outbox WHERE status = 'sent'"; }
  sleep 2
  first=$(sent_count)
  start=$(now)
  sleep "$window"
  last=$(sent_count)
  elapsed=$(seconds "$start")
  kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
  server_pid=""
  rate=$(python3 -c "print(f'{($last - $first) / $elapsed:.0f}')")
  smtp=$(/usr/bin/python3 - "$relay_port" <<'PY'
import smtplib, sys, time
from email.message import EmailMessage
port, n = int(sys.argv[1]), 300
start = time.time()
for i in range(n):
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "bench@brobygger.dk", f"p{i}@example.dk", "Invitation til netværksmøde"
    m.set_content("Kære deltager\n\nVi inviterer til netværksmøde.\n")
    with smtplib.SMTP("127.0.0.1", port) as s:
        s.send_message(m)
print(f"{n / (time.time() - start):.0f}")
PY
)
  echo "outbox delivery to a local relay: $rate messages/s ($((last - first)) in $elapsed s; aim > 100/s); baseline: smtplib to the same relay, a connection per message, $smtp messages/s"
done

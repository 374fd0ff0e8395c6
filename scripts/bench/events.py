"""Fixtures and checks for the registration benchmark (through the API, not measured).
  events.py BASE TOKEN create N CAPACITY   -> prints the new event ids, comma-separated (published)
  events.py BASE TOKEN verify IDS          -> checks no event holds more confirmed than its capacity and
                                              that confirmed + waitlisted equals its registrations; prints
                                              totals"""
import datetime, http.client, json, sys, urllib.parse

base, token, command = sys.argv[1], sys.argv[2], sys.argv[3]
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)  # an unanswered request fails the run, never hangs it

def call(method, path, body=None):
    headers = {"Authorization": "Bearer " + token, "Connection": "keep-alive"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    reply = conn.getresponse()
    data = reply.read()
    if reply.status >= 300:
        raise SystemExit(f"{method} {path}: {reply.status} {data[:300]!r}")
    return json.loads(data) if data else None

if command == "create":
    count, capacity = int(sys.argv[4]), int(sys.argv[5])
    start = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).replace(microsecond=0)
    ids = []
    for i in range(count):
        event = call("POST", "/api/v1/events", {
            "kind": "seminar", "title": f"Benchmark-seminar {i}", "capacity": capacity,
            "starts_at": start.isoformat(), "ends_at": (start + datetime.timedelta(hours=3)).isoformat()})
        call("POST", f"/api/v1/events/{event['id']}/publish")
        ids.append(str(event["id"]))
    print(",".join(ids))
elif command == "create-many":
    # N published events an hour apart from 30 days ahead, created by 8 clients at once.
    import threading
    count = int(sys.argv[4])
    start = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).replace(microsecond=0, second=0)
    def worker(k):
        c = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        def post(path, body=None):
            headers = {"Authorization": "Bearer " + token, "Connection": "keep-alive", "Content-Type": "application/json"}
            c.request("POST", path, json.dumps(body) if body is not None else "{}", headers)
            reply = c.getresponse()
            data = reply.read()
            if reply.status >= 300:
                raise SystemExit(f"POST {path}: {reply.status} {data[:200]!r}")
            return json.loads(data)
        for i in range(k, count, 8):
            t = start + datetime.timedelta(hours=i)
            event = post("/api/v1/events", {"kind": "seminar", "title": f"Feed-seminar {i}",
                         "venue": {"name": "Politigården", "address": "Polititorvet 14\n1780 København V"},
                         "starts_at": t.isoformat(), "ends_at": (t + datetime.timedelta(hours=3)).isoformat()})
            post(f"/api/v1/events/{event['id']}/publish")
    failures = []
    def guarded(k):
        try:
            worker(k)
        except BaseException as e:  # a timeout or a refusal: the run fails, it does not go on short
            failures.append(f"client {k}: {e!r}")
    threads = [threading.Thread(target=guarded, args=(k,)) for k in range(8)]
    for t in threads: t.start()
    for t in threads: t.join()
    if failures:
        raise SystemExit("create-many failed: " + "; ".join(failures))
    print(count)
elif command == "verify":
    confirmed = waitlisted = 0
    for event_id in sys.argv[4].split(","):
        event = call("GET", f"/api/v1/events/{event_id}")
        total = call("GET", f"/api/v1/events/{event_id}/registrations?limit=1")["total"]
        if event["capacity"] is not None and event["confirmed"] > event["capacity"]:
            raise SystemExit(f"OVERBOOKED: event {event_id} has {event['confirmed']} confirmed for {event['capacity']} seats")
        if event["confirmed"] + event["waitlisted"] != total:
            raise SystemExit(f"event {event_id}: counts {event['confirmed']}+{event['waitlisted']} != {total} registrations")
        confirmed += event["confirmed"]
        waitlisted += event["waitlisted"]
    print(f"confirmed={confirmed} waitlisted={waitlisted} overbooked=0")

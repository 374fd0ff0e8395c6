"""Creates N contacts through the API (fixture for the registration benchmark; not measured).
usage: make_contacts.py BASE_URL TOKEN N ORGANISATION_IDS(comma) -> prints first_id count"""
import http.client, json, sys, threading, urllib.parse

base, token, count, orgs = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(x) for x in sys.argv[4].split(",")]
url = urllib.parse.urlparse(base)
ids, lock = [], threading.Lock()

def worker(start, step):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)  # fails the run rather than hang it
    for i in range(start, count, step):
        body = json.dumps({"organisation_id": orgs[i % len(orgs)], "name": f"Bench Deltager {i:05d}",
                           "email": f"bench.{i}@example.dk"})
        conn.request("POST", "/api/v1/contacts", body, {"Authorization": "Bearer " + token,
                     "Content-Type": "application/json", "Connection": "keep-alive"})
        reply = conn.getresponse()
        data = reply.read()
        if reply.status != 201:
            raise SystemExit(f"contact {i}: {reply.status} {data[:200]!r}")
        with lock:
            ids.append(json.loads(data)["id"])

failures = []
def guarded(start, step):
    try:
        worker(start, step)
    except BaseException as e:  # a timeout or a refusal: the run fails, it does not go on short
        failures.append(f"client {start}: {e!r}")
threads = [threading.Thread(target=guarded, args=(k, 8)) for k in range(8)]
for t in threads: t.start()
for t in threads: t.join()
if failures:
    raise SystemExit("make_contacts failed: " + "; ".join(failures))
ids.sort()
if ids != list(range(ids[0], ids[0] + len(ids))):
    raise SystemExit("contact ids are not contiguous")
print(ids[0], len(ids))

#!/usr/bin/env python3
"""Times GET requests over one keep-alive connection, one after another (no load: the latency a user
waits for). Usage: timed_get.py BASE_URL TOKEN COUNT PATH [PATH ...]; each PATH may hold `{n}`, replaced
by the request number (to defeat caches). Prints `RESULT median_ms=.. p99_ms=.. n=..` after 2 warm-up
requests, or exits 1 on any answer but 200."""
import http.client
import statistics
import sys
import time
import urllib.parse

base, token, count, *paths = sys.argv[1:]
count = int(count)
url = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
headers = {"Authorization": f"Bearer {token}"}
times = []
for n in range(count + 2):
    path = paths[n % len(paths)].replace("{n}", str(n))
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    reply = conn.getresponse()
    reply.read()
    elapsed = (time.perf_counter() - start) * 1000
    if reply.status != 200:
        print(f"{path}: HTTP {reply.status}", file=sys.stderr)
        sys.exit(1)
    if n >= 2:
        times.append(elapsed)
times.sort()
p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
print(f"RESULT median_ms={statistics.median(times):.1f} p99_ms={p99:.1f} n={len(times)}")

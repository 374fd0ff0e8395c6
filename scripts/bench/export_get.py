#!/usr/bin/env python3
"""Downloads one export and watches the server's memory meanwhile. Usage:
export_get.py BASE_URL TOKEN SERVER_PID PATH. Samples the server's VmRSS every 5 ms from the request's
start to the last byte; prints `RESULT ms=.. bytes=.. rows=.. rss_before_mb=.. rss_peak_mb=..
rss_growth_mb=..` (rows: CSV lines after the header, or the XLSX sheet's last row), or exits 1 on any
answer but 200."""
import http.client
import re
import sys
import threading
import time
import urllib.parse
import zipfile
import io

base, token, pid, path = sys.argv[1:]
url = urllib.parse.urlparse(base)


def rss_kib():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


before = rss_kib()
peak = before
done = threading.Event()


def watch():
    global peak
    while not done.is_set():
        peak = max(peak, rss_kib())
        time.sleep(0.005)


watcher = threading.Thread(target=watch)
watcher.start()
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=600)
start = time.perf_counter()
conn.request("GET", path, headers={"Authorization": f"Bearer {token}"})
reply = conn.getresponse()
body = reply.read()
elapsed = (time.perf_counter() - start) * 1000
done.set()
watcher.join()
if reply.status != 200:
    print(f"{path}: HTTP {reply.status} {body[:300]!r}", file=sys.stderr)
    sys.exit(1)
if body.startswith(b"PK"):
    sheet = zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml").decode()
    rows = int(re.findall(r'<row r="(\d+)"', sheet)[-1]) - 1
else:
    rows = body.count(b"\r\n") - 1
print(f"RESULT ms={elapsed:.0f} bytes={len(body)} rows={rows} rss_before_mb={before / 1024:.1f} "
      f"rss_peak_mb={peak / 1024:.1f} rss_growth_mb={(peak - before) / 1024:.1f}")

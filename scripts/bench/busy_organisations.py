#!/usr/bin/env python3
"""Prints the ids of the organisations with the most activities (the heaviest timelines), one line,
comma-separated. Usage: busy_organisations.py sqlite DB_FILE COUNT
                        busy_organisations.py mariadb SOCKET DATABASE COUNT"""
import sqlite3
import subprocess
import sys

QUERY = ("SELECT organisation_id FROM activities GROUP BY organisation_id "
         "ORDER BY COUNT(*) DESC, organisation_id LIMIT {n}")

if sys.argv[1] == "sqlite":
    _, _, path, count = sys.argv
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    ids = [str(r[0]) for r in db.execute(QUERY.format(n=int(count)))]
else:
    _, _, socket, database, count = sys.argv
    out = subprocess.run(["mariadb", f"--socket={socket}", "-uroot", "-N", "-B", database, "-e",
                          QUERY.format(n=int(count))], check=True, capture_output=True, text=True).stdout
    ids = out.split()
print(",".join(ids))

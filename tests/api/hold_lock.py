#!/usr/bin/env python3
"""Holds a write lock on the test's database until standard input closes: the whole database on SQLite
(BEGIN IMMEDIATE), one organisation's row on MariaDB (SELECT ... FOR UPDATE through the mariadb client).
Prints "held" once the lock is taken.
    hold_lock.py CONNECTION ORGANISATION_ID"""
import re
import sqlite3
import subprocess
import sys

connection, organisation = sys.argv[1], int(sys.argv[2])
params = dict(re.findall(r"(\w+)=('[^']*'|\S+)", connection.split("://", 1)[1]))
params = {k: v.strip("'") for k, v in params.items()}
if connection.startswith("sqlite3://"):
    db = sqlite3.connect(params["db"], timeout=30, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
    print("held", flush=True)
    sys.stdin.read()
    db.execute("ROLLBACK")
else:
    client = subprocess.Popen(
        ["mariadb", "-N", "-B", "--unbuffered", "-h", params.get("host", "127.0.0.1"), "-P", params.get("port", "3306"),
         "-u", params["user"], "-p" + params.get("password", ""), params["db"]],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    client.stdin.write(f"BEGIN; SELECT id FROM organisations WHERE id = {organisation} FOR UPDATE; SELECT 'held';\n")
    client.stdin.flush()
    for line in client.stdout:
        if line.strip() == "held":
            break
    else:
        sys.exit("hold_lock.py: the lock could not be taken")
    print("held", flush=True)
    sys.stdin.read()
    client.stdin.write("ROLLBACK;\n")
    client.stdin.close()
    client.wait()

#!/usr/bin/env python3
"""Searches every text column of every table of a Brobygger database for strings.

    find_text.py '<SOCI connection string>' NEEDLE [NEEDLE ...]

Prints one line `table.column: needle` per hit, nothing when none; exit 0 either way. For SQLite it
reads the file with Python's sqlite3; for MariaDB it asks the server through the `mariadb` client."""
import re
import sqlite3
import subprocess
import sys

TEXT_TYPES = ("char", "text", "clob", "varchar", "enum", "json")


def sqlite_hits(path, needles):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        for _, column, ctype, *_ in db.execute(f'PRAGMA table_info("{table}")'):
            if not any(t in (ctype or "").lower() for t in TEXT_TYPES):
                continue
            for needle in needles:
                n = db.execute(f'SELECT COUNT(*) FROM "{table}" WHERE instr(lower("{column}"), lower(?)) > 0', (needle,)).fetchone()[0]
                if n:
                    print(f"{table}.{column}: {needle}")


def mariadb_hits(conn, needles):
    opt = lambda k: (re.search(rf"{k}='?([^'\s]*)'?", conn) or [None, ""])[1]
    base = ["mariadb", "-h127.0.0.1", f"-P{opt('port')}", f"-u{opt('user')}", f"-p{opt('password')}", "-N", "-B", opt("db")]
    columns = subprocess.run(base + ["-e", "SELECT table_name, column_name FROM information_schema.columns WHERE "
                                     "table_schema = DATABASE() AND data_type IN ('char','varchar','text','tinytext','mediumtext','longtext','enum')"],
                             capture_output=True, text=True, check=True).stdout.split("\n")
    for line in filter(None, columns):
        table, column = line.split("\t")
        for needle in needles:
            escaped = needle.replace("\\", "\\\\").replace("'", "''")
            out = subprocess.run(base + ["-e", f"SELECT COUNT(*) FROM `{table}` WHERE LOCATE(LOWER(CONVERT('{escaped}' USING utf8mb4)), "
                                           f"LOWER(CONVERT(`{column}` USING utf8mb4))) > 0"],
                                 capture_output=True, text=True, check=True).stdout.strip()
            if out and out != "0":
                print(f"{table}.{column}: {needle}")


if __name__ == "__main__":
    connection, needles = sys.argv[1], sys.argv[2:]
    if connection.startswith("sqlite3://"):
        sqlite_hits(re.search(r"db=(\S+)", connection)[1], needles)
    else:
        mariadb_hits(connection, needles)

#!/usr/bin/env python3
"""The baseline for the overviews: the same figures by plain joins and GROUP BY over the raw tables
(registrations x events x organisations), as a report tool would write them, timed in the same run.

  naive_reports.py sqlite DBFILE FROM_UTC TO_UTC PREV_FROM_UTC COUNT
  naive_reports.py mariadb SOCKET DATABASE FROM_UTC TO_UTC PREV_FROM_UTC COUNT

Times each grouping for both periods (as the product answers both) and the dormant anti-join, COUNT
times each; prints one `RESULT name median_ms=.. p99_ms=..` line per query. MariaDB durations come from
the server's own profiling (SHOW PROFILES), so the client's start-up is not counted."""
import statistics
import subprocess
import sys
import time

GROUPS = {
    "police_district": "o.police_district_id",
    "region": "o.region_id",
    "municipality": "o.municipality_id",
    "organisation_kind": "o.kind",
    "event_kind": "e.kind",
    "month": "SUBSTR(e.starts_at, 1, 7)",
}
SEATS = "('confirmed', 'attended', 'no_show')"
COUNTED = "('published', 'completed')"


def engagement(group, start, end):
    joined = (f"FROM registrations r JOIN events e ON e.id = r.event_id JOIN organisations o ON o.id = r.organisation_id "
              f"WHERE e.starts_at >= '{start}' AND e.starts_at < '{end}' AND e.status IN {COUNTED}")
    return [
        f"SELECT {group} AS g, COUNT(DISTINCT CASE WHEN r.status = 'attended' THEN r.organisation_id END), "
        f"COUNT(DISTINCT r.organisation_id), COUNT(DISTINCT CASE WHEN r.status = 'attended' THEN r.contact_id END), "
        f"COUNT(DISTINCT r.event_id), COUNT(*), SUM(CASE WHEN r.status = 'attended' THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN r.status = 'no_show' THEN 1 ELSE 0 END) {joined} AND r.status IN {SEATS} GROUP BY {group}",
        f"SELECT g, COUNT(*) FROM (SELECT {group} AS g, r.organisation_id {joined} AND r.status = 'attended' "
        f"GROUP BY {group}, r.organisation_id HAVING COUNT(DISTINCT r.event_id) >= 2) x GROUP BY g",
    ]


def queries(start, end, previous):
    out = {}
    for name, group in GROUPS.items():
        out[name] = engagement(group, start, end) + engagement(group, previous, start) + [
            "SELECT o.police_district_id, COUNT(*) FROM organisations o WHERE o.status = 'active' GROUP BY o.police_district_id"]
    cutoff = end  # "no attendance in the last 12 months" ends where the period ends
    out["dormant"] = [
        f"SELECT COUNT(*) FROM organisations o WHERE o.status = 'active' AND NOT EXISTS (SELECT 1 FROM registrations r "
        f"JOIN events e ON e.id = r.event_id WHERE r.organisation_id = o.id AND r.status = 'attended' AND e.status IN {COUNTED} "
        f"AND e.starts_at >= '{start}')",
        f"SELECT o.id, o.name, MAX(e.starts_at) AS last FROM organisations o LEFT JOIN registrations r ON r.organisation_id = o.id "
        f"AND r.status = 'attended' LEFT JOIN events e ON e.id = r.event_id AND e.status IN {COUNTED} WHERE o.status = 'active' "
        f"GROUP BY o.id, o.name HAVING MAX(e.starts_at) IS NULL OR MAX(e.starts_at) < '{start}' ORDER BY last, o.name LIMIT 50",
    ]
    return out


def summarise(name, times):
    times.sort()
    p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
    print(f"RESULT {name} median_ms={statistics.median(times):.1f} p99_ms={p99:.1f}")


def run_sqlite(path, start, end, previous, count):
    import sqlite3
    db = sqlite3.connect(path)
    for name, statements in queries(start, end, previous).items():
        times = []
        for _ in range(count):
            t = time.perf_counter()
            for sql in statements:
                db.execute(sql).fetchall()
            times.append((time.perf_counter() - t) * 1000)
        summarise(name, times)


def run_mariadb(socket, database, start, end, previous, count):
    for name, statements in queries(start, end, previous).items():
        script = "SET profiling = 1; SET profiling_history_size = 100;\n"
        script += "\n".join(f"{sql};" for _ in range(count) for sql in statements) + "\nSHOW PROFILES;\n"
        out = subprocess.run(["mariadb", f"--socket={socket}", "-uroot", "-N", "-B", database], input=script,
                             capture_output=True, text=True, check=True).stdout
        durations = [float(line.split("\t")[1]) * 1000 for line in out.splitlines()
                     if line.count("\t") >= 2 and line.split("\t")[0].isdigit() and "." in line.split("\t")[1]]
        per = len(statements)
        durations = durations[-count * per:]
        summarise(name, [sum(durations[i:i + per]) for i in range(0, len(durations), per)])


if __name__ == "__main__":
    if sys.argv[1] == "sqlite":
        run_sqlite(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]))
    else:
        run_mariadb(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6], int(sys.argv[7]))

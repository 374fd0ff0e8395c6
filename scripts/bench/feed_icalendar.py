"""Generates N VEVENTs into one calendar with python-icalendar (Debian's), as the feed benchmark's
reference. Prints the milliseconds spent building and serialising."""
import datetime, sys, time
from icalendar import Calendar, Event

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
started = time.perf_counter()
cal = Calendar()
cal.add("prodid", "-//bench//python-icalendar//EN")
cal.add("version", "2.0")
base = datetime.datetime(2027, 1, 1, 8, 0, tzinfo=datetime.timezone.utc)
now = datetime.datetime.now(datetime.timezone.utc)
for i in range(n):
    e = Event()
    start = base + datetime.timedelta(hours=i)
    e.add("uid", f"event-{i}@bench")
    e.add("sequence", 0)
    e.add("dtstamp", now)
    e.add("dtstart", start)
    e.add("dtend", start + datetime.timedelta(hours=3))
    e.add("summary", f"Benchmark-seminar {i}")
    e.add("location", "Politigården, Polititorvet 14, 1780 København V")
    e.add("status", "CONFIRMED")
    cal.add_component(e)
text = cal.to_ical()
print(f"RESULT ms={(time.perf_counter() - started) * 1000:.1f} bytes={len(text)}")

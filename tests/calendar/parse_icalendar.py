#!/usr/bin/python3
"""Reads calendar files with Debian's python3-icalendar and prints what it understood as JSON.

Usage: /usr/bin/python3 parse_icalendar.py FILE...  ->  {"FILE": {...}, ...}
The shape is the same as parse_icaljs.mjs prints, so tests/calendar/ics_writer_test.cpp can compare them.
Times with a TZID are resolved twice: with the file's own VTIMEZONE (icalendar's Timezone.to_tz()) and by
name through pytz; a disagreement is reported in "problems". Run it with TZ=UTC so nothing local leaks in.
"""
import datetime
import json
import sys

import icalendar
import pytz

UTC = pytz.utc


def iso_utc(value):
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Reader:
    def __init__(self, calendar):
        self.problems = []
        self.zones = {}
        for vtz in calendar.walk("VTIMEZONE"):
            tzid = str(vtz["TZID"])
            self.zones[tzid] = vtz.to_tz()

    def moment(self, prop, what, tzid=None):
        """A DTSTART/DTEND/EXDATE/RECURRENCE-ID value: 'YYYY-MM-DD' for a date, else the UTC instant."""
        value = prop.dt
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
        if tzid is None and hasattr(prop, "params"):
            tzid = prop.params.get("TZID")
        if value.tzinfo is None:
            self.problems.append("%s is floating" % what)
            return value.strftime("%Y-%m-%dT%H:%M:%S")
        if tzid is not None:
            if tzid not in self.zones:
                self.problems.append("%s: TZID %s has no VTIMEZONE" % (what, tzid))
            else:
                own = self.zones[tzid].localize(value.replace(tzinfo=None))
                if iso_utc(own) != iso_utc(value):
                    self.problems.append("%s: the file's VTIMEZONE gives %s, the zone database %s"
                                         % (what, iso_utc(own), iso_utc(value)))
                return iso_utc(own)
        return iso_utc(value)

    def moments(self, prop, what):
        if prop is None:
            return []
        props = prop if isinstance(prop, list) else [prop]
        out = []
        for p in props:
            tzid = p.params.get("TZID")
            for d in p.dts:
                out.append(self.moment(d, what, tzid))
        return sorted(out)


def rrule_text(recur, reader):
    parts = {}
    for key, values in recur.items():
        key = key.upper()
        if key == "UNTIL":
            until = values[0]
            if isinstance(until, datetime.datetime):
                if until.tzinfo is None:
                    reader.problems.append("RRULE UNTIL is floating")
                    parts[key] = until.strftime("%Y-%m-%dT%H:%M:%S")
                else:
                    parts[key] = iso_utc(until)
            else:
                parts[key] = until.isoformat()
        else:
            parts[key] = ",".join(str(v) for v in values)
    return ";".join("%s=%s" % (k, parts[k]) for k in sorted(parts))


def person(prop):
    params = {str(k).upper(): str(v) for k, v in prop.params.items()}
    return {"value": str(prop), "params": params}


def text(component, name):
    value = component.get(name)
    return None if value is None else str(value)


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    calendar = icalendar.Calendar.from_ical(data)
    reader = Reader(calendar)
    events = []
    for event in calendar.walk("VEVENT"):
        attendees = event.get("ATTENDEE")
        if attendees is not None and not isinstance(attendees, list):
            attendees = [attendees]
        rrule = event.get("RRULE")
        events.append({
            "uid": text(event, "UID"),
            "sequence": int(event["SEQUENCE"]) if "SEQUENCE" in event else None,
            "dtstamp": reader.moment(event["DTSTAMP"], "DTSTAMP") if "DTSTAMP" in event else None,
            "start": reader.moment(event["DTSTART"], "DTSTART"),
            "end": reader.moment(event["DTEND"], "DTEND") if "DTEND" in event else None,
            "summary": text(event, "SUMMARY"),
            "description": text(event, "DESCRIPTION"),
            "location": text(event, "LOCATION"),
            "url": text(event, "URL"),
            "status": text(event, "STATUS"),
            "rrule": rrule_text(rrule, reader) if rrule is not None else None,
            "exdates": reader.moments(event.get("EXDATE"), "EXDATE"),
            "recurrenceId": reader.moment(event["RECURRENCE-ID"], "RECURRENCE-ID")
            if "RECURRENCE-ID" in event else None,
            "organizer": person(event["ORGANIZER"]) if "ORGANIZER" in event else None,
            "attendees": [person(a) for a in attendees or []],
        })
    return {
        "method": text(calendar, "METHOD"),
        "name": text(calendar, "X-WR-CALNAME"),
        "prodid": text(calendar, "PRODID"),
        "version": text(calendar, "VERSION"),
        "timezones": sorted(reader.zones),
        "events": events,
        "problems": reader.problems,
    }


def main():
    out = {}
    for path in sys.argv[1:]:
        try:
            out[path] = read(path)
        except Exception as error:  # report, so the C++ test shows which file and why
            out[path] = {"error": "%s: %s" % (type(error).__name__, error)}
    json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

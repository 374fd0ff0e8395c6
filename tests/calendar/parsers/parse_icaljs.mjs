// Reads calendar files with ical.js (Thunderbird's parser) and prints what it understood as JSON.
//
// Usage: node parse_icaljs.mjs FILE...  ->  {"FILE": {...}, ...}
// The shape is the same as ../parse_icalendar.py prints, so tests/calendar/ics_writer_test.cpp can compare
// them. ical.js resolves a TZID with the file's own VTIMEZONE; a TZID without one is reported in "problems"
// (ical.js would otherwise read the time as floating). Run it with TZ=UTC.
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

function isoDate(time) {
  return `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
}

function isoUtc(time) {
  const utc = time.convertToZone(ICAL.Timezone.utcTimezone);
  return `${isoDate(utc)}T${pad(utc.hour)}:${pad(utc.minute)}:${pad(utc.second)}Z`;
}

function read(path) {
  const text = readFileSync(path, 'utf8');
  const calendar = new ICAL.Component(ICAL.parse(text));
  const problems = [];
  const zones = calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid')).sort();

  const moment = (prop, value, what) => {
    if (value.isDate) return isoDate(value);
    const tzid = prop.getParameter('tzid');
    if (tzid !== undefined && tzid !== null) {
      if (!zones.includes(tzid)) problems.push(`${what}: TZID ${tzid} has no VTIMEZONE`);
    } else if (value.zone !== ICAL.Timezone.utcTimezone) {
      problems.push(`${what} is floating`);
      return `${isoDate(value)}T${pad(value.hour)}:${pad(value.minute)}:${pad(value.second)}`;
    }
    return isoUtc(value);
  };
  const single = (event, name, what) => {
    const prop = event.getFirstProperty(name);
    return prop ? moment(prop, prop.getFirstValue(), what) : null;
  };
  const textOf = (component, name) => {
    const prop = component.getFirstProperty(name);
    if (!prop) return null;
    const value = prop.getFirstValue();
    return value === null || value === undefined ? null : String(value);
  };
  const person = (prop) => {
    const params = {};
    for (const [key, value] of Object.entries(prop.toJSON()[1])) params[key.toUpperCase()] = String(value);
    return { value: String(prop.getFirstValue()), params };
  };
  const rruleText = (recur) => {
    const parts = {};
    parts.FREQ = recur.freq;
    if (recur.interval && recur.interval !== 1) parts.INTERVAL = String(recur.interval);
    if (recur.count) parts.COUNT = String(recur.count);
    if (recur.until) {
      if (recur.until.isDate) parts.UNTIL = isoDate(recur.until);
      else if (recur.until.zone === ICAL.Timezone.utcTimezone) parts.UNTIL = isoUtc(recur.until);
      else {
        problems.push('RRULE UNTIL is floating');
        parts.UNTIL = recur.until.toString();
      }
    }
    if (recur.wkst && recur.wkst !== ICAL.Time.MONDAY) parts.WKST = ICAL.Recur.numericDayToIcalDay(recur.wkst);
    for (const [key, values] of Object.entries(recur.parts)) parts[key] = values.join(',');
    return Object.keys(parts).sort().map((k) => `${k}=${parts[k]}`).join(';');
  };

  const events = calendar.getAllSubcomponents('vevent').map((event) => {
    const exdates = [];
    for (const prop of event.getAllProperties('exdate'))
      for (const value of prop.getValues()) exdates.push(moment(prop, value, 'EXDATE'));
    const rrule = event.getFirstPropertyValue('rrule');
    const organizer = event.getFirstProperty('organizer');
    const sequence = event.getFirstPropertyValue('sequence');
    return {
      uid: textOf(event, 'uid'),
      sequence: sequence === null ? null : Number(sequence),
      dtstamp: single(event, 'dtstamp', 'DTSTAMP'),
      start: single(event, 'dtstart', 'DTSTART'),
      end: single(event, 'dtend', 'DTEND'),
      summary: textOf(event, 'summary'),
      description: textOf(event, 'description'),
      location: textOf(event, 'location'),
      url: textOf(event, 'url'),
      status: textOf(event, 'status'),
      rrule: rrule ? rruleText(rrule) : null,
      exdates: exdates.sort(),
      recurrenceId: single(event, 'recurrence-id', 'RECURRENCE-ID'),
      organizer: organizer ? person(organizer) : null,
      attendees: event.getAllProperties('attendee').map(person),
    };
  });
  return {
    method: textOf(calendar, 'method'),
    name: textOf(calendar, 'x-wr-calname'),
    prodid: textOf(calendar, 'prodid'),
    version: textOf(calendar, 'version'),
    timezones: zones,
    events,
    problems,
  };
}

const out = {};
for (const path of process.argv.slice(2)) {
  try {
    out[path] = read(path);
  } catch (error) {
    out[path] = { error: `${error.name}: ${error.message}` };
  }
}
process.stdout.write(JSON.stringify(out) + '\n');

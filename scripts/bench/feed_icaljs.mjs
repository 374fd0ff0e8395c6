// Generates N VEVENTs into one calendar with ical.js (Thunderbird's library), as the feed benchmark's
// reference. Prints the milliseconds spent building and serialising.
import ICAL from '../../tests/calendar/parsers/node_modules/ical.js/dist/ical.js';
const n = Number(process.argv[2] ?? 10000);
const started = process.hrtime.bigint();
const calendar = new ICAL.Component(['vcalendar', [], []]);
calendar.updatePropertyWithValue('prodid', '-//bench//ical.js//EN');
calendar.updatePropertyWithValue('version', '2.0');
const base = Date.UTC(2027, 0, 1, 8, 0, 0);
for (let i = 0; i < n; i++) {
  const event = new ICAL.Component('vevent');
  const start = new Date(base + i * 3600_000);
  event.updatePropertyWithValue('uid', `event-${i}@bench`);
  event.updatePropertyWithValue('sequence', 0);
  event.updatePropertyWithValue('dtstamp', ICAL.Time.fromJSDate(new Date(), true));
  event.updatePropertyWithValue('dtstart', ICAL.Time.fromJSDate(start, true));
  event.updatePropertyWithValue('dtend', ICAL.Time.fromJSDate(new Date(start.getTime() + 3 * 3600_000), true));
  event.updatePropertyWithValue('summary', `Benchmark-seminar ${i}`);
  event.updatePropertyWithValue('location', 'Politigården, Polititorvet 14, 1780 København V');
  event.updatePropertyWithValue('status', 'CONFIRMED');
  calendar.addSubcomponent(event);
}
const text = calendar.toString();
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log(`RESULT ms=${ms.toFixed(1)} bytes=${text.length}`);

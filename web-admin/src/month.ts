// Calendar arithmetic for the month view: plain dates (YYYY-MM-DD) computed in UTC so the browser's own
// zone never shifts a day; instants are turned into Copenhagen dates first.
import { todayInZone, ZONE } from './time';

const pad = (n: number) => String(n).padStart(2, '0');

function fromUtc(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function toUtc(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** A YYYY-MM month parameter, or null when it is not one (years 1900–2999). */
export function parseMonth(s: string | null | undefined): string | null {
  const m = /^(\d{4})-(\d{2})$/.exec(s ?? '');
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return y >= 1900 && y <= 2999 && mo >= 1 && mo <= 12 ? `${m[1]}-${m[2]}` : null;
}

/** This month in Copenhagen. */
export function currentMonth(): string {
  return todayInZone().slice(0, 7);
}

export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

export function firstDay(month: string): string {
  return `${month}-01`;
}

export function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return fromUtc(new Date(Date.UTC(y, m, 0)));
}

export function addDays(date: string, n: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + n);
  return fromUtc(d);
}

/** Monday = 0 … Sunday = 6. */
export function weekdayIndex(date: string): number {
  return (toUtc(date).getUTCDay() + 6) % 7;
}

/** The ISO 8601 week number (the one used in Denmark). */
export function isoWeek(date: string): number {
  const thursday = (d: Date) => {
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 3);
    return d;
  };
  const d = thursday(toUtc(date));
  const first = thursday(new Date(Date.UTC(d.getUTCFullYear(), 0, 4))); // week 1 holds 4 January
  return 1 + Math.round((d.getTime() - first.getTime()) / (7 * 86_400_000));
}

export interface Week {
  number: number;
  /** Seven dates, Monday first; null for days outside the month. */
  days: (string | null)[];
}

/** The weeks of a month, Monday first. */
export function monthWeeks(month: string): Week[] {
  const last = lastDay(month);
  const weeks: Week[] = [];
  let monday = addDays(firstDay(month), -weekdayIndex(firstDay(month)));
  while (monday <= last) {
    const days = Array.from({ length: 7 }, (_, i) => {
      const d = addDays(monday, i);
      return d.startsWith(month) ? d : null;
    });
    weeks.push({ number: isoWeek(monday), days });
    monday = addDays(monday, 7);
  }
  return weeks;
}

const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Copenhagen date of an instant. */
export function dateInZone(iso: string | number): string {
  return dateFormat.format(new Date(iso));
}

/**
 * The Copenhagen dates an event covers, from its start day to the day of its last minute (an end at midnight
 * belongs to the day before), limited to [from, to].
 */
export function eventDays(startsAt: string, endsAt: string, from: string, to: string): string[] {
  const first = dateInZone(startsAt);
  const endMs = new Date(endsAt).getTime();
  const lastDate = dateInZone(Math.max(new Date(startsAt).getTime(), endMs - 60_000));
  const out: string[] = [];
  let d = first < from ? from : first;
  const stop = lastDate > to ? to : lastDate;
  for (let i = 0; d <= stop && i < 62; i++) {
    out.push(d);
    d = addDays(d, 1);
  }
  return out;
}

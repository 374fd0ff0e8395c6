// Outreach between events (docs/user-guide.md "Outreach between events"): the dialogue log (activities),
// follow-ups, the timeline and "My work". Pure logic here (dates are Copenhagen dates), so it is unit-tested.
import { localToIso, todayInZone } from './time';

/** The kinds the server knows at least (GET /reference/activity-kinds lists them with their names). */
export const ACTIVITY_KINDS = ['visit', 'phone_call', 'meeting', 'email', 'dialogue_meeting', 'other'] as const;

export type FollowUpStatus = 'open' | 'done' | 'cancelled';

/** How a follow-up stands today: overdue and due today are Copenhagen dates, whatever the browser's zone. */
export type FollowUpState = 'overdue' | 'today' | 'open' | 'done' | 'cancelled';

export function followUpState(f: { status: string; due_on: string }, now = Date.now()): FollowUpState {
  if (f.status === 'done' || f.status === 'cancelled') return f.status;
  const today = todayInZone(now);
  if (f.due_on < today) return 'overdue';
  return f.due_on === today ? 'today' : 'open';
}

/** A date (YYYY-MM-DD) plus a number of days, as a date. Calendar arithmetic: daylight saving does not matter. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The Monday of the (Copenhagen) week a date belongs to. */
export function weekStart(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday 0
  return addDays(date, -weekday);
}

/** The due date offered for the next follow-up when one is done: two weeks from today (Copenhagen). */
export function nextFollowUpDue(now = Date.now()): string {
  return addDays(todayInZone(now), 14);
}

/** Now in Copenhagen, as the date and the time (HH:MM) a form starts from. */
export function nowInZone(now = Date.now()): { date: string; time: string } {
  const iso = new Date(now);
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(iso);
  return { date: todayInZone(now), time: parts };
}

/** A form's date and time (Copenhagen) as the ISO instant the API takes; null when incomplete. */
export function occurredAt(date: string, time: string): string | null {
  return localToIso(date, time || '12:00');
}

/** A subject is one line: line breaks typed or pasted become spaces. */
export function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').trim();
}

/**
 * Who may change a thing the policy table grants an officer as `own`: an `all` grant may change any, an `own`
 * grant only when the user is one of its owners (an activity's officer; a follow-up's assignee or author).
 */
export function ownerMay(grant: 'deny' | 'own' | 'all', userId: number, owners: (number | null | undefined)[]): boolean {
  if (grant === 'all') return true;
  if (grant === 'own') return owners.includes(userId);
  return false;
}

/** My work's `months` (the dormant window) from the URL: 1 to 120, else the server's default, 6. */
export const WORK_MONTHS_DEFAULT = 6;
export function workMonths(param: string | null): number {
  const n = Number(param);
  return param && Number.isInteger(n) && n >= 1 && n <= 120 ? n : WORK_MONTHS_DEFAULT;
}

/** My work's follow-ups as one list: the overdue first (the longest overdue first), then the open ones (the soonest first). */
export function workFollowUps<T>(lists: { overdue: { items: T[]; total: number }; open: { items: T[]; total: number } }): { items: T[]; total: number } {
  return { items: [...lists.overdue.items, ...lists.open.items], total: lists.overdue.total + lists.open.total };
}

// The partner's start page: its people's upcoming registrations, read from its organisation's timeline
// (registrations only, newest first, `at` = the event's start).
import type { TimelineItem } from './api';

export type TimelineRegistration = Extract<TimelineItem, { type: 'registration' }>;

/** Registrations of events that have not started yet and still hold or wait for a seat, soonest first. */
export function upcomingRegistrations(items: TimelineItem[], now: number): TimelineRegistration[] {
  return items
    .filter((i): i is TimelineRegistration => i.type === 'registration')
    .filter((r) => (r.status === 'confirmed' || r.status === 'waitlisted') && new Date(r.at).getTime() >= now)
    .sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime() || a.id - b.id);
}

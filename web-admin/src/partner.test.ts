import { describe, expect, it } from 'vitest';
import type { TimelineItem } from './api';
import { upcomingRegistrations } from './partner';

const reg = (id: number, at: string, status: string): TimelineItem =>
  ({ type: 'registration', id, at, summary: '', event_id: 1, event_title: 'E', contact_id: 2, contact_name: 'P', status }) as TimelineItem;

describe('upcomingRegistrations', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  it('keeps seats held or waited for at events that have not started, soonest first', () => {
    const items = [
      reg(5, '2027-02-01T09:00:00+01:00', 'waitlisted'),
      reg(4, '2027-01-10T09:00:00+01:00', 'confirmed'),
      reg(3, '2027-01-05T09:00:00+01:00', 'cancelled'),
      reg(2, '2026-12-06T12:30:00+01:00', 'confirmed'), // 11:30Z: already started
      reg(1, '2026-11-01T09:00:00+01:00', 'attended'),
    ];
    expect(upcomingRegistrations(items, now).map((r) => r.id)).toEqual([4, 5]);
  });

  it('leaves out other kinds of timeline item', () => {
    const change = { type: 'change', id: 9, at: '2027-01-01T00:00:00+01:00', summary: '', what: 'created', user_id: null } as unknown as TimelineItem;
    expect(upcomingRegistrations([change], now)).toEqual([]);
  });
});

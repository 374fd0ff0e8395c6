import { describe, expect, it } from 'vitest';
import { dateInZone, localToIso, timeInZone, todayInZone, zoneOffsetMinutes } from './time';

// Europe/Copenhagen in 2026: summer time from 29 March 01:00 UTC (02:00 -> 03:00 local) to 25 October 01:00 UTC
// (03:00 -> 02:00 local).
describe('zoneOffsetMinutes', () => {
  it('is one hour in winter and two in summer', () => {
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 15, 12))).toBe(60);
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 15, 12))).toBe(120);
  });

  it('changes at 01:00 UTC on the last Sunday of March and of October', () => {
    expect(zoneOffsetMinutes(Date.UTC(2026, 2, 29, 0, 59))).toBe(60);
    expect(zoneOffsetMinutes(Date.UTC(2026, 2, 29, 1, 0))).toBe(120);
    expect(zoneOffsetMinutes(Date.UTC(2026, 9, 25, 0, 59))).toBe(120);
    expect(zoneOffsetMinutes(Date.UTC(2026, 9, 25, 1, 0))).toBe(60);
  });
});

describe('localToIso', () => {
  it('gives a Copenhagen wall time the offset in force on that date', () => {
    expect(localToIso('2026-03-10', '09:00')).toBe('2026-03-10T09:00:00+01:00');
    expect(localToIso('2026-07-10', '09:00')).toBe('2026-07-10T09:00:00+02:00');
    expect(localToIso('2026-12-31', '23:59')).toBe('2026-12-31T23:59:00+01:00');
  });

  it('gets the spring-forward night right on both sides of the gap', () => {
    expect(localToIso('2026-03-29', '01:30')).toBe('2026-03-29T01:30:00+01:00');
    expect(localToIso('2026-03-29', '03:30')).toBe('2026-03-29T03:30:00+02:00');
    expect(localToIso('2026-03-28', '23:00')).toBe('2026-03-28T23:00:00+01:00');
  });

  it('gets the fall-back night right outside the repeated hour', () => {
    expect(localToIso('2026-10-25', '01:30')).toBe('2026-10-25T01:30:00+02:00');
    expect(localToIso('2026-10-25', '03:30')).toBe('2026-10-25T03:30:00+01:00');
    expect(localToIso('2026-10-26', '00:00')).toBe('2026-10-26T00:00:00+01:00');
  });

  it('names an instant that reads back as the same wall time', () => {
    for (const [date, time] of [
      ['2026-03-29', '04:00'],
      ['2026-10-25', '04:00'],
      ['2027-03-28', '12:15'],
    ]) {
      const iso = localToIso(date, time) as string;
      expect(dateInZone(iso)).toBe(date);
      expect(timeInZone(iso)).toBe(time);
    }
  });

  it('refuses an incomplete or malformed date or time', () => {
    expect(localToIso('', '09:00')).toBeNull();
    expect(localToIso('2026-03-10', '')).toBeNull();
    expect(localToIso('2026-3-10', '09:00')).toBeNull();
    expect(localToIso('10-03-2026', '09:00')).toBeNull();
    expect(localToIso('2026-03-10', '9')).toBeNull();
  });
});

describe('todayInZone, timeInZone and dateInZone', () => {
  it('take the Copenhagen date, not the UTC one, around midnight', () => {
    // Winter: midnight in Copenhagen is 23:00 UTC; summer: 22:00 UTC.
    expect(todayInZone(Date.UTC(2026, 11, 31, 22, 59))).toBe('2026-12-31');
    expect(todayInZone(Date.UTC(2026, 11, 31, 23, 0))).toBe('2027-01-01');
    expect(todayInZone(Date.UTC(2026, 5, 30, 22, 30))).toBe('2026-07-01');
    expect(todayInZone(Date.UTC(2026, 5, 30, 21, 30))).toBe('2026-06-30');
  });

  it('read instants across the change of time', () => {
    expect(timeInZone('2026-03-29T00:59:00Z')).toBe('01:59');
    expect(timeInZone('2026-03-29T01:00:00Z')).toBe('03:00');
    expect(timeInZone('2026-10-25T00:30:00Z')).toBe('02:30');
    expect(timeInZone('2026-10-25T01:30:00Z')).toBe('02:30');
    expect(dateInZone('2026-03-28T23:30:00Z')).toBe('2026-03-29');
    expect(timeInZone('2026-07-10T09:00:00+02:00')).toBe('09:00');
  });
});

// Follow-up dates are Copenhagen dates: `npm test` runs in Los Angeles, so a browser-local date would fail here.
import { describe, expect, it } from 'vitest';
import { addDays, followUpState, nextFollowUpDue, nowInZone, occurredAt, oneLine, ownerMay, weekStart, workFollowUps, workMonths } from './outreach';

describe('followUpState', () => {
  const open = (due_on: string) => ({ status: 'open', due_on });

  it('is overdue from the Copenhagen midnight after the due date, not the UTC one', () => {
    // 2026-12-06 23:30 UTC is already 7 December 00:30 in Copenhagen (winter: UTC+1).
    const justAfterMidnight = Date.UTC(2026, 11, 6, 23, 30);
    expect(followUpState(open('2026-12-06'), justAfterMidnight)).toBe('overdue');
    expect(followUpState(open('2026-12-07'), justAfterMidnight)).toBe('today');
    // 22:59 UTC is 23:59 in Copenhagen: still the 6th.
    const justBefore = Date.UTC(2026, 11, 6, 22, 59);
    expect(followUpState(open('2026-12-06'), justBefore)).toBe('today');
    expect(followUpState(open('2026-12-05'), justBefore)).toBe('overdue');
  });

  it('uses the summer offset in summer', () => {
    // 2026-07-01 22:30 UTC is 2 July 00:30 in Copenhagen (UTC+2).
    expect(followUpState(open('2026-07-01'), Date.UTC(2026, 6, 1, 22, 30))).toBe('overdue');
    expect(followUpState(open('2026-07-01'), Date.UTC(2026, 6, 1, 21, 30))).toBe('today');
  });

  it('never calls a done or cancelled follow-up overdue', () => {
    const long = Date.UTC(2027, 0, 1);
    expect(followUpState({ status: 'done', due_on: '2026-01-01' }, long)).toBe('done');
    expect(followUpState({ status: 'cancelled', due_on: '2026-01-01' }, long)).toBe('cancelled');
    expect(followUpState(open('2027-01-02'), long)).toBe('open');
  });
});

describe('date arithmetic', () => {
  it('adds days across months, years and the daylight-saving nights', () => {
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('finds the Monday of the week', () => {
    expect(weekStart('2026-12-06')).toBe('2026-11-30'); // a Sunday
    expect(weekStart('2026-12-07')).toBe('2026-12-07'); // a Monday
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
  });

  it('offers the next follow-up two weeks after today in Copenhagen', () => {
    expect(nextFollowUpDue(Date.UTC(2026, 11, 6, 23, 30))).toBe('2026-12-21');
    expect(nextFollowUpDue(Date.UTC(2026, 11, 6, 22, 30))).toBe('2026-12-20');
  });

  it('starts a form at the Copenhagen date and time', () => {
    expect(nowInZone(Date.UTC(2026, 11, 6, 23, 30))).toEqual({ date: '2026-12-07', time: '00:30' });
    expect(occurredAt('2026-12-07', '00:30')).toBe('2026-12-07T00:30:00+01:00');
    expect(occurredAt('2026-07-07', '')).toBe('2026-07-07T12:00:00+02:00');
    expect(occurredAt('', '10:00')).toBeNull();
  });
});

describe('forms', () => {
  it('keeps a subject on one line', () => {
    expect(oneLine(' Call\r\nabout the\nmeeting ')).toBe('Call about the meeting');
  });

  it('lets an officer change only their own, an admin any', () => {
    expect(ownerMay('all', 1, [2])).toBe(true);
    expect(ownerMay('own', 1, [1])).toBe(true);
    expect(ownerMay('own', 1, [2, null])).toBe(false);
    expect(ownerMay('deny', 1, [1])).toBe(false);
  });
});

describe('My work', () => {
  it('takes months from the URL within 1-120, else the server default of 6', () => {
    expect(workMonths(null)).toBe(6);
    expect(workMonths('')).toBe(6);
    expect(workMonths('12')).toBe(12);
    expect(workMonths('1')).toBe(1);
    expect(workMonths('120')).toBe(120);
    expect(workMonths('0')).toBe(6);
    expect(workMonths('121')).toBe(6);
    expect(workMonths('2.5')).toBe(6);
    expect(workMonths('abc')).toBe(6);
  });
  it('lists the overdue follow-ups before the open ones, totals added', () => {
    const r = workFollowUps({ overdue: { items: ['a', 'b'], total: 3 }, open: { items: ['c'], total: 4 } });
    expect(r.items).toEqual(['a', 'b', 'c']);
    expect(r.total).toBe(7);
  });
});

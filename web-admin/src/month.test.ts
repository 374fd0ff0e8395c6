import { describe, expect, it } from 'vitest';
import { addDays, dateInZone, eventDays, isoWeek, lastDay, monthWeeks, parseMonth, shiftMonth, weekdayIndex } from './month';

describe('parseMonth', () => {
  it('takes YYYY-MM from 1900 to 2999 and nothing else', () => {
    expect(parseMonth('2026-02')).toBe('2026-02');
    expect(parseMonth('1900-01')).toBe('1900-01');
    expect(parseMonth('2999-12')).toBe('2999-12');
    for (const bad of ['2026-13', '2026-00', '1899-12', '3000-01', '2026-2', '2026-02-01', ' 2026-02', '', null, undefined]) expect(parseMonth(bad)).toBeNull();
  });
});

describe('month arithmetic', () => {
  it('shifts across year ends', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-03', -14)).toBe('2025-01');
    expect(shiftMonth('2026-03', 0)).toBe('2026-03');
  });

  it('knows the last day of February in leap and common years', () => {
    expect(lastDay('2024-02')).toBe('2024-02-29');
    expect(lastDay('2026-02')).toBe('2026-02-28');
    expect(lastDay('2000-02')).toBe('2000-02-29');
    expect(lastDay('2100-02')).toBe('2100-02-28');
    expect(lastDay('2026-12')).toBe('2026-12-31');
    expect(lastDay('2026-04')).toBe('2026-04-30');
  });

  it('adds days over month, year and leap-day edges', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    // The night clocks change has 23 or 25 hours; plain dates must not notice.
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
  });

  it('counts weekdays from Monday', () => {
    expect(weekdayIndex('2026-03-02')).toBe(0); // Monday
    expect(weekdayIndex('2026-03-01')).toBe(6); // Sunday
    expect(weekdayIndex('2026-03-29')).toBe(6); // Sunday, the change to summer time
  });
});

describe('isoWeek', () => {
  it('puts 1 January in the week that holds 4 January', () => {
    expect(isoWeek('2026-01-01')).toBe(1); // Thursday
    expect(isoWeek('2027-01-01')).toBe(53); // Friday: the last week of 2026
    expect(isoWeek('2021-01-03')).toBe(53); // Sunday: the last week of 2020
    expect(isoWeek('2021-01-04')).toBe(1);
    expect(isoWeek('2024-12-30')).toBe(1); // Monday of the first week of 2025
    expect(isoWeek('2026-12-31')).toBe(53);
  });
});

describe('monthWeeks', () => {
  it('pads a month that starts on a Sunday and ends on a Saturday', () => {
    const weeks = monthWeeks('2026-02');
    expect(weeks.map((w) => w.number)).toEqual([5, 6, 7, 8, 9]);
    expect(weeks[0].days).toEqual([null, null, null, null, null, null, '2026-02-01']);
    expect(weeks[4].days).toEqual(['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', null]);
  });

  it('fills exactly four weeks for a February that starts on a Monday', () => {
    const weeks = monthWeeks('2021-02');
    expect(weeks).toHaveLength(4);
    expect(weeks.flatMap((w) => w.days).every((d) => d !== null)).toBe(true);
    expect(weeks[0].days[0]).toBe('2021-02-01');
    expect(weeks[3].days[6]).toBe('2021-02-28');
  });

  it('needs six rows for a 31-day month that starts on a Sunday', () => {
    const weeks = monthWeeks('2026-03');
    expect(weeks).toHaveLength(6);
    expect(weeks[0].days[6]).toBe('2026-03-01');
    expect(weeks[5].days[0]).toBe('2026-03-30');
    expect(weeks[5].days[1]).toBe('2026-03-31');
    expect(weeks[5].days.slice(2)).toEqual([null, null, null, null, null]);
  });

  it('numbers the weeks around a year end by ISO rules', () => {
    expect(monthWeeks('2027-01').map((w) => w.number)).toEqual([53, 1, 2, 3, 4]);
    expect(monthWeeks('2026-12').map((w) => w.number)).toEqual([49, 50, 51, 52, 53]);
  });

  it('lists every day of the month once', () => {
    for (const month of ['2024-02', '2026-02', '2026-03', '2026-10', '2027-01']) {
      const days = monthWeeks(month).flatMap((w) => w.days.filter((d): d is string => d !== null));
      expect(days[0]).toBe(`${month}-01`);
      expect(days[days.length - 1]).toBe(lastDay(month));
      expect(new Set(days).size).toBe(Number(lastDay(month).slice(8)));
    }
  });
});

describe('eventDays', () => {
  it('gives the Copenhagen dates an event covers', () => {
    expect(dateInZone('2026-03-28T23:30:00Z')).toBe('2026-03-29');
    // 23:00 on the 28th to 12:00 on the 29th, over the night clocks go forward.
    expect(eventDays('2026-03-28T22:00:00Z', '2026-03-29T10:00:00Z', '2026-03-01', '2026-03-31')).toEqual(['2026-03-28', '2026-03-29']);
  });

  it('counts an end at midnight as the day before', () => {
    expect(eventDays('2026-07-10T08:00:00Z', '2026-07-10T22:00:00Z', '2026-07-01', '2026-07-31')).toEqual(['2026-07-10']);
    expect(eventDays('2026-07-10T08:00:00Z', '2026-07-10T22:01:00Z', '2026-07-01', '2026-07-31')).toEqual(['2026-07-10', '2026-07-11']);
  });

  it('clips to the days shown', () => {
    expect(eventDays('2026-03-30T08:00:00Z', '2026-04-02T15:00:00Z', '2026-03-01', '2026-03-31')).toEqual(['2026-03-30', '2026-03-31']);
    expect(eventDays('2026-02-27T08:00:00Z', '2026-03-02T15:00:00Z', '2026-03-01', '2026-03-31')).toEqual(['2026-03-01', '2026-03-02']);
  });

  it('gives one day to an event that ends when it starts', () => {
    expect(eventDays('2026-05-05T10:00:00Z', '2026-05-05T10:00:00Z', '2026-05-01', '2026-05-31')).toEqual(['2026-05-05']);
  });
});

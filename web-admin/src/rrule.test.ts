import { describe, expect, it } from 'vitest';
import { makeI18n } from './i18n';
import { buildRule, dateFits, dateRule, describeRule, ordinal, parseRule, untilUtc } from './rrule';
import type { RuleChoice } from './rrule';

const da = makeI18n('da', () => {});
const en = makeI18n('en', () => {});

describe('describeRule in Danish and English', () => {
  const cases: [string, string | null, string, string][] = [
    ['FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU', null, 'Hver 3. måned, 2. tirsdag', 'Every 3 months, 2nd Tuesday'],
    ['FREQ=WEEKLY;BYDAY=MO,WE', null, 'Hver uge, mandag og onsdag', 'Every week, Monday and Wednesday'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TH', null, 'Hver 2. uge, torsdag', 'Every 2 weeks, Thursday'],
    ['FREQ=MONTHLY;BYDAY=-1FR;COUNT=6', null, 'Hver måned, sidste fredag, 6 gange i alt', 'Every month, last Friday, 6 times in all'],
    ['FREQ=MONTHLY;BYDAY=-2MO', null, 'Hver måned, næstsidste mandag', 'Every month, second to last Monday'],
    ['FREQ=DAILY;COUNT=1', null, 'Hver dag, kun én gang', 'Every day, once only'],
    ['FREQ=MONTHLY;BYMONTHDAY=1,15', null, 'Hver måned, den 1. og 15.', 'Every month, on the 1st and 15th'],
    ['FREQ=YEARLY;BYMONTH=3;BYDAY=1WE', null, 'Hvert år, 1. onsdag, i marts', 'Every year, 1st Wednesday, in March'],
    ['FREQ=MONTHLY;BYDAY=MO,TU', null, 'Hver måned, hver mandag og tirsdag', 'Every month, every Monday and Tuesday'],
    // What the rule leaves to the first meeting (10 March 2026 09:00 in Copenhagen, a Tuesday).
    ['FREQ=WEEKLY', '2026-03-10T08:00:00Z', 'Hver uge, tirsdag', 'Every week, Tuesday'],
    ['FREQ=MONTHLY;INTERVAL=2', '2026-03-10T08:00:00Z', 'Hver 2. måned, den 10.', 'Every 2 months, on the 10th'],
    ['FREQ=YEARLY', '2026-03-10T08:00:00Z', 'Hvert år, 10. marts', 'Every year, 10 March'],
    // 23:30 UTC on 31 March is already 1 April in Copenhagen: the first meeting's own date counts.
    ['FREQ=MONTHLY', '2026-03-31T23:30:00Z', 'Hver måned, den 1.', 'Every month, on the 1st'],
  ];
  for (const [rule, start, danish, english] of cases) {
    it(rule + (start ? ` from ${start}` : ''), () => {
      expect(describeRule(rule, da, start)).toBe(danish);
      expect(describeRule(rule, en, start)).toBe(english);
    });
  }

  it('names the last day of an UNTIL in Copenhagen, summer and winter', () => {
    expect(describeRule('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T215959Z', da)).toBe('Hver uge, tirsdag, til og med 30. jun. 2027');
    expect(describeRule('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T215959Z', en)).toBe('Every week, Tuesday, until 30 Jun 2027');
    // 22:59:59 UTC on 31 December is 23:59:59 in Copenhagen, still the 31st; at 23:00 UTC it is the new year.
    expect(describeRule('FREQ=DAILY;UNTIL=20261231T225959Z', en)).toBe('Every day, until 31 Dec 2026');
    expect(describeRule('FREQ=DAILY;UNTIL=20261231T230000Z', en)).toBe('Every day, until 1 Jan 2027');
    expect(describeRule('FREQ=DAILY;UNTIL=20261231', da)).toBe('Hver dag, til og med 31. dec. 2026');
  });

  it('leaves what it cannot say to the raw rule', () => {
    for (const rule of [
      'FREQ=MONTHLY;BYSETPOS=2;BYDAY=TU',
      'FREQ=MONTHLY;BYDAY=1TU,3TU',
      'FREQ=WEEKLY;BYDAY=2TU',
      'FREQ=MONTHLY;BYDAY=6TU',
      'FREQ=WEEKLY;COUNT=3;UNTIL=20270101',
      'FREQ=HOURLY',
      'FREQ=WEEKLY;FREQ=DAILY',
      'BYDAY=MO',
      'FREQ=WEEKLY;INTERVAL=0',
      'FREQ=MONTHLY;BYMONTHDAY=32',
      'nonsense',
    ])
      expect(describeRule(rule, da), rule).toBeNull();
  });

  it('reads the rule case-insensitively with or without the RRULE: prefix', () => {
    expect(describeRule('RRULE:freq=weekly;byday=fr', da)).toBe('Hver uge, fredag');
    expect(parseRule('FREQ=WEEKLY;WKST=MO;BYDAY=FR')?.byDay).toEqual([{ n: null, day: 'FR' }]);
  });
});

describe('ordinal', () => {
  it('follows each language', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23].map((n) => ordinal(n, en))).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
    ]);
    expect([1, 2, 3, 21].map((n) => ordinal(n, da))).toEqual(['1.', '2.', '3.', '21.']);
    expect(ordinal(-1, da)).toBe('sidste');
    expect(ordinal(-1, en)).toBe('last');
    expect(ordinal(-3, en)).toBeNull();
    expect(ordinal(0, en)).toBeNull();
  });
});

describe('building a rule from the form', () => {
  const choice = (c: Partial<RuleChoice>): RuleChoice => ({
    freq: 'WEEKLY',
    interval: '1',
    weekday: 'TU',
    ordinal: '1',
    end: 'none',
    count: '',
    until: '',
    ...c,
  });

  it('writes only what differs from the defaults', () => {
    expect(buildRule(choice({}))).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(buildRule(choice({ interval: ' 2 ' }))).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU');
    expect(buildRule(choice({ freq: 'MONTHLY', ordinal: '2', end: 'count', count: '10' }))).toBe('FREQ=MONTHLY;BYDAY=2TU;COUNT=10');
    expect(buildRule(choice({ freq: 'MONTHLY', ordinal: '-1', weekday: 'FR' }))).toBe('FREQ=MONTHLY;BYDAY=-1FR');
  });

  it('ends UNTIL at the end of the Copenhagen day, in UTC', () => {
    expect(untilUtc('2026-06-30')).toBe('20260630T215959Z');
    expect(untilUtc('2026-12-31')).toBe('20261231T225959Z');
    expect(untilUtc('2026-03-29')).toBe('20260329T215959Z'); // the day summer time starts
    expect(untilUtc('2026-10-25')).toBe('20261025T225959Z'); // the day it ends
    expect(untilUtc('')).toBeNull();
    expect(buildRule(choice({ end: 'until', until: '2027-06-30' }))).toBe('FREQ=WEEKLY;BYDAY=TU;UNTIL=20270630T215959Z');
  });

  it('passes a typed value on as typed, for the server to judge', () => {
    expect(buildRule(choice({ interval: 'x' }))).toBe('FREQ=WEEKLY;INTERVAL=X;BYDAY=TU');
  });

  it('round-trips: a built rule is read back in words', () => {
    const rule = buildRule(choice({ freq: 'MONTHLY', interval: '3', ordinal: '2', end: 'until', until: '2027-06-30' }));
    expect(describeRule(rule, da)).toBe('Hver 3. måned, 2. tirsdag, til og med 30. jun. 2027');
  });
});

describe('dateRule and dateFits', () => {
  it('takes the weekday and the week of the month from a date', () => {
    expect(dateRule('2026-03-10')).toEqual({ weekday: 'TU', ordinal: '2' });
    expect(dateRule('2026-03-01')).toEqual({ weekday: 'SU', ordinal: '1' });
    expect(dateRule('2026-03-29')).toEqual({ weekday: 'SU', ordinal: '-1' });
    expect(dateRule('2026-03-31')).toEqual({ weekday: 'TU', ordinal: '-1' });
    expect(dateRule('2026-02-30')).toBeNull();
    expect(dateRule('2026-2-3')).toBeNull();
  });

  it('says whether a first meeting fits the weekday and week chosen', () => {
    expect(dateFits('2026-03-10', { freq: 'WEEKLY', weekday: 'TU', ordinal: '1' })).toBe(true);
    expect(dateFits('2026-03-11', { freq: 'WEEKLY', weekday: 'TU', ordinal: '1' })).toBe(false);
    expect(dateFits('2026-03-10', { freq: 'MONTHLY', weekday: 'TU', ordinal: '2' })).toBe(true);
    expect(dateFits('2026-03-10', { freq: 'MONTHLY', weekday: 'TU', ordinal: '1' })).toBe(false);
    expect(dateFits('2026-03-31', { freq: 'MONTHLY', weekday: 'TU', ordinal: '-1' })).toBe(true);
    expect(dateFits('2026-03-24', { freq: 'MONTHLY', weekday: 'TU', ordinal: '-1' })).toBe(false);
    expect(dateFits('2026-02-24', { freq: 'MONTHLY', weekday: 'TU', ordinal: '-1' })).toBe(true);
    expect(dateFits('', { freq: 'MONTHLY', weekday: 'TU', ordinal: '-1' })).toBe(true);
  });
});

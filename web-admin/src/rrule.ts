// Recurrence rules (RFC 5545 RRULE values) of series: built from a few simple controls, and read back as
// plain words ("Hver 3. måned, 2. tirsdag"). Only the common shapes are put into words; anything else
// (BYSETPOS, BYHOUR, several numbered weekdays…) is shown as the raw rule instead of being half-explained.
import type { I18n, MessageKey } from './i18n';
import { localToIso, ZONE } from './time';

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

export interface Rule {
  freq: Freq;
  interval: number;
  /** Weekdays, each with an optional ordinal within the month or year (2TU: n = 2; -1FR: the last Friday). */
  byDay: { n: number | null; day: Weekday }[];
  byMonthDay: number[];
  byMonth: number[];
  count: number | null;
  /** The last possible date (Copenhagen), YYYY-MM-DD. */
  until: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYYMMDD or YYYYMMDDTHHMMSS[Z] as a Copenhagen date; null when malformed. */
function untilDate(v: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(v);
  if (!m) return null;
  if (!m[4]) return `${m[1]}-${m[2]}-${m[3]}`;
  if (!m[7]) return `${m[1]}-${m[2]}-${m[3]}`; // floating local time: its date
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

function ints(v: string, min: number, max: number): number[] | null {
  const out: number[] = [];
  for (const part of v.split(',')) {
    if (!/^[+-]?\d{1,4}$/.test(part)) return null;
    const n = Number(part);
    if (n === 0 || Math.abs(n) < min || Math.abs(n) > max) return null;
    out.push(n);
  }
  return out;
}

/** The parts of a rule this app can put into words; null for anything else. */
export function parseRule(text: string): Rule | null {
  const rule: Rule = { freq: 'DAILY', interval: 1, byDay: [], byMonthDay: [], byMonth: [], count: null, until: null };
  let freq: string | null = null;
  const seen = new Set<string>();
  for (const part of text
    .trim()
    .replace(/^RRULE:/i, '')
    .split(';')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 1) return null;
    const key = part.slice(0, eq).toUpperCase();
    const value = part.slice(eq + 1).toUpperCase();
    if (seen.has(key)) return null;
    seen.add(key);
    switch (key) {
      case 'FREQ':
        freq = value;
        break;
      case 'INTERVAL':
        if (!/^\d{1,4}$/.test(value) || Number(value) < 1) return null;
        rule.interval = Number(value);
        break;
      case 'COUNT':
        if (!/^\d{1,5}$/.test(value) || Number(value) < 1) return null;
        rule.count = Number(value);
        break;
      case 'UNTIL': {
        const d = untilDate(value);
        if (!d) return null;
        rule.until = d;
        break;
      }
      case 'BYDAY':
        for (const d of value.split(',')) {
          const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(d);
          if (!m) return null;
          const n = m[1] ? Number(m[1]) : null;
          if (n === 0) return null;
          rule.byDay.push({ n, day: m[2] as Weekday });
        }
        break;
      case 'BYMONTHDAY': {
        const v = ints(value, 1, 31);
        if (!v) return null;
        rule.byMonthDay = v;
        break;
      }
      case 'BYMONTH': {
        const v = ints(value, 1, 12);
        if (!v || v.some((x) => x < 0)) return null;
        rule.byMonth = v;
        break;
      }
      case 'WKST':
        break; // only matters for weekly rules with several days and an interval; not worth words
      default:
        return null;
    }
  }
  if (freq !== 'DAILY' && freq !== 'WEEKLY' && freq !== 'MONTHLY' && freq !== 'YEARLY') return null;
  rule.freq = freq;
  if (rule.count !== null && rule.until !== null) return null;
  return rule;
}

/** Monday 1 January 2024 plus `i` days, for weekday names from Intl. */
function weekdayDate(day: Weekday): Date {
  return new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day), 12));
}

export function weekdayName(day: Weekday, locale: string, width: 'long' | 'short' = 'long'): string {
  return new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' }).format(weekdayDate(day));
}

/** "2." / "2nd", "sidste" / "last": the ordinal words come from the dictionaries. */
export function ordinal(n: number, i18n: Pick<I18n, 't' | 'locale'>): string | null {
  const { t, locale } = i18n;
  if (n === -1) return t('series.ordinal.last');
  if (n === -2) return t('series.ordinal.secondLast');
  if (n < 1) return null;
  const cat = new Intl.PluralRules(locale, { type: 'ordinal' }).select(n);
  const key = (['one', 'two', 'few'].includes(cat) ? `series.ordinal.${cat}` : 'series.ordinal.other') as MessageKey;
  return t(key, { n });
}

function list(items: string[], locale: string): string {
  try {
    return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

/** A YYYY-MM-DD date as the medium date of the language ("30. jun. 2027"). */
export function formatDay(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

const FREQ_KEYS: Record<Freq, [MessageKey, MessageKey]> = {
  DAILY: ['series.rule.daily', 'series.rule.dailyN'],
  WEEKLY: ['series.rule.weekly', 'series.rule.weeklyN'],
  MONTHLY: ['series.rule.monthly', 'series.rule.monthlyN'],
  YEARLY: ['series.rule.yearly', 'series.rule.yearlyN'],
};

/** The Copenhagen weekday (MO…SU), day of month and month of an ISO instant. */
function startParts(iso: string): { day: Weekday; date: number; month: number } | null {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) return null;
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const y = get('year');
  const mo = get('month');
  const d = get('day');
  const dow = (new Date(Date.UTC(y, mo - 1, d)).getUTCDay() + 6) % 7;
  return { day: WEEKDAYS[dow], date: d, month: mo };
}

/**
 * The rule in words, e.g. "Hver 3. måned, 2. tirsdag, til og med 30. jun. 2027"; null when the rule has parts
 * this does not explain (show the rule itself then). `startsAt` (the first occurrence) fills in what the rule
 * leaves to it: the weekday of a weekly rule, the day of a monthly one.
 */
export function describeRule(text: string, i18n: Pick<I18n, 't' | 'locale'>, startsAt?: string | null): string | null {
  const rule = parseRule(text);
  if (!rule) return null;
  const { t, locale } = i18n;
  const [one, many] = FREQ_KEYS[rule.freq];
  const parts = [rule.interval === 1 ? t(one) : t(many, { n: rule.interval })];
  const start = startsAt ? startParts(startsAt) : null;

  const numbered = rule.byDay.filter((d) => d.n !== null);
  if (numbered.length > 0) {
    // "2. tirsdag" (one numbered weekday, in a monthly or yearly rule); several are left to the raw rule.
    if (numbered.length !== rule.byDay.length || numbered.length > 1 || rule.freq === 'DAILY' || rule.freq === 'WEEKLY') return null;
    const n = numbered[0].n as number;
    if (Math.abs(n) > (rule.freq === 'MONTHLY' ? 5 : 53)) return null;
    const nth = ordinal(n, i18n);
    if (!nth) return null;
    parts.push(t('series.rule.nthWeekday', { nth, day: weekdayName(numbered[0].day, locale) }));
  } else if (rule.byDay.length > 0) {
    const names = list(
      rule.byDay.map((d) => weekdayName(d.day, locale)),
      locale,
    );
    parts.push(rule.freq === 'WEEKLY' ? names : t('series.rule.eachWeekday', { days: names }));
  } else if (rule.freq === 'WEEKLY' && start) {
    parts.push(weekdayName(start.day, locale));
  }

  if (rule.byMonthDay.length > 0) {
    const days = rule.byMonthDay.map((n) => ordinal(n, i18n));
    if (days.some((d) => d === null)) return null;
    parts.push(t('series.rule.monthDay', { nth: list(days as string[], locale) }));
  } else if (rule.freq === 'MONTHLY' && rule.byDay.length === 0 && start) {
    const nth = ordinal(start.date, i18n);
    if (nth) parts.push(t('series.rule.monthDay', { nth }));
  }

  if (rule.byMonth.length > 0) {
    const fmt = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
    parts.push(
      t('series.rule.inMonth', {
        month: list(
          rule.byMonth.map((m) => fmt.format(new Date(Date.UTC(2024, m - 1, 1)))),
          locale,
        ),
      }),
    );
  } else if (rule.freq === 'YEARLY' && rule.byDay.length === 0 && rule.byMonthDay.length === 0 && start) {
    const fmt = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' });
    parts.push(fmt.format(new Date(Date.UTC(2024, start.month - 1, start.date))));
  }

  if (rule.count !== null) parts.push(rule.count === 1 ? t('series.rule.countOne') : t('series.rule.count', { n: rule.count }));
  if (rule.until) parts.push(t('series.rule.until', { date: formatDay(rule.until, locale) }));
  return parts.join(', ');
}

// ---- building a rule from the form's controls ----

export type RuleEnd = 'none' | 'count' | 'until';

export interface RuleChoice {
  freq: 'WEEKLY' | 'MONTHLY';
  interval: string;
  weekday: Weekday;
  /** Week of the month for a monthly rule: "1".."4", or "-1" for the last. */
  ordinal: string;
  end: RuleEnd;
  count: string;
  /** YYYY-MM-DD, the last day a meeting may fall on (Copenhagen). */
  until: string;
}

/** The end of a Copenhagen day in UTC, as RFC 5545 wants UNTIL with a zoned start (20270630T215959Z). */
export function untilUtc(date: string): string | null {
  const iso = localToIso(date, '23:59');
  if (!iso) return null;
  const d = new Date(new Date(iso).getTime() + 59_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/**
 * The RRULE value for the choices. Values the user typed go to the server as typed (an interval of "x"
 * becomes INTERVAL=X), so the server's message on `rrule` says what is wrong rather than the form guessing.
 */
export function buildRule(c: RuleChoice): string {
  const parts = [`FREQ=${c.freq}`];
  const interval = c.interval.trim();
  if (interval && interval !== '1') parts.push(`INTERVAL=${interval.toUpperCase()}`);
  parts.push(c.freq === 'MONTHLY' ? `BYDAY=${c.ordinal}${c.weekday}` : `BYDAY=${c.weekday}`);
  if (c.end === 'count') parts.push(`COUNT=${c.count.trim().toUpperCase()}`);
  if (c.end === 'until') parts.push(`UNTIL=${untilUtc(c.until) ?? c.until.replace(/-/g, '')}`);
  return parts.join(';');
}

/** The weekday and week of the month of a YYYY-MM-DD date: what a meeting on that date repeats as. */
export function dateRule(date: string): { weekday: Weekday; ordinal: string } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (Number.isNaN(dt.getTime()) || dt.getUTCDate() !== d) return null;
  const weekday = WEEKDAYS[(dt.getUTCDay() + 6) % 7];
  const nth = Math.ceil(d / 7);
  return { weekday, ordinal: nth >= 5 ? '-1' : String(nth) };
}

/** Whether a meeting on `date` fits the weekday (and for a monthly rule, the week of the month) chosen. */
export function dateFits(date: string, c: Pick<RuleChoice, 'freq' | 'weekday' | 'ordinal'>): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const own = dateRule(date);
  if (!m || !own) return true; // nothing to compare yet
  if (own.weekday !== c.weekday) return false;
  if (c.freq === 'WEEKLY') return true;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (c.ordinal === '-1') return d + 7 > new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return Math.ceil(d / 7) === Number(c.ordinal);
}

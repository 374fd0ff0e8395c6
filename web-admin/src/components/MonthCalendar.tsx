// The events of one month: a table with a column per weekday (Monday first) and a row per week (its week
// number as the row header), each event a link in the cell of every day it covers. On a phone the same
// events are a list per day instead (the stylesheet shows one or the other), so the page never scrolls sideways.
import { api } from '../api';
import type { EventRecord, ListPage } from '../api';
import { useAsync } from '../hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { dateInZone, eventDays, firstDay, lastDay, monthWeeks, shiftMonth } from '../month';
import { Link } from '../router';
import { WEEKDAYS, weekdayName } from '../rrule';
import { todayInZone, ZONE } from '../time';
import { Loading, ProblemAlert } from './ui';

const MAX_PAGE = 200;

/** Every event of the month (the API pages at 200; a busy month takes more than one request). */
async function fetchMonth(month: string, filters: { kind: string; status: string }, signal: AbortSignal): Promise<EventRecord[]> {
  const items: EventRecord[] = [];
  for (let offset = 0; ; offset += MAX_PAGE) {
    const r = await api.get<ListPage<EventRecord>>(
      '/events',
      { from: firstDay(month), to: lastDay(month), kind: filters.kind, status: filters.status, order: 'asc', limit: MAX_PAGE, offset },
      signal,
    );
    items.push(...r.data.items);
    if (r.data.items.length === 0 || offset + MAX_PAGE >= r.data.total) return items;
  }
}

interface Entry {
  event: EventRecord;
  /** Whether this day is the event's first (its start time is shown) or a later one. */
  first: boolean;
}

interface Props {
  month: string;
  kind: string;
  status: string;
  /** The URL of another month (the page keeps the month in its query string). */
  monthHref: (month: string) => string;
}

export function MonthCalendar({ month, kind, status, monthHref }: Props) {
  const { t, locale } = useI18n();
  const res = useAsync((signal) => fetchMonth(month, { kind, status }, signal), [month, kind, status]);
  const today = todayInZone();
  const [y, m] = month.split('-').map(Number);
  const monthTitle = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
  const timeFmt = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: ZONE });
  const dayFmt = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
  const dayTitle = (date: string) => {
    const [yy, mm, dd] = date.split('-').map(Number);
    return dayFmt.format(new Date(Date.UTC(yy, mm - 1, dd, 12)));
  };

  const byDay = new Map<string, Entry[]>();
  for (const e of res.data ?? []) {
    const days = eventDays(e.starts_at, e.ends_at, firstDay(month), lastDay(month));
    const startDay = dateInZone(e.starts_at);
    for (const d of days) {
      const list = byDay.get(d) ?? [];
      list.push({ event: e, first: d === startDay });
      byDay.set(d, list);
    }
  }
  const weeks = monthWeeks(month);
  const busyDays = [...byDay.keys()].sort();

  const when = (x: Entry) => {
    if (x.event.all_day) return t('calendar.allDay');
    if (!x.first) return t('calendar.continued');
    return timeFmt.format(new Date(x.event.starts_at));
  };

  const eventLink = (x: Entry) => {
    const status = x.event.status;
    const marked = status === 'cancelled' || status === 'draft';
    return (
      <Link href={`/events/${x.event.id}`} class={`cal-event cal-event-${status}`}>
        <span class="cal-time">{when(x)}</span> <span class="cal-title">{x.event.title}</span>
        {marked && <span class="cal-status"> ({t(`event.statusValue.${status}` as MessageKey)})</span>}
      </Link>
    );
  };

  return (
    <section class="month" aria-labelledby="month-heading">
      <div class="month-head">
        <h2 id="month-heading" class="month-title" aria-live="polite">
          {monthTitle}
        </h2>
        <nav class="month-nav" aria-label={t('calendar.monthNav')}>
          <Link href={monthHref(shiftMonth(month, -1))} class="button secondary small">
            <span aria-hidden="true">←</span>
            {t('calendar.previousMonth')}
          </Link>
          <Link href={monthHref(today.slice(0, 7))} class="button secondary small" aria-current={month === today.slice(0, 7) ? 'true' : undefined}>
            {t('calendar.thisMonth')}
          </Link>
          <Link href={monthHref(shiftMonth(month, 1))} class="button secondary small">
            {t('calendar.nextMonth')}
            <span aria-hidden="true">→</span>
          </Link>
        </nav>
      </div>
      <div class="results" aria-busy={res.loading ? 'true' : 'false'}>
        {res.loading && <Loading />}
        {res.error && <ProblemAlert error={res.error} onReload={res.reload} />}
        {!res.loading && res.data && (
          <p class="result-count" aria-live="polite">
            {res.data.length === 1 ? t('event.countOne') : t('event.count', { total: res.data.length })}
          </p>
        )}
        {res.data && (
          <>
            <div class="month-grid-wrap">
              <table class="month-grid">
                <caption class="visually-hidden">{t('calendar.caption', { month: monthTitle })}</caption>
                <thead>
                  <tr>
                    <th scope="col" class="cal-week">
                      <span aria-hidden="true">{t('calendar.weekShort')}</span>
                      <span class="visually-hidden">{t('calendar.week')}</span>
                    </th>
                    {WEEKDAYS.map((d) => (
                      <th scope="col" key={d}>
                        <span aria-hidden="true">{weekdayName(d, locale, 'short')}</span>
                        <span class="visually-hidden">{weekdayName(d, locale)}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((w) => (
                    <tr key={w.number}>
                      <th scope="row" class="cal-week">
                        <span class="visually-hidden">{t('calendar.week')} </span>
                        {w.number}
                      </th>
                      {w.days.map((d, i) =>
                        d === null ? (
                          <td key={i} class="cal-outside" />
                        ) : (
                          <td key={d} class={d === today ? 'cal-day cal-today' : 'cal-day'} aria-current={d === today ? 'date' : undefined} data-date={d}>
                            <span class="cal-date">
                              <span aria-hidden="true">{Number(d.slice(8))}</span>
                              <span class="visually-hidden">{dayTitle(d)}</span>
                              {d === today && <span class="cal-today-label"> {t('calendar.today')}</span>}
                            </span>
                            {(byDay.get(d) ?? []).length > 0 && (
                              <ul class="cal-events">
                                {(byDay.get(d) ?? []).map((x) => (
                                  <li key={x.event.id}>{eventLink(x)}</li>
                                ))}
                              </ul>
                            )}
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div class="month-list">
              {busyDays.length === 0 ? (
                <p class="empty">{t('calendar.empty', { month: monthTitle })}</p>
              ) : (
                <ul class="day-list" aria-label={t('calendar.caption', { month: monthTitle })}>
                  {busyDays.map((d) => (
                    <li key={d} class={d === today ? 'day-item cal-today' : 'day-item'} aria-current={d === today ? 'date' : undefined}>
                      <h3 class="day-title">
                        {dayTitle(d)}
                        {d === today && <span class="cal-today-label"> {t('calendar.today')}</span>}
                      </h3>
                      <ul class="cal-events">
                        {(byDay.get(d) ?? []).map((x) => (
                          <li key={x.event.id}>{eventLink(x)}</li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </>
        )}
      </div>
    </section>
  );
}

import type { EventRecord } from '../api';
import { EventStatusBadge, Seats, useEventTime, venueText } from '../components/EventBits';
import { MonthCalendar } from '../components/MonthCalendar';
import { FilterForm, listTexts, ResultsTable } from '../components/ResultsTable';
import { PageHeading, SelectField } from '../components/ui';
import { loadPage, useList, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { byName, useReference } from '../reference';
import { Link, useLocation, withQuery } from '../router';
import { can, useSession } from '../session';
import { currentMonth, parseMonth } from '../month';
import { todayInZone } from '../time';

const STATUSES = ['draft', 'published', 'cancelled', 'completed'] as const;

type Filters = { when: string; kind: string; status: string };

/** The API's filters for the list's parameters (the page and its download use the same). */
function apiQuery(p: { when: string; kind: string; status: string }) {
  return {
    from: p.when === 'upcoming' ? todayInZone() : '',
    order: p.when === 'upcoming' ? 'asc' : 'desc',
    kind: p.kind,
    status: p.status === 'any' ? '' : p.status,
  };
}

export function EventsPage() {
  const i18n = useI18n();
  const { t, refName, lang } = i18n;
  const { user } = useSession();
  const { ref } = useReference();
  useTitle(t('event.listTitle'));
  const loc = useLocation();
  const planner = can.planEvents(user);
  // Partners see published events by default; staff and managers every status.
  const defaultStatus = user.role === 'partner' ? 'published' : '';
  // The list, or a month as a calendar (?view=month&month=YYYY-MM, this month when none is given).
  const month = loc.query.get('view') === 'month' ? (parseMonth(loc.query.get('month')) ?? currentMonth()) : null;
  const query = (p: Filters, offset: number, m: string | null) => ({
    view: m ? 'month' : '',
    month: m ?? '',
    when: m || p.when === 'upcoming' ? '' : p.when,
    kind: p.kind,
    status: p.status === defaultStatus ? '' : p.status || 'any',
    offset: m ? '' : offset || '',
  });
  const href = (p: Filters, m: string | null) => withQuery('/events', query(p, 0, m));
  const { params, update, table } = useList({
    path: '/events',
    defaults: { when: 'upcoming', kind: '', status: defaultStatus },
    valid: { when: (w) => w === 'all' },
    query: (p, o) => query(p, o, month),
    key: month ? 'month' : 'list',
    load: (p, o, signal) => (month ? Promise.resolve(null) : loadPage<EventRecord>('/events', apiQuery(p), o, signal)),
  });
  const statusQuery = params.status === 'any' ? '' : params.status;
  const span = useEventTime();
  const showSeats = user.role !== 'partner';

  return (
    <section aria-labelledby="events-heading">
      <div class="page-head">
        <PageHeading id="events-heading">{t('event.listTitle')}</PageHeading>
        <div class="head-actions">
          {can.viewSeries(user) && (
            <Link href="/series" class="button secondary">
              {t('series.navLink')}
            </Link>
          )}
          {planner && (
            <Link href="/events/new" class="button primary">
              {t('event.new')}
            </Link>
          )}
        </div>
      </div>

      <nav class="view-toggle" aria-label={t('calendar.view')}>
        <Link href={href(params, null)} class="button secondary small" aria-current={month ? undefined : 'page'}>
          {t('calendar.viewList')}
        </Link>
        <Link href={href(params, month ?? currentMonth())} class="button secondary small" aria-current={month ? 'page' : undefined}>
          {t('calendar.viewMonth')}
        </Link>
      </nav>

      <FilterForm label={t('event.filters')}>
        <div class="filter-row">
          {!month && (
            <SelectField
              id="event-filter-when"
              label={t('event.when')}
              value={params.when}
              onValue={(v) => update({ when: v })}
              options={[
                { value: 'upcoming', label: t('event.whenUpcoming') },
                { value: 'all', label: t('event.whenAll') },
              ]}
            />
          )}
          <SelectField
            id="event-filter-kind"
            label={t('event.kind')}
            value={params.kind}
            onValue={(v) => update({ kind: v })}
            placeholder={t('common.all')}
            options={ref ? byName(ref.eventKinds, lang).map((k) => ({ value: k.code, label: refName(k) })) : []}
          />
          <SelectField
            id="event-filter-status"
            label={t('event.status')}
            value={statusQuery}
            onValue={(v) => update({ status: v || 'any' })}
            placeholder={t('common.all')}
            options={STATUSES.filter((s) => planner || s !== 'draft').map((s) => ({ value: s, label: t(`event.statusValue.${s}`) }))}
          />
        </div>
      </FilterForm>

      {month && <MonthCalendar month={month} kind={params.kind} status={statusQuery} monthHref={(m) => href(params, m)} />}
      {!month && (
        <ResultsTable
          {...table}
          name="events"
          download={{ path: '/events', query: apiQuery(params) }}
          texts={listTexts(t, 'event')}
          columns={[
            { label: t('event.title'), cell: (e) => <Link href={`/events/${e.id}`}>{e.title}</Link> },
            { label: t('event.time'), cell: (e) => span(e) },
            { label: t('event.kind'), cell: (e) => refName(ref?.eventKindByCode.get(e.kind)) || e.kind },
            { label: t('event.venue'), cell: (e) => venueText(e, ref, refName) || t('common.none') },
            showSeats && { label: t('event.seats'), cell: (e) => <Seats event={e} /> },
            { label: t('common.status'), cell: (e) => <EventStatusBadge status={e.status} /> },
          ]}
        />
      )}
    </section>
  );
}

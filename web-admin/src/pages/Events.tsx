import { api, PAGE_SIZE } from '../api';
import type { EventRecord, ListPage } from '../api';
import { EventStatusBadge, useEventTime, venueText } from '../components/EventBits';
import { MonthCalendar } from '../components/MonthCalendar';
import { Empty, Loading, PageHeading, Pager, ProblemAlert, SelectField } from '../components/ui';
import { useAsync, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { byName, useReference } from '../reference';
import { intParam, Link, navigate, useLocation, withQuery } from '../router';
import { can, useSession } from '../session';
import { currentMonth, parseMonth } from '../month';
import { todayInZone } from '../time';

const STATUSES = ['draft', 'published', 'cancelled', 'completed'] as const;

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
  const params = {
    when: loc.query.get('when') === 'all' ? 'all' : 'upcoming',
    kind: loc.query.get('kind') ?? '',
    status: loc.query.get('status') ?? defaultStatus,
    offset: intParam(loc.query.get('offset')),
  };
  const href = (next: typeof params, view: { month: string | null }) =>
    withQuery('/events', {
      view: view.month ? 'month' : '',
      month: view.month ?? '',
      when: view.month || next.when === 'upcoming' ? '' : next.when,
      kind: next.kind,
      status: next.status === defaultStatus ? '' : next.status || 'any',
      offset: view.month ? '' : next.offset || '',
    });
  const update = (changes: Partial<typeof params>) => {
    navigate(href({ ...params, offset: 0, ...changes }, { month }), { replace: true });
  };
  const statusQuery = params.status === 'any' ? '' : params.status;

  const list = useAsync(
    (signal) =>
      month
        ? Promise.resolve(null)
        : api
          .get<ListPage<EventRecord>>(
            '/events',
            {
              from: params.when === 'upcoming' ? todayInZone() : '',
              order: params.when === 'upcoming' ? 'asc' : 'desc',
              kind: params.kind,
              status: statusQuery,
              limit: PAGE_SIZE,
              offset: params.offset,
            },
            signal,
          )
          .then((r) => r.data),
    [month ? `month:${params.kind}:${params.status}` : loc.search],
  );
  const data = list.data;
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
        <Link href={href(params, { month: null })} class="button secondary small" aria-current={month ? undefined : 'page'}>
          {t('calendar.viewList')}
        </Link>
        <Link href={href(params, { month: month ?? currentMonth() })} class="button secondary small" aria-current={month ? 'page' : undefined}>
          {t('calendar.viewMonth')}
        </Link>
      </nav>

      <form role="search" aria-label={t('event.filters')} class="filters" onSubmit={(e) => e.preventDefault()}>
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
      </form>

      {month && (
        <MonthCalendar month={month} kind={params.kind} status={statusQuery} monthHref={(m) => href(params, { month: m })} />
      )}
      {!month && (
        <div class="results" aria-busy={list.loading ? 'true' : 'false'}>
          <p class="result-count" aria-live="polite">
            {data && !list.loading ? (data.total === 1 ? t('event.countOne') : t('event.count', { total: data.total })) : ''}
          </p>
          {list.loading && <Loading />}
          {list.error && <ProblemAlert error={list.error} />}
          {!list.loading && data && data.items.length === 0 && <Empty>{t('event.empty')}</Empty>}
          {!list.loading && data && data.items.length > 0 && (
            <>
              <div class="table-wrap">
                <table class="list events">
                  <caption class="visually-hidden">{t('event.listTitle')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('event.title')}</th>
                      <th scope="col">{t('event.time')}</th>
                      <th scope="col">{t('event.kind')}</th>
                      <th scope="col">{t('event.venue')}</th>
                      {showSeats && <th scope="col">{t('event.seats')}</th>}
                      <th scope="col">{t('common.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((e) => (
                      <tr key={e.id}>
                        <td data-label={t('event.title')}>
                          <Link href={`/events/${e.id}`}>{e.title}</Link>
                        </td>
                        <td data-label={t('event.time')}>{span(e)}</td>
                        <td data-label={t('event.kind')}>{refName(ref?.eventKindByCode.get(e.kind)) || e.kind}</td>
                        <td data-label={t('event.venue')}>{venueText(e, ref, refName) || t('common.none')}</td>
                        {showSeats && (
                          <td data-label={t('event.seats')}>
                            {e.capacity !== null ? t('event.seatsOf', { confirmed: e.confirmed, capacity: e.capacity }) : e.confirmed}
                            {e.waitlisted > 0 && <span class="block">{t('event.waitlistedShort', { n: e.waitlisted })}</span>}
                          </td>
                        )}
                        <td data-label={t('common.status')}>
                          <EventStatusBadge status={e.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager total={data.total} limit={data.limit || PAGE_SIZE} offset={data.offset ?? params.offset} onOffset={(o) => update({ offset: o })} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

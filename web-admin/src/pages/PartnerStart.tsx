// Where a partner starts: its people's upcoming registrations, the events open to it, and its people's
// participation over time. Existing routes only: the organisation's timeline (registrations; a partner sees only
// its own organisation's) and the events list (a partner sees the published events open to it).
import { api } from '../api';
import type { EventRecord, ListPage, TimelinePage } from '../api';
import { ResultsTable } from '../components/ResultsTable';
import { Timeline } from '../components/Timeline';
import { PageHeading } from '../components/ui';
import { RegStatusBadge, useEventTime } from '../components/EventBits';
import { useAsync, useOrgNames, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { upcomingRegistrations } from '../partner';
import type { TimelineRegistration } from '../partner';
import { Link } from '../router';
import { useSession } from '../session';
import { todayInZone } from '../time';

/** How many upcoming events and registrations the page shows; the events page has them all. */
const SHOWN = 20;
/** The newest timeline entries read for the upcoming registrations (the future ones come first). */
const TIMELINE_READ = 200;

export function PartnerStartPage() {
  const { t, formatDateTime } = useI18n();
  const { user } = useSession();
  const span = useEventTime();
  useTitle(t('start.title'));
  const orgId = user.organisation_id ?? 0;
  const names = useOrgNames([orgId || null]);
  const timelinePath = `/organisations/${orgId}/timeline`;

  const upcoming = useAsync(
    (signal) =>
      api.get<TimelinePage>(timelinePath, { type: 'registration', limit: TIMELINE_READ }, signal).then((r) => {
        const items = upcomingRegistrations(r.data.items, Date.now());
        return { items: items.slice(0, SHOWN), total: items.length, limit: SHOWN, offset: 0 } as ListPage<TimelineRegistration>;
      }),
    [timelinePath],
  );
  const open = useAsync(
    (signal) => api.get<ListPage<EventRecord>>('/events', { from: todayInZone(), status: 'published', limit: SHOWN }, signal).then((r) => r.data),
    [],
  );

  return (
    <section aria-labelledby="start-heading" class="partner-start">
      <div class="page-head">
        <PageHeading id="start-heading">{t('start.title')}</PageHeading>
      </div>
      {names.get(orgId) && (
        <p class="lead">
          <Link href={`/organisations/${orgId}`}>{t('start.organisation', { name: names.get(orgId)! })}</Link>
        </p>
      )}

      <section class="card" aria-labelledby="start-upcoming-heading">
        <h2 id="start-upcoming-heading">{t('start.upcoming')}</h2>
        <ResultsTable
          list={upcoming}
          name="start-upcoming"
          rowKey={(r) => r.id}
          texts={{ caption: t('start.upcoming'), empty: t('start.upcomingEmpty') }}
          columns={[
            { label: t('start.event'), cell: (r) => <Link href={`/events/${r.event_id}`}>{r.event_title}</Link> },
            { label: t('start.when'), cell: (r) => formatDateTime(r.at) },
            { label: t('start.person'), cell: (r) => r.contact_name },
            { label: t('start.status'), cell: (r) => <RegStatusBadge status={r.status} /> },
          ]}
        />
      </section>

      <section class="card" aria-labelledby="start-open-heading">
        <div class="section-head">
          <h2 id="start-open-heading">{t('start.open')}</h2>
          <Link href="/events">{t('start.allEvents')}</Link>
        </div>
        <ResultsTable
          list={open}
          name="start-open"
          texts={{ caption: t('start.open'), empty: t('start.openEmpty') }}
          columns={[
            { label: t('start.event'), cell: (e) => <Link href={`/events/${e.id}`}>{e.title}</Link> },
            { label: t('start.when'), cell: (e) => span(e) },
            { label: t('start.closes'), cell: (e) => formatDateTime(e.registration_closes_at) },
          ]}
        />
      </section>

      {orgId > 0 && <Timeline path={timelinePath} id="start-history" title={t('start.history')} types={['registration']} />}
    </section>
  );
}

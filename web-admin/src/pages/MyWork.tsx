// "My work": where officers and admins start. My open follow-ups (the overdue first and marked), the
// organisations I am responsible for that have not been reached lately, and this week in my police districts.
import { api, PAGE_SIZE } from '../api';
import type { Activity, EventRecord, FollowUp, ListPage } from '../api';
import { FollowUpTable } from '../components/FollowUps';
import { countText, ResultsTable } from '../components/ResultsTable';
import { PageHeading } from '../components/ui';
import { Worklist } from '../components/Worklist';
import { useAsync, useOrgNames, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { weekStart } from '../outreach';
import { Link, withQuery } from '../router';
import { useSession } from '../session';
import { useKindName, useStaff } from '../staff';
import { todayInZone } from '../time';

export function MyWorkPage() {
  const { t, formatDateTime } = useI18n();
  const { user } = useSession();
  const staff = useStaff();
  const kindName = useKindName();
  useTitle(t('work.title'));
  const today = todayInZone();
  const monday = weekStart(today);

  // Overdue ones first, then the rest by due date (the server sorts by due date).
  const followUps = useAsync<ListPage<FollowUp>>(
    (signal) =>
      api.get<ListPage<FollowUp>>('/follow-ups', { assigned_user_id: 'me', status: 'open', limit: PAGE_SIZE }, signal).then((r) => {
        const items = [...r.data.items].sort((a, b) => a.due_on.localeCompare(b.due_on));
        return { ...r.data, items };
      }),
    [],
  );
  const districts = user.police_district_ids ?? [];
  const inMyDistricts = (d: number | null | undefined) => districts.length === 0 || (typeof d === 'number' && districts.includes(d));
  const activities = useAsync<ListPage<Activity>>(
    (signal) => api.get<ListPage<Activity>>('/activities', { from: monday, to: today, limit: PAGE_SIZE }, signal).then((r) => r.data),
    [monday, today],
  );
  const events = useAsync<ListPage<EventRecord>>(
    (signal) =>
      api.get<ListPage<EventRecord>>('/events', { from: monday, to: today, limit: 200 }, signal).then((r) => {
        const items = r.data.items.filter((e) => e.status !== 'cancelled' && inMyDistricts(e.police_district_id));
        return { ...r.data, items, total: items.length };
      }),
    [monday, today],
  );
  const orgNames = useOrgNames((activities.data?.items ?? []).map((a) => a.organisation_id));
  const overdue = (followUps.data?.items ?? []).filter((f) => f.overdue).length;

  return (
    <section aria-labelledby="work-heading" class="my-work">
      <div class="page-head">
        <PageHeading id="work-heading">{t('work.title')}</PageHeading>
      </div>
      <p class="lead">{t('work.intro', { name: user.name })}</p>

      <section class="card" aria-labelledby="work-follow-ups-heading">
        <div class="section-head">
          <h2 id="work-follow-ups-heading">{t('work.followUps')}</h2>
          <Link href="/follow-ups">{t('work.allFollowUps')}</Link>
        </div>
        {followUps.data && overdue > 0 && <p class="overdue-note">{overdue === 1 ? t('work.overdueOne') : t('work.overdue', { n: overdue })}</p>}
        <FollowUpTable
          list={followUps}
          texts={{ caption: t('work.followUps'), empty: t('work.noFollowUps'), count: countText(t, 'followUp.countOne', 'followUp.count') }}
        />
      </section>

      <Worklist path="/my-work" onlyMine title={t('work.dormant')} />

      <section class="card" aria-labelledby="work-week-heading">
        <div class="section-head">
          <h2 id="work-week-heading">{districts.length > 0 ? t('work.weekDistricts') : t('work.week')}</h2>
          <Link href={withQuery('/activities', { from: monday, to: today })}>{t('work.allActivities')}</Link>
        </div>
        <h3>{t('work.weekActivities')}</h3>
        <ResultsTable
          list={activities}
          name="week-activities"
          texts={{ caption: t('work.weekActivities'), empty: t('work.noActivities') }}
          columns={[
            { label: t('activity.when'), cell: (a) => formatDateTime(a.occurred_at) },
            { label: t('activity.kind'), cell: (a) => kindName(a.kind) },
            { label: t('activity.subject'), cell: (a) => a.subject },
            {
              label: t('followUp.organisation'),
              cell: (a) => <Link href={`/organisations/${a.organisation_id}`}>{orgNames.get(a.organisation_id) ?? `#${a.organisation_id}`}</Link>,
            },
            { label: t('activity.loggedBy'), cell: (a) => staff.name(a.user_id) },
          ]}
        />
        <h3>{t('work.weekEvents')}</h3>
        <ResultsTable
          list={events}
          name="week-events"
          texts={{ caption: t('work.weekEvents'), empty: t('work.noEvents') }}
          columns={[
            { label: t('event.startsAt'), cell: (e) => formatDateTime(e.starts_at) },
            { label: t('event.title'), cell: (e) => <Link href={`/events/${e.id}`}>{e.title}</Link> },
            { label: t('event.status'), cell: (e) => t(`event.statusValue.${e.status}`) },
          ]}
        />
      </section>
    </section>
  );
}

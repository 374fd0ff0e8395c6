// "My work": where officers and admins start. One call, GET /me/work: my open follow-ups (the overdue first and
// marked), the organisations I am responsible for that have not been reached lately, and this week in my police
// districts (activities and events with their seats held and attendance).
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { ApiError, CompletedFollowUp, FollowUp, ListPage, MyWork, WorkFollowUp } from '../api';
import { DueBadge, FollowUpPanel, FollowUpStatusButtons } from '../components/FollowUps';
import type { FollowUpDraft } from '../components/FollowUps';
import { countText, ResultsTable } from '../components/ResultsTable';
import { Notice, PageHeading, ProblemAlert, SelectField } from '../components/ui';
import { WorklistRows } from '../components/Worklist';
import { useAction, useAsync, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { workFollowUps, workMonths } from '../outreach';
import { Link, navigate, useLocation, withQuery } from '../router';
import { can, useSession } from '../session';
import { useKindName, useStaff } from '../staff';

/** How many of each list My work shows (the server's maximum); the full lists are a link away. */
const WORK_LIMIT = 50;

/** A list of the response as the results table takes it (the first page only). */
function page<T>(list: { items: T[]; total: number }): ListPage<T> {
  return { items: list.items, total: list.total, limit: WORK_LIMIT, offset: 0 };
}

export function MyWorkPage() {
  const { t, lang, formatDateTime } = useI18n();
  const { user } = useSession();
  const staff = useStaff();
  const kindName = useKindName();
  useTitle(t('work.title'));
  const loc = useLocation();
  const months = workMonths(loc.query.get('months'));
  const work = useAsync<MyWork>((signal) => api.get<MyWork>('/me/work', { months, limit: WORK_LIMIT }, signal).then((r) => r.data), [months]);
  const data = work.data;
  const state = <T,>(pick: (w: MyWork) => ListPage<T>) => ({ data: data ? pick(data) : null, loading: work.loading && !data, error: work.error });
  const followUps = state((w) => page(workFollowUps(w.follow_ups)));
  const overdue = data?.follow_ups.overdue.total ?? 0;
  const week = data?.this_week;
  const dateFormat = new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
  const day = (iso: string) => dateFormat.format(new Date(`${iso}T00:00:00Z`));
  const monthChoices = [...new Set([6, 12, 24, months])].sort((a, b) => a - b);
  const dormantRows = (data?.dormant.items ?? []).map((d) => ({ ...d, organisation_id: d.id }));

  return (
    <section aria-labelledby="work-heading" class="my-work">
      <div class="page-head">
        <PageHeading id="work-heading">{t('work.title')}</PageHeading>
      </div>
      <p class="lead">{t('work.intro', { name: user.name })}</p>
      {work.error && !data && <ProblemAlert error={work.error} onReload={work.reload} />}

      <section class="card" aria-labelledby="work-follow-ups-heading">
        <div class="section-head">
          <h2 id="work-follow-ups-heading">{t('work.followUps')}</h2>
          <Link href="/follow-ups">{t('work.allFollowUps')}</Link>
        </div>
        {data && overdue > 0 && <p class="overdue-note">{overdue === 1 ? t('work.overdueOne') : t('work.overdue', { n: overdue })}</p>}
        <WorkFollowUps list={followUps} onChanged={work.reload} />
      </section>

      <section class="card report worklist" aria-labelledby="dormant-heading" id="dormant">
        <div class="report-head">
          <h2 id="dormant-heading">{t('work.dormant')}</h2>
          <Link href={withQuery('/dashboard', { months: String(months), mine: 'true' })}>{t('work.allDormant')}</Link>
        </div>
        <div class="filter-row">
          <SelectField
            id="dormant-months"
            label={t('work.notReachedIn')}
            value={String(months)}
            onValue={(v) => navigate(withQuery('/my-work', { months: v === '6' ? '' : v }), { replace: true })}
            options={monthChoices.map((m) => ({ value: String(m), label: t('dashboard.months', { n: m }) }))}
          />
        </div>
        <div class="results" aria-busy={work.loading ? 'true' : 'false'}>
          {data && (
            <>
              <p class="count" aria-live="polite">
                {t('work.dormantCount', { n: data.dormant.total, since: day(data.dormant.since) })}
              </p>
              <WorklistRows rows={dormantRows} title={t('work.dormant')} showResponsible={false} onChanged={work.reload} />
            </>
          )}
        </div>
      </section>

      <section class="card" aria-labelledby="work-week-heading">
        <div class="section-head">
          <h2 id="work-week-heading">{week && !week.national ? t('work.weekDistricts') : t('work.week')}</h2>
          {week && <Link href={withQuery('/activities', { from: week.since, to: data.today })}>{t('work.allActivities')}</Link>}
        </div>
        <h3>{t('work.weekActivities')}</h3>
        <ResultsTable
          list={state((w) => page(w.this_week.activities))}
          name="week-activities"
          texts={{ caption: t('work.weekActivities'), empty: t('work.noActivities'), count: countText(t, 'work.activityCountOne', 'work.activityCount') }}
          columns={[
            { label: t('activity.when'), cell: (a) => formatDateTime(a.occurred_at) },
            { label: t('activity.kind'), cell: (a) => kindName(a.kind) },
            { label: t('activity.subject'), cell: (a) => a.subject },
            { label: t('followUp.organisation'), cell: (a) => <Link href={`/organisations/${a.organisation_id}`}>{a.organisation_name}</Link> },
            { label: t('activity.loggedBy'), cell: (a) => staff.name(a.user_id) },
          ]}
        />
        <h3>{t('work.weekEvents')}</h3>
        <ResultsTable
          list={state((w) => page(w.this_week.events))}
          name="week-events"
          texts={{ caption: t('work.weekEvents'), empty: t('work.noEvents') }}
          columns={[
            { label: t('event.startsAt'), cell: (e) => formatDateTime(e.starts_at) },
            { label: t('event.title'), cell: (e) => <Link href={`/events/${e.id}`}>{e.title}</Link> },
            { label: t('event.status'), cell: (e) => t(`event.statusValue.${e.status}`) },
            { label: t('work.registered'), class: 'num', cell: (e) => e.registered },
            { label: t('work.attended'), class: 'num', cell: (e) => (e.status === 'completed' ? e.attended : '–') },
          ]}
        />
      </section>
    </section>
  );
}

/**
 * My follow-ups with "Done" (archives it and offers the next, prefilled from the item: it is mine) and "Cancel".
 * The whole page is fetched again after a change.
 */
function WorkFollowUps({
  list,
  onChanged,
}: {
  list: { data: ListPage<WorkFollowUp> | null; loading: boolean; error: ApiError | null };
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { user } = useSession();
  const action = useAction();
  const [next, setNext] = useState<FollowUpDraft | null>(null);

  const setStatus = async (f: WorkFollowUp, status: 'done' | 'cancelled') => {
    setNext(null);
    const r = await action.run<unknown>(() =>
      status === 'done' ? api.post<CompletedFollowUp>(`/follow-ups/${f.id}/complete`, {}) : api.patch<FollowUp>(`/follow-ups/${f.id}`, { status }),
    );
    if (!r) return;
    onChanged();
    if (status === 'done') {
      action.setNotice(t('followUp.doneNotice', { title: f.title }));
      setNext({ organisation_id: f.organisation_id, contact_id: f.contact_id, title: f.title, assigned_user_id: user.id, heading: t('followUp.nextTitle') });
    } else action.setNotice(t('followUp.cancelledNotice', { title: f.title }));
  };

  return (
    <>
      {action.notice && <Notice>{action.notice}</Notice>}
      {action.error && <ProblemAlert error={action.error} />}
      {next && (
        <FollowUpPanel
          draft={next}
          onCancel={() => setNext(null)}
          onDone={(f) => {
            setNext(null);
            action.setNotice(t('followUp.createdNotice', { title: f.title }));
            onChanged();
          }}
        />
      )}
      <ResultsTable
        list={list}
        name="follow-ups"
        texts={{ caption: t('work.followUps'), empty: t('work.noFollowUps'), count: countText(t, 'followUp.countOne', 'followUp.count') }}
        columns={[
          { label: t('followUp.title'), cell: (f) => f.title },
          { label: t('followUp.organisation'), cell: (f) => <Link href={`/organisations/${f.organisation_id}`}>{f.organisation_name}</Link> },
          { label: t('followUp.dueOn'), cell: (f) => <DueBadge f={{ status: 'open', due_on: f.due_on }} /> },
          can.updateFollowUp(user) && {
            label: t('common.actions'),
            actions: true,
            cell: (f) => (
              <div class="row-actions">
                <FollowUpStatusButtons title={f.title} busy={action.busy} onStatus={(status) => setStatus(f, status)} />
              </div>
            ),
          },
        ]}
      />
    </>
  );
}

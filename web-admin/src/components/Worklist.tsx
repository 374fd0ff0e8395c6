// The dormant organisations as a worklist: who is responsible, the last activity and attendance, open
// follow-ups; "mine" and "without a follow-up"; on each row "log an activity" and "add a follow-up".
// Its state (months, filters, page) lives in the URL of the page that shows it.
import { useState } from 'preact/hooks';
import { api, PAGE_SIZE } from '../api';
import type { DormantOrganisation, DormantPage } from '../api';
import { useAsync } from '../hooks';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { intParam, Link, navigate, useLocation, withQuery } from '../router';
import { can, useSession } from '../session';
import { useStaff } from '../staff';
import { ActivityPanel } from './ActivityForm';
import { ExportButtons } from './ExportButtons';
import { FollowUpPanel } from './FollowUps';
import { CheckboxField, Empty, Loading, Notice, Pager, ProblemAlert, SelectField } from './ui';

/** A dormant row with the worklist's columns: from the dormant report, or from My work (which has no responsible officer: me). */
export type WorkRow = Pick<DormantOrganisation, 'organisation_id' | 'name' | 'kind' | 'police_district_id' | 'last_attended_at'> & {
  responsible_user_id?: number | null;
  last_activity_at?: string | null;
  open_follow_ups?: number;
};

interface Props {
  /** The page's path (the state is written to its query string). */
  path: string;
  /** "My work": always the user's own organisations, no "mine" choice. */
  onlyMine?: boolean;
  /** The section's heading. */
  title: string;
}

export function Worklist({ path, onlyMine = false, title }: Props) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const loc = useLocation();
  const q = loc.query;
  const months = ['6', '12', '24'].includes(q.get('months') ?? '') ? Number(q.get('months')) : 12;
  const offset = intParam(q.get('offset'));
  const staffView = can.logActivity(user);
  const mine = onlyMine || (staffView && q.get('mine') === 'true');
  const without = staffView && q.get('without_follow_up') === 'true';
  const set = (next: Record<string, string | number>) => {
    const cur = Object.fromEntries(q.entries());
    navigate(withQuery(path, { ...cur, ...next }), { replace: true });
  };
  const query = {
    months,
    responsible_user_id: mine ? user.id : '',
    without_open_follow_up: without ? 'true' : '',
  };
  const list = useAsync<DormantPage>(
    (signal) => api.get<DormantPage>('/reports/dormant-organisations', { ...query, limit: PAGE_SIZE, offset }, signal).then((r) => r.data),
    [months, offset, mine, without],
  );
  const dateFormat = new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'medium', timeZone: 'Europe/Copenhagen' });
  const rows = (list.data?.items ?? []) as WorkRow[];

  return (
    <section class="card report worklist" aria-labelledby="dormant-heading" id="dormant">
      <div class="report-head">
        <h2 id="dormant-heading">{title}</h2>
        <ExportButtons path="/reports/dormant-organisations" query={query} />
      </div>
      <div class="filter-row">
        <SelectField
          id="dormant-months"
          label={t('dashboard.dormantMonths')}
          value={String(months)}
          onValue={(v) => set({ months: v, offset: '' })}
          options={[6, 12, 24].map((m) => ({ value: String(m), label: t('dashboard.months', { n: m }) }))}
        />
        {staffView && !onlyMine && (
          <CheckboxField id="dormant-mine" label={t('worklist.mine')} checked={mine} onChecked={(on) => set({ mine: on ? 'true' : '', offset: '' })} />
        )}
        {staffView && (
          <CheckboxField
            id="dormant-without"
            label={t('worklist.withoutFollowUp')}
            checked={without}
            onChecked={(on) => set({ without_follow_up: on ? 'true' : '', offset: '' })}
          />
        )}
      </div>
      {list.error && <ProblemAlert error={list.error} onReload={list.reload} />}
      <div class="results" aria-busy={list.loading ? 'true' : 'false'}>
        {list.loading && !list.data && <Loading />}
        {list.data && (
          <>
            <p class="count" aria-live="polite">
              {t('dashboard.dormantCount', { n: list.data.total, since: dateFormat.format(new Date(list.data.since)) })}
            </p>
            <WorklistRows rows={rows} title={title} showResponsible={staffView} onChanged={list.reload} />
            <Pager total={list.data.total} limit={list.data.limit} offset={list.data.offset} onOffset={(o) => set({ offset: o || '' })} />
          </>
        )}
      </div>
    </section>
  );
}

/** The worklist's rows with "log an activity" and "add a follow-up" on each (staff only), or its empty text. */
export function WorklistRows({ rows, title, showResponsible, onChanged }: { rows: WorkRow[]; title: string; showResponsible: boolean; onChanged: () => void }) {
  const { t, lang, refName } = useI18n();
  const { user } = useSession();
  const { ref } = useReference();
  const staff = useStaff();
  const staffView = can.logActivity(user);
  const [logging, setLogging] = useState<WorkRow | null>(null);
  const [following, setFollowing] = useState<WorkRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const dateFormat = new Intl.DateTimeFormat(lang === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'medium', timeZone: 'Europe/Copenhagen' });
  const date = (iso: string | null | undefined) => (iso ? dateFormat.format(new Date(iso)) : t('dashboard.never'));
  return (
    <>
      {notice && <Notice>{notice}</Notice>}
      {logging && (
        <ActivityPanel
          key={`log-${logging.organisation_id}`}
          organisationId={logging.organisation_id}
          organisationName={logging.name}
          onCancel={() => setLogging(null)}
          onDone={(_, f) => {
            setLogging(null);
            setNotice(f ? t('activity.loggedWithFollowUp', { name: logging.name }) : t('activity.logged', { name: logging.name }));
            onChanged();
          }}
        />
      )}
      {following && (
        <FollowUpPanel
          key={`fu-${following.organisation_id}`}
          draft={{ organisation_id: following.organisation_id, organisationName: following.name }}
          onCancel={() => setFollowing(null)}
          onDone={(f) => {
            setFollowing(null);
            setNotice(t('followUp.createdNotice', { title: f.title }));
            onChanged();
          }}
        />
      )}
      {rows.length === 0 ? (
        <Empty>{t('dashboard.dormantNone')}</Empty>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={title}>
          <table class="list dormant">
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('org.name')}</th>
                <th scope="col">{t('org.kind')}</th>
                <th scope="col">{t('org.policeDistrict')}</th>
                {showResponsible && <th scope="col">{t('org.responsible')}</th>}
                <th scope="col">{t('dashboard.lastAttended')}</th>
                {staffView && <th scope="col">{t('worklist.lastActivity')}</th>}
                {staffView && (
                  <th scope="col" class="num">
                    {t('worklist.openFollowUps')}
                  </th>
                )}
                {staffView && (
                  <th scope="col">
                    <span class="visually-hidden">{t('common.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.organisation_id}>
                  <td data-label={t('org.name')}>
                    <Link href={`/organisations/${d.organisation_id}`}>{d.name}</Link>
                  </td>
                  <td data-label={t('org.kind')}>{ref ? refName(ref.kindByCode.get(d.kind)) : d.kind}</td>
                  <td data-label={t('org.policeDistrict')}>{ref ? refName(ref.districtById.get(d.police_district_id)) : d.police_district_id}</td>
                  {showResponsible && <td data-label={t('org.responsible')}>{staff.name(d.responsible_user_id)}</td>}
                  <td data-label={t('dashboard.lastAttended')}>{date(d.last_attended_at)}</td>
                  {staffView && <td data-label={t('worklist.lastActivity')}>{date(d.last_activity_at)}</td>}
                  {staffView && (
                    <td data-label={t('worklist.openFollowUps')} class="num">
                      {d.open_follow_ups ?? 0}
                    </td>
                  )}
                  {staffView && (
                    <td class="cell-actions">
                      <div class="row-actions">
                        <button
                          type="button"
                          class="button small"
                          aria-label={t('worklist.logFor', { name: d.name })}
                          onClick={() => {
                            setNotice(null);
                            setFollowing(null);
                            setLogging(d);
                          }}
                        >
                          {t('activity.logShort')}
                        </button>
                        <button
                          type="button"
                          class="button secondary small"
                          aria-label={t('worklist.followUpFor', { name: d.name })}
                          onClick={() => {
                            setNotice(null);
                            setLogging(null);
                            setFollowing(d);
                          }}
                        >
                          {t('followUp.addShort')}
                        </button>
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

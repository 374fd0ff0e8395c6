// The dialogue log: every activity the user may see (an officer limited to districts: theirs), with the
// contract's filters; an officer edits and deletes their own, an admin any.
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { Activity } from '../api';
import { ActivityPanel } from '../components/ActivityForm';
import { countText, FilterForm, ResultsTable } from '../components/ResultsTable';
import { FieldFrame, Notice, PageHeading, ProblemAlert, SelectField } from '../components/ui';
import { loadPage, useAction, useList, useOrgNames, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { byName, useReference } from '../reference';
import { Link } from '../router';
import { can, useSession } from '../session';
import { staffOptions, useActivityKinds, useStaff } from '../staff';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function ActivitiesPage() {
  const { t, refName, lang, formatDateTime } = useI18n();
  const { user } = useSession();
  const staff = useStaff();
  const kinds = useActivityKinds();
  const { ref } = useReference();
  useTitle(t('activity.listTitle'));
  const { params, update, table, list } = useList({
    path: '/activities',
    defaults: { q: '', kind: '', police_district_id: '', user_id: '', organisation_id: '', contact_id: '', from: '', to: '' },
    valid: { from: (v) => DATE.test(v), to: (v) => DATE.test(v) },
    load: (p, o, signal) => loadPage<Activity>('/activities', p, o, signal),
  });
  const items = table.list.data?.items ?? [];
  const orgNames = useOrgNames([...items.map((a) => a.organisation_id), params.organisation_id ? Number(params.organisation_id) : null]);
  const action = useAction();
  const [editing, setEditing] = useState<Activity | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const kindName = (code: string) => kinds.find((k) => k.code === code)?.label ?? code;

  const remove = async (a: Activity) => {
    setConfirming(null);
    if (!(await action.run(() => api.del(`/activities/${a.id}`).then(() => true)))) return;
    action.setNotice(t('activity.deleted', { subject: a.subject }));
    list.reload();
  };

  const orgFilterName = params.organisation_id ? (orgNames.get(Number(params.organisation_id)) ?? `#${params.organisation_id}`) : null;

  return (
    <section aria-labelledby="activities-heading">
      <div class="page-head">
        <PageHeading id="activities-heading">{t('activity.listTitle')}</PageHeading>
      </div>
      <p class="lead">{t('activity.listIntro')}</p>
      {orgFilterName && (
        <p>
          {t('activity.filteredBy', { name: orgFilterName })} <Link href="/activities">{t('activity.clearFilter')}</Link>
        </p>
      )}
      <FilterForm
        label={t('activity.filters')}
        search={{ id: 'activity-q', label: t('activity.search'), hint: t('activity.searchHint'), value: params.q, onSearch: (q) => update({ q }) }}
      >
        <div class="filter-row">
          <SelectField
            id="activity-filter-kind"
            label={t('activity.kind')}
            value={params.kind}
            onValue={(v) => update({ kind: v })}
            placeholder={t('activity.anyKind')}
            options={kinds.map((k) => ({ value: k.code, label: k.label }))}
          />
          <SelectField
            id="activity-filter-user"
            label={t('activity.loggedBy')}
            value={params.user_id}
            onValue={(v) => update({ user_id: v })}
            placeholder={t('activity.anyone')}
            options={staffOptions(staff, user.id)}
          />
          {ref && (
            <SelectField
              id="activity-filter-district"
              label={t('org.policeDistrict')}
              value={params.police_district_id}
              onValue={(v) => update({ police_district_id: v })}
              placeholder={t('org.anyDistrict')}
              options={byName(ref.districts, lang).map((d) => ({ value: String(d.id), label: refName(d) }))}
            />
          )}
          <FieldFrame id="activity-filter-from" label={t('dashboard.from')}>
            <input id="activity-filter-from" type="date" value={params.from} onChange={(e) => update({ from: e.currentTarget.value })} />
          </FieldFrame>
          <FieldFrame id="activity-filter-to" label={t('dashboard.to')}>
            <input id="activity-filter-to" type="date" value={params.to} onChange={(e) => update({ to: e.currentTarget.value })} />
          </FieldFrame>
        </div>
      </FilterForm>

      {action.notice && <Notice>{action.notice}</Notice>}
      {action.error && <ProblemAlert error={action.error} />}
      {editing && (
        <ActivityPanel
          key={editing.id}
          organisationId={editing.organisation_id}
          organisationName={orgNames.get(editing.organisation_id)}
          initial={editing}
          onCancel={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            action.setNotice(t('common.saved'));
            list.reload();
          }}
        />
      )}

      <ResultsTable
        {...table}
        name="activities"
        download={{ path: '/activities', query: params }}
        texts={{ caption: t('activity.listTitle'), empty: t('activity.empty'), count: countText(t, 'activity.countOne', 'activity.count') }}
        columns={[
          { label: t('activity.when'), cell: (a) => formatDateTime(a.occurred_at) },
          { label: t('activity.kind'), cell: (a) => kindName(a.kind) },
          { label: t('activity.subject'), cell: (a) => a.subject },
          {
            label: t('followUp.organisation'),
            cell: (a) => <Link href={`/organisations/${a.organisation_id}`}>{orgNames.get(a.organisation_id) ?? `#${a.organisation_id}`}</Link>,
          },
          { label: t('activity.peopleCount'), class: 'num', cell: (a) => a.contact_ids.length },
          { label: t('activity.loggedBy'), cell: (a) => staff.name(a.user_id) },
          {
            label: t('common.actions'),
            actions: true,
            cell: (a) =>
              confirming === a.id ? (
                <div class="confirm" role="group" aria-label={t('activity.delete')}>
                  <span>{t('activity.deleteConfirm')}</span>{' '}
                  <button type="button" class="button danger small" disabled={action.busy} onClick={() => remove(a)}>
                    {t('activity.deleteYes')}
                  </button>{' '}
                  <button type="button" class="button secondary small" onClick={() => setConfirming(null)}>
                    {t('common.cancel')}
                  </button>
                </div>
              ) : (
                <div class="row-actions">
                  {can.editActivity(user, a) && (
                    <button
                      type="button"
                      class="button secondary small"
                      aria-label={t('activity.editLabel', { subject: a.subject })}
                      onClick={() => {
                        action.setNotice(null);
                        setEditing(a);
                      }}
                    >
                      {t('common.edit')}
                    </button>
                  )}
                  {can.deleteActivity(user, a) && (
                    <button
                      type="button"
                      class="button danger small"
                      aria-label={t('activity.deleteLabel', { subject: a.subject })}
                      onClick={() => setConfirming(a.id)}
                    >
                      {t('activity.delete')}
                    </button>
                  )}
                </div>
              ),
          },
        ]}
      />
    </section>
  );
}

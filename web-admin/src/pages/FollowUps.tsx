// Follow-ups: mine by default, open ones, the overdue highlighted; "Done" offers the next one.
import { useState } from 'preact/hooks';
import type { FollowUp } from '../api';
import { FollowUpPanel, FollowUpTable } from '../components/FollowUps';
import { countText, FilterForm } from '../components/ResultsTable';
import { CheckboxField, Notice, PageHeading, SelectField } from '../components/ui';
import { loadPage, useList, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { can, useSession } from '../session';
import { staffOptions, useStaff } from '../staff';

/** The API's filters for the list's parameters (the page and its download use the same). */
function apiQuery(p: { assigned: string; status: string; overdue: string; organisation_id: string }) {
  return {
    assigned_user_id: p.assigned === 'all' ? '' : p.assigned,
    status: p.status === 'all' ? '' : p.status,
    overdue: p.overdue,
    organisation_id: p.organisation_id,
  };
}

export function FollowUpsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const staff = useStaff();
  useTitle(t('followUp.listTitle'));
  const { params, update, table } = useList({
    path: '/follow-ups',
    defaults: { assigned: 'me', status: 'open', overdue: '', organisation_id: '' },
    valid: { status: (v) => ['open', 'done', 'cancelled', 'all'].includes(v), overdue: (v) => v === 'true' },
    load: (p, o, signal) => loadPage<FollowUp>('/follow-ups', apiQuery(p), o, signal),
  });
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <section aria-labelledby="follow-ups-heading">
      <div class="page-head">
        <PageHeading id="follow-ups-heading">{t('followUp.listTitle')}</PageHeading>
        {can.createFollowUp(user) && !creating && (
          <button
            type="button"
            class="button primary"
            onClick={() => {
              setNotice(null);
              setCreating(true);
            }}
          >
            {t('followUp.new')}
          </button>
        )}
      </div>
      {notice && <Notice>{notice}</Notice>}
      {creating && (
        <FollowUpPanel
          draft={{ organisation_id: params.organisation_id ? Number(params.organisation_id) : null }}
          onCancel={() => setCreating(false)}
          onDone={(f) => {
            setCreating(false);
            setNotice(t('followUp.createdNotice', { title: f.title }));
            table.list.reload();
          }}
        />
      )}
      <FilterForm label={t('followUp.filters')}>
        <div class="filter-row">
          <SelectField
            id="follow-up-filter-assigned"
            label={t('followUp.assignee')}
            value={params.assigned}
            onValue={(v) => update({ assigned: v })}
            options={[
              { value: 'me', label: t('followUp.mine') },
              { value: 'all', label: t('followUp.everyone') },
              ...staffOptions(staff, user.id).filter((o) => o.value !== String(user.id)),
            ]}
          />
          <SelectField
            id="follow-up-filter-status"
            label={t('common.status')}
            value={params.status}
            onValue={(v) => update({ status: v })}
            options={[
              { value: 'open', label: t('followUp.status.open') },
              { value: 'done', label: t('followUp.status.done') },
              { value: 'cancelled', label: t('followUp.status.cancelled') },
              { value: 'all', label: t('common.statusAll') },
            ]}
          />
          <CheckboxField
            id="follow-up-filter-overdue"
            label={t('followUp.onlyOverdue')}
            checked={params.overdue === 'true'}
            onChecked={(on) => update({ overdue: on ? 'true' : '' })}
          />
        </div>
      </FilterForm>
      <FollowUpTable
        list={table.list}
        offset={table.offset}
        onOffset={table.onOffset}
        download={{ path: '/follow-ups', query: apiQuery(params) }}
        texts={{ caption: t('followUp.listTitle'), empty: t('followUp.empty'), count: countText(t, 'followUp.countOne', 'followUp.count') }}
      />
    </section>
  );
}

// Administrators: the audit trail. Who did what to which record and whose data, when; personal values
// are never in it (a personal field shows only that it changed).
import { api } from '../api';
import type { AuditEntry, AuditField, ListPage, User } from '../api';
import { FilterForm, ResultsTable } from '../components/ResultsTable';
import { PageHeading, SelectField, TextField } from '../components/ui';
import { loadPage, useAsync, useList, useTitle } from '../hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { Link, withQuery } from '../router';

const ACTIONS = ['create', 'update', 'read', 'export', 'erase', 'login'];
const RESOURCES = ['contact', 'contact_list', 'organisation', 'event', 'registration', 'registration_list', 'series', 'user'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function resourceHref(resource: string, id: number | null): string | null {
  if (id === null) return null;
  if (resource === 'contact') return `/contacts/${id}`;
  if (resource === 'organisation' || resource === 'contact_list') return `/organisations/${id}`;
  if (resource === 'event' || resource === 'registration_list') return `/events/${id}`;
  if (resource === 'series') return `/series/${id}`;
  return null;
}

export function AuditPage() {
  const { t, formatDateTime } = useI18n();
  useTitle(t('audit.title'));
  const { params, update, table } = useList({
    path: '/audit',
    defaults: { user_id: '', action: '', resource: '', contact_id: '', from: '', to: '' },
    valid: {
      action: (a) => ACTIONS.includes(a),
      resource: (r) => RESOURCES.includes(r),
      contact_id: (c) => /^\d+$/.test(c),
      from: (d) => DATE.test(d),
      to: (d) => DATE.test(d),
    },
    load: (p, o, signal) => loadPage<AuditEntry>('/audit', p, o, signal),
  });

  const users = useAsync((signal) => api.get<ListPage<User>>('/users', { limit: 200 }, signal).then((r) => r.data.items), []);
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const label = (prefix: string, code: string) => {
    const key = `${prefix}.${code}` as MessageKey;
    const text = t(key);
    return text === key ? code : text;
  };
  const describe = (f: AuditField) => (f.personal ? t('audit.personalChanged', { field: f.field }) : `${f.field}: ${f.old ?? '–'} → ${f.new ?? '–'}`);
  const resource = (e: AuditEntry) => {
    const href = resourceHref(e.resource, e.resource_id);
    return (
      <>
        {label('audit.resource', e.resource)} {e.resource_id !== null && (href ? <Link href={href}>#{e.resource_id}</Link> : `#${e.resource_id}`)}
      </>
    );
  };
  const people = (e: AuditEntry) => (
    <>
      {e.contact_ids.slice(0, 5).map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <Link href={withQuery('/audit', { contact_id: id })}>#{id}</Link>
        </span>
      ))}
      {e.contact_ids.length > 5 && ` ${t('audit.more', { n: e.contact_ids.length - 5 })}`}
    </>
  );
  const changes = (e: AuditEntry) =>
    e.fields.length === 0 ? (
      t('common.none')
    ) : (
      <ul class="plain-list">
        {e.fields.map((f) => (
          <li key={f.field}>{describe(f)}</li>
        ))}
      </ul>
    );

  return (
    <section aria-labelledby="audit-heading">
      <div class="page-head">
        <PageHeading id="audit-heading">{t('audit.title')}</PageHeading>
      </div>
      <p>{t('audit.intro')}</p>
      <FilterForm label={t('audit.filters')}>
        <div class="filter-row">
          <SelectField
            id="audit-user"
            label={t('audit.user')}
            value={params.user_id}
            onValue={(v) => update({ user_id: v })}
            placeholder={t('common.all')}
            options={(users.data ?? []).map((u) => ({ value: String(u.id), label: u.name }))}
          />
          <SelectField
            id="audit-action"
            label={t('audit.action')}
            value={params.action}
            onValue={(v) => update({ action: v })}
            placeholder={t('common.all')}
            options={ACTIONS.map((a) => ({ value: a, label: label('audit.action', a) }))}
          />
          <SelectField
            id="audit-resource"
            label={t('audit.resource')}
            value={params.resource}
            onValue={(v) => update({ resource: v })}
            placeholder={t('common.all')}
            options={RESOURCES.map((r) => ({ value: r, label: label('audit.resource', r) }))}
          />
          <TextField
            id="audit-person"
            label={t('audit.person')}
            hint={t('audit.personHint')}
            value={params.contact_id}
            inputMode="numeric"
            onValue={(v) => update({ contact_id: v.replace(/\D/g, '') })}
          />
          <div class="field">
            <label for="audit-from">{t('dashboard.from')}</label>
            <input id="audit-from" type="date" value={params.from} onChange={(e) => update({ from: (e.target as HTMLInputElement).value })} />
          </div>
          <div class="field">
            <label for="audit-to">{t('dashboard.to')}</label>
            <input id="audit-to" type="date" value={params.to} onChange={(e) => update({ to: (e.target as HTMLInputElement).value })} />
          </div>
        </div>
      </FilterForm>
      <ResultsTable
        {...table}
        name="audit"
        download={{ path: '/audit', query: params }}
        texts={{ caption: t('audit.title'), empty: t('audit.empty'), count: (total) => t('audit.count', { total }) }}
        columns={[
          { label: t('audit.at'), cell: (e) => formatDateTime(e.at) },
          {
            label: t('audit.user'),
            cell: (e) => (e.user_id === null ? t('audit.system') : (names.get(e.user_id) ?? `#${e.user_id}`)),
          },
          { label: t('audit.action'), cell: (e) => label('audit.action', e.action) },
          { label: t('audit.resource'), cell: resource },
          { label: t('audit.people'), cell: people },
          { label: t('audit.changes'), cell: changes },
        ]}
      />
    </section>
  );
}

// Administrators: the audit trail. Who did what to which record and whose data, when; personal values
// are never in it (a personal field shows only that it changed).
import { api, PAGE_SIZE } from '../api';
import type { AuditEntry, AuditField, ListPage, User } from '../api';
import { Empty, Loading, PageHeading, Pager, ProblemAlert, SelectField, TextField } from '../components/ui';
import { useAsync, useTitle } from '../hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { intParam, Link, navigate, useLocation, withQuery } from '../router';

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
  const loc = useLocation();
  const q = loc.query;
  const params = {
    user_id: q.get('user_id') ?? '',
    action: ACTIONS.includes(q.get('action') ?? '') ? (q.get('action') as string) : '',
    resource: RESOURCES.includes(q.get('resource') ?? '') ? (q.get('resource') as string) : '',
    contact_id: /^\d+$/.test(q.get('contact_id') ?? '') ? (q.get('contact_id') as string) : '',
    from: DATE.test(q.get('from') ?? '') ? (q.get('from') as string) : '',
    to: DATE.test(q.get('to') ?? '') ? (q.get('to') as string) : '',
    offset: intParam(q.get('offset')),
  };
  const update = (next: Partial<typeof params>) =>
    navigate(withQuery('/audit', { ...params, offset: '', ...next }), { replace: true });

  const users = useAsync(
    (signal) => api.get<ListPage<User>>('/users', { limit: 200 }, signal).then((r) => r.data.items),
    [],
  );
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const list = useAsync(
    (signal) =>
      api
        .get<ListPage<AuditEntry>>('/audit', { ...params, limit: PAGE_SIZE, offset: params.offset }, signal)
        .then((r) => r.data),
    [params.user_id, params.action, params.resource, params.contact_id, params.from, params.to, params.offset],
  );
  const data = list.data;
  const label = (prefix: string, code: string) => {
    const key = `${prefix}.${code}` as MessageKey;
    const text = t(key);
    return text === key ? code : text;
  };
  const describe = (f: AuditField) =>
    f.personal ? t('audit.personalChanged', { field: f.field }) : `${f.field}: ${f.old ?? '–'} → ${f.new ?? '–'}`;

  return (
    <section aria-labelledby="audit-heading">
      <div class="page-head">
        <PageHeading id="audit-heading">{t('audit.title')}</PageHeading>
      </div>
      <p>{t('audit.intro')}</p>
      <form role="search" aria-label={t('audit.filters')} class="filters" onSubmit={(e) => e.preventDefault()}>
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
      </form>
      <div class="results" aria-busy={list.loading ? 'true' : 'false'}>
        <p class="result-count" aria-live="polite">{data && !list.loading ? t('audit.count', { total: data.total }) : ''}</p>
        {list.loading && <Loading />}
        {list.error && <ProblemAlert error={list.error} />}
        {!list.loading && data && data.items.length === 0 && <Empty>{t('audit.empty')}</Empty>}
        {!list.loading && data && data.items.length > 0 && (
          <>
            <div class="table-wrap">
              <table class="list audit">
                <caption class="visually-hidden">{t('audit.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.at')}</th>
                    <th scope="col">{t('audit.user')}</th>
                    <th scope="col">{t('audit.action')}</th>
                    <th scope="col">{t('audit.resource')}</th>
                    <th scope="col">{t('audit.people')}</th>
                    <th scope="col">{t('audit.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((e) => {
                    const href = resourceHref(e.resource, e.resource_id);
                    return (
                      <tr key={e.id}>
                        <td data-label={t('audit.at')}>{formatDateTime(e.at)}</td>
                        <td data-label={t('audit.user')}>{e.user_id === null ? t('audit.system') : names.get(e.user_id) ?? `#${e.user_id}`}</td>
                        <td data-label={t('audit.action')}>{label('audit.action', e.action)}</td>
                        <td data-label={t('audit.resource')}>
                          {label('audit.resource', e.resource)}{' '}
                          {e.resource_id !== null && (href ? <Link href={href}>#{e.resource_id}</Link> : `#${e.resource_id}`)}
                        </td>
                        <td data-label={t('audit.people')}>
                          {e.contact_ids.slice(0, 5).map((id, i) => (
                            <span key={id}>
                              {i > 0 && ', '}
                              <Link href={withQuery('/audit', { contact_id: id })}>#{id}</Link>
                            </span>
                          ))}
                          {e.contact_ids.length > 5 && ` ${t('audit.more', { n: e.contact_ids.length - 5 })}`}
                        </td>
                        <td data-label={t('audit.changes')}>
                          {e.fields.length === 0 ? (
                            t('common.none')
                          ) : (
                            <ul class="plain-list">
                              {e.fields.map((f) => (
                                <li key={f.field}>{describe(f)}</li>
                              ))}
                            </ul>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pager total={data.total} limit={data.limit || PAGE_SIZE} offset={data.offset} onOffset={(o) => update({ offset: o })} />
          </>
        )}
      </div>
    </section>
  );
}

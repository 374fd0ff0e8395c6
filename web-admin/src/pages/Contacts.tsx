import type { TargetedEvent, TargetedSubmitEvent } from 'preact';
import { api, PAGE_SIZE } from '../api';
import type { Contact, ListPage } from '../api';
import { Empty, Loading, PageHeading, Pager, ProblemAlert, SelectField, SortHeader, StatusBadge } from '../components/ui';
import { useAsync, useOrgNames, useTitle, useUrlText } from '../hooks';
import { useI18n } from '../i18n';
import { intParam, Link, navigate, useLocation, withQuery } from '../router';

export function ContactsPage() {
  const { t } = useI18n();
  useTitle(t('contact.listTitle'));
  const loc = useLocation();
  const params = {
    q: loc.query.get('q') ?? '',
    organisation_id: loc.query.get('organisation_id') ?? '',
    status: loc.query.get('status') ?? 'active',
    sort: loc.query.get('sort') ?? 'name',
    offset: intParam(loc.query.get('offset')),
  };
  const [qInput, setQInput] = useUrlText(params.q);

  const update = (changes: Partial<typeof params>) => {
    const next = { ...params, offset: 0, ...changes };
    navigate(
      withQuery('/contacts', {
        q: next.q,
        organisation_id: next.organisation_id,
        status: next.status === 'active' ? '' : next.status,
        sort: next.sort === 'name' ? '' : next.sort,
        offset: next.offset || '',
      }),
      { replace: true },
    );
  };

  const list = useAsync(
    (signal) =>
      api
        .get<ListPage<Contact>>(
          '/contacts',
          {
            q: params.q,
            organisation_id: params.organisation_id,
            status: params.status,
            sort: params.sort,
            limit: PAGE_SIZE,
            offset: params.offset,
          },
          signal,
        )
        .then((r) => r.data),
    [loc.search],
  );
  const data = list.data;
  const orgIds = [...(data?.items.map((c) => c.organisation_id) ?? []), params.organisation_id ? Number(params.organisation_id) : null];
  const orgNames = useOrgNames(orgIds);
  const filterOrgName = params.organisation_id ? orgNames.get(Number(params.organisation_id)) : undefined;

  const onSearch = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    update({ q: qInput.trim() });
  };

  return (
    <section aria-labelledby="contacts-heading">
      <div class="page-head">
        <PageHeading id="contacts-heading">{t('contact.listTitle')}</PageHeading>
        <Link href={withQuery('/contacts/new', { organisation_id: params.organisation_id })} class="button primary">
          {t('contact.new')}
        </Link>
      </div>

      {params.organisation_id && (
        <p class="filter-note">
          {t('contact.filteredBy', { name: filterOrgName ?? `#${params.organisation_id}` })}{' '}
          <Link href="/contacts">{t('contact.clearFilter')}</Link>
        </p>
      )}

      <form role="search" aria-label={t('contact.search')} class="filters" onSubmit={onSearch}>
        <div class="field search-field">
          <label for="contact-q">{t('contact.search')}</label>
          <p class="hint" id="contact-q-hint">
            {t('contact.searchHint')}
          </p>
          <div class="search-row">
            <input
              id="contact-q"
              name="q"
              type="search"
              value={qInput}
              aria-describedby="contact-q-hint"
              onInput={(e: TargetedEvent<HTMLInputElement>) => setQInput(e.currentTarget.value)}
            />
            <button type="submit" class="button primary">
              {t('common.search')}
            </button>
          </div>
        </div>
        <div class="filter-row">
          <SelectField
            id="contact-filter-status"
            label={t('common.statusFilter')}
            value={params.status}
            onValue={(v) => update({ status: v })}
            options={[
              { value: 'active', label: t('common.statusActive') },
              { value: 'archived', label: t('common.statusArchived') },
              { value: 'all', label: t('common.statusAll') },
            ]}
          />
        </div>
      </form>

      <div class="results" aria-busy={list.loading ? 'true' : 'false'}>
        <p class="result-count" aria-live="polite">
          {data && !list.loading ? (data.total === 1 ? t('contact.countOne') : t('contact.count', { total: data.total })) : ''}
        </p>
        {list.loading && <Loading />}
        {list.error && <ProblemAlert error={list.error} />}
        {!list.loading && data && data.items.length === 0 && <Empty>{t('contact.empty')}</Empty>}
        {!list.loading && data && data.items.length > 0 && (
          <>
            <div class="table-wrap">
              <table class="list contacts">
                <caption class="visually-hidden">{t('contact.listTitle')}</caption>
                <thead>
                  <tr>
                    <SortHeader column="name" label={t('contact.name')} sort={params.sort} onSort={(s) => update({ sort: s })} />
                    <th scope="col">{t('contact.organisation')}</th>
                    <th scope="col">{t('contact.title')}</th>
                    <th scope="col">{t('contact.email')}</th>
                    <th scope="col">{t('contact.phone')}</th>
                    <th scope="col">{t('common.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((c) => (
                    <tr key={c.id}>
                      <td data-label={t('contact.name')}>
                        <Link href={`/contacts/${c.id}`}>{c.name}</Link>
                      </td>
                      <td data-label={t('contact.organisation')}>
                        <Link href={`/organisations/${c.organisation_id}`}>{orgNames.get(c.organisation_id) ?? `#${c.organisation_id}`}</Link>
                      </td>
                      <td data-label={t('contact.title')}>{c.title ?? t('common.none')}</td>
                      <td data-label={t('contact.email')} class="cell-email">{c.email ?? t('common.none')}</td>
                      <td data-label={t('contact.phone')}>{c.phone ?? t('common.none')}</td>
                      <td data-label={t('common.status')}>
                        <StatusBadge status={c.status} />
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
    </section>
  );
}

import type { Contact } from '../api';
import { FilterForm, listTexts, ResultsTable, StatusFilter } from '../components/ResultsTable';
import { PageHeading, StatusBadge } from '../components/ui';
import { loadPage, useList, useOrgNames, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link, withQuery } from '../router';
import { can, useSession } from '../session';

export function ContactsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  useTitle(t('contact.listTitle'));
  const { params, list, update, table } = useList({
    path: '/contacts',
    defaults: { q: '', organisation_id: '', status: 'active', sort: 'name' },
    load: (p, o, signal) => loadPage<Contact>('/contacts', p, o, signal),
  });
  const orgIds = [...(list.data?.items.map((c) => c.organisation_id) ?? []), params.organisation_id ? Number(params.organisation_id) : null];
  const orgNames = useOrgNames(orgIds);
  const filterOrgName = params.organisation_id ? orgNames.get(Number(params.organisation_id)) : undefined;

  return (
    <section aria-labelledby="contacts-heading">
      <div class="page-head">
        <PageHeading id="contacts-heading">{t('contact.listTitle')}</PageHeading>
        <Link href={withQuery('/contacts/new', { organisation_id: params.organisation_id })} class="button primary">
          {t('contact.new')}
        </Link>
        {can.importData(user) && (
          <Link href="/imports/new?kind=contacts" class="button">
            {t('import.open')}
          </Link>
        )}
      </div>

      {params.organisation_id && (
        <p class="filter-note">
          {t('contact.filteredBy', { name: filterOrgName ?? `#${params.organisation_id}` })} <Link href="/contacts">{t('contact.clearFilter')}</Link>
        </p>
      )}

      <FilterForm
        label={t('contact.search')}
        search={{
          id: 'contact-q',
          label: t('contact.search'),
          hint: t('contact.searchHint'),
          value: params.q,
          onSearch: (q) => update({ q }),
        }}
      >
        <div class="filter-row">
          <StatusFilter id="contact-filter-status" value={params.status} onValue={(v) => update({ status: v })} />
        </div>
      </FilterForm>

      <ResultsTable
        {...table}
        name="contacts"
        download={{ path: '/contacts', query: params }}
        texts={listTexts(t, 'contact')}
        columns={[
          { label: t('contact.name'), sort: 'name', cell: (c) => <Link href={`/contacts/${c.id}`}>{c.name}</Link> },
          {
            label: t('contact.organisation'),
            cell: (c) => <Link href={`/organisations/${c.organisation_id}`}>{orgNames.get(c.organisation_id) ?? `#${c.organisation_id}`}</Link>,
          },
          { label: t('contact.title'), cell: (c) => c.title ?? t('common.none') },
          { label: t('contact.email'), class: 'cell-email', cell: (c) => c.email ?? t('common.none') },
          { label: t('contact.phone'), cell: (c) => c.phone ?? t('common.none') },
          { label: t('common.status'), cell: (c) => <StatusBadge status={c.status} /> },
        ]}
      />
    </section>
  );
}

import type { Organisation } from '../api';
import { FilterForm, listTexts, ResultsTable, StatusFilter } from '../components/ResultsTable';
import { PageHeading, ProblemAlert, SelectField, StatusBadge } from '../components/ui';
import { loadPage, useList, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { byName, kindGroups, useReference } from '../reference';
import { Link } from '../router';
import { can, useSession } from '../session';
import { staffOptions, useStaff } from '../staff';

export function OrganisationsPage() {
  const i18n = useI18n();
  const { t, refName, lang, formatDateTime } = i18n;
  const { user } = useSession();
  useTitle(t('org.listTitle'));
  const { ref, error: refError } = useReference();
  const staff = useStaff();
  const outreach = can.logActivity(user);
  const { params, update, table } = useList({
    path: '/organisations',
    defaults: { q: '', kind: '', police_district_id: '', municipality_id: '', responsible_user_id: '', status: 'active', sort: 'name' },
    load: (p, o, signal) => loadPage<Organisation>('/organisations', p, o, signal),
  });

  const municipalities = ref
    ? byName(
        ref.municipalities.filter((m) => !params.police_district_id || String(m.police_district_id) === params.police_district_id),
        lang,
      )
    : [];

  return (
    <section aria-labelledby="orgs-heading">
      <div class="page-head">
        <PageHeading id="orgs-heading">{t('org.listTitle')}</PageHeading>
        {can.createOrganisation(user) && (
          <Link href="/organisations/new" class="button primary">
            {t('org.new')}
          </Link>
        )}
        {can.importData(user) && (
          <Link href="/imports/new?kind=organisations" class="button">
            {t('import.open')}
          </Link>
        )}
      </div>

      <FilterForm
        label={t('org.search')}
        search={{ id: 'org-q', label: t('org.search'), hint: t('org.searchHint'), value: params.q, onSearch: (q) => update({ q }) }}
      >
        {refError && <ProblemAlert error={refError} />}
        {ref && (
          <div class="filter-row">
            <SelectField
              id="org-filter-kind"
              label={t('org.kind')}
              value={params.kind}
              onValue={(v) => update({ kind: v })}
              placeholder={t('org.anyKind')}
              groups={kindGroups(ref, i18n)}
            />
            <SelectField
              id="org-filter-district"
              label={t('org.policeDistrict')}
              value={params.police_district_id}
              onValue={(v) => update({ police_district_id: v, municipality_id: '' })}
              placeholder={t('org.anyDistrict')}
              options={byName(ref.districts, lang).map((d) => ({ value: String(d.id), label: refName(d) }))}
            />
            <SelectField
              id="org-filter-municipality"
              label={t('org.municipality')}
              value={params.municipality_id}
              onValue={(v) => update({ municipality_id: v })}
              placeholder={t('org.anyMunicipality')}
              options={municipalities.map((m) => ({ value: String(m.id), label: refName(m) }))}
            />
            {outreach && (
              <SelectField
                id="org-filter-responsible"
                label={t('org.responsible')}
                value={params.responsible_user_id}
                onValue={(v) => update({ responsible_user_id: v })}
                placeholder={t('org.anyResponsible')}
                options={staffOptions(staff, user.id)}
              />
            )}
            <StatusFilter id="org-filter-status" value={params.status} onValue={(v) => update({ status: v })} />
          </div>
        )}
      </FilterForm>

      <ResultsTable
        {...table}
        name="organisations"
        download={{ path: '/organisations', query: params }}
        texts={listTexts(t, 'org')}
        columns={[
          { label: t('org.name'), sort: 'name', cell: (o) => <Link href={`/organisations/${o.id}`}>{o.name}</Link> },
          { label: t('org.kind'), cell: (o) => refName(ref?.kindByCode.get(o.kind)) || o.kind },
          { label: t('org.municipality'), cell: (o) => refName(ref?.municipalityById.get(o.municipality_id)) },
          { label: t('org.policeDistrict'), cell: (o) => refName(ref?.districtById.get(o.police_district_id)) },
          { label: t('org.cvr'), cell: (o) => o.cvr ?? t('common.none') },
          outreach && { label: t('org.responsible'), cell: (o) => (o.responsible_user_id ? staff.name(o.responsible_user_id) : t('common.none')) },
          outreach && {
            label: t('worklist.lastActivity'),
            sort: 'last_activity_at',
            cell: (o) => (o.last_activity_at ? formatDateTime(o.last_activity_at) : t('dashboard.never')),
          },
          { label: t('common.status'), cell: (o) => <StatusBadge status={o.status} /> },
        ]}
      />
    </section>
  );
}

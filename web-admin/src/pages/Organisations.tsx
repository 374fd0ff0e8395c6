import type { TargetedEvent, TargetedSubmitEvent } from 'preact';
import { api, PAGE_SIZE } from '../api';
import type { ListPage, Organisation } from '../api';
import { Empty, Loading, PageHeading, Pager, ProblemAlert, SelectField, SortHeader, StatusBadge } from '../components/ui';
import { useAsync, useTitle, useUrlText } from '../hooks';
import { useI18n } from '../i18n';
import { byName, kindGroups, useReference } from '../reference';
import { intParam, Link, navigate, useLocation, withQuery } from '../router';
import { can, useSession } from '../session';

export function OrganisationsPage() {
  const i18n = useI18n();
  const { t, refName, lang } = i18n;
  const { user } = useSession();
  useTitle(t('org.listTitle'));
  const loc = useLocation();
  const { ref, error: refError } = useReference();

  const params = {
    q: loc.query.get('q') ?? '',
    kind: loc.query.get('kind') ?? '',
    police_district_id: loc.query.get('police_district_id') ?? '',
    municipality_id: loc.query.get('municipality_id') ?? '',
    status: loc.query.get('status') ?? 'active',
    sort: loc.query.get('sort') ?? 'name',
    offset: intParam(loc.query.get('offset')),
  };
  const [qInput, setQInput] = useUrlText(params.q);

  const update = (changes: Partial<typeof params>) => {
    const next = { ...params, offset: 0, ...changes };
    navigate(
      withQuery('/organisations', {
        q: next.q,
        kind: next.kind,
        police_district_id: next.police_district_id,
        municipality_id: next.municipality_id,
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
        .get<ListPage<Organisation>>(
          '/organisations',
          {
            q: params.q,
            kind: params.kind,
            police_district_id: params.police_district_id,
            municipality_id: params.municipality_id,
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

  const municipalities = ref
    ? byName(
        ref.municipalities.filter(
          (m) => !params.police_district_id || String(m.police_district_id) === params.police_district_id,
        ),
        lang,
      )
    : [];

  const onSearch = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    update({ q: qInput.trim() });
  };

  const data = list.data;
  return (
    <section aria-labelledby="orgs-heading">
      <div class="page-head">
        <PageHeading id="orgs-heading">{t('org.listTitle')}</PageHeading>
        {can.createOrganisation(user) && (
          <Link href="/organisations/new" class="button primary">
            {t('org.new')}
          </Link>
        )}
      </div>

      <form role="search" aria-label={t('org.search')} class="filters" onSubmit={onSearch}>
        <div class="field search-field">
          <label for="org-q">{t('org.search')}</label>
          <p class="hint" id="org-q-hint">
            {t('org.searchHint')}
          </p>
          <div class="search-row">
            <input
              id="org-q"
              name="q"
              type="search"
              value={qInput}
              aria-describedby="org-q-hint"
              onInput={(e: TargetedEvent<HTMLInputElement>) => setQInput(e.currentTarget.value)}
            />
            <button type="submit" class="button primary">
              {t('common.search')}
            </button>
          </div>
        </div>
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
            <SelectField
              id="org-filter-status"
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
        )}
      </form>

      <div class="results" aria-busy={list.loading ? 'true' : 'false'}>
        <p class="result-count" aria-live="polite">
          {data && !list.loading
            ? data.total === 1
              ? t('org.countOne')
              : t('org.count', { total: data.total })
            : ''}
        </p>
        {list.loading && <Loading />}
        {list.error && <ProblemAlert error={list.error} />}
        {!list.loading && data && data.items.length === 0 && <Empty>{t('org.empty')}</Empty>}
        {!list.loading && data && data.items.length > 0 && (
          <>
            <div class="table-wrap">
              <table class="list organisations">
                <caption class="visually-hidden">{t('org.listTitle')}</caption>
                <thead>
                  <tr>
                    <SortHeader column="name" label={t('org.name')} sort={params.sort} onSort={(s) => update({ sort: s })} />
                    <th scope="col">{t('org.kind')}</th>
                    <th scope="col">{t('org.municipality')}</th>
                    <th scope="col">{t('org.policeDistrict')}</th>
                    <th scope="col">{t('org.cvr')}</th>
                    <th scope="col">{t('common.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((o) => (
                    <tr key={o.id}>
                      <td data-label={t('org.name')}>
                        <Link href={`/organisations/${o.id}`}>{o.name}</Link>
                      </td>
                      <td data-label={t('org.kind')}>{refName(ref?.kindByCode.get(o.kind)) || o.kind}</td>
                      <td data-label={t('org.municipality')}>{refName(ref?.municipalityById.get(o.municipality_id))}</td>
                      <td data-label={t('org.policeDistrict')}>{refName(ref?.districtById.get(o.police_district_id))}</td>
                      <td data-label={t('org.cvr')}>{o.cvr ?? t('common.none')}</td>
                      <td data-label={t('common.status')}>
                        <StatusBadge status={o.status} />
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

// The series of recurring network meetings (staff and management), paged, newest last as the API sorts them.
import { api, PAGE_SIZE } from '../api';
import type { ListPage, Series } from '../api';
import { RuleText, SeriesStatusBadge, useTimeSpan } from '../components/SeriesBits';
import { Empty, Loading, PageHeading, Pager, ProblemAlert } from '../components/ui';
import { useAsync, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { intParam, Link, navigate, useLocation, withQuery } from '../router';
import { can, useSession } from '../session';

export function SeriesListPage() {
  const { t, refName } = useI18n();
  const { user } = useSession();
  const { ref } = useReference();
  useTitle(t('series.listTitle'));
  const loc = useLocation();
  const offset = intParam(loc.query.get('offset'));
  const list = useAsync(
    (signal) => api.get<ListPage<Series>>('/series', { limit: PAGE_SIZE, offset }, signal).then((r) => r.data),
    [offset],
  );
  const data = list.data;
  const span = useTimeSpan();

  return (
    <section aria-labelledby="series-heading">
      <p class="breadcrumb">
        <Link href="/events">{t('event.listTitle')}</Link>
      </p>
      <div class="page-head">
        <PageHeading id="series-heading">{t('series.listTitle')}</PageHeading>
        {can.planSeries(user) && (
          <Link href="/series/new" class="button primary">
            {t('series.new')}
          </Link>
        )}
      </div>
      <p>{t('series.intro')}</p>

      <div class="results" aria-busy={list.loading ? 'true' : 'false'}>
        <p class="result-count" aria-live="polite">
          {data && !list.loading ? (data.total === 1 ? t('series.countOne') : t('series.count', { total: data.total })) : ''}
        </p>
        {list.loading && <Loading />}
        {list.error && <ProblemAlert error={list.error} />}
        {!list.loading && data && data.items.length === 0 && <Empty>{t('series.empty')}</Empty>}
        {!list.loading && data && data.items.length > 0 && (
          <>
            <div class="table-wrap">
              <table class="list series">
                <caption class="visually-hidden">{t('series.listTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('event.title')}</th>
                    <th scope="col">{t('series.rule')}</th>
                    <th scope="col">{t('series.time')}</th>
                    <th scope="col">{t('event.venue')}</th>
                    <th scope="col">{t('series.members')}</th>
                    <th scope="col">{t('common.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((s) => {
                    const municipality = s.venue.municipality_id ? refName(ref?.municipalityById.get(s.venue.municipality_id)) : '';
                    const place = [s.venue.name, municipality].filter(Boolean).join(', ');
                    return (
                      <tr key={s.id}>
                        <td data-label={t('event.title')}>
                          <Link href={`/series/${s.id}`}>{s.title}</Link>
                        </td>
                        <td data-label={t('series.rule')}>
                          <RuleText series={s} />
                        </td>
                        <td data-label={t('series.time')}>{span(s)}</td>
                        <td data-label={t('event.venue')}>{place || t('common.none')}</td>
                        <td data-label={t('series.members')} class="num">
                          {s.roster_organisation_ids.length}
                        </td>
                        <td data-label={t('common.status')}>
                          <SeriesStatusBadge status={s.status} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pager
              total={data.total}
              limit={data.limit || PAGE_SIZE}
              offset={data.offset ?? offset}
              onOffset={(o) => navigate(withQuery('/series', { offset: o || '' }), { replace: true })}
            />
          </>
        )}
      </div>
    </section>
  );
}

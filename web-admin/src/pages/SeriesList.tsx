// The series of recurring network meetings (staff and management), paged, newest last as the API sorts them.
import type { Series } from '../api';
import { listTexts, ResultsTable } from '../components/ResultsTable';
import { RuleText, SeriesStatusBadge, useTimeSpan } from '../components/SeriesBits';
import { PageHeading } from '../components/ui';
import { loadPage, useList, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import { can, useSession } from '../session';

export function SeriesListPage() {
  const { t, refName } = useI18n();
  const { user } = useSession();
  const { ref } = useReference();
  useTitle(t('series.listTitle'));
  const { table } = useList({
    path: '/series',
    defaults: {},
    load: (_p, o, signal) => loadPage<Series>('/series', {}, o, signal),
  });
  const span = useTimeSpan();
  const place = (s: Series) => {
    const municipality = s.venue.municipality_id ? refName(ref?.municipalityById.get(s.venue.municipality_id)) : '';
    return [s.venue.name, municipality].filter(Boolean).join(', ');
  };

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

      <ResultsTable
        {...table}
        name="series"
        download={{ path: '/series', query: {} }}
        texts={listTexts(t, 'series')}
        columns={[
          { label: t('event.title'), cell: (s) => <Link href={`/series/${s.id}`}>{s.title}</Link> },
          { label: t('series.rule'), cell: (s) => <RuleText series={s} /> },
          { label: t('series.time'), cell: (s) => span(s) },
          { label: t('event.venue'), cell: (s) => place(s) || t('common.none') },
          { label: t('series.members'), class: 'num', cell: (s) => s.roster_organisation_ids.length },
          { label: t('common.status'), cell: (s) => <SeriesStatusBadge status={s.status} /> },
        ]}
      />
    </section>
  );
}

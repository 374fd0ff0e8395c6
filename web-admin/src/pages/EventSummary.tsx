// One event's summary (GET /reports/events/{id}): registrations, waiting list and attendance by kind of
// organisation, with the total; for staff and management (small counts come suppressed for managers).
import { api } from '../api';
import type { EventReportSummary, PeopleCount } from '../api';
import { ExportButtons } from '../components/ExportButtons';
import { Empty, Loading, PageHeading, ProblemAlert } from '../components/ui';
import { useAsync, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { NotFound } from './Errors';

export function EventSummaryPage({ id }: { id: number }) {
  const { t, locale, formatDateTime } = useI18n();
  const res = useAsync((signal) => api.get<EventReportSummary>(`/reports/events/${id}`, undefined, signal).then((r) => r.data), [id]);
  const summary = res.data;
  useTitle(summary ? t('summary.title', { title: summary.title }) : t('summary.link'));
  if (res.loading && !summary) return <Loading />;
  if (res.error && !summary) return res.error.status === 404 ? <NotFound /> : <ProblemAlert error={res.error} />;
  if (!summary) return <NotFound />;

  const nf = new Intl.NumberFormat(locale);
  const pf = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const count = (v: PeopleCount) => (v === null ? '–' : typeof v === 'number' ? nf.format(v) : v);
  const rate = (v: number | null) => (v === null ? '–' : pf.format(v));
  const rows = summary.by_organisation_kind;
  const caption = t('summary.title', { title: summary.title });

  return (
    <section aria-labelledby="summary-heading">
      <p class="breadcrumb">
        <Link href={`/events/${summary.event_id}`}>{summary.title}</Link>
      </p>
      <PageHeading id="summary-heading">{caption}</PageHeading>
      <p>
        <time dateTime={summary.starts_at}>{formatDateTime(summary.starts_at)}</time>. {t('summary.intro')}
        {summary.small_numbers_suppressed && ` ${t('dashboard.suppressed')}`}
      </p>
      <section class="card report" aria-labelledby="summary-table-heading">
        <div class="report-head">
          <h2 id="summary-table-heading">{t('summary.kind')}</h2>
          <ExportButtons path={`/reports/events/${summary.event_id}`} query={{}} />
        </div>
        {rows.length === 0 ? (
          <Empty>{t('summary.empty')}</Empty>
        ) : (
          <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
            <table>
              <caption class="visually-hidden">{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('summary.kind')}</th>
                  <th scope="col" class="num">
                    {t('summary.registered')}
                  </th>
                  <th scope="col" class="num">
                    {t('summary.waitlisted')}
                  </th>
                  <th scope="col" class="num">
                    {t('summary.attended')}
                  </th>
                  <th scope="col" class="num">
                    {t('summary.noShow')}
                  </th>
                  <th scope="col" class="num">
                    {t('summary.rate')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.organisation_kind}>
                    <th scope="row">{r.label}</th>
                    <td class="num">{count(r.registered)}</td>
                    <td class="num">{count(r.waitlisted)}</td>
                    <td class="num">{count(r.attended)}</td>
                    <td class="num">{count(r.no_show)}</td>
                    <td class="num">{rate(r.attendance_rate)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('summary.total')}</th>
                  <td class="num">{count(summary.total.registered)}</td>
                  <td class="num">{count(summary.total.waitlisted)}</td>
                  <td class="num">{count(summary.total.attended)}</td>
                  <td class="num">{count(summary.total.no_show)}</td>
                  <td class="num">{rate(summary.total.attendance_rate)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
        {summary.status !== 'completed' && <p class="hint">{t('summary.rateLater')}</p>}
      </section>
    </section>
  );
}

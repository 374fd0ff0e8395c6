// Trainings for partner authorities (issue 16): the dashboard's overview of people trained by authority
// and police district, a person's training record with certificate downloads, and the certificate link
// on an event's registrations. Small numbers come suppressed from the API ("<5", or withheld) for
// managers and are shown as they come.
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { PeopleCount, Registration, TrainingGrouping, TrainingRecord, TrainingReport } from '../api';
import { ExportButtons } from './ExportButtons';
import { Loading, ProblemAlert } from './ui';
import { useAsync } from '../hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { allowed, allowedOn, useSession } from '../session';

const GROUPINGS: { value: TrainingGrouping; key: MessageKey }[] = [
  { value: 'organisation_kind', key: 'trainings.group.organisation_kind' },
  { value: 'police_district', key: 'trainings.group.police_district' },
  { value: 'organisation', key: 'trainings.group.organisation' },
];

/** The API path of a registration's certificate (a download; the session cookie goes with it). */
export function certificateHref(registrationId: number): string {
  return `/api/v1/registrations/${registrationId}/certificate.pdf`;
}

function useCount() {
  const { locale } = useI18n();
  const nf = new Intl.NumberFormat(locale);
  return (v: PeopleCount | number) => (v === null ? '–' : typeof v === 'number' ? nf.format(v) : v);
}

/** The dashboard's "Trainings" section: people trained per group, and authority x police district. */
export function TrainingsOverview({ from, to }: { from: string; to: string }) {
  const { t } = useI18n();
  const count = useCount();
  const [group, setGroup] = useState<TrainingGrouping>('organisation_kind');
  const report = useAsync<TrainingReport>(
    (signal) => api.get<TrainingReport>('/reports/trainings', { from, to, group_by: group }, signal).then((r) => r.data),
    [from, to, group],
  );
  const r = report.data;
  const groupLabel = t(GROUPINGS.find((g) => g.value === group)?.key ?? 'trainings.group.organisation_kind');
  return (
    <section class="card report" aria-labelledby="trainings-heading" id="trainings">
      <div class="report-head">
        <h2 id="trainings-heading">{t('trainings.title')}</h2>
        <ExportButtons path="/reports/trainings" query={{ from, to, group_by: group }} />
      </div>
      <p>{t('trainings.intro')}</p>
      <div class="filter-row">
        <div class="field">
          <label for="trainings-group">{t('trainings.groupBy')}</label>
          <select id="trainings-group" value={group} onChange={(e) => setGroup((e.target as HTMLSelectElement).value as TrainingGrouping)}>
            {GROUPINGS.map((g) => (
              <option key={g.value} value={g.value}>
                {t(g.key)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {report.error && <ProblemAlert error={report.error} />}
      {!r && !report.error && <Loading />}
      {r && (
        <>
          {r.small_numbers_suppressed && <p class="period-note">{t('dashboard.suppressed')}</p>}
          <div class="table-wrap" tabIndex={0} role="region" aria-label={t('trainings.byGroup', { group: groupLabel })}>
            <table class="trainings-rows">
              <caption class="visually-hidden">{t('trainings.byGroup', { group: groupLabel })}</caption>
              <thead>
                <tr>
                  <th scope="col">{groupLabel}</th>
                  <th scope="col" class="num">
                    {t('trainings.people')}
                  </th>
                  <th scope="col" class="num">
                    {t('trainings.organisations')}
                  </th>
                  <th scope="col" class="num">
                    {t('trainings.trainings')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.rows.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{row.label}</th>
                    <td class="num">{count(row.people)}</td>
                    <td class="num">{count(row.organisations)}</td>
                    <td class="num">{count(row.trainings)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{r.total.label}</th>
                  <td class="num">{count(r.total.people)}</td>
                  <td class="num">{count(r.total.organisations)}</td>
                  <td class="num">{count(r.total.trainings)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <div class="report-head">
            <h3 id="trainings-cross-heading">{t('trainings.crossTitle')}</h3>
            <ExportButtons path="/reports/trainings" query={{ from, to, layout: 'cross' }} />
          </div>
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="trainings-cross-heading">
            <table class="trainings-cross">
              <caption class="visually-hidden">{t('trainings.crossTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('trainings.authority')}</th>
                  {r.cross_table.police_districts.map((d) => (
                    <th scope="col" class="num" key={d.id}>
                      {d.label}
                    </th>
                  ))}
                  <th scope="col" class="num">
                    {t('trainings.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.cross_table.rows.map((row) => (
                  <tr key={row.organisation_kind}>
                    <th scope="row">{row.label}</th>
                    {row.cells.map((c, i) => (
                      <td class="num" key={i}>
                        {count(c)}
                      </td>
                    ))}
                    <td class="num">{count(row.total)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('trainings.total')}</th>
                  {r.cross_table.totals.map((c, i) => (
                    <td class="num" key={i}>
                      {count(c)}
                    </td>
                  ))}
                  <td class="num">{count(r.cross_table.total)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** The trainings a person attended, each with its certificate (for those who may read the person). */
export function TrainingRecordCard({ contactId, organisationId }: { contactId: number; organisationId: number }) {
  const { t, formatDateTime } = useI18n();
  const { user } = useSession();
  const mayRead = allowedOn(user, 'contact.trainings', organisationId);
  const record = useAsync<TrainingRecord | null>(
    (signal) => (mayRead ? api.get<TrainingRecord>(`/contacts/${contactId}/trainings`, {}, signal).then((r) => r.data) : Promise.resolve(null)),
    [contactId, mayRead],
  );
  if (!mayRead) return null;
  const mayDownload = allowed(user, 'registration.certificate');
  return (
    <section class="card" aria-labelledby="contact-trainings-heading">
      <h2 id="contact-trainings-heading">{t('trainings.recordTitle')}</h2>
      {record.error && <ProblemAlert error={record.error} />}
      {!record.data && !record.error && <Loading />}
      {record.data && record.data.items.length === 0 && <p>{t('trainings.recordEmpty')}</p>}
      {record.data && record.data.items.length > 0 && (
        <ul class="training-record">
          {record.data.items.map((item) => (
            <li key={item.registration_id}>
              <span class="training-title">{item.title}</span> <span class="training-date">{formatDateTime(item.starts_at)}</span>{' '}
              {mayDownload && (
                <a class="button secondary small" href={item.certificate_url} download>
                  {t('trainings.certificate')}
                  <span class="visually-hidden"> {t('trainings.certificateFor', { title: item.title })}</span>
                </a>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The certificate link on an event's registration: attended people of a training. */
export function CertificateLink({ registration }: { registration: Registration }) {
  const { t } = useI18n();
  const { user } = useSession();
  if (registration.status !== 'attended' || !allowedOn(user, 'registration.certificate', registration.organisation_id)) return null;
  return (
    <a class="button secondary small" href={certificateHref(registration.id)} download>
      {t('trainings.certificate')}
      <span class="visually-hidden"> {t('trainings.certificateFor', { title: registration.contact_name })}</span>
    </a>
  );
}

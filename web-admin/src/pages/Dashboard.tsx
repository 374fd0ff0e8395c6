// Management's dashboard: key figures for a period against the previous one, reach by police district
// and by kind of organisation, the trend by month, any of the overview's seven groupings (region, municipality,
// kind of event, quarter, ...), filtered by kind of organisation, kind of event, police district, region and municipality,
// and dormant organisations; each downloadable as CSV and XLSX.
// Small numbers come suppressed from the API ("<5", or withheld) and are shown as they come.
import type { ComponentChildren } from 'preact';
import { api } from '../api';
import type { EngagementFigures, EngagementReport, Grouping, PeopleCount } from '../api';
import { ChartCanvas } from '../components/Chart';
import { ExportButtons } from '../components/ExportButtons';
import type { Download } from '../components/ExportButtons';
import { Loading, PageHeading, ProblemAlert, SelectField } from '../components/ui';
import { chosenGrouping, FILTERS, GROUPINGS, isTrend, MAX_BARS, reportFilters, reportQuery } from '../dashboard';
import type { Filter } from '../dashboard';
import { TrainingsOverview } from '../components/Trainings';
import { Worklist } from '../components/Worklist';
import { useAsync, useTitle } from '../hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { byName, kindGroups, useReference } from '../reference';
import { navigate, useLocation, withQuery } from '../router';

const COLOURS = { current: '#1d5fa8', previous: '#9db7d5', second: '#b3541e' };

function isoDate(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

/** The last twelve months up to today: the dashboard's default period. */
function lastTwelveMonths(): { from: string; to: string } {
  const today = new Date();
  const from = new Date(today.getFullYear() - 1, today.getMonth(), today.getDate() + 1);
  return { from: isoDate(from), to: isoDate(today) };
}

function presets(): { key: MessageKey; from: string; to: string }[] {
  const today = new Date();
  const y = today.getFullYear();
  const q = Math.floor(today.getMonth() / 3);
  const lastQuarterStart = new Date(y, q * 3 - 3, 1);
  const lastQuarterEnd = new Date(y, q * 3, 0);
  return [
    { key: 'dashboard.preset.twelveMonths', ...lastTwelveMonths() },
    { key: 'dashboard.preset.thisYear', from: `${y}-01-01`, to: isoDate(today) },
    { key: 'dashboard.preset.lastYear', from: `${y - 1}-01-01`, to: `${y - 1}-12-31` },
    { key: 'dashboard.preset.lastQuarter', from: isoDate(lastQuarterStart), to: isoDate(lastQuarterEnd) },
  ];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A count as the API gives it: the number, "<5", or a dash when withheld. */
function useCount() {
  const { locale } = useI18n();
  const nf = new Intl.NumberFormat(locale);
  return (v: PeopleCount | number) => (v === null ? '–' : typeof v === 'number' ? nf.format(v) : v);
}

function usePercent() {
  const { locale } = useI18n();
  const pf = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  return (v: number | null) => (v === null ? '–' : pf.format(v));
}

/** A number for a chart: suppressed and withheld counts are left out, not drawn as zero. */
function plotted(v: PeopleCount | number): number | null {
  return typeof v === 'number' ? v : null;
}

interface KeyFigure {
  key: MessageKey;
  value: (f: EngagementFigures) => PeopleCount | number;
  percent?: boolean;
}

/** The dialogue figures beside attendance (absent from a server that does not count them yet). */
type Dialogue = { activities?: number; organisations_in_dialogue?: number };
const activities = (f: EngagementFigures) => (f as Dialogue).activities ?? null;
const inDialogue = (f: EngagementFigures) => (f as Dialogue).organisations_in_dialogue ?? null;

const KEY_FIGURES: KeyFigure[] = [
  { key: 'dashboard.figure.organisationsReached', value: (f) => f.organisations_reached },
  { key: 'dashboard.figure.contactsReached', value: (f) => f.contacts_reached },
  { key: 'dashboard.figure.eventsHeld', value: (f) => f.events_held },
  { key: 'dashboard.figure.attendanceRate', value: (f) => f.attendance_rate, percent: true },
  { key: 'dashboard.figure.repeatOrganisations', value: (f) => f.repeat_organisations },
  { key: 'dashboard.figure.coverage', value: (f) => f.coverage, percent: true },
  { key: 'dashboard.figure.activities', value: activities },
  { key: 'dashboard.figure.organisationsInDialogue', value: inDialogue },
];

function KeyFigures({ report }: { report: EngagementReport }) {
  const { t } = useI18n();
  const count = useCount();
  const percent = usePercent();
  const show = (fig: KeyFigure, f: EngagementFigures) => {
    const v = fig.value(f);
    return fig.percent ? percent(v as number | null) : count(v);
  };
  return (
    <ul class="key-figures" aria-label={t('dashboard.keyFigures')}>
      {KEY_FIGURES.map((fig) => {
        const now = fig.value(report.total);
        const before = report.total.previous ? fig.value(report.total.previous) : null;
        let change = '';
        if (typeof now === 'number' && typeof before === 'number' && !fig.percent && before > 0) {
          const pct = Math.round(((now - before) / before) * 100);
          change = t('dashboard.change', { sign: pct > 0 ? '+' : '', pct });
        }
        return (
          <li key={fig.key} class="key-figure" data-figure={fig.key}>
            <span class="key-label">{t(fig.key)}</span>
            <span class="key-value">{show(fig, report.total)}</span>
            {report.total.previous && (
              <span class="key-previous">
                {t('dashboard.previous', { value: show(fig, report.total.previous) })}
                {change && ` (${change})`}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** One overview by a grouping: a chart of organisations reached (this period and the previous) and the table. */
function ReachSection({
  id,
  title,
  report,
  download,
  children,
}: {
  id: string;
  title: string;
  report: EngagementReport;
  download: Download;
  children?: ComponentChildren;
}) {
  const { t, locale } = useI18n();
  const count = useCount();
  const percent = usePercent();
  const rows = report.rows;
  const trend = isTrend(report.group_by);
  const series = trend
    ? [
        { label: t('dashboard.figure.organisationsReached'), values: rows.map((r) => r.organisations_reached), colour: COLOURS.current },
        { label: t('dashboard.figure.contactsReached'), values: rows.map((r) => plotted(r.contacts_reached)), colour: COLOURS.second },
      ]
    : [
        { label: t('dashboard.thisPeriod'), values: rows.map((r) => r.organisations_reached), colour: COLOURS.current },
        { label: t('dashboard.previousPeriod'), values: rows.map((r) => r.previous?.organisations_reached ?? null), colour: COLOURS.previous },
      ];
  return (
    <section class="card report" aria-labelledby={`${id}-heading`} id={id}>
      <div class="report-head">
        <h2 id={`${id}-heading`}>{title}</h2>
        <ExportButtons {...download} />
      </div>
      {children}
      {rows.length === 0 && <p class="hint">{t('dashboard.noRows')}</p>}
      {rows.length > MAX_BARS && !trend && <p class="hint">{t('dashboard.tableOnly', { n: rows.length })}</p>}
      {rows.length > 0 && (trend || rows.length <= MAX_BARS) && (
        <ChartCanvas
          kind={trend ? 'line' : 'bar'}
          horizontal={!trend}
          labels={rows.map((r) => r.label)}
          series={series}
          summary={t('dashboard.chartSummary', { title })}
          locale={locale}
        />
      )}
      {/* Wide with the dialogue figures: the table scrolls within itself, so it takes the keyboard focus too. */}
      <div class="table-wrap" tabIndex={0} role="region" aria-label={title}>
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.group')}</th>
              <th scope="col" class="num">
                {t('dashboard.figure.organisationsReached')}
              </th>
              <th scope="col" class="num">
                {t('dashboard.figure.contactsReached')}
              </th>
              <th scope="col" class="num">
                {t('dashboard.figure.attended')}
              </th>
              <th scope="col" class="num">
                {t('dashboard.figure.attendanceRate')}
              </th>
              <th scope="col" class="num">
                {t('dashboard.figure.activities')}
              </th>
              <th scope="col" class="num">
                {t('dashboard.figure.organisationsInDialogue')}
              </th>
              {!trend && (
                <th scope="col" class="num">
                  {t('dashboard.figure.coverage')}
                </th>
              )}
              {!trend && (
                <th scope="col" class="num">
                  {t('dashboard.previousReached')}
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td class="num">{count(r.organisations_reached)}</td>
                <td class="num">{count(r.contacts_reached)}</td>
                <td class="num">{count(r.attended)}</td>
                <td class="num">{percent(r.attendance_rate)}</td>
                <td class="num">{count(activities(r))}</td>
                <td class="num">{count(inDialogue(r))}</td>
                {!trend && <td class="num">{percent(r.coverage)}</td>}
                {!trend && <td class="num">{r.previous ? count(r.previous.organisations_reached) : '–'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function useReport(group: Grouping, from: string, to: string, filters: Partial<Record<Filter, string>>) {
  return useAsync<EngagementReport>(
    (signal) => api.get<EngagementReport>('/reports/engagement', reportQuery(from, to, group, filters), signal).then((r) => r.data),
    [group, from, to, JSON.stringify(filters)],
  );
}

/** The overview's filters: kind of organisation, kind of event, police district, region, municipality (kept in the URL). */
function ReportFilters({ filters, onFilter }: { filters: Partial<Record<Filter, string>>; onFilter: (f: Filter, v: string) => void }) {
  const i18n = useI18n();
  const { t, lang, refName } = i18n;
  const { ref } = useReference();
  if (!ref) return null;
  return (
    <form class="filters report-filters" aria-label={t('dashboard.filters')} onSubmit={(e) => e.preventDefault()}>
      <div class="filter-row">
        <SelectField
          id="filter-organisation-kind"
          label={t('dashboard.filter.organisationKind')}
          value={filters.organisation_kind ?? ''}
          onValue={(v) => onFilter('organisation_kind', v)}
          placeholder={t('dashboard.filter.all')}
          groups={kindGroups(ref, i18n)}
        />
        <SelectField
          id="filter-event-kind"
          label={t('dashboard.filter.eventKind')}
          value={filters.event_kind ?? ''}
          onValue={(v) => onFilter('event_kind', v)}
          placeholder={t('dashboard.filter.all')}
          options={byName(ref.eventKinds, lang).map((k) => ({ value: k.code, label: refName(k) }))}
        />
        <SelectField
          id="filter-police-district"
          label={t('dashboard.filter.policeDistrict')}
          value={filters.police_district_id ?? ''}
          onValue={(v) => onFilter('police_district_id', v)}
          placeholder={t('dashboard.filter.all')}
          options={byName(ref.districts, lang).map((d) => ({ value: String(d.id), label: refName(d) }))}
        />
        <SelectField
          id="filter-region"
          label={t('dashboard.filter.region')}
          value={filters.region_id ?? ''}
          onValue={(v) => onFilter('region_id', v)}
          placeholder={t('dashboard.filter.all')}
          options={byName(ref.regions, lang).map((r) => ({ value: String(r.id), label: refName(r) }))}
        />
        <SelectField
          id="filter-municipality"
          label={t('dashboard.filter.municipality')}
          value={filters.municipality_id ?? ''}
          onValue={(v) => onFilter('municipality_id', v)}
          placeholder={t('dashboard.filter.all')}
          options={byName(ref.municipalities, lang).map((m) => ({ value: String(m.id), label: refName(m) }))}
        />
      </div>
    </form>
  );
}

const GROUPING_NAME: Record<Grouping, MessageKey> = {
  region: 'dashboard.grouping.region',
  police_district: 'dashboard.grouping.police_district',
  municipality: 'dashboard.grouping.municipality',
  organisation_kind: 'dashboard.grouping.organisation_kind',
  event_kind: 'dashboard.grouping.event_kind',
  month: 'dashboard.grouping.month',
  quarter: 'dashboard.grouping.quarter',
};

/** Managers (and officers, admins): engagement at a glance. */
export function DashboardPage() {
  const { t } = useI18n();
  useTitle(t('dashboard.title'));
  const loc = useLocation();
  const fallback = lastTwelveMonths();
  const fromQ = loc.query.get('from') ?? '';
  const toQ = loc.query.get('to') ?? '';
  const from = DATE.test(fromQ) ? fromQ : fallback.from;
  const to = DATE.test(toQ) ? toQ : fallback.to;
  const setPeriod = (f: string, tt: string) => {
    const q = Object.fromEntries(loc.query.entries());
    navigate(withQuery('/dashboard', { ...q, from: f, to: tt, offset: '' }), { replace: true });
  };

  const filters = reportFilters(loc.query);
  const group = chosenGrouping(loc.query);
  const setQuery = (key: string, value: string) => {
    const q = Object.fromEntries(loc.query.entries());
    navigate(withQuery('/dashboard', { ...q, [key]: value }), { replace: true });
  };

  const byDistrict = useReport('police_district', from, to, filters);
  const byKind = useReport('organisation_kind', from, to, filters);
  const byMonth = useReport('month', from, to, filters);
  const byChoice = useReport(group, from, to, filters);
  const error = byDistrict.error ?? byKind.error ?? byMonth.error ?? byChoice.error;
  const download = (g: Grouping): Download => ({ path: '/reports/engagement', query: reportQuery(from, to, g, filters) });
  const filtered = FILTERS.some((f) => filters[f]);

  return (
    <section aria-labelledby="dashboard-heading" class="dashboard">
      <div class="page-head">
        <PageHeading id="dashboard-heading">{t('dashboard.title')}</PageHeading>
      </div>
      <form class="filters period" aria-label={t('dashboard.period')} onSubmit={(e) => e.preventDefault()}>
        <div class="filter-row">
          <div class="field">
            <label for="period-from">{t('dashboard.from')}</label>
            <input id="period-from" type="date" value={from} max={to} onChange={(e) => setPeriod((e.target as HTMLInputElement).value, to)} />
          </div>
          <div class="field">
            <label for="period-to">{t('dashboard.to')}</label>
            <input id="period-to" type="date" value={to} min={from} onChange={(e) => setPeriod(from, (e.target as HTMLInputElement).value)} />
          </div>
        </div>
        <div class="presets" role="group" aria-label={t('dashboard.presets')}>
          {presets().map((p) => (
            <button
              key={p.key}
              type="button"
              class="button secondary small"
              aria-pressed={p.from === from && p.to === to ? 'true' : 'false'}
              onClick={() => setPeriod(p.from, p.to)}
            >
              {t(p.key)}
            </button>
          ))}
        </div>
      </form>
      <ReportFilters filters={filters} onFilter={setQuery} />

      {error && <ProblemAlert error={error} />}
      {byDistrict.data && (
        <>
          <p class="period-note">
            {t('dashboard.comparedWith', { from: byDistrict.data.previous_from, to: byDistrict.data.previous_to })}
            {byDistrict.data.small_numbers_suppressed && ` ${t('dashboard.suppressed')}`}
            {filtered && ` ${t('dashboard.filtered')}`}
          </p>
          <KeyFigures report={byDistrict.data} />
        </>
      )}
      {!byDistrict.data && !error && <Loading />}
      {byDistrict.data && <ReachSection id="by-district" title={t('dashboard.byDistrict')} report={byDistrict.data} download={download('police_district')} />}
      {byKind.data && <ReachSection id="by-kind" title={t('dashboard.byKind')} report={byKind.data} download={download('organisation_kind')} />}
      {byMonth.data && <ReachSection id="by-month" title={t('dashboard.byMonth')} report={byMonth.data} download={download('month')} />}
      {byChoice.data && (
        <ReachSection id="by-choice" title={t('dashboard.byChoice', { grouping: t(GROUPING_NAME[group]) })} report={byChoice.data} download={download(group)}>
          <SelectField
            id="grouping"
            label={t('dashboard.groupBy')}
            value={group}
            onValue={(v) => setQuery('group', v)}
            options={GROUPINGS.map((g) => ({ value: g, label: t(GROUPING_NAME[g]) }))}
          />
        </ReachSection>
      )}
      <TrainingsOverview from={from} to={to} />
      <Worklist path="/dashboard" title={t('dashboard.dormant')} />
    </section>
  );
}

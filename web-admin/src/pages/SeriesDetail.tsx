// One series: its details and rule in words, edit (the coming occurrences follow), cancel the rest with a
// reason, its occurrences (links to the event pages), and its members with their continuity.
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api, PAGE_SIZE } from '../api';
import type { EventRecord, ListPage, Series, SeriesContinuity, ApiError } from '../api';
import { EventStatusBadge, PlanFacts, ReasonForm, ReminderField, reminderHoursValue, Seats, VenueText } from '../components/EventBits';
import { ResultsTable } from '../components/ResultsTable';
import { ExportButtons } from '../components/ExportButtons';
import { InputField, optionalInt, RosterEditor, RuleText, SeriesStatusBadge, useTimeSpan } from '../components/SeriesBits';
import type { Member } from '../components/SeriesBits';
import { DetailsCard, Empty, FormActions, Loading, Notice, PageHeading, pickFieldErrors, ProblemAlert, SelectField, TextField } from '../components/ui';
import { useAction, useAsync, useEditForm, useFlash, useOrgNames, useRecord, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { byName, useReference } from '../reference';
import type { Reference } from '../reference';
import { Link } from '../router';
import { can, useSession } from '../session';
import { todayInZone } from '../time';
import { formatDay } from '../rrule';
import { NotFound } from './Errors';

export function SeriesDetailPage({ id }: { id: number }) {
  const { t, refName, formatDateTime, locale } = useI18n();
  const { user } = useSession();
  const { ref } = useReference();
  const flash = useFlash();
  const span = useTimeSpan();
  const res = useRecord<Series>(`/series/${id}`);
  const page = useAction(flash);
  const [cancelling, setCancelling] = useState(false);
  const form = useEditForm(res.reload, () => {
    page.setNotice(null);
    setCancelling(false);
  });
  const editing = form.editing;
  const cancel = useAction();
  // Bumped after a change: the occurrences and the continuity are fetched again.
  const [tick, setTick] = useState(0);
  const series = res.record;
  useTitle(series?.title ?? t('series.listTitle'));

  if (res.loading && !series) return <Loading />;
  if (res.error && !series) return res.error.status === 404 ? <NotFound /> : <ProblemAlert error={res.error} />;
  if (!series) return <NotFound />;

  const planner = can.planSeries(user) && series.status === 'active';

  const save = async (body: Record<string, unknown>) => {
    if (Object.keys(body).length === 0) {
      form.setEditing(false);
      return;
    }
    const r = await form.run(() => api.patch<Series>(`/series/${series.id}`, body, res.etag));
    if (!r) return;
    res.accept(r);
    form.setEditing(false);
    page.setNotice(t('series.saved'));
    setTick((n) => n + 1);
  };

  const cancelRest = async (reason: string) => {
    const r = await cancel.run(() => api.post<Series>(`/series/${series.id}/cancel`, { reason }));
    if (!r) return;
    res.setData({ record: r.data, etag: r.etag });
    setCancelling(false);
    page.setNotice(t('series.cancelled'));
    setTick((n) => n + 1);
  };

  const v = series.venue;

  return (
    <article aria-labelledby="series-detail-heading">
      <p class="breadcrumb">
        <Link href="/series">{t('series.listTitle')}</Link>
      </p>
      <div class="page-head">
        <PageHeading id="series-detail-heading">{series.title}</PageHeading>
        <SeriesStatusBadge status={series.status} />
      </div>
      {page.notice && <Notice>{page.notice}</Notice>}

      {!editing && (
        <DetailsCard id="series-details-heading">
          <dl class="details">
            <dt>{t('event.kind')}</dt>
            <dd>{refName(ref?.eventKindByCode.get(series.kind)) || series.kind}</dd>
            <dt>{t('series.rule')}</dt>
            <dd data-testid="series-rule">
              <RuleText series={series} />
            </dd>
            <dt>{t('series.rrule')}</dt>
            <dd>
              <code class="rrule">{series.rrule}</code>
            </dd>
            <dt>{t('series.time')}</dt>
            <dd>{span(series)}</dd>
            <dt>{t('series.firstMeeting')}</dt>
            <dd>{formatDateTime(series.starts_at)}</dd>
            <dt>{t('event.venue')}</dt>
            <dd>
              <VenueText venue={v} />
            </dd>
            {series.police_district_id && (
              <>
                <dt>{t('org.policeDistrict')}</dt>
                <dd>{refName(ref?.districtById.get(series.police_district_id)) || t('common.none')}</dd>
              </>
            )}
            <PlanFacts item={series} />
            <dt>{t('series.members')}</dt>
            <dd>{series.roster_organisation_ids.length}</dd>
            {series.status === 'active' && (
              <>
                <dt>{t('series.materialisedUntil')}</dt>
                <dd>{formatDay(series.materialised_until.slice(0, 10), locale)}</dd>
              </>
            )}
            <dt>{t('common.status')}</dt>
            <dd>
              <SeriesStatusBadge status={series.status} />
            </dd>
          </dl>
          {planner && (
            <div class="form-actions">
              <button type="button" class="button primary" onClick={form.open}>
                {t('series.edit')}
              </button>
              {!cancelling && (
                <button
                  type="button"
                  class="button danger"
                  onClick={() => {
                    page.setNotice(null);
                    cancel.setError(null);
                    setCancelling(true);
                  }}
                >
                  {t('series.cancelRest')}
                </button>
              )}
            </div>
          )}
          {planner && cancelling && (
            <ReasonForm
              idPrefix="series"
              label={t('series.cancelRest')}
              confirmLabel={t('series.cancelConfirm')}
              question={t('series.cancelQuestion')}
              required
              busy={cancel.busy}
              error={cancel.error}
              onConfirm={cancelRest}
              onClose={() => setCancelling(false)}
            />
          )}
        </DetailsCard>
      )}

      {editing && ref && (
        <section class="card" aria-labelledby="series-edit-heading">
          <h2 id="series-edit-heading">{t('series.editTitle')}</h2>
          <p class="hint">{t('series.editHint')}</p>
          <SeriesEditForm key={res.etag ?? series.updated_at} series={series} ref_={ref} {...form.props} onSubmit={save} />
        </section>
      )}

      <Occurrences seriesId={series.id} tick={tick} />
      <Continuity series={series} tick={tick} />
    </article>
  );
}

/** The series' meetings, each a link to its event page; upcoming ones by default. */
function Occurrences({ seriesId, tick }: { seriesId: number; tick: number }) {
  const { t, formatDateTime } = useI18n();
  const [when, setWhen] = useState<'upcoming' | 'all'>('upcoming');
  const [offset, setOffset] = useState(0);
  const list = useAsync(
    (signal) =>
      api
        .get<ListPage<EventRecord>>(
          '/events',
          { series_id: seriesId, from: when === 'upcoming' ? todayInZone() : '', order: 'asc', limit: PAGE_SIZE, offset },
          signal,
        )
        .then((r) => r.data),
    [seriesId, when, offset, tick],
  );
  return (
    <section class="card" aria-labelledby="series-occurrences-heading">
      <h2 id="series-occurrences-heading">{t('series.occurrences')}</h2>
      <div class="filter-row">
        <SelectField
          id="series-occurrences-when"
          label={t('series.occurrencesShow')}
          value={when}
          onValue={(x) => {
            setWhen(x === 'all' ? 'all' : 'upcoming');
            setOffset(0);
          }}
          options={[
            { value: 'upcoming', label: t('series.occurrencesUpcoming') },
            { value: 'all', label: t('series.occurrencesAll') },
          ]}
        />
      </div>
      <ResultsTable
        list={list}
        name="occurrences"
        download={{ path: '/events', query: { series_id: seriesId, from: when === 'upcoming' ? todayInZone() : '', order: 'asc' } }}
        texts={{ caption: t('series.occurrences'), empty: t('series.occurrencesEmpty') }}
        offset={offset}
        onOffset={setOffset}
        columns={[
          { label: t('series.meeting'), cell: (e) => <Link href={`/events/${e.id}`}>{formatDateTime(e.starts_at)}</Link> },
          { label: t('event.title'), cell: (e) => e.title },
          { label: t('event.seats'), cell: (e) => <Seats event={e} waitlist={false} /> },
          {
            label: t('common.status'),
            cell: (e) => (
              <>
                <EventStatusBadge status={e.status} />
                {e.cancellation_reason && <span class="block hint">{e.cancellation_reason}</span>}
              </>
            ),
          },
        ]}
      />
    </section>
  );
}

/** Each roster member and the share of the held meetings at which at least one of its people came. */
function Continuity({ series, tick }: { series: Series; tick: number }) {
  const { t, locale } = useI18n();
  const report = useAsync((signal) => api.get<SeriesContinuity>(`/reports/series/${series.id}`, undefined, signal).then((r) => r.data), [series.id, tick]);
  // Names of the roster for when the report cannot be had.
  const names = useOrgNames(report.error ? series.roster_organisation_ids : []);
  const pf = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const share = (x: number | null) => (x === null ? '–' : pf.format(x));
  const data = report.data;
  return (
    <section class="card" aria-labelledby="series-members-heading">
      <h2 id="series-members-heading">{t('series.membersTitle')}</h2>
      <div class="results" aria-busy={report.loading ? 'true' : 'false'}>
        {report.loading && <Loading />}
        {report.error && (
          <>
            <ProblemAlert error={report.error} />
            <ul class="plain-list" aria-label={t('series.roster')}>
              {series.roster_organisation_ids.map((oid) => (
                <li key={oid}>
                  <Link href={`/organisations/${oid}`}>{names.get(oid) ?? `#${oid}`}</Link>
                </li>
              ))}
            </ul>
          </>
        )}
        {!report.loading && data && (
          <>
            <p>
              {data.occurrences_held === 0
                ? t('series.heldNone')
                : t('series.heldSummary', { held: data.occurrences_held, average: share(data.average_share) })}
            </p>
            {data.members.length > 0 && <ExportButtons path={`/reports/series/${series.id}`} query={{}} />}
            {data.members.length === 0 ? (
              <Empty>{t('series.rosterNone')}</Empty>
            ) : (
              <div class="table-wrap">
                <table class="list continuity">
                  <caption class="visually-hidden">{t('series.continuityCaption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('reg.organisation')}</th>
                      <th scope="col" class="num">
                        {t('series.attended')}
                      </th>
                      <th scope="col" class="num">
                        {t('series.share')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.members.map((m) => (
                      <tr key={m.organisation_id}>
                        <th scope="row" data-label={t('reg.organisation')}>
                          <Link href={`/organisations/${m.organisation_id}`}>{m.name}</Link>
                        </th>
                        <td data-label={t('series.attended')} class="num">
                          {t('series.attendedOf', { attended: m.occurrences_attended, held: data.occurrences_held })}
                        </td>
                        <td data-label={t('series.share')} class="num">
                          {share(m.share)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </div>
    </section>
  );
}

const EDIT_FIELDS = [
  'title',
  'description',
  'time_of_day',
  'duration_minutes',
  'venue',
  'capacity',
  'per_organisation_quota',
  'reminder_hours',
  'roster_organisation_ids',
] as const;

interface EditProps {
  series: Series;
  ref_: Reference;
  busy: boolean;
  error: ApiError | null;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel: () => void;
  onReload: () => void;
}

const pad = (n: number) => String(n).padStart(2, '0');

function addMinutes(hhmm: string, minutes: number): string {
  const [h, m] = hhmm.split(':').map(Number);
  const total = (((h * 60 + m + minutes) % 1440) + 1440) % 1440;
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

/** Minutes from `start` to `end` (HH:MM); an end at or before the start is taken as the next day. */
function minutesBetween(start: string, end: string): number | null {
  const a = /^(\d{2}):(\d{2})$/.exec(start);
  const b = /^(\d{2}):(\d{2})$/.exec(end);
  if (!a || !b) return null;
  const diff = Number(b[1]) * 60 + Number(b[2]) - (Number(a[1]) * 60 + Number(a[2]));
  return diff > 0 ? diff : diff + 1440;
}

/** The series' editable defaults; only what changed is sent (PATCH with If-Match). */
function SeriesEditForm({ series, ref_, busy, error, onSubmit, onCancel, onReload }: EditProps) {
  const { t, refName, lang } = useI18n();
  const initialEnd = addMinutes(series.time_of_day, series.duration_minutes);
  const [title, setTitle] = useState(series.title);
  const [description, setDescription] = useState(series.description ?? '');
  const [startTime, setStartTime] = useState(series.time_of_day);
  const [endTime, setEndTime] = useState(initialEnd);
  const [venueName, setVenueName] = useState(series.venue.name ?? '');
  const [venueAddress, setVenueAddress] = useState(series.venue.address ?? '');
  const [municipality, setMunicipality] = useState(series.venue.municipality_id ? String(series.venue.municipality_id) : '');
  const [capacity, setCapacity] = useState(series.capacity === null ? '' : String(series.capacity));
  const [quota, setQuota] = useState(series.per_organisation_quota === null ? '' : String(series.per_organisation_quota));
  const [reminderHours, setReminderHours] = useState(String(series.reminder_hours));
  const [members, setMembers] = useState<Member[] | null>(null);
  const [pickError, setPickError] = useState<ApiError | null>(null);
  const names = useOrgNames(series.roster_organisation_ids);
  // Until the user changes the roster it follows the series; names fill in as they arrive.
  const roster: Member[] = (members ?? series.roster_organisation_ids.map((oid) => ({ id: oid, name: '' }))).map((m) => ({
    id: m.id,
    name: names.get(m.id) ?? (m.name || `#${m.id}`),
  }));
  const errors = pickFieldErrors(error, EDIT_FIELDS);

  const submit = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    if (title.trim() !== series.title) body.title = title.trim();
    if ((description.trim() || null) !== series.description) body.description = description.trim() || null;
    if (startTime !== series.time_of_day) body.time_of_day = startTime;
    if (startTime !== series.time_of_day || endTime !== initialEnd) {
      const minutes = minutesBetween(startTime, endTime);
      body.duration_minutes = minutes ?? endTime;
    }
    const venue = { name: venueName.trim() || null, address: venueAddress.trim() || null, municipality_id: municipality ? Number(municipality) : null };
    const before = series.venue;
    if (venue.name !== before.name || venue.address !== before.address || venue.municipality_id !== before.municipality_id) {
      body.venue = venue.name || venue.address || venue.municipality_id ? venue : null;
    }
    const cap = optionalInt(capacity);
    if (cap !== series.capacity) body.capacity = cap;
    const q = optionalInt(quota);
    if (q !== series.per_organisation_quota) body.per_organisation_quota = q;
    const hours = reminderHoursValue(reminderHours);
    if (hours !== series.reminder_hours) body.reminder_hours = hours;
    const ids = roster.map((m) => m.id).sort((a, b) => a - b);
    if (members !== null && JSON.stringify(ids) !== JSON.stringify([...series.roster_organisation_ids].sort((a, b) => a - b))) {
      body.roster_organisation_ids = ids;
    }
    onSubmit(body);
  };

  return (
    <form class="form" noValidate onSubmit={submit}>
      {error && <ProblemAlert error={error} fieldsShown={[...EDIT_FIELDS]} onReload={onReload} />}
      {pickError && <ProblemAlert error={pickError} />}
      <TextField id="series-edit-title" label={t('event.title')} value={title} onValue={setTitle} required maxLength={200} error={errors.title} />
      <TextField
        id="series-edit-description"
        label={t('event.description')}
        value={description}
        onValue={setDescription}
        multiline
        rows={3}
        error={errors.description}
      />
      <div class="field-pair">
        <InputField
          id="series-edit-start"
          label={t('event.startTime')}
          type="time"
          value={startTime}
          onValue={setStartTime}
          required
          error={errors.time_of_day}
          describedBy="series-edit-time-hint"
        />
        <InputField
          id="series-edit-end"
          label={t('event.endTime')}
          type="time"
          value={endTime}
          onValue={setEndTime}
          required
          error={errors.duration_minutes}
          describedBy="series-edit-time-hint"
        />
        <p class="hint pair-hint" id="series-edit-time-hint">
          {t('series.timeHint')}
        </p>
      </div>
      <fieldset class="group">
        <legend>{t('event.venue')}</legend>
        {errors.venue && <p class="field-error">{errors.venue}</p>}
        <TextField id="series-edit-venue-name" label={t('event.venueName')} value={venueName} onValue={setVenueName} />
        <TextField id="series-edit-venue-address" label={t('event.venueAddress')} value={venueAddress} onValue={setVenueAddress} multiline rows={2} />
        <SelectField
          id="series-edit-venue-municipality"
          label={t('event.venueMunicipality')}
          value={municipality}
          onValue={setMunicipality}
          placeholder={t('common.none')}
          options={byName(ref_.municipalities, lang).map((m) => ({ value: String(m.id), label: refName(m) }))}
        />
      </fieldset>
      <div class="field-pair">
        <TextField
          id="series-edit-capacity"
          label={t('event.capacity')}
          value={capacity}
          onValue={setCapacity}
          inputMode="numeric"
          hint={t('event.capacityHint')}
          error={errors.capacity}
        />
        <TextField
          id="series-edit-quota"
          label={t('event.quota')}
          value={quota}
          onValue={setQuota}
          inputMode="numeric"
          hint={t('event.quotaHint')}
          error={errors.per_organisation_quota}
        />
      </div>
      <ReminderField id="series-edit-reminder-hours" value={reminderHours} onValue={setReminderHours} error={errors.reminder_hours} />
      <RosterEditor idPrefix="series-edit" members={roster} onMembers={setMembers} error={errors.roster_organisation_ids} onProblem={setPickError} />
      <FormActions busy={busy} submitLabel={t('common.save')} busyLabel={t('common.saving')} onCancel={onCancel} />
    </form>
  );
}

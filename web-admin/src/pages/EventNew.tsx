import type { TargetedEvent, TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { EventRecord, Organisation } from '../api';
import { KindTitleFields, ReminderField, reminderHoursValue, SeatFields, VenueFields } from '../components/EventBits';
import { OrganisationPicker } from '../components/OrganisationPicker';
import { FormActions, Loading, PageHeading, pickFieldErrors, ProblemAlert } from '../components/ui';
import { setFlash, toApiError, useAction, useAsync, useOrgNames, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link, navigate } from '../router';
import { dateInZone, localToIso, timeInZone } from '../time';
import { NotFound } from './Errors';

const FIELDS = [
  'kind',
  'title',
  'description',
  'starts_at',
  'ends_at',
  'capacity',
  'per_organisation_quota',
  'reminder_hours',
  'venue',
  'audience',
  'invited_organisation_ids',
  'registration_opens_at',
  'registration_closes_at',
] as const;

interface Values {
  kind: string;
  title: string;
  description: string;
  startDate: string;
  startTime: string;
  endDate: string;
  endTime: string;
  capacity: string;
  quota: string;
  reminderHours: string;
  venueName: string;
  venueAddress: string;
  municipality: string;
  audience: 'open' | 'invited';
  /** The registration window (optional): empty opens at publication and closes at the start. */
  opensDate: string;
  opensTime: string;
  closesDate: string;
  closesTime: string;
}

const EMPTY: Values = {
  kind: '',
  title: '',
  description: '',
  startDate: '',
  startTime: '',
  endDate: '',
  endTime: '',
  capacity: '',
  quota: '',
  reminderHours: '48',
  venueName: '',
  venueAddress: '',
  municipality: '',
  audience: 'open',
  opensDate: '',
  opensTime: '',
  closesDate: '',
  closesTime: '',
};

function optionalInt(s: string): number | string | null {
  const v = s.trim();
  if (!v) return null;
  return /^\d+$/.test(v) ? Number(v) : v; // the server names what is wrong with anything else
}

interface DateTimeProps {
  id: string;
  dateLabel: string;
  timeLabel: string;
  date: string;
  time: string;
  onDate: (v: string) => void;
  onTime: (v: string) => void;
  error?: string;
  hint: string;
  required?: boolean;
}

/** A date input and a time input, read as Copenhagen time. */
function DateTimeFields({ id, dateLabel, timeLabel, date, time, onDate, onTime, error, hint, required = true }: DateTimeProps) {
  const { t } = useI18n();
  const described = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field-pair has-error' : 'field-pair'}>
      <div class="field">
        <label for={`${id}-date`}>
          {dateLabel}
          {required && <span class="visually-hidden"> {t('common.required')}</span>}
        </label>
        <input
          id={`${id}-date`}
          type="date"
          value={date}
          required={required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
          onInput={(e: TargetedEvent<HTMLInputElement>) => onDate(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={`${id}-time`}>
          {timeLabel}
          {required && <span class="visually-hidden"> {t('common.required')}</span>}
        </label>
        <input
          id={`${id}-time`}
          type="time"
          value={time}
          required={required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
          onInput={(e: TargetedEvent<HTMLInputElement>) => onTime(e.currentTarget.value)}
        />
      </div>
      <p class="hint pair-hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error && (
        <p class="field-error pair-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The form's values for an existing event (times on the Copenhagen wall clock). */
function valuesOf(e: EventRecord): Values {
  return {
    kind: e.kind,
    title: e.title,
    description: e.description ?? '',
    startDate: dateInZone(e.starts_at),
    startTime: timeInZone(e.starts_at),
    endDate: dateInZone(e.ends_at),
    endTime: timeInZone(e.ends_at),
    capacity: e.capacity === null ? '' : String(e.capacity),
    quota: e.per_organisation_quota === null ? '' : String(e.per_organisation_quota),
    reminderHours: String(e.reminder_hours),
    venueName: e.venue?.name ?? '',
    venueAddress: e.venue?.address ?? '',
    municipality: e.venue?.municipality_id ? String(e.venue.municipality_id) : '',
    audience: e.audience,
    opensDate: e.registration_opens_at ? dateInZone(e.registration_opens_at) : '',
    opensTime: e.registration_opens_at ? timeInZone(e.registration_opens_at) : '',
    // The API answers the start when no closing time was set: the form shows that as empty.
    closesDate: e.registration_closes_at !== e.starts_at ? dateInZone(e.registration_closes_at) : '',
    closesTime: e.registration_closes_at !== e.starts_at ? timeInZone(e.registration_closes_at) : '',
  };
}

/** A window's end as the API takes it: absent (new) or null (edit) when empty, else the Copenhagen time. */
function windowTime(date: string, time: string, editing: boolean): string | null | undefined {
  if (!date && !time) return editing ? null : undefined;
  return localToIso(date, time || '00:00') ?? date; // an impossible date: the server names the field
}

export function EventNewPage() {
  return <EventForm />;
}

/** Officers edit a draft or published event: the same form, filled in, saved with If-Match. */
export function EventEditPage({ id }: { id: number }) {
  const res = useAsync((signal) => api.get<EventRecord>(`/events/${id}`, undefined, signal).then((r) => ({ event: r.data, etag: r.etag })), [id]);
  const names = useOrgNames(res.data?.event.invited_organisation_ids ?? []);
  if (res.loading && !res.data) return <Loading />;
  if (res.error && !res.data) return res.error.status === 404 ? <NotFound /> : <ProblemAlert error={res.error} />;
  if (!res.data) return <NotFound />;
  const ids = res.data.event.invited_organisation_ids ?? [];
  if (ids.some((o) => !names.has(o))) return <Loading />;
  return (
    <EventForm
      key={res.data.etag ?? res.data.event.updated_at}
      existing={res.data}
      invitedNames={ids.map((o) => ({ id: o, name: names.get(o) ?? `#${o}` }))}
      onStale={res.reload}
    />
  );
}

interface EventFormProps {
  existing?: { event: EventRecord; etag: string | null };
  invitedNames?: { id: number; name: string }[];
  onStale?: () => void;
}

function EventForm({ existing, invitedNames = [], onStale }: EventFormProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const editing = !!existing;
  useTitle(editing ? t('event.editTitle', { title: existing.event.title }) : t('event.newTitle'));
  const { ref, error: refError } = useReference();
  const [v, setV] = useState<Values>(existing ? valuesOf(existing.event) : EMPTY);
  const [invited, setInvited] = useState<{ id: number; name: string }[]>(invitedNames);
  const [pick, setPick] = useState('');
  const { busy, error, setError, run } = useAction();
  const set = (changes: Partial<Values>) => setV((old) => ({ ...old, ...changes }));

  if (refError) return <ProblemAlert error={refError} />;
  if (!ref) return <Loading />;

  const errors = pickFieldErrors(error, FIELDS);

  const addInvited = async () => {
    if (!pick || invited.some((o) => String(o.id) === pick)) return;
    try {
      const r = await api.get<Organisation>(`/organisations/${pick}`);
      setInvited((list) => (list.some((o) => o.id === r.data.id) ? list : [...list, { id: r.data.id, name: r.data.name }]));
      setPick('');
    } catch (e) {
      setError(toApiError(e));
    }
  };

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      kind: v.kind,
      title: v.title.trim(),
      starts_at: localToIso(v.startDate, v.startTime) ?? '',
      ends_at: localToIso(v.endDate || v.startDate, v.endTime) ?? '',
      audience: v.audience,
    };
    // A new event leaves out what is empty; an edit sends null to clear it.
    const clear = editing ? null : undefined;
    const description = v.description.trim();
    if (description || editing) body.description = description || clear;
    const capacity = optionalInt(v.capacity);
    if (capacity !== null || editing) body.capacity = capacity;
    const quota = optionalInt(v.quota);
    if (quota !== null || editing) body.per_organisation_quota = quota;
    body.reminder_hours = reminderHoursValue(v.reminderHours);
    if (v.venueName.trim() || v.venueAddress.trim() || v.municipality) {
      body.venue = {
        name: v.venueName.trim() || null,
        address: v.venueAddress.trim() || null,
        municipality_id: v.municipality ? Number(v.municipality) : null,
      };
    } else if (editing) {
      body.venue = null;
    }
    if (v.audience === 'invited') body.invited_organisation_ids = invited.map((o) => o.id);
    const opens = windowTime(v.opensDate, v.opensTime, editing);
    if (opens !== undefined) body.registration_opens_at = opens;
    const closes = windowTime(v.closesDate, v.closesTime, editing);
    if (closes !== undefined) body.registration_closes_at = closes;
    const r = await run(() =>
      existing ? api.patch<EventRecord>(`/events/${existing.event.id}`, body, existing.etag) : api.post<EventRecord>('/events', body),
    );
    if (!r) return;
    setFlash(t(existing ? 'event.saved' : 'event.created'));
    navigate(`/events/${existing ? existing.event.id : r.data.id}`);
  };

  return (
    <section aria-labelledby="event-new-heading">
      <p class="breadcrumb">
        <Link href="/events">{t('event.listTitle')}</Link>
      </p>
      <PageHeading id="event-new-heading">{editing ? t('event.editTitle', { title: existing.event.title }) : t('event.newTitle')}</PageHeading>
      <form class="form card" noValidate onSubmit={submit}>
        {error && <ProblemAlert error={error} fieldsShown={[...FIELDS]} onReload={error.status === 412 ? onStale : undefined} />}
        <KindTitleFields idPrefix="event" values={v} onChange={set} errors={errors} rows={4} />
        <DateTimeFields
          id="event-start"
          dateLabel={t('event.startDate')}
          timeLabel={t('event.startTime')}
          date={v.startDate}
          time={v.startTime}
          onDate={(x) => set({ startDate: x, endDate: v.endDate && v.endDate >= x ? v.endDate : x })}
          onTime={(x) => set({ startTime: x })}
          hint={t('event.timeHint')}
          error={errors.starts_at}
        />
        <DateTimeFields
          id="event-end"
          dateLabel={t('event.endDate')}
          timeLabel={t('event.endTime')}
          date={v.endDate}
          time={v.endTime}
          onDate={(x) => set({ endDate: x })}
          onTime={(x) => set({ endTime: x })}
          hint={t('event.timeHint')}
          error={errors.ends_at}
        />
        <SeatFields idPrefix="event" capacity={v.capacity} quota={v.quota} onChange={set} errors={errors} />
        <fieldset class="group">
          <legend>{t('event.window')}</legend>
          <p class="hint">{t('event.windowHint')}</p>
          <DateTimeFields
            id="event-opens"
            dateLabel={t('event.opensDate')}
            timeLabel={t('event.opensTime')}
            date={v.opensDate}
            time={v.opensTime}
            onDate={(x) => set({ opensDate: x })}
            onTime={(x) => set({ opensTime: x })}
            hint={t('event.opensHint')}
            error={errors.registration_opens_at}
            required={false}
          />
          <DateTimeFields
            id="event-closes"
            dateLabel={t('event.closesDate')}
            timeLabel={t('event.closesTime')}
            date={v.closesDate}
            time={v.closesTime}
            onDate={(x) => set({ closesDate: x })}
            onTime={(x) => set({ closesTime: x })}
            hint={t('event.closesHint')}
            error={errors.registration_closes_at}
            required={false}
          />
        </fieldset>
        <ReminderField id="event-reminder-hours" value={v.reminderHours} onValue={(x) => set({ reminderHours: x })} error={errors.reminder_hours} />
        <VenueFields idPrefix="event" name={v.venueName} address={v.venueAddress} municipality={v.municipality} onChange={set} error={errors.venue} />
        <fieldset class="group">
          <legend>{t('event.audience')}</legend>
          {(['open', 'invited'] as const).map((a) => (
            <div class="field radio" key={a}>
              <input type="radio" id={`event-audience-${a}`} name="audience" value={a} checked={v.audience === a} onChange={() => set({ audience: a })} />
              <label for={`event-audience-${a}`}>{t(`event.audience.${a}`)}</label>
            </div>
          ))}
          {errors.audience && <p class="field-error">{errors.audience}</p>}
          {v.audience === 'invited' && (
            <div class="subform" role="group" aria-labelledby="event-invited-heading">
              <h2 id="event-invited-heading" class="h3">
                {t('event.invited')}
              </h2>
              {invited.length === 0 ? (
                <p class="empty">{t('event.invitedNone')}</p>
              ) : (
                <ul class="plain-list">
                  {invited.map((o) => (
                    <li key={o.id}>
                      {o.name}{' '}
                      <button
                        type="button"
                        class="button secondary small"
                        aria-label={t('event.invitedRemove', { name: o.name })}
                        onClick={() => setInvited((list) => list.filter((x) => x.id !== o.id))}
                      >
                        ✕
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              <OrganisationPicker id="event-invite-org" value={pick} onValue={setPick} required={false} hint={t('event.invitedHint')} />
              <button type="button" class="button secondary" disabled={!pick} onClick={addInvited}>
                {t('event.invitedAdd')}
              </button>
              {errors.invited_organisation_ids && <p class="field-error">{errors.invited_organisation_ids}</p>}
            </div>
          )}
        </fieldset>
        <FormActions busy={busy} submitLabel={editing ? t('common.save') : t('common.create')} busyLabel={editing ? t('common.saving') : t('common.creating')}>
          <Link href={existing ? `/events/${existing.event.id}` : '/events'} class="button secondary">
            {t('common.cancel')}
          </Link>
        </FormActions>
      </form>
    </section>
  );
}

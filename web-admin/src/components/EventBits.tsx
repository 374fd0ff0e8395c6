// Small pieces shared by the event pages: status badges, the time span, the place.
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiError, EventRecord, RegistrationStatus, Venue } from '../api';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import type { Reference } from '../reference';
import { byName, useReference } from '../reference';
import { Fact, MultiLine, pickFieldErrors, ProblemAlert, SelectField, TextField } from './ui';

export function EventStatusBadge({ status }: { status: EventRecord['status'] }) {
  const { t } = useI18n();
  return <span class={`badge badge-event-${status}`}>{t(`event.statusValue.${status}` as MessageKey)}</span>;
}

export function RegStatusBadge({ status }: { status: RegistrationStatus | 'failed' }) {
  const { t } = useI18n();
  return <span class={`badge badge-reg-${status}`}>{t(`reg.status.${status}` as MessageKey)}</span>;
}

/** "12. mar. 2026 10.00 – 12. mar. 2026 12.00" (Copenhagen time). */
export function useEventTime(): (e: Pick<EventRecord, 'starts_at' | 'ends_at'>) => string {
  const { formatDateTime } = useI18n();
  return (e) => `${formatDateTime(e.starts_at)} – ${formatDateTime(e.ends_at)}`;
}

export function venueText(e: EventRecord, ref: Reference | null, refName: (x: { name_da: string; name_en: string } | undefined) => string): string {
  const v = e.venue;
  if (!v) return '';
  const municipality = v.municipality_id ? refName(ref?.municipalityById.get(v.municipality_id)) : '';
  return [v.name, municipality].filter(Boolean).join(', ');
}

interface VenueFieldsProps {
  idPrefix: string;
  name: string;
  address: string;
  municipality: string;
  onChange: (changes: { venueName?: string; venueAddress?: string; municipality?: string }) => void;
  error?: string;
}

/** Where an event or a series takes place: a name, an address and the municipality (its police district follows). */
export function VenueFields({ idPrefix, name, address, municipality, onChange, error }: VenueFieldsProps) {
  const { t, refName, lang } = useI18n();
  const { ref } = useReference();
  return (
    <fieldset class="group">
      <legend>{t('event.venue')}</legend>
      {error && <p class="field-error">{error}</p>}
      <TextField id={`${idPrefix}-venue-name`} label={t('event.venueName')} value={name} onValue={(x) => onChange({ venueName: x })} />
      <TextField
        id={`${idPrefix}-venue-address`}
        label={t('event.venueAddress')}
        value={address}
        onValue={(x) => onChange({ venueAddress: x })}
        multiline
        rows={2}
      />
      <SelectField
        id={`${idPrefix}-venue-municipality`}
        label={t('event.venueMunicipality')}
        value={municipality}
        onValue={(x) => onChange({ municipality: x })}
        placeholder={t('common.none')}
        options={ref ? byName(ref.municipalities, lang).map((m) => ({ value: String(m.id), label: refName(m) })) : []}
      />
    </fieldset>
  );
}

interface SeatFieldsProps {
  idPrefix: string;
  capacity: string;
  quota: string;
  onChange: (changes: { capacity?: string; quota?: string }) => void;
  errors: { capacity?: string; per_organisation_quota?: string };
}

/** Seats of an event or a series: capacity and the quota per organisation (empty: no limit). */
export function SeatFields({ idPrefix, capacity, quota, onChange, errors }: SeatFieldsProps) {
  const { t } = useI18n();
  return (
    <div class="field-pair">
      <TextField
        id={`${idPrefix}-capacity`}
        label={t('event.capacity')}
        value={capacity}
        onValue={(x) => onChange({ capacity: x })}
        inputMode="numeric"
        hint={t('event.capacityHint')}
        error={errors.capacity}
      />
      <TextField
        id={`${idPrefix}-quota`}
        label={t('event.quota')}
        value={quota}
        onValue={(x) => onChange({ quota: x })}
        inputMode="numeric"
        hint={t('event.quotaHint')}
        error={errors.per_organisation_quota}
      />
    </div>
  );
}

interface ReminderFieldProps {
  id: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
}

/** Hours before the start when confirmed people are mailed a reminder (0: none; default 48). */
export function ReminderField({ id, value, onValue, error }: ReminderFieldProps) {
  const { t } = useI18n();
  return (
    <TextField id={id} label={t('event.reminderHours')} value={value} onValue={onValue} inputMode="numeric" hint={t('event.reminderHoursHint')} error={error} />
  );
}

/** A number of hours as the server takes it: digits become a number, anything else is sent as it is
 * so that the server names what is wrong (an empty field means the default, 48). */
export function reminderHoursValue(s: string): number | string {
  const v = s.trim();
  if (!v) return 48;
  return /^\d+$/.test(v) ? Number(v) : v;
}

/** A venue as text: its name, address and municipality, or "none". */
export function VenueText({ venue }: { venue: Venue | null }) {
  const { t, refName } = useI18n();
  const { ref } = useReference();
  const municipality = venue?.municipality_id ? refName(ref?.municipalityById.get(venue.municipality_id)) : '';
  if (!venue || !(venue.name || venue.address || municipality)) return <>{t('common.none')}</>;
  return (
    <>
      {venue.name && <span class="block">{venue.name}</span>}
      {venue.address && <MultiLine text={venue.address} />}
      {municipality && <span class="block">{municipality}</span>}
    </>
  );
}

/** Confirmed seats of the capacity ("12 af 20"); with `waitlist`, how many wait below it. */
export function Seats({ event, waitlist = true }: { event: EventRecord; waitlist?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {event.capacity !== null ? t('event.seatsOf', { confirmed: event.confirmed, capacity: event.capacity }) : event.confirmed}
      {waitlist && event.waitlisted > 0 && <span class="block">{t('event.waitlistedShort', { n: event.waitlisted })}</span>}
    </>
  );
}

interface KindTitleProps {
  idPrefix: string;
  values: { kind: string; title: string; description: string };
  onChange: (changes: { kind?: string; title?: string; description?: string }) => void;
  errors: Record<string, string>;
  /** The description's height in lines. */
  rows: number;
}

/** The kind, title and description of an event or a series. */
export function KindTitleFields({ idPrefix, values: v, onChange, errors, rows }: KindTitleProps) {
  const { t, refName, lang } = useI18n();
  const { ref } = useReference();
  return (
    <>
      <SelectField
        id={`${idPrefix}-kind`}
        label={t('event.kind')}
        value={v.kind}
        onValue={(kind) => onChange({ kind })}
        required
        placeholder={t('common.choose')}
        error={errors.kind}
        options={ref ? byName(ref.eventKinds, lang).map((k) => ({ value: k.code, label: refName(k) })) : []}
      />
      <TextField
        id={`${idPrefix}-title`}
        label={t('event.title')}
        value={v.title}
        onValue={(title) => onChange({ title })}
        required
        maxLength={200}
        error={errors.title}
      />
      <TextField
        id={`${idPrefix}-description`}
        label={t('event.description')}
        value={v.description}
        onValue={(description) => onChange({ description })}
        multiline
        rows={rows}
        error={errors.description}
      />
    </>
  );
}

/** The description (when there is one), the capacity and the quota of an event or a series, as details. */
export function PlanFacts({ item }: { item: Pick<EventRecord, 'description' | 'capacity' | 'per_organisation_quota' | 'reminder_hours'> }) {
  const { t } = useI18n();
  return (
    <>
      {item.description && (
        <Fact label={t('event.description')}>
          <MultiLine text={item.description} />
        </Fact>
      )}
      <Fact label={t('event.capacity')}>{item.capacity ?? t('event.unlimited')}</Fact>
      <Fact label={t('event.quota')}>{item.per_organisation_quota ?? t('event.unlimited')}</Fact>
      <Fact label={t('event.reminderHours')}>{item.reminder_hours > 0 ? t('event.reminderAt', { hours: item.reminder_hours }) : t('event.reminderNone')}</Fact>
    </>
  );
}

interface ReasonFormProps {
  idPrefix: string;
  /** The form's accessible name and its confirming button. */
  label: string;
  confirmLabel: string;
  question?: string;
  /** A reason must be given (at most 500 characters). */
  required?: boolean;
  busy: boolean;
  error?: ApiError | null;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** Cancelling an event or the rest of a series: an inline form that asks for the reason. */
export function ReasonForm({ idPrefix, label, confirmLabel, question, required, busy, error, onConfirm, onClose }: ReasonFormProps) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <form
      class="confirm"
      aria-label={label}
      noValidate
      onSubmit={(e: TargetedSubmitEvent<HTMLFormElement>) => {
        e.preventDefault();
        onConfirm(reason.trim());
      }}
    >
      {question && <p>{question}</p>}
      {error && <ProblemAlert error={error} fieldsShown={['reason']} />}
      <TextField
        id={`${idPrefix}-cancel-reason`}
        label={t('event.cancelReason')}
        hint={t('event.cancelReasonHint')}
        value={reason}
        onValue={setReason}
        multiline
        rows={2}
        required={required}
        maxLength={required ? 500 : undefined}
        error={pickFieldErrors(error ?? null, ['reason']).reason}
      />
      <button type="submit" class="button danger" disabled={busy}>
        {confirmLabel}
      </button>{' '}
      <button type="button" class="button secondary" disabled={busy} onClick={onClose}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

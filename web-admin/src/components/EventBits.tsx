// Small pieces shared by the event pages: status badges, the time span, the place.
import type { EventRecord, RegistrationStatus, Venue } from '../api';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import type { Reference } from '../reference';
import { byName, useReference } from '../reference';
import { MultiLine, SelectField, TextField } from './ui';

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

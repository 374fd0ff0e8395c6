// Small pieces shared by the event pages: status badges, the time span, the place.
import type { EventRecord, RegistrationStatus } from '../api';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import type { Reference } from '../reference';
import { byName, useReference } from '../reference';
import { SelectField, TextField } from './ui';

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

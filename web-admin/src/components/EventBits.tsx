// Small pieces shared by the event pages: status badges, the time span, the place.
import type { EventRecord, RegistrationStatus } from '../api';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import type { Reference } from '../reference';

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

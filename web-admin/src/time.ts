// Event times: the unit works in Copenhagen time whatever the browser's own time zone is.
export const ZONE = 'Europe/Copenhagen';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function zoneParts(ms: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** Minutes Copenhagen is ahead of UTC at the instant `ms`. */
export function zoneOffsetMinutes(ms: number): number {
  const p = zoneParts(ms);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60000);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * "2026-03-29" + "10:30" in Copenhagen as an ISO date-time with the offset in force then
 * ("2026-03-29T10:30:00+02:00"); null for an incomplete or impossible input.
 */
export function localToIso(date: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})/.exec(time);
  if (!d || !t) return null;
  const [y, mo, da, h, mi] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  const wall = Date.UTC(y, mo - 1, da, h, mi);
  if (Number.isNaN(wall)) return null;
  // The offset at the guessed instant, then again at the corrected one (daylight-saving changes).
  let offset = zoneOffsetMinutes(wall - zoneOffsetMinutes(wall) * 60000);
  offset = zoneOffsetMinutes(wall - offset * 60000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${d[1]}-${d[2]}-${d[3]}T${pad(h)}:${pad(mi)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Today's date in Copenhagen, YYYY-MM-DD. */
export function todayInZone(now = Date.now()): string {
  const p = zoneParts(now);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The Copenhagen time of day of an ISO instant, HH:MM. */
export function timeInZone(iso: string): string {
  const p = zoneParts(new Date(iso).getTime());
  return `${pad(p.hour % 24)}:${pad(p.minute)}`;
}

/** The Copenhagen date of an ISO instant, YYYY-MM-DD. */
export function dateInZone(iso: string): string {
  const p = zoneParts(new Date(iso).getTime());
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

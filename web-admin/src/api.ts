// The one place that talks HTTP to the Brobygger API (/api/v1).
// Cookie authentication (HttpOnly session cookie set by POST /auth/login); every request carries
// `X-Requested-With: brobygger`, which the server requires for cookie-authenticated writes (CSRF guard).

export type Role = 'admin' | 'officer' | 'manager' | 'partner';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  organisation_id: number | null;
  /** An officer limited to these police districts; empty: national. */
  police_district_ids?: number[];
  status: 'active' | 'disabled';
  created_at: string;
  last_login_at: string | null;
}

export interface Organisation {
  id: number;
  name: string;
  kind: string;
  cvr: string | null;
  municipality_id: number;
  police_district_id: number;
  region_id: number;
  address: string | null;
  website: string | null;
  tags: string[];
  status: 'active' | 'archived';
  responsible_user_id: number | null;
  created_at: string;
  updated_at: string;
  version?: number;
}

export interface Consent {
  invitations: boolean;
  newsletter: boolean;
  /** When and how (the recording role) it was last given or withdrawn. */
  updated_at?: string | null;
  source?: string | null;
}

export interface Contact {
  id: number;
  organisation_id: number;
  name: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  language: 'da' | 'en';
  consent: Consent;
  status: 'active' | 'archived';
  erased_at?: string | null;
  created_at: string;
  updated_at: string;
  version?: number;
}

export interface RefItem {
  id?: number;
  code: string;
  name_da: string;
  name_en: string;
}
export interface Region extends RefItem { id: number }
export interface PoliceDistrict extends RefItem { id: number }
export interface Municipality extends RefItem {
  id: number;
  region_id: number;
  police_district_id: number;
}
export interface OrganisationKind extends RefItem {
  group: 'civil_society' | 'public_authority' | 'cooperation_forum' | 'other' | string;
}

export interface ListPage<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details as the server sends them. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldError[];
  existing_id?: number;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from a Retry-After header (429, 503), if any. */
  readonly retryAfter: number | null;
  constructor(status: number, problem: Problem, retryAfter: number | null = null) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
  /** Field errors keyed by field name (first message wins). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      if (e && typeof e.field === 'string' && !(e.field in out)) out[e.field] = String(e.message ?? '');
    }
    return out;
  }
}

export interface ApiResult<T> {
  data: T;
  etag: string | null;
  location: string | null;
  status: number;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  query?: Query;
  body?: unknown;
  ifMatch?: string | null;
  signal?: AbortSignal;
  /** Do not run the global 401 handler (login itself, the first /me probe). */
  noAuthRedirect?: boolean;
}

const BASE = '/api/v1';

/** Rows per page in every list. */
export const PAGE_SIZE = 50;

let onUnauthorized: (() => void) | null = null;
let acceptLanguage = 'da';

/** Registered by the app: what to do when any call answers 401 (go to the login page). */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

export function setApiLanguage(lang: string): void {
  acceptLanguage = lang;
}

export function buildQuery(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'X-Requested-With': 'brobygger',
    'Accept-Language': acceptLanguage,
  };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;

  let res: Response;
  try {
    res = await fetch(BASE + path + buildQuery(opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'network' });
  }

  const text = res.status === 204 ? '' : await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }

  if (!res.ok) {
    const problem: Problem =
      parsed && typeof parsed === 'object' ? (parsed as Problem) : { title: res.statusText, status: res.status };
    if (res.status === 401 && !opts.noAuthRedirect && onUnauthorized) onUnauthorized();
    const ra = Number(res.headers.get('Retry-After'));
    throw new ApiError(res.status, problem, Number.isFinite(ra) && ra > 0 ? ra : null);
  }

  return {
    data: parsed as T,
    etag: res.headers.get('ETag'),
    location: res.headers.get('Location'),
    status: res.status,
  };
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown, ifMatch?: string | null) => request<T>('PATCH', path, { body, ifMatch }),
  del: (path: string, ifMatch?: string | null) => request<void>('DELETE', path, { ifMatch }),

  login: (email: string, password: string) =>
    request<{ token: string; expires_at: string; user: User }>('POST', '/auth/login', {
      body: { email, password },
      noAuthRedirect: true,
    }),
  // An empty JSON object rather than no body: a POST without a JSON body could be refused with 415.
  logout: () => request<void>('POST', '/auth/logout', { body: {}, noAuthRedirect: true }),
  me: () => request<User>('GET', '/me', { noAuthRedirect: true }),
};

export type EventStatus = 'draft' | 'published' | 'cancelled' | 'completed';
export type RegistrationStatus = 'confirmed' | 'waitlisted' | 'cancelled' | 'attended' | 'no_show';

export interface Venue {
  name: string | null;
  address: string | null;
  municipality_id: number | null;
}

export interface EventRecord {
  id: number;
  kind: string;
  title: string;
  description: string | null;
  starts_at: string;
  ends_at: string;
  all_day: boolean;
  venue: Venue | null;
  online_url: string | null;
  language: 'da' | 'en';
  tags: string[];
  organiser_user_id: number | null;
  capacity: number | null;
  per_organisation_quota: number | null;
  police_district_id: number | null;
  registration_opens_at: string | null;
  registration_closes_at: string;
  audience: 'open' | 'invited';
  /** Not sent to partners. */
  invited_organisation_ids?: number[];
  status: EventStatus;
  cancellation_reason: string | null;
  series_id: number | null;
  revision: number;
  confirmed: number;
  waitlisted: number;
  created_at: string;
  updated_at: string;
  version?: number;
}

export interface Registration {
  id: number;
  event_id: number;
  contact_id: number;
  contact_name: string;
  contact_has_email: boolean;
  organisation_id: number;
  organisation_name: string;
  status: RegistrationStatus;
  registered_at: string;
  registered_by: number | null;
  cancelled_at: string | null;
  cancelled_by: number | null;
  checked_in_at: string | null;
  checked_in_by: number | null;
  updated_at: string;
  version?: number;
}

/** One person's outcome of POST /events/{id}/registrations with contact_ids. */
export interface RegisterResult {
  contact_id: number | null;
  status: RegistrationStatus | 'failed';
  registration?: Registration;
  problem?: Problem;
}

/** GET /api/v1/me: the user, and for officers, admins and partners the subscribable calendar feed. */
export interface Me extends User {
  calendar_feed_url?: string | null;
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'superseded' | 'skipped';

/** One invitation email in the outbox (GET /api/v1/outbox). */
export interface OutboxItem {
  id: number;
  registration_id: number;
  event_id: number;
  contact_id: number;
  reason: string;
  status: OutboxStatus;
  attempts: number;
  recipient: string | null;
  last_error: string | null;
  created_at: string;
  next_attempt_at: string;
  sent_at: string | null;
}

export interface OutboxPage extends ListPage<OutboxItem> {
  relay_configured: boolean;
}

// ---- series (recurring network meetings) ----

/** A series: the defaults its occurrences (events with `series_id`) are made from. */
export interface Series {
  id: number;
  kind: string;
  title: string;
  description: string | null;
  rrule: string;
  starts_at: string;
  ends_at: string;
  /** Copenhagen wall-clock start, HH:MM. */
  time_of_day: string;
  duration_minutes: number;
  /** Always an object (its keys null when there is no venue). */
  venue: Venue;
  online_url: string | null;
  language: 'da' | 'en';
  organiser_user_id: number | null;
  capacity: number | null;
  per_organisation_quota: number | null;
  police_district_id: number | null;
  roster_organisation_ids: number[];
  status: 'active' | 'ended';
  /** Occurrences exist up to this local time (YYYY-MM-DDTHH:MM, no offset). */
  materialised_until: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** GET /api/v1/reports/series/{id}: per roster member, the share of held occurrences it attended. */
export interface SeriesContinuity {
  series_id: number;
  title: string;
  occurrences_held: number;
  average_share: number | null;
  members: { organisation_id: number; name: string; occurrences_attended: number; share: number | null }[];
}

// ---- engagement overviews (managers, officers, admins) ----

/** A count of people: a number, "<5" (1 to 4, for managers) or null (withheld). */
export type PeopleCount = number | '<5' | null;

export interface EngagementFigures {
  organisations_reached: number;
  organisations_engaged: number;
  contacts_reached: PeopleCount;
  events_held: number;
  registrations: PeopleCount;
  attended: PeopleCount;
  no_show: PeopleCount;
  attendance_rate: number | null;
  repeat_organisations: number;
  active_organisations: number;
  coverage: number | null;
}

export interface EngagementRow extends EngagementFigures {
  key: string;
  label: string;
  previous: EngagementFigures | null;
}

export type Grouping = 'police_district' | 'region' | 'municipality' | 'organisation_kind' | 'event_kind' | 'month' | 'quarter';

export interface EngagementReport {
  from: string;
  to: string;
  previous_from: string;
  previous_to: string;
  group_by: Grouping;
  small_numbers_suppressed: boolean;
  rows: EngagementRow[];
  total: EngagementRow;
}

export interface DormantOrganisation {
  organisation_id: number;
  name: string;
  kind: string;
  police_district_id: number;
  municipality_id: number;
  last_attended_at: string | null;
  responsible_user_id: number | null;
}

export interface DormantPage extends ListPage<DormantOrganisation> {
  months: number;
  since: string;
}

/** The API path of a report download (the session cookie authenticates a plain link). */
export function reportCsvHref(path: string, query: Query): string {
  return `${BASE}${path}${buildQuery({ ...query, format: 'csv' })}`;
}

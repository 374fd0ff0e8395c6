// The one place that talks HTTP to the Brobygger API (/api/v1).
// Cookie authentication (HttpOnly session cookie set by POST /auth/login); every request carries
// `X-Requested-With: brobygger`, which the server requires for cookie-authenticated writes (CSRF guard).
import type { components, operations } from './api-types';

// The wire types come from docs/openapi.yaml: api-types.ts is generated from it (`npm run types` in
// tests/openapi; the openapi.types test fails when it is stale). Alias them here; do not write them by hand.
type Schemas = components['schemas'];

export type Role = Schemas['Role'];
export type User = Schemas['User'];
export type Organisation = Schemas['Organisation'];
export type Consent = Schemas['Consent'];
export type Contact = Schemas['Contact'];

/** What every kind of reference data has: a code and its Danish and English names. */
export type RefItem = Schemas['EventKind'];
export type EventKind = Schemas['EventKind'];
export type Region = Schemas['Region'];
export type PoliceDistrict = Schemas['PoliceDistrict'];
export type Municipality = Schemas['Municipality'];
export type OrganisationKind = Schemas['OrganisationKind'];

/** A page of a list: `{items, total, limit, offset}`. */
export type ListPage<T> = Schemas['ListPage'] & { items: T[] };

export type FieldError = NonNullable<Schemas['Problem']['errors']>[number];

/**
 * RFC 9457 problem details. The server always sends every required member; the client also makes
 * problems of its own (a network failure, a body that is not JSON), so they are optional here.
 */
export type Problem = Partial<Schemas['Problem']>;

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
  /** A file as the body, sent as it is with its media type (an import's upload) instead of JSON. */
  file?: { body: Blob; type: string };
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
  let fileBody: Blob | undefined;
  if (opts.file) {
    headers['Content-Type'] = opts.file.type;
    fileBody = opts.file.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;

  let res: Response;
  try {
    res = await fetch(BASE + path + buildQuery(opts.query), {
      method,
      headers,
      body: fileBody ?? body,
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
    const problem: Problem = parsed && typeof parsed === 'object' ? (parsed as Problem) : { title: res.statusText, status: res.status };
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
  /** PATCH /api/v1/me: the signed-in user's own language (and display name); every role may. */
  updateMe: (changes: Schemas['MePatch']) => request<User>('PATCH', '/me', { body: changes }),
};

export type EventStatus = Schemas['EventStatus'];
export type RegistrationStatus = Schemas['RegistrationStatus'];
export type Venue = Schemas['Venue'];
export type EventRecord = Schemas['Event'];
export type Registration = Schemas['Registration'];
/** One person's outcome of POST /events/{id}/registrations with contact_ids. */
export type RegisterResult = Schemas['RegistrationResult'];
/** GET /api/v1/me: the user, and for officers, admins and partners the subscribable calendar feed. */
export type Me = Schemas['Me'];

// Imports (issue 13)
export type Import = Schemas['Import'];
export type ImportRow = Schemas['ImportRow'];
export type ImportRowList = Schemas['ImportRowList'];

export type OutboxStatus = Schemas['OutboxStatus'];
/** One invitation email in the outbox (GET /api/v1/outbox). */
export type OutboxItem = Schemas['OutboxMessage'];
export type OutboxPage = Schemas['OutboxList'];

/** A series (recurring network meetings): the defaults its occurrences (events with `series_id`) are made from. */
export type Series = Schemas['Series'];
/** GET /api/v1/reports/series/{id}: per roster member, the share of held occurrences it attended. */
export type SeriesContinuity = Schemas['SeriesContinuity'];

// ---- engagement overviews (managers, officers, admins) ----

/** A count of people: a number, "<5" (1 to 4, for managers) or null (withheld). */
export type PeopleCount = Schemas['PeopleCount'];
export type EngagementFigures = Schemas['EngagementFigures'];
export type EngagementRow = Schemas['EngagementRow'];
export type EngagementReport = Schemas['EngagementReport'];
export type Grouping = EngagementReport['group_by'];
export type DormantOrganisation = Schemas['DormantOrganisation'];
export type DormantPage = Schemas['DormantList'];

// ---- privacy, sessions and feeds ----

/** One entry of the audit trail (GET /api/v1/audit); a personal field carries no values. */
export type AuditEntry = Schemas['AuditEntry'];
export type AuditField = AuditEntry['fields'][number];
/** POST /api/v1/users/{id}/sessions/revoke. */
export type RevokedSessions = Schemas['RevokedSessions'];
/** A calendar feed's subscription URL (the rotate operations). */
export type CalendarFeed = Schemas['CalendarFeed'];
/** POST /api/v1/events/{id}/registrations with contact_ids or new_contacts. */
export type RegistrationResults = Schemas['RegistrationResults'];

/** The API path of a report download (the session cookie authenticates a plain link). */
/** The formats every list downloads in (the API's `format=`). */
export type ExportFormat = 'csv' | 'xlsx';

/**
 * The download of a list: the same path and filters as the page shows, every matching row (no limit or
 * offset), in `format`, with headers in the UI language `lang`.
 */
export function exportHref(path: string, query: Query, format: ExportFormat, lang: 'da' | 'en'): string {
  return `${BASE}${path}${buildQuery({ ...query, limit: '', offset: '', format, lang })}`;
}

// ---- outreach between events (activities, follow-ups, timelines, "My work") ----

export type Activity = Schemas['Activity'];
export type FollowUp = Schemas['FollowUp'];
/** GET /me/work: the officer's start page in one call. */
export type MyWork = Schemas['MyWork'];
export type WorkFollowUp = Schemas['WorkFollowUp'];
/** POST /api/v1/events/{id}/activities: one activity per organisation whose people attended. */
export type EventActivities = operations['logEventActivities']['responses']['200']['content']['application/json'];
export type EventMessagePlan = operations['sendEventMessage']['responses']['200']['content']['application/json'];
export type EventMessageQueued = operations['sendEventMessage']['responses']['202']['content']['application/json'];
export type EventMessageList = operations['listEventMessages']['responses']['200']['content']['application/json'];
// Announcements to a segment of the network (issue 15 point 4)
export type AnnouncementPlan = Schemas['AnnouncementPlan'];
export type AnnouncementList = Schemas['AnnouncementList'];
export type Announcement = Schemas['Announcement'];
// The texts of the automatic mail (issue 15 point 5)
export type MessageTemplate = Schemas['MessageTemplate'];
export type MessageTemplateList = Schemas['MessageTemplateList'];
export type MessageTemplatePreview = Schemas['MessageTemplatePreview'];
/** GET /api/v1/events/{id}/reminders: who will get the reminder and when, who not and why. */
export type ReminderPlan = Schemas['ReminderPlan'];
/** POST /api/v1/follow-ups/{id}/complete: the done follow-up and the next one (or null). */
export type CompletedFollowUp = operations['completeFollowUp']['responses']['200']['content']['application/json'];

/** One item of a timeline (GET /organisations/{id}/timeline, /contacts/{id}/timeline). `summary` is English only:
 * the web admin words each item from its typed fields. */
export type TimelineItem = Schemas['TimelineItem'];
export type TimelinePage = Schemas['Timeline'];

// ---- issue 16 (WEB): registration history, an event's summary ----

/** GET /api/v1/registrations/{id}/history: every step, oldest first. */
export type RegistrationHistory = Schemas['RegistrationHistory'];
/** GET /api/v1/reports/events/{id}: registrations, waiting list and attendance by kind of organisation. */
export type EventReportSummary = Schemas['EventReportSummary'];
// ---- trainings for partner authorities (issue 16) ----

export type TrainingReport = Schemas['TrainingReport'];
export type TrainingGrouping = TrainingReport['group_by'];
export type TrainingRecord = Schemas['TrainingRecord'];

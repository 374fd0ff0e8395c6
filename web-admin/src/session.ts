// The logged-in user and what each role may do in the UI (the server enforces the same rules).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Role, User } from './api';
import { ownerMay } from './outreach';
import policy from './policy.json';

export interface Session {
  user: User;
  logout: () => void;
  /** Saves the language as the user's own (PATCH /api/v1/me); rejects with the ApiError. */
  saveLanguage: (lang: 'da' | 'en') => Promise<void>;
  /** Saves the user's own display name (PATCH /api/v1/me); rejects with the ApiError. */
  saveName: (name: string) => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a logged-in page');
  return s;
}

// The server's policy table, as `brobygger routes --policy --json` prints it (generated: run
// `npm run policy` after changing domain/policy.cpp; a test fails while it is stale).

type Grant = 'deny' | 'own' | 'all';
interface Rule {
  action: string;
  grants: Record<Role, Grant>;
  districts: 'scoped' | 'national' | 'any';
}
const RULES = new Map<string, Rule>((policy.rules as Rule[]).map((rule) => [rule.action, rule]));

function rule(action: string): Rule {
  const found = RULES.get(action);
  if (!found) throw new Error(`No such action in the policy table: ${action}`);
  return found;
}

/** Whether the user's role may do the action at all (on something of its own, at least). */
export function allowed(u: User, action: string): boolean {
  const r = rule(action);
  if (r.grants[u.role] === 'deny') return false;
  // An officer limited to police districts is refused what spans the country.
  return !(r.districts === 'national' && (u.police_district_ids?.length ?? 0) > 0);
}

/** Whether the user may do the action on a resource of this organisation. */
export function allowedOn(u: User, action: string, organisationId: number): boolean {
  return allowed(u, action) && (rule(action).grants[u.role] !== 'own' || u.organisation_id === organisationId);
}

/**
 * Whether the user may do the action on a thing with these owners: a rule that grants officers only `own`
 * (an activity's officer, a follow-up's assignee) lets them change their own, an admin any.
 */
export function allowedAsOwner(u: User, action: string, owners: (number | null | undefined)[]): boolean {
  return allowed(u, action) && ownerMay(rule(action).grants[u.role], u.id, owners);
}

/** An activity's owners: the officer who had the dialogue and the one who logged it. */
type Owned = { user_id: number; created_by?: number | null };

/** What each part of the UI needs, named by the policy table's actions. */
export const can = {
  /** Organisations list and detail: every role (a partner sees its own organisation only). */
  viewOrganisations: (u: User) => allowed(u, 'organisation.list'),
  createOrganisation: (u: User) => allowed(u, 'organisation.create'),
  /** Imports of organisations and contacts: officers and admins. */
  importData: (u: User) => allowed(u, 'import.create'),
  archiveOrganisation: (u: User) => allowed(u, 'organisation.archive'),
  /** Officers and admins edit every field; a partner its own organisation's name, address and website. */
  editOrganisation: (u: User, orgId: number) => allowedOn(u, 'organisation.update', orgId),
  /** Managers never see people: no contact navigation, lists or forms. */
  viewContacts: (u: User) => allowed(u, 'contact.list'),
  manageUsers: (u: User) => allowed(u, 'user.list'),
  /** A person's data export (access requests). */
  exportPeople: (u: User) => allowed(u, 'contact.export'),
  /** The audit trail and erasure of people. */
  audit: (u: User) => allowed(u, 'audit.read') && allowed(u, 'contact.erase'),
  /** Events: every role reads (a partner only published events open to it). */
  viewEvents: (u: User) => allowed(u, 'event.list'),
  /** Create, publish, cancel and close events; register anyone; check in. */
  planEvents: (u: User) => allowed(u, 'event.create'),
  /** Series of network meetings and their continuity: staff and management read them. */
  viewSeries: (u: User) => allowed(u, 'series.list'),
  /** Create, change and cancel series. */
  planSeries: (u: User) => allowed(u, 'series.create'),
  /** Registrations: officers and admins all, partners their own people; managers none. */
  viewRegistrations: (u: User) => allowed(u, 'registration.list'),
  /** Delivery status of invitation emails (not for officers limited to police districts). */
  viewOutbox: (u: User) => allowed(u, 'outbox.read'),
  /** Likely duplicates, merge and the merges journal with undo: officers and admins. */
  viewDuplicates: (u: User) => allowed(u, 'organisation.duplicates'),
  viewMerges: (u: User) => allowed(u, 'merge.list'),
  /** Engagement overviews: figures, never people (managers get small numbers suppressed). */
  viewReports: (u: User) => allowed(u, 'report.read'),
  /** A subscribable calendar feed (officers: events they organise; partners: their organisation's). */
  calendarFeed: (u: User) => allowed(u, 'calendar.rotate_own_feed'),
  /** "My work": the start page of officers and admins. */
  myWork: (u: User) => allowed(u, 'outreach.my_work'),
  /** The dialogue log: officers and admins (an officer limited to districts sees theirs). */
  viewActivities: (u: User) => allowed(u, 'activity.list'),
  logActivity: (u: User) => allowed(u, 'activity.create'),
  /** One activity per organisation whose people attended an event. */
  logEventActivities: (u: User) => allowed(u, 'activity.log_event'),
  sendEventMessages: (u: User) => allowed(u, 'event.message.send'),
  /** Issue 15: a failed message sent again from the outbox; announcements to a segment of the network. */
  resendOutbox: (u: User) => allowed(u, 'outbox.resend'),
  sendAnnouncements: (u: User) => allowed(u, 'announcement.send'),
  /** Issue 15 point 5: the texts of the automatic mail (administrators). */
  manageMessageTemplates: (u: User) => allowed(u, 'message_template.update'),
  /** An officer changes and deletes the activities they logged, an admin any. */
  editActivity: (u: User, a: Owned) => allowedAsOwner(u, 'activity.update', [a.user_id, a.created_by]),
  deleteActivity: (u: User, a: Owned) => allowedAsOwner(u, 'activity.delete', [a.user_id, a.created_by]),
  /** A follow-up made by mistake: its author or assignee, or an admin. */
  deleteFollowUp: (u: User, f: { assigned_user_id: number; created_by?: number | null }) =>
    allowedAsOwner(u, 'follow_up.delete', [f.assigned_user_id, f.created_by]),
  viewFollowUps: (u: User) => allowed(u, 'follow_up.list'),
  createFollowUp: (u: User) => allowed(u, 'follow_up.create'),
  updateFollowUp: (u: User) => allowed(u, 'follow_up.update'),
  /** An organisation's timeline: staff; a partner its own organisation's participation only. */
  viewTimeline: (u: User, orgId: number) => allowedOn(u, 'organisation.timeline', orgId),
  viewContactTimeline: (u: User, orgId: number) => allowedOn(u, 'contact.timeline', orgId),
  /** The names of the staff who hold work (responsible officer, assignee): not for partners. */
  listStaff: (u: User) => allowed(u, 'user.staff'),
  /** The partner's start page: its people's registrations (its organisation's timeline) and the events open to it. */
  partnerStart: (u: User) => u.role === 'partner' && !!u.organisation_id && allowedOn(u, 'organisation.timeline', u.organisation_id),
  /** An event's summary by kind of organisation (the overviews' rule). */
  viewEventSummary: (u: User) => allowed(u, 'report.read'),
  /** A contact's and an organisation's calendar feed (show the address, make a new one): staff, a partner its own. */
  contactFeed: (u: User, orgId: number) => allowedOn(u, 'calendar.contact_feed', orgId),
  organisationFeed: (u: User, orgId: number) => allowedOn(u, 'calendar.organisation_feed', orgId),
  /** Erase every person of an organisation that leaves. */
  eraseOrganisationContacts: (u: User) => allowed(u, 'organisation.erase_contacts'),
};

/** Fields a partner may change on its own organisation. */
export const PARTNER_ORG_FIELDS = ['name', 'address', 'website'] as const;

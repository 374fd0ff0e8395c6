// The logged-in user and what each role may do in the UI (the server enforces the same rules).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Role, User } from './api';

export interface Session {
  user: User;
  logout: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a logged-in page');
  return s;
}

const has = (role: Role, roles: Role[]) => roles.includes(role);

export const can = {
  /** Organisations list and detail: every role (a partner sees its own organisation only). */
  viewOrganisations: (u: User) => has(u.role, ['admin', 'officer', 'manager', 'partner']),
  createOrganisation: (u: User) => has(u.role, ['admin', 'officer']),
  archiveOrganisation: (u: User) => has(u.role, ['admin', 'officer']),
  /** Officers and admins edit every field; a partner its own organisation's name, address and website. */
  editOrganisation: (u: User, orgId: number) =>
    has(u.role, ['admin', 'officer']) || (u.role === 'partner' && u.organisation_id === orgId),
  /** Managers never see people: no contact navigation, lists or forms. */
  viewContacts: (u: User) => has(u.role, ['admin', 'officer', 'partner']),
  manageUsers: (u: User) => u.role === 'admin',
  /** A person's data export (access requests). */
  exportPeople: (u: User) => has(u.role, ['admin', 'officer']),
  /** The audit trail and erasure of people. */
  audit: (u: User) => u.role === 'admin',
  /** Events: every role reads (a partner only published events open to it). */
  viewEvents: (u: User) => has(u.role, ['admin', 'officer', 'manager', 'partner']),
  /** Create, publish, cancel and close events; register anyone; check in. */
  planEvents: (u: User) => has(u.role, ['admin', 'officer']),
  /** Series of network meetings and their continuity: staff and management read them. */
  viewSeries: (u: User) => has(u.role, ['admin', 'officer', 'manager']),
  /** Create, change and cancel series. */
  planSeries: (u: User) => has(u.role, ['admin', 'officer']),
  /** Registrations: officers and admins all, partners their own people; managers none. */
  viewRegistrations: (u: User) => has(u.role, ['admin', 'officer', 'partner']),
  /** Delivery status of invitation emails. */
  viewOutbox: (u: User) => has(u.role, ['admin', 'officer']),
  /** Engagement overviews: figures, never people (managers get small numbers suppressed). */
  viewReports: (u: User) => has(u.role, ['admin', 'officer', 'manager']),
  /** A subscribable calendar feed (officers: events they organise; partners: their organisation's). */
  calendarFeed: (u: User) => has(u.role, ['admin', 'officer', 'partner']),
};

/** Fields a partner may change on its own organisation. */
export const PARTNER_ORG_FIELDS = ['name', 'address', 'website'] as const;

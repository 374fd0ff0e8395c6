// The names of staff (admins and officers) for "responsible officer", "assigned to" and "logged by", from
// GET /staff (names and roles only). Whoever may not read it (partners) knows only their own name.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import type { RefItem, User } from './api';
import { useI18n } from './i18n';
import type { MessageKey } from './i18n';
import { ACTIVITY_KINDS } from './outreach';
import { can, useSession } from './session';

export interface StaffMember {
  id: number;
  name: string;
}

let cache: { userId: number; staff: Promise<StaffMember[]> } | null = null;

function loadStaff(user: User): Promise<StaffMember[]> {
  if (cache?.userId === user.id) return cache.staff;
  const self = [{ id: user.id, name: user.name }];
  const staff = can.listStaff(user)
    ? api.get<StaffMember[]>('/staff').then(
        (r) => r.data.map((m) => ({ id: m.id, name: m.name })),
        () => self,
      )
    : Promise.resolve(self);
  cache = { userId: user.id, staff };
  return staff;
}

/** On login/logout: the next user starts afresh. */
export function clearStaff(): void {
  cache = null;
}

export interface Staff {
  /** The staff the user may choose among (an officer: only themselves). */
  members: StaffMember[];
  /** A staff member's name; "you" for the user; by number when it is not among the active staff. */
  name: (id: number | null | undefined) => string;
}

export function useStaff(): Staff {
  const { user } = useSession();
  const { t } = useI18n();
  const [members, setMembers] = useState<StaffMember[]>([{ id: user.id, name: user.name }]);
  useEffect(() => {
    let live = true;
    loadStaff(user).then((m) => live && setMembers(m));
    return () => {
      live = false;
    };
  }, [user]);
  const name = (id: number | null | undefined) => {
    if (id === null || id === undefined) return t('staff.nobody');
    if (id === user.id) return t('staff.you', { name: user.name });
    return members.find((m) => m.id === id)?.name ?? t('staff.number', { id });
  };
  return { members, name };
}

/** Options for choosing a staff member: the user first, then the others by name. */
export function staffOptions(staff: Staff, userId: number, keep?: number | null): { value: string; label: string }[] {
  const ids = new Set(staff.members.map((m) => m.id));
  const list = [...staff.members];
  if (keep && !ids.has(keep)) list.push({ id: keep, name: staff.name(keep) });
  list.sort((a, b) => (a.id === userId ? -1 : b.id === userId ? 1 : a.name.localeCompare(b.name)));
  return list.map((m) => ({ value: String(m.id), label: staff.name(m.id) }));
}

let kinds: Promise<RefItem[]> | null = null;

/** The activity kinds (GET /reference/activity-kinds), named in the current language. */
export function useActivityKinds(): { code: string; label: string }[] {
  const { t, refName } = useI18n();
  const [items, setItems] = useState<RefItem[] | null>(null);
  useEffect(() => {
    let live = true;
    if (!kinds) {
      kinds = api.get<RefItem[]>('/reference/activity-kinds').then((r) => r.data);
      kinds.catch(() => (kinds = null));
    }
    kinds.then(
      (k) => live && setItems(k),
      () => live && setItems(null),
    );
    return () => {
      live = false;
    };
  }, []);
  if (items && items.length > 0) return items.map((k) => ({ code: k.code, label: refName(k) }));
  return ACTIVITY_KINDS.map((code) => ({ code, label: t(`activity.kind.${code}` as MessageKey) }));
}

/** One activity kind's name. */
export function useKindName(): (code: string) => string {
  const list = useActivityKinds();
  return (code: string) => list.find((k) => k.code === code)?.label ?? code;
}

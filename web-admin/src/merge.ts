// Likely duplicates and merges: the pure logic the pages use (tested in merge.test.ts).
import type { components } from './api-types';

type Schemas = components['schemas'];
export type DuplicatePair = Schemas['DuplicatePair'];
export type DuplicateList = Schemas['DuplicateList'];
export type MergeRecord = Schemas['Merge'];
export type MergeList = Schemas['MergeList'];
export type MergeKind = MergeRecord['kind'];

/** The score as a whole percentage ("80 %" is written by the caller's locale). */
export function scorePercent(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 100);
}

/** The fields compared side by side, per kind of record. */
export const COMPARED: Record<MergeKind, string[]> = {
  organisation: ['name', 'kind', 'cvr', 'municipality_id', 'address', 'website', 'responsible_user_id', 'tags', 'status'],
  contact: ['name', 'title', 'email', 'phone', 'organisation_id', 'language', 'status'],
};

/** The fields merge fills in the kept record (empty there, set in the other). */
export const FILLABLE: Record<MergeKind, string[]> = {
  organisation: ['cvr', 'address', 'website', 'responsible_user_id', 'tags'],
  contact: ['title', 'phone', 'email'],
};

function empty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** A field's value as text for the comparison table. */
export function fieldText(value: unknown): string {
  if (empty(value)) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

export interface FieldComparison {
  field: string;
  kept: string;
  other: string;
  same: boolean;
  /** The kept record's value is empty and the merge fills it from the other. */
  filled: boolean;
}

/** Every compared field of the two records, and what the merge does with it. */
export function compareRecords(kind: MergeKind, kept: Record<string, unknown>, other: Record<string, unknown>): FieldComparison[] {
  return COMPARED[kind].map((field) => {
    const k = fieldText(kept[field]);
    const o = fieldText(other[field]);
    const filled = FILLABLE[kind].includes(field) && empty(kept[field]) && !empty(other[field]);
    return { field, kept: k, other: o, same: k.toLowerCase() === o.toLowerCase(), filled };
  });
}

/** The total of what a merge moved (for the merges list). */
export function movedTotal(m: MergeRecord): number {
  const c = m.counts;
  return c.contacts + c.registrations + c.activities + c.follow_ups + c.invitations + c.users + c.roster_places;
}

/** The other id of a pair, when one of its records is chosen as the kept one. */
export function otherOf(pair: Pick<DuplicatePair, 'a' | 'b'>, kept: number): number {
  return kept === pair.a ? pair.b : pair.a;
}

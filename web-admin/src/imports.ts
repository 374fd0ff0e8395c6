// The import wizard's logic (pure, tested in imports.test.ts): media types, the fields a column may map
// to, which decisions a row's status allows, and what changed in the mapping.
import type { Import, ImportRow } from './api';

export type ImportKind = Import['kind'];
export type RowStatus = ImportRow['status'];
export type RowAction = ImportRow['action'];

export const ROW_STATUSES: RowStatus[] = ['new', 'update', 'unchanged', 'duplicate', 'invalid'];

/** The fields of each kind, as the API names them. */
export const IMPORT_FIELDS: Record<ImportKind, string[]> = {
  organisations: ['name', 'cvr', 'municipality_id', 'kind', 'address', 'website'],
  contacts: ['name', 'email', 'phone', 'title', 'organisation_id'],
};

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The server's limit on an import's file (20 MiB). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The media type to send a file as: XLSX by its name or type, anything else as CSV; null for what is neither. */
export function uploadType(name: string, type: string): string | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx') || type === XLSX_TYPE) return XLSX_TYPE;
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv') || type === 'text/csv') return 'text/csv';
  return null;
}

export function isImportKind(value: string | null): value is ImportKind {
  return value === 'organisations' || value === 'contacts';
}

/** The decisions a row's status allows (as the server checks them): a duplicate may be created or update its match. */
export function allowedActions(status: RowStatus): RowAction[] {
  switch (status) {
    case 'new':
      return ['create', 'skip'];
    case 'update':
      return ['update', 'skip'];
    case 'duplicate':
      return ['skip', 'create', 'update'];
    default:
      return ['skip'];
  }
}

/** The columns whose field the user changed, for PATCH {mapping}. */
export function mappingChanges(saved: Record<string, string | null>, edited: Record<string, string | null>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [column, field] of Object.entries(edited)) if ((saved[column] ?? null) !== field) out[column] = field;
  return out;
}

/** A field mapped by two columns (the server refuses it): its name, or null. */
export function doubleMapped(mapping: Record<string, string | null>): string | null {
  const seen = new Set<string>();
  for (const field of Object.values(mapping)) {
    if (!field) continue;
    if (seen.has(field)) return field;
    seen.add(field);
  }
  return null;
}

/** How many rows the commit will write. */
export function toWrite(summary: Import['summary']): number {
  return summary.new + summary.update;
}

import { describe, expect, it } from 'vitest';
import { allowedActions, doubleMapped, isImportKind, mappingChanges, toWrite, uploadType, XLSX_TYPE } from './imports';

describe('the import wizard', () => {
  it('sends XLSX by name or type and everything else it can read as CSV', () => {
    expect(uploadType('Foreninger.XLSX', '')).toBe(XLSX_TYPE);
    expect(uploadType('data', XLSX_TYPE)).toBe(XLSX_TYPE);
    expect(uploadType('kontakter.csv', 'application/vnd.ms-excel')).toBe('text/csv');
    expect(uploadType('billede.png', 'image/png')).toBeNull();
  });

  it('offers the decisions the server allows per status', () => {
    expect(allowedActions('new')).toEqual(['create', 'skip']);
    expect(allowedActions('duplicate')).toEqual(['skip', 'create', 'update']);
    expect(allowedActions('invalid')).toEqual(['skip']);
    expect(allowedActions('unchanged')).toEqual(['skip']);
  });

  it('sends only the columns whose field changed, and spots a field taken twice', () => {
    expect(mappingChanges({ Navn: 'name', By: null }, { Navn: 'name', By: 'municipality_id' })).toEqual({ By: 'municipality_id' });
    expect(mappingChanges({ Navn: 'name' }, { Navn: null })).toEqual({ Navn: null });
    expect(doubleMapped({ A: 'name', B: 'name' })).toBe('name');
    expect(doubleMapped({ A: 'name', B: null, C: null })).toBeNull();
  });

  it('knows the kinds and counts what a commit writes', () => {
    expect(isImportKind('contacts')).toBe(true);
    expect(isImportKind('users')).toBe(false);
    expect(toWrite({ new: 3, update: 2, unchanged: 9, duplicate: 1, invalid: 4 })).toBe(5);
  });
});

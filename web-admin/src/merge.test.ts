import { describe, expect, it } from 'vitest';
import { compareRecords, fieldText, movedTotal, otherOf, scorePercent } from './merge';
import type { MergeRecord } from './merge';

describe('merge logic', () => {
  it('writes scores as whole percentages within 0..100', () => {
    expect(scorePercent(0.8)).toBe(80);
    expect(scorePercent(0.924)).toBe(92);
    expect(scorePercent(1.4)).toBe(100);
    expect(scorePercent(-1)).toBe(0);
  });

  it('compares fields and marks the ones a merge fills', () => {
    const rows = compareRecords(
      'organisation',
      { name: 'Aarhus Kulturforening', address: null, website: 'https://a.dk', tags: [] },
      { name: 'Århus Kulturforening', address: 'Søndergade 12', website: 'https://b.dk', tags: ['netværk'] },
    );
    const by = (f: string) => rows.find((r) => r.field === f)!;
    expect(by('address').filled).toBe(true);
    expect(by('website').filled).toBe(false); // the kept one has a website: it stays
    expect(by('tags').filled).toBe(true);
    expect(by('name').same).toBe(false);
    expect(by('cvr').same).toBe(true);
  });

  it('contacts: only title, phone and email are filled', () => {
    const rows = compareRecords('contact', { name: 'Mette', email: null, phone: null }, { name: 'Mette', email: 'm@x.dk', phone: '+45 2233 4455' });
    expect(rows.filter((r) => r.filled).map((r) => r.field)).toEqual(['email', 'phone']);
    expect(rows.find((r) => r.field === 'name')!.same).toBe(true);
  });

  it('texts, totals and the other id of a pair', () => {
    expect(fieldText(['a', 'b'])).toBe('a, b');
    expect(fieldText(null)).toBe('');
    expect(fieldText(7)).toBe('7');
    expect(otherOf({ a: 3, b: 9 }, 9)).toBe(3);
    expect(otherOf({ a: 3, b: 9 }, 3)).toBe(9);
    const m = {
      counts: { contacts: 2, registrations: 3, registrations_cancelled: 1, activities: 1, follow_ups: 1, invitations: 1, users: 0, roster_places: 1 },
    } as MergeRecord;
    expect(movedTotal(m)).toBe(9);
  });
});

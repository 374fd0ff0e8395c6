import { describe, expect, it } from 'vitest';
import { staffOptions } from './staff';
import type { Staff } from './staff';

const staff = (members: { id: number; name: string }[]): Staff => ({
  members,
  name: (id) => (id === 1 ? 'You (Ole)' : (members.find((m) => m.id === id)?.name ?? `Staff member no. ${id}`)),
});

describe('staffOptions', () => {
  it('puts the user first, then colleagues by name', () => {
    const s = staff([
      { id: 3, name: 'Ulla' },
      { id: 1, name: 'Ole' },
      { id: 2, name: 'Anna' },
    ]);
    expect(staffOptions(s, 1).map((o) => o.label)).toEqual(['You (Ole)', 'Anna', 'Ulla']);
  });

  it('keeps the current choice even when the user may not list it (an officer sees a colleague by number)', () => {
    const s = staff([{ id: 1, name: 'Ole' }]);
    expect(staffOptions(s, 1, 9)).toEqual([
      { value: '1', label: 'You (Ole)' },
      { value: '9', label: 'Staff member no. 9' },
    ]);
    expect(staffOptions(s, 1, 1)).toHaveLength(1);
  });
});

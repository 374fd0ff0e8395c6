// Every route of the API has its place: the table in web-admin/README.md names, for each operation of
// docs/openapi.yaml, the roles that may call it (from the policy table) and the pages where a person does it,
// or, in a second table, why no page calls it (machine-only, or the same data through another route).
// A route added to the spec without a row fails here, and so does a row that names a page the app does not have.
import { describe, expect, it } from 'vitest';
import openapi from '../../docs/openapi.yaml?raw';
import readme from '../README.md?raw';
import app from './App.tsx?raw';
import policy from './policy.json';
import { operations, parseRouteTables } from './routes-table';

const spec = operations(openapi);
const tables = parseRouteTables(readme);
const patterns = new Set([...app.matchAll(/pattern: '([^']+)'/g)].map((m) => m[1]));
patterns.add('/login'); // the login page lives outside the route table (App.tsx shows it before a session exists)

const ROLE_ORDER = ['admin', 'officer', 'manager', 'partner'] as const;
type Rule = { action: string; grants: Record<string, string> };
const rules = new Map((policy.rules as Rule[]).map((r) => [r.action, r]));

describe('the route -> page table of web-admin/README.md', () => {
  it('finds the operations of the spec and both tables', () => {
    expect(spec.size).toBeGreaterThan(90);
    expect(spec.get('GET /api/v1/events')).toBe('event.list');
    expect(tables.pages.size).toBeGreaterThan(60);
    expect(tables.without.size).toBeGreaterThan(2);
  });

  it('lists every operation of docs/openapi.yaml, in one of the two tables', () => {
    const missing = [...spec.keys()].filter((op) => !tables.pages.has(op) && !tables.without.has(op));
    expect(missing, 'operations without a row in web-admin/README.md').toEqual([]);
    const both = [...tables.pages.keys()].filter((op) => tables.without.has(op));
    expect(both, 'operations in both tables').toEqual([]);
  });

  it('lists no operation the spec does not have', () => {
    const stale = [...tables.pages.keys(), ...tables.without.keys()].filter((op) => !spec.has(op));
    expect(stale, 'rows for operations not in docs/openapi.yaml').toEqual([]);
  });

  it('names the roles the policy table lets call the operation', () => {
    for (const [op, row] of tables.pages) {
      const rule = rules.get(spec.get(op) ?? '');
      expect(rule, `${op}: x-policy ${spec.get(op)} in policy.json`).toBeDefined();
      const roles = ROLE_ORDER.filter((role) => rule!.grants[role] !== 'deny');
      expect(row.roles, op).toEqual([...roles]);
    }
  });

  it('names pages the web admin has', () => {
    for (const [op, row] of tables.pages) {
      expect(row.pages.length, `${op}: at least one page`).toBeGreaterThan(0);
      for (const page of row.pages) expect(patterns.has(page), `${op}: page ${page} is a route of App.tsx`).toBe(true);
    }
  });

  it('gives a reason for every operation without a page', () => {
    for (const [op, reason] of tables.without) expect(reason.length, op).toBeGreaterThan(10);
  });
});

describe('the parsers', () => {
  it('read operations from the spec: paths, then their methods', () => {
    const ops = operations(
      [
        'paths:',
        '  /api/v1/x/{id}:',
        '    parameters: []',
        '    get:',
        '      x-policy: x.read',
        '    delete:',
        '      x-policy: x.delete',
        'components:',
        '  schemas:',
        '    get:',
      ].join('\n'),
    );
    expect([...ops.entries()]).toEqual([
      ['GET /api/v1/x/{id}', 'x.read'],
      ['DELETE /api/v1/x/{id}', 'x.delete'],
    ]);
  });

  it('read both tables between their markers', () => {
    const t = parseRouteTables(
      [
        '<!-- routes:pages -->',
        '| route | roles | pages |',
        '| --- | --- | --- |',
        '| `GET /api/v1/x` | admin, partner | `/x`, `/y/:id` (the list) |',
        '<!-- /routes:pages -->',
        '<!-- routes:without -->',
        '| route | why |',
        '| --- | --- |',
        '| `GET /healthz` | load balancers ask it |',
        '<!-- /routes:without -->',
      ].join('\n'),
    );
    expect(t.pages.get('GET /api/v1/x')).toEqual({ roles: ['admin', 'partner'], pages: ['/x', '/y/:id'] });
    expect(t.without.get('GET /healthz')).toBe('load balancers ask it');
  });
});

// Reading the route -> page table of web-admin/README.md and the operations of docs/openapi.yaml (for the test
// that keeps the table true: routes-table.test.ts).

/** `METHOD /path` -> its x-policy code, for every operation under `paths:` of the spec. */
export function operations(spec: string): Map<string, string> {
  const out = new Map<string, string>();
  let inPaths = false;
  let path: string | null = null;
  let op: string | null = null;
  for (const line of spec.split('\n')) {
    if (/^\S/.test(line)) {
      inPaths = line.startsWith('paths:');
      path = op = null;
      continue;
    }
    if (!inPaths) continue;
    const p = /^ {2}(\/\S*):\s*$/.exec(line);
    if (p) {
      path = p[1];
      op = null;
      continue;
    }
    const m = /^ {4}(get|post|put|patch|delete):\s*$/.exec(line);
    if (m && path) {
      op = `${m[1].toUpperCase()} ${path}`;
      out.set(op, '');
      continue;
    }
    if (/^ {4}\S/.test(line)) op = null;
    const policy = /^ {6}x-policy:\s*(\S+)/.exec(line);
    if (policy && op) out.set(op, policy[1]);
  }
  return out;
}

export interface PageRow {
  roles: string[];
  pages: string[];
}

function rows(markdown: string, name: string): string[][] {
  const start = markdown.indexOf(`<!-- routes:${name} -->`);
  const end = markdown.indexOf(`<!-- /routes:${name} -->`);
  if (start < 0 || end < start) return [];
  return markdown
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    .map((l) =>
      l
        .slice(1, l.lastIndexOf('|'))
        .split('|')
        .map((c) => c.trim()),
    )
    .filter((cells) => cells[0].startsWith('`'));
}

const code = (cell: string) => cell.replace(/`/g, '').trim();

/** The two tables: operations with their roles and pages, and operations without a page with the reason. */
export function parseRouteTables(markdown: string): { pages: Map<string, PageRow>; without: Map<string, string> } {
  const pages = new Map<string, PageRow>();
  for (const [route, roles, where] of rows(markdown, 'pages')) {
    pages.set(code(route), {
      roles: roles
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
      pages: [...(where ?? '').matchAll(/`(\/[^`]*)`/g)].map((m) => m[1]),
    });
  }
  const without = new Map<string, string>();
  for (const [route, why] of rows(markdown, 'without')) without.set(code(route), why ?? '');
  return { pages, without };
}

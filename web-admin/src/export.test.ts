// The download links of the lists: the page's filters, every row (no limit or offset), the format and the
// UI language.
import { describe, expect, it } from 'vitest';
import { exportHref } from './api';

describe('exportHref', () => {
  it('keeps the filters, drops paging and empty values, adds format and language', () => {
    const href = exportHref('/contacts', { q: 'Ærø & co', organisation_id: 12, status: 'active', limit: 50, offset: 100, sort: '' }, 'xlsx', 'en');
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/api/v1/contacts');
    expect(url.searchParams.get('q')).toBe('Ærø & co');
    expect(url.searchParams.get('organisation_id')).toBe('12');
    expect(url.searchParams.get('status')).toBe('active');
    expect(url.searchParams.has('limit')).toBe(false);
    expect(url.searchParams.has('offset')).toBe(false);
    expect(url.searchParams.has('sort')).toBe(false);
    expect(url.searchParams.get('format')).toBe('xlsx');
    expect(url.searchParams.get('lang')).toBe('en');
  });

  it('builds CSV links in Danish for a list without filters', () => {
    expect(exportHref('/series', {}, 'csv', 'da')).toBe('/api/v1/series?format=csv&lang=da');
  });

  it('works for nested lists and overviews', () => {
    expect(exportHref('/events/7/registrations', { status: 'attended' }, 'csv', 'da')).toBe(
      '/api/v1/events/7/registrations?status=attended&format=csv&lang=da',
    );
    expect(exportHref('/reports/engagement', { from: '2026-01-01', to: '2026-06-30', group_by: 'month' }, 'xlsx', 'da')).toBe(
      '/api/v1/reports/engagement?from=2026-01-01&to=2026-06-30&group_by=month&format=xlsx&lang=da',
    );
  });
});

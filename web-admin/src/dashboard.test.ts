import { describe, expect, it } from 'vitest';
import { chosenGrouping, GROUPINGS, isTrend, reportFilters, reportQuery } from './dashboard';

describe('the dashboard groupings', () => {
  it('offers all seven groupings of the overview', () => {
    expect([...GROUPINGS].sort()).toEqual(['event_kind', 'month', 'municipality', 'organisation_kind', 'police_district', 'quarter', 'region']);
  });

  it('reads the grouping from the URL, else the fallback', () => {
    expect(chosenGrouping(new URLSearchParams('group=quarter'))).toBe('quarter');
    expect(chosenGrouping(new URLSearchParams('group=event_kind'))).toBe('event_kind');
    expect(chosenGrouping(new URLSearchParams('group=weekday'))).toBe('region');
    expect(chosenGrouping(new URLSearchParams(''), 'municipality')).toBe('municipality');
  });

  it('draws months and quarters as a trend', () => {
    expect(isTrend('quarter')).toBe(true);
    expect(isTrend('month')).toBe(true);
    expect(isTrend('region')).toBe(false);
  });
});

describe('the dashboard filters', () => {
  it('keeps the filters the API accepts and drops malformed ones', () => {
    const q = new URLSearchParams('organisation_kind=sports_club&event_kind=Seminar&police_district_id=3&region_id=0&municipality_id=101&q=x');
    expect(reportFilters(q)).toEqual({ organisation_kind: 'sports_club', police_district_id: '3', municipality_id: '101' });
  });

  it('puts period, grouping and filters into one query', () => {
    expect(reportQuery('2026-01-01', '2026-12-31', 'quarter', { event_kind: 'training' })).toEqual({
      from: '2026-01-01',
      to: '2026-12-31',
      group_by: 'quarter',
      event_kind: 'training',
    });
  });
});

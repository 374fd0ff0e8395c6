// The dashboard's groupings and filters (kind of organisation, kind of event, police district, region, municipality): what the engagement overview (GET /reports/engagement) offers, read
// from and written to the page's URL so a view can be bookmarked or shared.
import type { Grouping, Query } from './api';

/** Every `group_by` of the overview, in the order the dashboard offers them. */
export const GROUPINGS: Grouping[] = ['region', 'police_district', 'municipality', 'organisation_kind', 'event_kind', 'month', 'quarter'];

/** The grouping chosen in the URL (`group`), else the one the dashboard opens with. */
export function chosenGrouping(query: URLSearchParams, fallback: Grouping = 'region'): Grouping {
  const g = query.get('group') ?? '';
  return (GROUPINGS as string[]).includes(g) ? (g as Grouping) : fallback;
}

/** The overview's filters, with the name each has in the page's URL (the same as the API's). */
export const FILTERS = ['organisation_kind', 'event_kind', 'police_district_id', 'region_id', 'municipality_id'] as const;
export type Filter = (typeof FILTERS)[number];

const CODE = /^[a-z][a-z0-9_]{0,63}$/;
const ID = /^[1-9][0-9]{0,8}$/;

/** The filters in the URL that the API accepts (anything malformed is left out rather than answered with 422). */
export function reportFilters(query: URLSearchParams): Partial<Record<Filter, string>> {
  const out: Partial<Record<Filter, string>> = {};
  for (const f of FILTERS) {
    const v = query.get(f) ?? '';
    if (f.endsWith('_id') ? ID.test(v) : CODE.test(v)) out[f] = v;
  }
  return out;
}

/** A trend over time (a line), or groups side by side (bars, with the period before). */
export function isTrend(group: Grouping): boolean {
  return group === 'month' || group === 'quarter';
}

/** The query of one overview: the period, the grouping and the filters. */
export function reportQuery(from: string, to: string, group: Grouping, filters: Partial<Record<Filter, string>>): Query {
  return { from, to, group_by: group, ...filters };
}

/** Bars stay readable up to this many groups; beyond (98 municipalities), the table alone. */
export const MAX_BARS = 24;

// Reference data (regions, police districts, municipalities, organisation kinds), fetched once and cached.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api';
import type { Municipality, OrganisationKind, PoliceDistrict, RefItem, Region, ApiError } from './api';
import type { OptionGroup } from './components/ui';
import type { I18n, MessageKey } from './i18n';
import { toApiError } from './hooks';

export interface Reference {
  regions: Region[];
  districts: PoliceDistrict[];
  municipalities: Municipality[];
  kinds: OrganisationKind[];
  eventKinds: RefItem[];
  regionById: Map<number, Region>;
  districtById: Map<number, PoliceDistrict>;
  municipalityById: Map<number, Municipality>;
  kindByCode: Map<string, OrganisationKind>;
  eventKindByCode: Map<string, RefItem>;
}

let cache: Promise<Reference> | null = null;

async function load(): Promise<Reference> {
  const [regions, districts, municipalities, kinds, eventKinds] = await Promise.all([
    api.get<Region[]>('/reference/regions'),
    api.get<PoliceDistrict[]>('/reference/police-districts'),
    api.get<Municipality[]>('/reference/municipalities'),
    api.get<OrganisationKind[]>('/reference/organisation-kinds'),
    api.get<RefItem[]>('/reference/event-kinds'),
  ]);
  return {
    regions: regions.data,
    districts: districts.data,
    municipalities: municipalities.data,
    kinds: kinds.data,
    eventKinds: eventKinds.data,
    regionById: new Map(regions.data.map((r) => [r.id, r])),
    districtById: new Map(districts.data.map((d) => [d.id, d])),
    municipalityById: new Map(municipalities.data.map((m) => [m.id, m])),
    kindByCode: new Map(kinds.data.map((k) => [k.code, k])),
    eventKindByCode: new Map(eventKinds.data.map((k) => [k.code, k])),
  };
}

export function getReference(): Promise<Reference> {
  if (!cache) {
    cache = load();
    cache.catch(() => {
      cache = null; // try again next time
    });
  }
  return cache;
}

export function useReference(): { ref: Reference | null; error: ApiError | null } {
  const [ref, setRef] = useState<Reference | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    let live = true;
    getReference().then(
      (r) => live && setRef(r),
      (e) => live && setError(toApiError(e)),
    );
    return () => {
      live = false;
    };
  }, []);
  return { ref, error };
}

/** Sort reference items by their name in the current language. */
export function byName<T extends { name_da: string; name_en: string }>(items: T[], lang: string): T[] {
  const key = lang === 'en' ? 'name_en' : 'name_da';
  const coll = new Intl.Collator(lang === 'en' ? 'en' : 'da');
  return [...items].sort((a, b) => coll.compare(a[key], b[key]));
}

/** Organisation kinds as select option groups (civil society, public authority, ...), named in the current language. */
export function kindGroups(ref: Reference, i18n: I18n): OptionGroup[] {
  const order = ['civil_society', 'public_authority', 'cooperation_forum', 'other'];
  const groups = new Map<string, OptionGroup>();
  for (const k of ref.kinds) {
    const g = k.group || 'other';
    if (!groups.has(g)) {
      const key = `org.kindGroup.${g}` as MessageKey;
      const known = order.includes(g);
      groups.set(g, { label: known ? i18n.t(key) : g, options: [] });
    }
    groups.get(g)!.options.push({ value: k.code, label: i18n.refName(k) });
  }
  const rank = (g: string) => {
    const i = order.indexOf(g);
    return i < 0 ? order.length : i;
  };
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([, g]) => g);
}

import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiError, Organisation } from '../api';
import { useI18n } from '../i18n';
import { byName, kindGroups } from '../reference';
import type { Reference } from '../reference';
import { useSession } from '../session';
import { staffOptions, useStaff } from '../staff';
import { FormActions, pickFieldErrors, ProblemAlert, SelectField, TextField } from './ui';

export interface OrgValues {
  name: string;
  kind: string;
  cvr: string;
  municipality_id: string;
  address: string;
  website: string;
  tags: string;
  responsible_user_id: string;
}

export const ORG_FIELDS = ['name', 'kind', 'cvr', 'municipality_id', 'address', 'website', 'tags', 'responsible_user_id'] as const;

export function orgValues(o?: Organisation | null): OrgValues {
  return {
    name: o?.name ?? '',
    kind: o?.kind ?? '',
    cvr: o?.cvr ?? '',
    municipality_id: o?.municipality_id ? String(o.municipality_id) : '',
    address: o?.address ?? '',
    website: o?.website ?? '',
    tags: (o?.tags ?? []).join(', '),
    responsible_user_id: o?.responsible_user_id ? String(o.responsible_user_id) : '',
  };
}

function parseTags(s: string): string[] {
  return [
    ...new Set(
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
}

function toJson(v: OrgValues): Record<string, unknown> {
  return {
    name: v.name.trim(),
    kind: v.kind || null,
    cvr: v.cvr.replace(/\s+/g, '') || null,
    municipality_id: v.municipality_id ? Number(v.municipality_id) : null,
    address: v.address.trim() || null,
    website: v.website.trim() || null,
    tags: parseTags(v.tags),
    responsible_user_id: v.responsible_user_id ? Number(v.responsible_user_id) : null,
  };
}

/** The JSON for POST (the filled-in fields) or PATCH (only the changed ones; a cleared optional field is null). */
export function orgBody(v: OrgValues, initial: Organisation | null, allowed: readonly string[]): Record<string, unknown> {
  const now = toJson(v);
  const body: Record<string, unknown> = {};
  if (!initial) {
    for (const k of allowed) {
      const val = now[k];
      if (val === null || val === '' || (Array.isArray(val) && val.length === 0)) continue;
      body[k] = val;
    }
    return body;
  }
  const before = toJson(orgValues(initial));
  for (const k of allowed) {
    if (JSON.stringify(now[k]) !== JSON.stringify(before[k])) body[k] = now[k];
  }
  return body;
}

interface Props {
  idPrefix: string;
  ref_: Reference;
  initial: Organisation | null;
  /** Which fields the user may set (a partner: name, address, website). */
  allowed: readonly string[];
  submitLabel: string;
  busy: boolean;
  error: ApiError | null;
  onSubmit: (v: OrgValues) => void;
  onCancel?: () => void;
  onReload?: () => void;
}

export function OrganisationForm({ idPrefix, ref_, initial, allowed, submitLabel, busy, error, onSubmit, onCancel, onReload }: Props) {
  const i18n = useI18n();
  const { t, refName, lang } = i18n;
  const { user } = useSession();
  const staff = useStaff();
  const [v, setV] = useState<OrgValues>(() => orgValues(initial));
  const set = (k: keyof OrgValues) => (val: string) => setV((old) => ({ ...old, [k]: val }));
  const errs = pickFieldErrors(error, ORG_FIELDS);
  const shown = ORG_FIELDS.filter((f) => allowed.includes(f));
  const id = (f: string) => `${idPrefix}-${f}`;

  const mun = v.municipality_id ? ref_.municipalityById.get(Number(v.municipality_id)) : undefined;
  const derived = mun
    ? `${t('org.policeDistrict')}: ${refName(ref_.districtById.get(mun.police_district_id))} · ${t('org.region')}: ${refName(ref_.regionById.get(mun.region_id))}`
    : undefined;

  const submit = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(v);
  };

  return (
    <form class="form" onSubmit={submit} noValidate>
      {error && <ProblemAlert error={error} fieldsShown={shown} onReload={onReload} existingHref={(x) => `/organisations/${x}`} />}
      {allowed.includes('name') && (
        <TextField
          id={id('name')}
          label={t('org.name')}
          value={v.name}
          onValue={set('name')}
          error={errs.name}
          required
          maxLength={200}
          autoComplete="organization"
        />
      )}
      {allowed.includes('kind') && (
        <SelectField
          id={id('kind')}
          label={t('org.kind')}
          value={v.kind}
          onValue={set('kind')}
          error={errs.kind}
          required
          placeholder={t('common.choose')}
          groups={kindGroups(ref_, i18n)}
        />
      )}
      {allowed.includes('cvr') && (
        <TextField
          id={id('cvr')}
          label={t('org.cvr')}
          hint={t('org.cvrHint')}
          value={v.cvr}
          onValue={set('cvr')}
          error={errs.cvr}
          inputMode="numeric"
          maxLength={11}
          autoComplete="off"
        />
      )}
      {allowed.includes('municipality_id') && (
        <SelectField
          id={id('municipality')}
          label={t('org.municipality')}
          hint={derived}
          value={v.municipality_id}
          onValue={set('municipality_id')}
          error={errs.municipality_id}
          required
          placeholder={t('common.choose')}
          options={byName(ref_.municipalities, lang).map((m) => ({ value: String(m.id), label: refName(m) }))}
        />
      )}
      {allowed.includes('address') && (
        <TextField
          id={id('address')}
          label={t('org.address')}
          value={v.address}
          onValue={set('address')}
          error={errs.address}
          multiline
          rows={3}
          autoComplete="street-address"
        />
      )}
      {allowed.includes('website') && (
        <TextField
          id={id('website')}
          label={t('org.website')}
          hint={t('org.websiteHint')}
          type="url"
          inputMode="url"
          value={v.website}
          onValue={set('website')}
          error={errs.website}
          autoComplete="url"
        />
      )}
      {allowed.includes('tags') && (
        <TextField id={id('tags')} label={t('org.tags')} hint={t('org.tagsHint')} value={v.tags} onValue={set('tags')} error={errs.tags} />
      )}
      {allowed.includes('responsible_user_id') && (
        <SelectField
          id={id('responsible')}
          label={t('org.responsible')}
          hint={t('org.responsibleHint')}
          value={v.responsible_user_id}
          onValue={set('responsible_user_id')}
          error={errs.responsible_user_id}
          placeholder={t('org.responsibleNone')}
          options={staffOptions(staff, user.id, initial?.responsible_user_id)}
        />
      )}
      <FormActions busy={busy} submitLabel={submitLabel} busyLabel={t('common.saving')} onCancel={onCancel} />
    </form>
  );
}

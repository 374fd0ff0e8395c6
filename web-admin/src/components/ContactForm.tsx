import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { ApiError, Contact } from '../api';
import { useI18n } from '../i18n';
import { OrganisationPicker } from './OrganisationPicker';
import { FormActions, CheckboxField, pickFieldErrors, ProblemAlert, SelectField, TextField } from './ui';

export interface ContactValues {
  organisation_id: string;
  name: string;
  title: string;
  email: string;
  phone: string;
  language: 'da' | 'en';
  invitations: boolean;
  newsletter: boolean;
}

const CONTACT_FIELDS = ['organisation_id', 'name', 'title', 'email', 'phone', 'language', 'consent'] as const;

export function contactValues(c: Contact | null, organisationId?: number | null): ContactValues {
  return {
    organisation_id: c ? String(c.organisation_id) : organisationId ? String(organisationId) : '',
    name: c?.name ?? '',
    title: c?.title ?? '',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    language: c?.language ?? 'da',
    invitations: c?.consent?.invitations ?? true,
    newsletter: c?.consent?.newsletter ?? false,
  };
}

function toJson(v: ContactValues): Record<string, unknown> {
  return {
    organisation_id: v.organisation_id ? Number(v.organisation_id) : null,
    name: v.name.trim(),
    title: v.title.trim() || null,
    email: v.email.trim() || null,
    phone: v.phone.trim() || null,
    language: v.language,
    consent: { invitations: v.invitations, newsletter: v.newsletter },
  };
}

/** POST body (filled-in fields) or PATCH body (changed fields only; the organisation is not changed here). */
export function contactBody(v: ContactValues, initial: Contact | null): Record<string, unknown> {
  const now = toJson(v);
  const body: Record<string, unknown> = {};
  if (!initial) {
    for (const [k, val] of Object.entries(now)) {
      if (val === null || val === '') continue;
      body[k] = val;
    }
    return body;
  }
  const before = toJson(contactValues(initial));
  for (const k of Object.keys(now)) {
    if (k === 'organisation_id') continue;
    if (JSON.stringify(now[k]) !== JSON.stringify(before[k])) body[k] = now[k];
  }
  return body;
}

interface Props {
  idPrefix: string;
  initial: Contact | null;
  /** A fixed organisation (creating from an organisation's page, or a partner); else a picker is shown. */
  organisationId: number | null;
  /** Where the organisation picker starts (it may still be changed). */
  presetOrganisationId?: number | null;
  submitLabel: string;
  busy: boolean;
  error: ApiError | null;
  onSubmit: (v: ContactValues) => void;
  onCancel?: () => void;
  onReload?: () => void;
}

export function ContactForm({ idPrefix, initial, organisationId, presetOrganisationId, submitLabel, busy, error, onSubmit, onCancel, onReload }: Props) {
  const { t } = useI18n();
  const [v, setV] = useState<ContactValues>(() => contactValues(initial, organisationId ?? presetOrganisationId));
  const set =
    <K extends keyof ContactValues>(k: K) =>
    (val: ContactValues[K]) =>
      setV((old) => ({ ...old, [k]: val }));
  const errs = pickFieldErrors(error, CONTACT_FIELDS);
  const showPicker = !initial && !organisationId;
  const shown: string[] = CONTACT_FIELDS.filter((f) => f !== 'organisation_id' || showPicker);
  const id = (f: string) => `${idPrefix}-${f}`;

  const submit = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(v);
  };

  return (
    <form class="form" onSubmit={submit} noValidate>
      {error && <ProblemAlert error={error} fieldsShown={shown} existingHref={(x) => `/contacts/${x}`} onReload={onReload} />}
      {showPicker && <OrganisationPicker id={id('organisation')} value={v.organisation_id} onValue={set('organisation_id')} error={errs.organisation_id} />}
      <TextField id={id('name')} label={t('contact.name')} value={v.name} onValue={set('name')} error={errs.name} required maxLength={200} autoComplete="off" />
      <TextField id={id('title')} label={t('contact.title')} value={v.title} onValue={set('title')} error={errs.title} autoComplete="off" />
      <TextField
        id={id('email')}
        label={t('contact.email')}
        type="email"
        inputMode="email"
        value={v.email}
        onValue={set('email')}
        error={errs.email}
        autoComplete="off"
      />
      <TextField
        id={id('phone')}
        label={t('contact.phone')}
        hint={t('contact.phoneHint')}
        type="tel"
        inputMode="tel"
        value={v.phone}
        onValue={set('phone')}
        error={errs.phone}
        autoComplete="off"
      />
      <SelectField
        id={id('language')}
        label={t('contact.language')}
        value={v.language}
        onValue={(x) => set('language')(x === 'en' ? 'en' : 'da')}
        error={errs.language}
        options={[
          { value: 'da', label: t('contact.language.da') },
          { value: 'en', label: t('contact.language.en') },
        ]}
      />
      <fieldset class="checkbox-group">
        <legend>{t('contact.consent')}</legend>
        <CheckboxField id={id('consent-invitations')} label={t('contact.consentInvitations')} checked={v.invitations} onChecked={set('invitations')} />
        <CheckboxField id={id('consent-newsletter')} label={t('contact.consentNewsletter')} checked={v.newsletter} onChecked={set('newsletter')} />
        {errs.consent && <p class="field-error">{errs.consent}</p>}
      </fieldset>
      <FormActions busy={busy} submitLabel={submitLabel} busyLabel={t('common.saving')} onCancel={onCancel} />
    </form>
  );
}

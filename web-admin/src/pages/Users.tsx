import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { Role, User } from '../api';
import { OrganisationPicker } from '../components/OrganisationPicker';
import { FilterForm, listTexts, ResultsTable } from '../components/ResultsTable';
import { FormActions, Loading, Notice, PageHeading, pickFieldErrors, ProblemAlert, SelectField, StatusBadge, TextField } from '../components/ui';
import { loadPage, useAction, useAsync, useList, useOrgNames, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { byName, useReference } from '../reference';
import type { I18n, MessageKey } from '../i18n';
import { Link, withQuery } from '../router';

const ROLES: Role[] = ['admin', 'officer', 'manager', 'partner'];
const USER_FIELDS = ['email', 'name', 'role', 'organisation_id', 'password', 'status', 'language'] as const;

interface UserValues {
  email: string;
  name: string;
  role: Role | '';
  organisation_id: string;
  password: string;
  status: 'active' | 'disabled';
  language: 'da' | 'en';
}

/** The language the server writes to the user in (problems, downloads, overviews, mail). */
function LanguageField({ id, value, onValue, error }: { id: string; value: 'da' | 'en'; onValue: (v: 'da' | 'en') => void; error?: string }) {
  const { t } = useI18n();
  return (
    <SelectField
      id={id}
      label={t('user.language')}
      hint={t('user.language.hint')}
      value={value}
      onValue={(x) => onValue(x === 'en' ? 'en' : 'da')}
      error={error}
      options={[
        { value: 'da', label: t('user.language.da') },
        { value: 'en', label: t('user.language.en') },
      ]}
    />
  );
}

function CreateUserForm({ onCreated, onCancel }: { onCreated: (u: User) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [v, setV] = useState<UserValues>({ email: '', name: '', role: '', organisation_id: '', password: '', status: 'active', language: 'da' });
  const { busy, error, run } = useAction();
  const set =
    <K extends keyof UserValues>(k: K) =>
    (val: UserValues[K]) =>
      setV((old) => ({ ...old, [k]: val }));
  const errs = pickFieldErrors(error, USER_FIELDS);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body: Record<string, unknown> = { email: v.email.trim(), name: v.name.trim(), role: v.role || null, password: v.password, language: v.language };
    if (v.role === 'partner') body.organisation_id = v.organisation_id ? Number(v.organisation_id) : null;
    const r = await run(() => api.post<User>('/users', body));
    if (r) onCreated(r.data);
  };

  return (
    <form class="form" onSubmit={submit} noValidate>
      {error && (
        <ProblemAlert
          error={error}
          fieldsShown={['email', 'name', 'role', 'password', 'language', ...(v.role === 'partner' ? ['organisation_id'] : [])]}
          existingHref={() => withQuery('/users', { q: v.email.trim() })}
        />
      )}
      <TextField
        id="user-email"
        label={t('user.email')}
        type="email"
        inputMode="email"
        autoComplete="off"
        value={v.email}
        onValue={set('email')}
        error={errs.email}
        required
      />
      <TextField id="user-name" label={t('user.name')} autoComplete="off" value={v.name} onValue={set('name')} error={errs.name} required />
      <RoleFields idPrefix="user" values={v} set={set} errors={errs} choose />
      <LanguageField id="user-language" value={v.language} onValue={set('language')} error={errs.language} />
      <TextField
        id="user-password"
        label={t('user.password')}
        type="password"
        autoComplete="new-password"
        value={v.password}
        onValue={set('password')}
        error={errs.password}
        required
      />
      <FormActions busy={busy} submitLabel={t('common.create')} busyLabel={t('common.creating')} onCancel={onCancel} />
    </form>
  );
}

const userStatuses = (t: I18n['t']) => [
  { value: 'active', label: t('user.status.active') },
  { value: 'disabled', label: t('user.status.disabled') },
];

interface RoleFieldsProps {
  idPrefix: string;
  values: Pick<UserValues, 'role' | 'organisation_id'>;
  set: <K extends keyof UserValues>(k: K) => (val: UserValues[K]) => void;
  errors: Record<string, string>;
  /** An empty first option: no role chosen yet (a new user). */
  choose?: boolean;
}

/** A user's role, and for a partner the organisation it belongs to. */
function RoleFields({ idPrefix, values: v, set, errors, choose }: RoleFieldsProps) {
  const { t } = useI18n();
  return (
    <>
      <SelectField
        id={`${idPrefix}-role`}
        label={t('user.role')}
        value={v.role}
        onValue={(x) => set('role')(x as Role | '')}
        error={errors.role}
        required
        placeholder={choose ? t('common.choose') : undefined}
        options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
      />
      {v.role === 'partner' && (
        <OrganisationPicker
          id={`${idPrefix}-organisation`}
          label={t('user.organisation')}
          hint={t('user.organisationHint')}
          value={v.organisation_id}
          onValue={set('organisation_id')}
          error={errors.organisation_id}
        />
      )}
    </>
  );
}

/** An officer's police districts (need to know): none ticked means national. */
function DistrictChoice({ chosen, onChosen, error }: { chosen: number[]; onChosen: (ids: number[]) => void; error?: string }) {
  const { t, refName, lang } = useI18n();
  const { ref } = useReference();
  if (!ref) return null;
  return (
    <fieldset class="checkbox-group districts" aria-describedby="user-districts-hint">
      <legend>{t('user.districts')}</legend>
      <p class="hint" id="user-districts-hint">
        {t('user.districtsHint')}
      </p>
      {error && <p class="field-error">{error}</p>}
      {byName(ref.districts, lang).map((d) => (
        <div class="field checkbox" key={d.id}>
          <input
            type="checkbox"
            id={`user-district-${d.id}`}
            checked={chosen.includes(d.id)}
            onChange={(e) => onChosen((e.target as HTMLInputElement).checked ? [...chosen, d.id] : chosen.filter((x) => x !== d.id))}
          />
          <label for={`user-district-${d.id}`}>{refName(d)}</label>
        </div>
      ))}
    </fieldset>
  );
}

function EditUserForm({ id, onSaved, onCancel }: { id: number; onSaved: (u: User) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [districts, setDistricts] = useState<number[] | null>(null);
  const res = useAsync((signal) => api.get<User>(`/users/${id}`, undefined, signal), [id]);
  const [v, setV] = useState<UserValues | null>(null);
  const { busy, error, setError, run } = useAction();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [revoked, setRevoked] = useState<number | null>(null);
  // Ends every session of the user at once (a lost laptop, a colleague who left).
  const revoke = async () => {
    const r = await run(() => api.post<{ revoked: number }>(`/users/${id}/sessions/revoke`, {}));
    if (r) setRevoked(r.data.revoked);
  };

  useEffect(() => {
    const u = res.data?.data;
    if (u) {
      setV({
        email: u.email,
        name: u.name,
        role: u.role,
        organisation_id: u.organisation_id ? String(u.organisation_id) : '',
        password: '',
        status: u.status,
        language: u.language === 'en' ? 'en' : 'da',
      });
      setDistricts(u.police_district_ids ?? []);
      headingRef.current?.focus();
    }
  }, [res.data]);

  if (res.loading && !res.data) return <Loading />;
  if (res.error) return <ProblemAlert error={res.error} />;
  const u = res.data?.data;
  if (!u || !v) return <Loading />;

  const set =
    <K extends keyof UserValues>(k: K) =>
    (val: UserValues[K]) =>
      setV((old) => (old ? { ...old, [k]: val } : old));
  const errs = pickFieldErrors(error, USER_FIELDS);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    if (v.name.trim() !== u.name) body.name = v.name.trim();
    if (v.role !== u.role) body.role = v.role;
    if (v.status !== u.status) body.status = v.status;
    if (v.language !== u.language) body.language = v.language;
    const org = v.role === 'partner' ? (v.organisation_id ? Number(v.organisation_id) : null) : null;
    if (org !== (u.organisation_id ?? null)) body.organisation_id = org;
    if (v.password) body.password = v.password;
    const wanted = v.role === 'officer' ? [...(districts ?? [])].sort((a, b) => a - b) : [];
    if (wanted.join(',') !== [...(u.police_district_ids ?? [])].sort((a, b) => a - b).join(',')) body.police_district_ids = wanted;
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    const r = await run(() => api.patch<User>(`/users/${u.id}`, body, res.data?.etag));
    if (r) onSaved(r.data && typeof r.data === 'object' && 'id' in r.data ? r.data : { ...u, ...(body as Partial<User>) });
  };

  return (
    <section class="card" aria-labelledby="user-edit-heading">
      <h2 id="user-edit-heading" tabIndex={-1} ref={headingRef}>
        {t('user.editTitle', { name: u.name })}
      </h2>
      <form class="form" onSubmit={submit} noValidate>
        {error && (
          <ProblemAlert
            error={error}
            fieldsShown={['name', 'role', 'status', 'password', 'language', ...(v.role === 'partner' ? ['organisation_id'] : [])]}
            onReload={() => {
              setError(null);
              res.reload();
            }}
          />
        )}
        <p>
          {t('user.email')}: <strong>{u.email}</strong>
        </p>
        <TextField id="user-edit-name" label={t('user.name')} value={v.name} onValue={set('name')} error={errs.name} required autoComplete="off" />
        <RoleFields idPrefix="user-edit" values={v} set={set} errors={errs} />
        {v.role === 'officer' && districts && <DistrictChoice chosen={districts} onChosen={setDistricts} error={error?.fieldErrors().police_district_ids} />}
        <SelectField
          id="user-edit-status"
          label={t('user.status')}
          value={v.status}
          onValue={(x) => set('status')(x === 'disabled' ? 'disabled' : 'active')}
          error={errs.status}
          options={userStatuses(t)}
        />
        <LanguageField id="user-edit-language" value={v.language} onValue={set('language')} error={errs.language} />
        <TextField
          id="user-edit-password"
          label={t('user.passwordNew')}
          hint={t('user.passwordHint')}
          type="password"
          autoComplete="new-password"
          value={v.password}
          onValue={set('password')}
          error={errs.password}
        />
        <FormActions busy={busy} submitLabel={t('common.save')} busyLabel={t('common.saving')} onCancel={onCancel}>
          <button type="button" class="button danger" disabled={busy} onClick={revoke}>
            {t('user.revokeSessions')}
          </button>
        </FormActions>
        {revoked !== null && <Notice>{t('user.sessionsRevoked', { n: revoked })}</Notice>}
      </form>
    </section>
  );
}

export function UsersPage() {
  const { t, formatDateTime } = useI18n();
  useTitle(t('user.listTitle'));
  const { params, list, update, table } = useList({
    path: '/users',
    defaults: { q: '', role: '', status: '' },
    load: (p, o, signal) => loadPage<User>('/users', p, o, signal),
  });
  const [creating, setCreating] = useState(false);
  const [editingId, setEditingId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const orgNames = useOrgNames(list.data?.items.map((u) => u.organisation_id) ?? []);

  return (
    <section aria-labelledby="users-heading">
      <div class="page-head">
        <PageHeading id="users-heading">{t('user.listTitle')}</PageHeading>
        {!creating && (
          <button
            type="button"
            class="button primary"
            onClick={() => {
              setNotice(null);
              setEditingId(null);
              setCreating(true);
            }}
          >
            {t('user.new')}
          </button>
        )}
      </div>
      {notice && <Notice>{notice}</Notice>}

      {creating && (
        <section class="card" aria-labelledby="user-new-heading">
          <h2 id="user-new-heading">{t('user.newTitle')}</h2>
          <CreateUserForm
            onCancel={() => setCreating(false)}
            onCreated={(u) => {
              setCreating(false);
              setNotice(t('user.created', { name: u.name }));
              list.reload();
            }}
          />
        </section>
      )}

      {editingId !== null && (
        <EditUserForm
          key={editingId}
          id={editingId}
          onCancel={() => setEditingId(null)}
          onSaved={(u) => {
            setEditingId(null);
            setNotice(t('user.saved', { name: u.name }));
            list.reload();
          }}
        />
      )}

      <FilterForm
        label={t('user.search')}
        search={{ id: 'user-q', label: t('user.search'), hint: t('user.searchHint'), value: params.q, onSearch: (q) => update({ q }) }}
      >
        <div class="filter-row">
          <SelectField
            id="user-filter-role"
            label={t('user.role')}
            value={params.role}
            onValue={(x) => update({ role: x })}
            placeholder={t('user.anyRole')}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
          />
          <SelectField
            id="user-filter-status"
            label={t('user.status')}
            value={params.status}
            onValue={(x) => update({ status: x })}
            placeholder={t('common.all')}
            options={userStatuses(t)}
          />
        </div>
      </FilterForm>

      <ResultsTable
        {...table}
        name="users"
        download={{ path: '/users', query: params }}
        texts={listTexts(t, 'user')}
        columns={[
          { label: t('user.name'), cell: (u) => u.name },
          { label: t('user.email'), class: 'cell-email', cell: (u) => u.email },
          { label: t('user.role'), cell: (u) => t(`role.${u.role}` as MessageKey) },
          {
            label: t('user.organisation'),
            cell: (u) =>
              u.organisation_id ? (
                <Link href={`/organisations/${u.organisation_id}`}>{orgNames.get(u.organisation_id) ?? `#${u.organisation_id}`}</Link>
              ) : (
                t('common.none')
              ),
          },
          { label: t('user.status'), cell: (u) => <StatusBadge status={u.status} /> },
          { label: t('user.lastLogin'), cell: (u) => (u.last_login_at ? formatDateTime(u.last_login_at) : t('user.never')) },
          {
            label: t('common.actions'),
            actions: true,
            cell: (u) => (
              <button
                type="button"
                class="button secondary small"
                aria-label={t('user.editNamed', { name: u.name })}
                onClick={() => {
                  setNotice(null);
                  setCreating(false);
                  setEditingId(u.id);
                }}
              >
                {t('common.edit')}
              </button>
            ),
          },
        ]}
      />
    </section>
  );
}

import type { TargetedEvent, TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, PAGE_SIZE } from '../api';
import type { ListPage, Role, User } from '../api';
import { OrganisationPicker } from '../components/OrganisationPicker';
import { Empty, Loading, Notice, PageHeading, Pager, pickFieldErrors, ProblemAlert, SelectField, StatusBadge, TextField } from '../components/ui';
import { useAsync, useOrgNames, useTitle, useUrlText } from '../hooks';
import { useI18n } from '../i18n';
import { byName, useReference } from '../reference';
import type { MessageKey } from '../i18n';
import { intParam, Link, navigate, useLocation, withQuery } from '../router';

const ROLES: Role[] = ['admin', 'officer', 'manager', 'partner'];
const USER_FIELDS = ['email', 'name', 'role', 'organisation_id', 'password', 'status'] as const;

interface UserValues {
  email: string;
  name: string;
  role: Role | '';
  organisation_id: string;
  password: string;
  status: 'active' | 'disabled';
}

function CreateUserForm({ onCreated, onCancel }: { onCreated: (u: User) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [v, setV] = useState<UserValues>({ email: '', name: '', role: '', organisation_id: '', password: '', status: 'active' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const set = <K extends keyof UserValues>(k: K) => (val: UserValues[K]) => setV((old) => ({ ...old, [k]: val }));
  const errs = pickFieldErrors(error, USER_FIELDS);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { email: v.email.trim(), name: v.name.trim(), role: v.role || null, password: v.password };
    if (v.role === 'partner') body.organisation_id = v.organisation_id ? Number(v.organisation_id) : null;
    try {
      const r = await api.post<User>('/users', body);
      onCreated(r.data);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, { title: 'network' }));
      setBusy(false);
    }
  };

  return (
    <form class="form" onSubmit={submit} noValidate>
      {error && (
        <ProblemAlert
          error={error}
          fieldsShown={['email', 'name', 'role', 'password', ...(v.role === 'partner' ? ['organisation_id'] : [])]}
          existingHref={() => withQuery('/users', { q: v.email.trim() })}
        />
      )}
      <TextField id="user-email" label={t('user.email')} type="email" inputMode="email" autoComplete="off" value={v.email} onValue={set('email')} error={errs.email} required />
      <TextField id="user-name" label={t('user.name')} autoComplete="off" value={v.name} onValue={set('name')} error={errs.name} required />
      <SelectField
        id="user-role"
        label={t('user.role')}
        value={v.role}
        onValue={(x) => set('role')(x as Role | '')}
        error={errs.role}
        required
        placeholder={t('common.choose')}
        options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
      />
      {v.role === 'partner' && (
        <OrganisationPicker
          id="user-organisation"
          label={t('user.organisation')}
          hint={t('user.organisationHint')}
          value={v.organisation_id}
          onValue={set('organisation_id')}
          error={errs.organisation_id}
        />
      )}
      <TextField id="user-password" label={t('user.password')} type="password" autoComplete="new-password" value={v.password} onValue={set('password')} error={errs.password} required />
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? t('common.creating') : t('common.create')}
        </button>
        <button type="button" class="button secondary" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
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
            onChange={(e) =>
              onChosen((e.target as HTMLInputElement).checked ? [...chosen, d.id] : chosen.filter((x) => x !== d.id))
            }
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [revoked, setRevoked] = useState<number | null>(null);
  // Ends every session of the user at once (a lost laptop, a colleague who left).
  const revoke = async () => {
    setError(null);
    try {
      const r = await api.post<{ revoked: number }>(`/users/${id}/sessions/revoke`, {});
      setRevoked(r.data.revoked);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, { title: 'network' }));
    }
  };

  useEffect(() => {
    const u = res.data?.data;
    if (u) {
      setV({ email: u.email, name: u.name, role: u.role, organisation_id: u.organisation_id ? String(u.organisation_id) : '', password: '', status: u.status });
      setDistricts(u.police_district_ids ?? []);
      headingRef.current?.focus();
    }
  }, [res.data]);

  if (res.loading && !res.data) return <Loading />;
  if (res.error) return <ProblemAlert error={res.error} />;
  const u = res.data?.data;
  if (!u || !v) return <Loading />;

  const set = <K extends keyof UserValues>(k: K) => (val: UserValues[K]) => setV((old) => (old ? { ...old, [k]: val } : old));
  const errs = pickFieldErrors(error, USER_FIELDS);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    if (v.name.trim() !== u.name) body.name = v.name.trim();
    if (v.role !== u.role) body.role = v.role;
    if (v.status !== u.status) body.status = v.status;
    const org = v.role === 'partner' ? (v.organisation_id ? Number(v.organisation_id) : null) : null;
    if (org !== (u.organisation_id ?? null)) body.organisation_id = org;
    if (v.password) body.password = v.password;
    const wanted = v.role === 'officer' ? [...(districts ?? [])].sort((a, b) => a - b) : [];
    if (wanted.join(',') !== [...(u.police_district_ids ?? [])].sort((a, b) => a - b).join(',')) body.police_district_ids = wanted;
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await api.patch<User>(`/users/${u.id}`, body, res.data?.etag);
      onSaved(r.data && typeof r.data === 'object' && 'id' in r.data ? r.data : { ...u, ...(body as Partial<User>) });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, { title: 'network' }));
      setBusy(false);
    }
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
            fieldsShown={['name', 'role', 'status', 'password', ...(v.role === 'partner' ? ['organisation_id'] : [])]}
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
        <SelectField
          id="user-edit-role"
          label={t('user.role')}
          value={v.role}
          onValue={(x) => set('role')(x as Role)}
          error={errs.role}
          required
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
        />
        {v.role === 'partner' && (
          <OrganisationPicker
            id="user-edit-organisation"
            label={t('user.organisation')}
            hint={t('user.organisationHint')}
            value={v.organisation_id}
            onValue={set('organisation_id')}
            error={errs.organisation_id}
          />
        )}
        {v.role === 'officer' && districts && (
          <DistrictChoice chosen={districts} onChosen={setDistricts} error={error?.fieldErrors().police_district_ids} />
        )}
        <SelectField
          id="user-edit-status"
          label={t('user.status')}
          value={v.status}
          onValue={(x) => set('status')(x === 'disabled' ? 'disabled' : 'active')}
          error={errs.status}
          options={[
            { value: 'active', label: t('user.status.active') },
            { value: 'disabled', label: t('user.status.disabled') },
          ]}
        />
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
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t('common.saving') : t('common.save')}
          </button>
          <button type="button" class="button secondary" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="button" class="button danger" disabled={busy} onClick={revoke}>
            {t('user.revokeSessions')}
          </button>
        </div>
        {revoked !== null && <Notice>{t('user.sessionsRevoked', { n: revoked })}</Notice>}
      </form>
    </section>
  );
}

export function UsersPage() {
  const { t, formatDateTime } = useI18n();
  useTitle(t('user.listTitle'));
  const loc = useLocation();
  const params = {
    q: loc.query.get('q') ?? '',
    role: loc.query.get('role') ?? '',
    status: loc.query.get('status') ?? '',
    offset: intParam(loc.query.get('offset')),
  };
  const [qInput, setQInput] = useUrlText(params.q);
  const [creating, setCreating] = useState(false);
  const [editingId, setEditingId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const update = (changes: Partial<typeof params>) => {
    const next = { ...params, offset: 0, ...changes };
    navigate(withQuery('/users', { q: next.q, role: next.role, status: next.status, offset: next.offset || '' }), { replace: true });
  };

  const list = useAsync(
    (signal) =>
      api
        .get<ListPage<User>>('/users', { q: params.q, role: params.role, status: params.status, limit: PAGE_SIZE, offset: params.offset }, signal)
        .then((r) => r.data),
    [loc.search],
  );
  const data = list.data;
  const orgNames = useOrgNames(data?.items.map((u) => u.organisation_id) ?? []);

  const onSearch = (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    update({ q: qInput.trim() });
  };

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

      <form role="search" aria-label={t('user.search')} class="filters" onSubmit={onSearch}>
        <div class="field search-field">
          <label for="user-q">{t('user.search')}</label>
          <p class="hint" id="user-q-hint">
            {t('user.searchHint')}
          </p>
          <div class="search-row">
            <input
              id="user-q"
              name="q"
              type="search"
              value={qInput}
              aria-describedby="user-q-hint"
              onInput={(e: TargetedEvent<HTMLInputElement>) => setQInput(e.currentTarget.value)}
            />
            <button type="submit" class="button primary">
              {t('common.search')}
            </button>
          </div>
        </div>
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
            options={[
              { value: 'active', label: t('user.status.active') },
              { value: 'disabled', label: t('user.status.disabled') },
            ]}
          />
        </div>
      </form>

      <div class="results" aria-busy={list.loading ? 'true' : 'false'}>
        <p class="result-count" aria-live="polite">
          {data && !list.loading ? (data.total === 1 ? t('user.countOne') : t('user.count', { total: data.total })) : ''}
        </p>
        {list.loading && <Loading />}
        {list.error && <ProblemAlert error={list.error} />}
        {!list.loading && data && data.items.length === 0 && <Empty>{t('user.empty')}</Empty>}
        {!list.loading && data && data.items.length > 0 && (
          <>
            <div class="table-wrap">
              <table class="list users">
                <caption class="visually-hidden">{t('user.listTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('user.name')}</th>
                    <th scope="col">{t('user.email')}</th>
                    <th scope="col">{t('user.role')}</th>
                    <th scope="col">{t('user.organisation')}</th>
                    <th scope="col">{t('user.status')}</th>
                    <th scope="col">{t('user.lastLogin')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((u) => (
                    <tr key={u.id}>
                      <td data-label={t('user.name')}>{u.name}</td>
                      <td data-label={t('user.email')} class="cell-email">{u.email}</td>
                      <td data-label={t('user.role')}>{t(`role.${u.role}` as MessageKey)}</td>
                      <td data-label={t('user.organisation')}>
                        {u.organisation_id ? (
                          <Link href={`/organisations/${u.organisation_id}`}>{orgNames.get(u.organisation_id) ?? `#${u.organisation_id}`}</Link>
                        ) : (
                          t('common.none')
                        )}
                      </td>
                      <td data-label={t('user.status')}>
                        <StatusBadge status={u.status} />
                      </td>
                      <td data-label={t('user.lastLogin')}>{u.last_login_at ? formatDateTime(u.last_login_at) : t('user.never')}</td>
                      <td class="cell-actions">
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
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={data.total} limit={data.limit || PAGE_SIZE} offset={data.offset ?? params.offset} onOffset={(o) => update({ offset: o })} />
          </>
        )}
      </div>
    </section>
  );
}

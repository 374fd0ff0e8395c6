import type { TargetedEvent, TargetedSubmitEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, PAGE_SIZE } from '../api';
import type { Contact, EventRecord, ListPage, RegisterResult, Registration, RegistrationStatus } from '../api';
import { EventStatusBadge, RegStatusBadge, useEventTime, VenueText } from '../components/EventBits';
import { Empty, Loading, MultiLine, Notice, PageHeading, Pager, ProblemAlert, SelectField, TextField } from '../components/ui';
import { useAsync, useFlash, useOrgNames, useTitle } from '../hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import { can, useSession } from '../session';
import { NotFound } from './Errors';

const REG_STATUSES: RegistrationStatus[] = ['confirmed', 'waitlisted', 'attended', 'no_show', 'cancelled'];

function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, { title: 'network' });
}

const started = (e: EventRecord) => Date.now() >= new Date(e.starts_at).getTime();
const ended = (e: EventRecord) => Date.now() >= new Date(e.ends_at).getTime();

/** Whether a partner may register now: published, inside the registration window. */
function registrationOpen(e: EventRecord): boolean {
  const now = Date.now();
  if (e.status !== 'published') return false;
  if (e.registration_opens_at && now < new Date(e.registration_opens_at).getTime()) return false;
  return now < new Date(e.registration_closes_at).getTime();
}

export function EventDetailPage({ id }: { id: number }) {
  const { t, refName, formatDateTime } = useI18n();
  const { user } = useSession();
  const { ref } = useReference();
  const flash = useFlash();
  const span = useEventTime();
  const res = useAsync<EventRecord>((signal) => api.get<EventRecord>(`/events/${id}`, undefined, signal).then((r) => r.data), [id]);
  const [notice, setNotice] = useState<string | null>(flash);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  // Bumped whenever registrations change: the lists and the event's counts are fetched again.
  const [regTick, setRegTick] = useState(0);
  const event = res.data;
  useTitle(event?.title ?? t('event.listTitle'));

  if (res.loading && !event) return <Loading />;
  if (res.error && !event) return res.error.status === 404 ? <NotFound /> : <ProblemAlert error={res.error} />;
  if (!event) return <NotFound />;

  const planner = can.planEvents(user);
  const partner = user.role === 'partner';

  const lifecycle = async (action: 'publish' | 'cancel' | 'close', message: MessageKey, body?: unknown) => {
    setBusy(true);
    setActionError(null);
    setNotice(null);
    try {
      const r = await api.post<EventRecord>(`/events/${event.id}/${action}`, body);
      res.setData(r.data);
      setNotice(t(message));
      setCancelling(false);
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const changed = (message: string) => {
    setNotice(message);
    setRegTick((n) => n + 1);
    res.reload();
  };

  const v = event.venue;

  return (
    <article aria-labelledby="event-heading">
      <p class="breadcrumb">
        <Link href="/events">{t('event.listTitle')}</Link>
        {event.series_id && !partner && (
          <>
            {' · '}
            <Link href={`/series/${event.series_id}`}>{t('event.partOfSeries')}</Link>
          </>
        )}
      </p>
      <div class="page-head">
        <PageHeading id="event-heading">{event.title}</PageHeading>
        <EventStatusBadge status={event.status} />
      </div>
      {notice && <Notice>{notice}</Notice>}
      {actionError && <ProblemAlert error={actionError} />}

      <section class="card" aria-labelledby="event-details-heading">
        <h2 id="event-details-heading">{t('common.details')}</h2>
        <dl class="details">
          <dt>{t('event.kind')}</dt>
          <dd>{refName(ref?.eventKindByCode.get(event.kind)) || event.kind}</dd>
          <dt>{t('event.time')}</dt>
          <dd>{span(event)}</dd>
          <dt>{t('event.venue')}</dt>
          <dd>
            <VenueText venue={v} />
          </dd>
          {event.description && (
            <>
              <dt>{t('event.description')}</dt>
              <dd>
                <MultiLine text={event.description} />
              </dd>
            </>
          )}
          <dt>{t('event.audience')}</dt>
          <dd>{t(`event.audience.${event.audience}`)}</dd>
          <dt>{t('event.capacity')}</dt>
          <dd>{event.capacity ?? t('event.unlimited')}</dd>
          <dt>{t('event.quota')}</dt>
          <dd>{event.per_organisation_quota ?? t('event.unlimited')}</dd>
          {!partner && (
            <>
              <dt>{t('event.confirmedCount')}</dt>
              <dd data-testid="confirmed-count">{event.confirmed}</dd>
              <dt>{t('event.waitlistedCount')}</dt>
              <dd data-testid="waitlisted-count">{event.waitlisted}</dd>
            </>
          )}
          <dt>{t('event.registrationCloses')}</dt>
          <dd>{formatDateTime(event.registration_closes_at)}</dd>
          <dt>{t('common.status')}</dt>
          <dd>
            <EventStatusBadge status={event.status} />
          </dd>
          {event.cancellation_reason && (
            <>
              <dt>{t('event.cancellationReason')}</dt>
              <dd>
                <MultiLine text={event.cancellation_reason} />
              </dd>
            </>
          )}
        </dl>

        {planner && (
          <div class="form-actions">
            {event.status === 'draft' && (
              <button type="button" class="button primary" disabled={busy} onClick={() => lifecycle('publish', 'event.published')}>
                {t('event.publish')}
              </button>
            )}
            {(event.status === 'draft' || event.status === 'published') && (
              <Link href={`/events/${event.id}/edit`} class="button secondary">
                {t('event.edit')}
              </Link>
            )}
            {event.status === 'published' && (
              <Link href={`/events/${event.id}/check-in`} class="button primary">
                {t('event.checkIn')}
              </Link>
            )}
            {event.status === 'published' && ended(event) && (
              <button type="button" class="button secondary" disabled={busy} aria-describedby="event-close-hint" onClick={() => lifecycle('close', 'event.closed')}>
                {t('event.close')}
              </button>
            )}
            {(event.status === 'draft' || event.status === 'published') && !cancelling && (
              <button type="button" class="button danger" disabled={busy} onClick={() => setCancelling(true)}>
                {t('event.cancelEvent')}
              </button>
            )}
            <a class="button secondary" href={`/api/v1/events/${event.id}/attendance.csv`} download>
              {t('event.attendanceCsv')}
            </a>
          </div>
        )}
        <div class="form-actions">
          <a class="button secondary" href={`/api/v1/events/${event.id}/calendar.ics`} download>
            {t('event.calendarIcs')}
          </a>
        </div>
        {planner && event.status === 'published' && ended(event) && (
          <p class="hint" id="event-close-hint">
            {t('event.closeHint')}
          </p>
        )}
        {planner && cancelling && (
          <form
            class="confirm"
            aria-label={t('event.cancelEvent')}
            onSubmit={(e: TargetedSubmitEvent<HTMLFormElement>) => {
              e.preventDefault();
              lifecycle('cancel', 'event.cancelled', { reason: reason.trim() });
            }}
          >
            <TextField
              id="event-cancel-reason"
              label={t('event.cancelReason')}
              hint={t('event.cancelReasonHint')}
              value={reason}
              onValue={setReason}
              multiline
              rows={2}
            />
            <button type="submit" class="button danger" disabled={busy}>
              {t('event.cancelConfirm')}
            </button>{' '}
            <button type="button" class="button secondary" disabled={busy} onClick={() => setCancelling(false)}>
              {t('common.cancel')}
            </button>
          </form>
        )}
      </section>

      {planner && event.status !== 'cancelled' && event.status !== 'completed' && (
        <RegisterOne event={event} onDone={changed} />
      )}
      {partner && <RegisterOwn event={event} tick={regTick} onDone={changed} />}
      {can.viewRegistrations(user) && <Registrations event={event} tick={regTick} showOrg={!partner} onDone={changed} />}
    </article>
  );
}

/** The registrations of the event (a partner: its own people), with a status filter and cancel buttons. */
function Registrations({ event, tick, showOrg, onDone }: { event: EventRecord; tick: number; showOrg: boolean; onDone: (m: string) => void }) {
  const { t, formatDateTime } = useI18n();
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [passing, setPassing] = useState<Registration | null>(null);
  const list = useAsync(
    (signal) =>
      api
        .get<ListPage<Registration>>(`/events/${event.id}/registrations`, { status, limit: PAGE_SIZE, offset }, signal)
        .then((r) => r.data),
    [event.id, status, offset, tick],
  );
  const data = list.data;
  const mayCancel = (r: Registration) => (r.status === 'confirmed' || r.status === 'waitlisted') && !started(event);

  const cancel = async (r: Registration) => {
    setBusyId(r.id);
    setError(null);
    try {
      await api.del(`/registrations/${r.id}`);
      onDone(t('reg.cancelled', { name: r.contact_name }));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusyId(null);
    }
  };

  const title = showOrg ? t('reg.title') : t('reg.ownTitle');
  return (
    <section class="card" aria-labelledby="event-regs-heading">
      <h2 id="event-regs-heading">{title}</h2>
      <div class="filter-row">
        <SelectField
          id="reg-filter-status"
          label={t('reg.statusFilter')}
          value={status}
          onValue={(s) => {
            setStatus(s);
            setOffset(0);
          }}
          placeholder={t('common.all')}
          options={REG_STATUSES.map((s) => ({ value: s, label: t(`reg.status.${s}` as MessageKey) }))}
        />
      </div>
      {error && <ProblemAlert error={error} />}
      <div class="results" aria-busy={list.loading ? 'true' : 'false'}>
        {list.loading && <Loading />}
        {list.error && <ProblemAlert error={list.error} />}
        {!list.loading && data && data.items.length === 0 && <Empty>{t('reg.empty')}</Empty>}
        {!list.loading && data && data.items.length > 0 && (
          <>
            <div class="table-wrap">
              <table class="list registrations">
                <caption class="visually-hidden">{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reg.name')}</th>
                    {showOrg && <th scope="col">{t('reg.organisation')}</th>}
                    <th scope="col">{t('common.status')}</th>
                    <th scope="col">{t('reg.registeredAt')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('common.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((r) => (
                    <tr key={r.id}>
                      <td data-label={t('reg.name')}>{r.contact_name}</td>
                      {showOrg && <td data-label={t('reg.organisation')}>{r.organisation_name}</td>}
                      <td data-label={t('common.status')}>
                        <RegStatusBadge status={r.status} />
                      </td>
                      <td data-label={t('reg.registeredAt')}>{formatDateTime(r.registered_at)}</td>
                      <td class="cell-actions">
                        {(r.status === 'confirmed' || r.status === 'attended') && r.contact_has_email && (
                          <a class="button secondary small" href={`/api/v1/registrations/${r.id}/invitation.ics`} download>
                            {t('reg.invitationIcs')}
                            <span class="visually-hidden"> {t('reg.invitationFor', { name: r.contact_name })}</span>
                          </a>
                        )}{' '}
                        {mayCancel(r) && (
                          <button type="button" class="button secondary small" disabled={busyId === r.id} onClick={() => cancel(r)}>
                            {t('reg.cancel', { name: r.contact_name })}
                          </button>
                        )}{' '}
                        {mayCancel(r) && (
                          <button type="button" class="button secondary small" aria-expanded={passing?.id === r.id ? 'true' : 'false'} onClick={() => setPassing(passing?.id === r.id ? null : r)}>
                            {t('reg.substitute', { name: r.contact_name })}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={data.total} limit={data.limit || PAGE_SIZE} offset={data.offset ?? offset} onOffset={setOffset} />
          </>
        )}
      </div>
      {passing && (
        <Substitute
          key={passing.id}
          registration={passing}
          onClose={() => setPassing(null)}
          onDone={(m) => {
            setPassing(null);
            onDone(m);
          }}
        />
      )}
    </section>
  );
}

/** Pass a seat to a colleague from the same organisation (the registration keeps its place). */
function Substitute({ registration, onClose, onDone }: { registration: Registration; onClose: () => void; onDone: (m: string) => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const people = useAsync(
    (signal) =>
      api
        .get<ListPage<Contact>>(`/organisations/${registration.organisation_id}/contacts`, { status: 'active', limit: 200 }, signal)
        .then((r) => r.data.items.filter((c) => c.id !== registration.contact_id)),
    [registration.id],
  );
  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!value) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<Registration>(`/registrations/${registration.id}/substitute`, { contact_id: Number(value) });
      onDone(t('reg.substituted', { from: registration.contact_name, to: r.data.contact_name }));
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  };
  return (
    <form class="subform card" aria-labelledby="reg-substitute-heading" onSubmit={submit}>
      <h3 id="reg-substitute-heading">{t('reg.substituteTitle', { name: registration.contact_name })}</h3>
      {error && <ProblemAlert error={error} fieldsShown={['contact_id']} />}
      {people.loading && <Loading />}
      {people.data && people.data.length === 0 && <Empty>{t('reg.substituteNone')}</Empty>}
      {people.data && people.data.length > 0 && (
        <SelectField
          id="reg-substitute-contact"
          label={t('reg.substituteTo')}
          value={value}
          onValue={setValue}
          required
          placeholder={t('common.choose')}
          error={error?.fieldErrors().contact_id}
          options={people.data.map((c) => ({ value: String(c.id), label: c.name }))}
        />
      )}
      <div class="form-actions">
        <button type="submit" class="button primary" disabled={busy || !value}>
          {t('reg.substituteSubmit')}
        </button>
        <button type="button" class="button secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Officers: find one contact person (any organisation) and register them. */
function RegisterOne({ event, onDone }: { event: EventRecord; onDone: (m: string) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Contact[] | null>(null);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const orgNames = useOrgNames(items?.map((c) => c.organisation_id) ?? []);

  useEffect(() => {
    const ctl = new AbortController();
    const timer = window.setTimeout(() => {
      api
        .get<ListPage<Contact>>('/contacts', { q: q.trim(), status: 'active', sort: 'name', limit: 50 }, ctl.signal)
        .then((r) => setItems(r.data.items))
        .catch(() => {
          if (!ctl.signal.aborted) setItems([]);
        });
    }, q ? 250 : 0);
    return () => {
      window.clearTimeout(timer);
      ctl.abort();
    };
  }, [q]);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!value) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<Registration>(`/events/${event.id}/registrations`, { contact_id: Number(value) });
      setValue('');
      onDone(t('reg.added', { name: r.data.contact_name, status: t(`reg.status.${r.data.status}` as MessageKey) }));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const list = items ?? [];
  return (
    <section class="card" aria-labelledby="event-add-heading">
      <h2 id="event-add-heading">{t('reg.add')}</h2>
      <form class="picker" onSubmit={submit}>
        {error && <ProblemAlert error={error} />}
        <div class="field">
          <label for="reg-contact-search">{t('reg.contactSearch')}</label>
          <p class="hint" id="reg-contact-search-hint">
            {t('reg.contactSearchHint')}
          </p>
          <input
            id="reg-contact-search"
            type="search"
            value={q}
            aria-describedby="reg-contact-search-hint"
            aria-controls="reg-contact"
            onInput={(ev: TargetedEvent<HTMLInputElement>) => setQ(ev.currentTarget.value)}
          />
        </div>
        <SelectField
          id="reg-contact"
          label={t('reg.contact')}
          value={value}
          onValue={setValue}
          required
          placeholder={items && list.length === 0 ? t('reg.contactNone') : t('common.choose')}
          options={list.map((c) => ({
            value: String(c.id),
            label: orgNames.get(c.organisation_id) ? `${c.name} (${orgNames.get(c.organisation_id)})` : c.name,
          }))}
        />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy || !value}>
            {busy ? t('reg.submitting') : t('reg.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Partners: tick several of their own people and register them in one go; a result per person. */
function RegisterOwn({ event, tick, onDone }: { event: EventRecord; tick: number; onDone: (m: string) => void }) {
  const { t } = useI18n();
  const open = registrationOpen(event);
  const contacts = useAsync(
    (signal) =>
      open
        ? api.get<ListPage<Contact>>('/contacts', { status: 'active', sort: 'name', limit: 200 }, signal).then((r) => r.data.items)
        : Promise.resolve([] as Contact[]),
    [open],
  );
  const regs = useAsync(
    (signal) =>
      open
        ? api.get<ListPage<Registration>>(`/events/${event.id}/registrations`, { limit: 200 }, signal).then((r) => r.data.items)
        : Promise.resolve([] as Registration[]),
    [event.id, open, tick],
  );
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [newName, setNewName] = useState('');
  const [newEmail, setNewEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [results, setResults] = useState<RegisterResult[] | null>(null);

  if (!open) {
    return (
      <section class="card" aria-labelledby="event-own-add-heading">
        <h2 id="event-own-add-heading">{t('reg.add')}</h2>
        <p>{t('reg.notOpen')}</p>
      </section>
    );
  }

  const registered = new Set((regs.data ?? []).filter((r) => r.status !== 'cancelled').map((r) => r.contact_id));
  const names = new Map((contacts.data ?? []).map((c) => [c.id, c.name]));

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const newcomer = newName.trim() ? [{ name: newName.trim(), email: newEmail.trim() || null }] : [];
    if (chosen.size === 0 && newcomer.length === 0) return;
    setBusy(true);
    setError(null);
    setResults(null);
    try {
      const r = await api.post<{ results: RegisterResult[] }>(`/events/${event.id}/registrations`, {
        contact_ids: [...chosen],
        new_contacts: newcomer,
      });
      setResults(r.data.results);
      setChosen(new Set());
      setNewName('');
      setNewEmail('');
      contacts.reload();
      onDone('');
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: number, on: boolean) =>
    setChosen((old) => {
      const next = new Set(old);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <section class="card" aria-labelledby="event-own-add-heading">
      <h2 id="event-own-add-heading">{t('reg.add')}</h2>
      {results && (
        <div class="results-box" role="status" aria-labelledby="reg-results-heading">
          <h3 id="reg-results-heading">{t('reg.results')}</h3>
          <ul class="plain-list">
            {results.map((r, i) => (
              <li key={`${r.contact_id ?? 'new'}-${i}`}>
                <span class="result-name">
                  {(r.status === 'failed' ? null : r.registration.contact_name) ?? (r.contact_id ? names.get(r.contact_id) : null) ?? (r.contact_id ? `#${r.contact_id}` : t('reg.newPerson'))}
                </span>
                :{' '}
                <RegStatusBadge status={r.status} />
                {r.status === 'failed' && <span class="result-problem"> {r.problem.detail || r.problem.title}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && <ProblemAlert error={error} />}
      {(contacts.loading || regs.loading) && !contacts.data && <Loading />}
      {contacts.error && <ProblemAlert error={contacts.error} />}
      {contacts.data && contacts.data.length === 0 && <Empty>{t('reg.peopleEmpty')}</Empty>}
      {contacts.data && (
        <form onSubmit={submit}>
          {contacts.data.length > 0 && (
          <fieldset class="checkbox-group people">
            <legend>{t('reg.people')}</legend>
            {contacts.data.map((c) => {
              const already = registered.has(c.id);
              return (
                <div class="field checkbox" key={c.id}>
                  <input
                    type="checkbox"
                    id={`reg-person-${c.id}`}
                    checked={chosen.has(c.id)}
                    disabled={already || busy}
                    onChange={(ev: TargetedEvent<HTMLInputElement>) => toggle(c.id, ev.currentTarget.checked)}
                  />
                  <label for={`reg-person-${c.id}`}>{already ? t('reg.alreadyRegistered', { name: c.name }) : c.name}</label>
                </div>
              );
            })}
          </fieldset>
          )}
          <fieldset class="group">
            <legend>{t('reg.newPerson')}</legend>
            <p class="hint">{t('reg.newPersonHint')}</p>
            <TextField id="reg-new-name" label={t('reg.newName')} value={newName} onValue={setNewName} maxLength={200} />
            <TextField id="reg-new-email" label={t('reg.newEmail')} value={newEmail} onValue={setNewEmail} type="email" />
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="button primary" disabled={busy || (chosen.size === 0 && !newName.trim())}>
              {busy ? t('reg.submitting') : t('reg.submitMany')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

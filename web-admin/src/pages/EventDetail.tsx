import type { ComponentChildren, TargetedEvent, TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api, PAGE_SIZE } from '../api';
import type { Contact, EventRecord, ListPage, RegisterResult, Registration, RegistrationHistory, RegistrationStatus } from '../api';
import { CertificateLink } from '../components/Trainings';
import { EventActivitiesCard } from '../components/EventActivities';
import { EventMessagesCard } from '../components/EventMessages';
import { EventStatusBadge, PlanFacts, ReasonForm, RegStatusBadge, useEventTime, VenueText } from '../components/EventBits';
import { ResultsTable } from '../components/ResultsTable';
import { DetailsCard, Empty, Fact, Loading, MultiLine, Notice, PageHeading, ProblemAlert, SelectField, TextField } from '../components/ui';
import { useAction, useAsync, useFlash, useOrgNames, useSearch, useTitle } from '../hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { useReference } from '../reference';
import { Link } from '../router';
import { can, useSession } from '../session';
import { useStaff } from '../staff';
import { NotFound } from './Errors';

const REG_STATUSES: RegistrationStatus[] = ['confirmed', 'waitlisted', 'attended', 'no_show', 'cancelled'];

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
  const action = useAction(flash);
  // Bumped whenever registrations change: the lists and the event's counts are fetched again.
  const [regTick, setRegTick] = useState(0);
  const event = res.data;
  useTitle(event?.title ?? t('event.listTitle'));

  if (res.loading && !event) return <Loading />;
  if (res.error && !event) return res.error.status === 404 ? <NotFound /> : <ProblemAlert error={res.error} />;
  if (!event) return <NotFound />;

  const planner = can.planEvents(user);
  const partner = user.role === 'partner';

  const lifecycle = async (step: Lifecycle, message: MessageKey, body?: unknown) => {
    const r = await action.run(() => api.post<EventRecord>(`/events/${event.id}/${step}`, body));
    if (!r) return false;
    res.setData(r.data);
    action.setNotice(t(message));
    return true;
  };

  const changed = (message: string) => {
    action.setNotice(message);
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
      {action.notice && <Notice>{action.notice}</Notice>}
      {action.error && <ProblemAlert error={action.error} />}

      <DetailsCard id="event-details-heading">
        <dl class="details">
          <dt>{t('event.kind')}</dt>
          <dd>{refName(ref?.eventKindByCode.get(event.kind)) || event.kind}</dd>
          <dt>{t('event.time')}</dt>
          <dd>{span(event)}</dd>
          <dt>{t('event.venue')}</dt>
          <dd>
            <VenueText venue={v} />
          </dd>
          <PlanFacts item={event} />
          <Fact label={t('event.audience')}>{t(`event.audience.${event.audience}`)}</Fact>
          {!partner && (
            <>
              <Fact label={t('event.confirmedCount')} testId="confirmed-count">
                {event.confirmed}
              </Fact>
              <Fact label={t('event.waitlistedCount')} testId="waitlisted-count">
                {event.waitlisted}
              </Fact>
            </>
          )}
          {event.registration_opens_at && <Fact label={t('event.opensAt')}>{formatDateTime(event.registration_opens_at)}</Fact>}
          <dt>{t('event.registrationCloses')}</dt>
          <dd>{formatDateTime(event.registration_closes_at)}</dd>
          <dt>{t('common.status')}</dt>
          <dd>
            <EventStatusBadge status={event.status} />
          </dd>
          {event.cancellation_reason && (
            <Fact label={t('event.cancellationReason')}>
              <MultiLine text={event.cancellation_reason} />
            </Fact>
          )}
        </dl>

        {planner ? (
          <PlannerActions event={event} busy={action.busy} lifecycle={lifecycle}>
            <CalendarLink event={event} />
          </PlannerActions>
        ) : (
          <CalendarLink event={event} />
        )}
        {can.viewReports(user) && event.status !== 'draft' && (
          <p>
            <Link href={`/events/${event.id}/summary`}>{t('summary.link')}</Link>
          </p>
        )}
      </DetailsCard>

      {planner && event.status !== 'cancelled' && event.status !== 'completed' && <RegisterOne event={event} onDone={changed} />}
      {partner && <RegisterOwn event={event} tick={regTick} onDone={changed} />}
      {can.viewRegistrations(user) && <Registrations event={event} tick={regTick} showOrg={!partner} onDone={changed} />}
      {can.sendEventMessages(user) && <EventMessagesCard event={event} />}
      {can.logEventActivities(user) && event.status !== 'cancelled' && event.status !== 'draft' && started(event) && <EventActivitiesCard event={event} />}
    </article>
  );
}

type Lifecycle = 'publish' | 'cancel' | 'close';

function CalendarLink({ event }: { event: EventRecord }) {
  const { t } = useI18n();
  return (
    <div class="form-actions">
      <a class="button secondary" href={`/api/v1/events/${event.id}/calendar.ics`} download>
        {t('event.calendarIcs')}
      </a>
    </div>
  );
}

interface PlannerActionsProps {
  event: EventRecord;
  busy: boolean;
  /** Resolves to whether the step succeeded. */
  lifecycle: (step: Lifecycle, message: MessageKey, body?: unknown) => Promise<boolean>;
  children?: ComponentChildren;
}

/** Officers and admins: publish, edit, check in, close, cancel with a reason, the attendance CSV. */
function PlannerActions({ event, busy, lifecycle, children }: PlannerActionsProps) {
  const { t } = useI18n();
  const [cancelling, setCancelling] = useState(false);
  return (
    <>
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
      {children}
      {event.status === 'published' && ended(event) && (
        <p class="hint" id="event-close-hint">
          {t('event.closeHint')}
        </p>
      )}
      {cancelling && (
        <ReasonForm
          idPrefix="event"
          label={t('event.cancelEvent')}
          confirmLabel={t('event.cancelConfirm')}
          busy={busy}
          onConfirm={(reason) => lifecycle('cancel', 'event.cancelled', { reason }).then((done) => done && setCancelling(false))}
          onClose={() => setCancelling(false)}
        />
      )}
    </>
  );
}

/** The registrations of the event (a partner: its own people), with a status filter and cancel buttons. */
function Registrations({ event, tick, showOrg, onDone }: { event: EventRecord; tick: number; showOrg: boolean; onDone: (m: string) => void }) {
  const { t, formatDateTime } = useI18n();
  const [status, setStatus] = useState('');
  const [offset, setOffset] = useState(0);
  const action = useAction();
  const [busyId, setBusyId] = useState<number | null>(null);
  const [passing, setPassing] = useState<Registration | null>(null);
  const [history, setHistory] = useState<Registration | null>(null);
  const list = useAsync(
    (signal) => api.get<ListPage<Registration>>(`/events/${event.id}/registrations`, { status, limit: PAGE_SIZE, offset }, signal).then((r) => r.data),
    [event.id, status, offset, tick],
  );
  const mayCancel = (r: Registration) => (r.status === 'confirmed' || r.status === 'waitlisted') && !started(event);

  const cancel = async (r: Registration) => {
    setBusyId(r.id);
    const done = await action.run(() => api.del(`/registrations/${r.id}`).then(() => true));
    setBusyId(null);
    if (done) onDone(t('reg.cancelled', { name: r.contact_name }));
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
      {action.error && <ProblemAlert error={action.error} />}
      <ResultsTable
        list={list}
        name="registrations"
        download={{ path: `/events/${event.id}/registrations`, query: { status } }}
        texts={{ caption: title, empty: t('reg.empty') }}
        offset={offset}
        onOffset={setOffset}
        columns={[
          { label: t('reg.name'), cell: (r) => r.contact_name },
          showOrg && { label: t('reg.organisation'), cell: (r) => r.organisation_name },
          { label: t('common.status'), cell: (r) => <RegStatusBadge status={r.status} /> },
          { label: t('reg.registeredAt'), cell: (r) => formatDateTime(r.registered_at) },
          {
            label: t('common.actions'),
            actions: true,
            cell: (r) => (
              <>
                {(r.status === 'confirmed' || r.status === 'attended') && r.contact_has_email && (
                  <a class="button secondary small" href={`/api/v1/registrations/${r.id}/invitation.ics`} download>
                    {t('reg.invitationIcs')}
                    <span class="visually-hidden"> {t('reg.invitationFor', { name: r.contact_name })}</span>
                  </a>
                )}{' '}
                {event.kind === 'training' && <CertificateLink registration={r} />}{' '}
                {mayCancel(r) && (
                  <button type="button" class="button secondary small" disabled={busyId === r.id} onClick={() => cancel(r)}>
                    {t('reg.cancel', { name: r.contact_name })}
                  </button>
                )}{' '}
                {mayCancel(r) && (
                  <button
                    type="button"
                    class="button secondary small"
                    aria-expanded={passing?.id === r.id ? 'true' : 'false'}
                    onClick={() => setPassing(passing?.id === r.id ? null : r)}
                  >
                    {t('reg.substitute', { name: r.contact_name })}
                  </button>
                )}{' '}
                <button
                  type="button"
                  class="button secondary small"
                  aria-expanded={history?.id === r.id ? 'true' : 'false'}
                  onClick={() => setHistory(history?.id === r.id ? null : r)}
                >
                  {t('reg.historyButton')}
                  <span class="visually-hidden"> {t('reg.historyFor', { name: r.contact_name })}</span>
                </button>
              </>
            ),
          },
        ]}
      />
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
      {history && <HistoryPanel key={history.id} registration={history} onClose={() => setHistory(null)} />}
    </section>
  );
}

/** Every step of one registration, oldest first: who did what, when (GET /registrations/{id}/history). */
function HistoryPanel({ registration, onClose }: { registration: Registration; onClose: () => void }) {
  const { t, formatDateTime } = useI18n();
  const staff = useStaff();
  const steps = useAsync(
    (signal) => api.get<RegistrationHistory>(`/registrations/${registration.id}/history`, undefined, signal).then((r) => r.data.items),
    [registration.id],
  );
  const stepName = (action: string) => {
    const key = `reg.step.${action}` as MessageKey;
    const text = t(key);
    return text === key ? action : text;
  };
  return (
    <section class="subform card" aria-labelledby="reg-history-heading">
      <h3 id="reg-history-heading">{t('reg.historyTitle', { name: registration.contact_name })}</h3>
      {steps.loading && <Loading />}
      {steps.error && <ProblemAlert error={steps.error} onReload={steps.reload} />}
      {steps.data && steps.data.length === 0 && <Empty>{t('reg.historyEmpty')}</Empty>}
      {steps.data && steps.data.length > 0 && (
        <ol class="timeline-list reg-history">
          {steps.data.map((s, i) => (
            <li key={i}>
              <time dateTime={s.at}>{formatDateTime(s.at)}</time> <strong>{stepName(s.action)}</strong>
              {s.to_status && s.from_status !== s.to_status && <> ({t(`reg.status.${s.to_status}` as MessageKey)})</>}{' '}
              <span class="timeline-by">{s.user_id === null ? t('reg.historyAuto') : t('reg.historyBy', { name: staff.name(s.user_id) })}</span>
            </li>
          ))}
        </ol>
      )}
      <div class="form-actions">
        <button type="button" class="button secondary" onClick={onClose}>
          {t('reg.historyClose')}
        </button>
      </div>
    </section>
  );
}

/** Pass a seat to a colleague from the same organisation (the registration keeps its place). */
function Substitute({ registration, onClose, onDone }: { registration: Registration; onClose: () => void; onDone: (m: string) => void }) {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const { busy, error, run } = useAction();
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
    const r = await run(() => api.post<Registration>(`/registrations/${registration.id}/substitute`, { contact_id: Number(value) }));
    if (r) onDone(t('reg.substituted', { from: registration.contact_name, to: r.data.contact_name }));
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
  const items = useSearch<Contact>('/contacts', q);
  const [value, setValue] = useState('');
  const { busy, error, run } = useAction();
  const orgNames = useOrgNames(items?.map((c) => c.organisation_id) ?? []);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!value) return;
    const r = await run(() => api.post<Registration>(`/events/${event.id}/registrations`, { contact_id: Number(value) }));
    if (!r) return;
    setValue('');
    onDone(t('reg.added', { name: r.data.contact_name, status: t(`reg.status.${r.data.status}` as MessageKey) }));
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
  const [newcomer, setNewcomer] = useState({ name: '', email: '' });
  const { busy, error, run } = useAction();
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
    const name = newcomer.name.trim();
    const newContacts = name ? [{ name, email: newcomer.email.trim() || null }] : [];
    if (chosen.size === 0 && newContacts.length === 0) return;
    setResults(null);
    const r = await run(() =>
      api.post<{ results: RegisterResult[] }>(`/events/${event.id}/registrations`, {
        contact_ids: [...chosen],
        new_contacts: newContacts,
      }),
    );
    if (!r) return;
    setResults(r.data.results);
    setChosen(new Set());
    setNewcomer({ name: '', email: '' });
    contacts.reload();
    onDone('');
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
                  {(r.status === 'failed' ? null : r.registration.contact_name) ??
                    (r.contact_id ? names.get(r.contact_id) : null) ??
                    (r.contact_id ? `#${r.contact_id}` : t('reg.newPerson'))}
                </span>
                : <RegStatusBadge status={r.status} />
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
            <TextField
              id="reg-new-name"
              label={t('reg.newName')}
              value={newcomer.name}
              onValue={(name) => setNewcomer((n) => ({ ...n, name }))}
              maxLength={200}
            />
            <TextField
              id="reg-new-email"
              label={t('reg.newEmail')}
              value={newcomer.email}
              onValue={(email) => setNewcomer((n) => ({ ...n, email }))}
              type="email"
            />
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="button primary" disabled={busy || (chosen.size === 0 && !newcomer.name.trim())}>
              {busy ? t('reg.submitting') : t('reg.submitMany')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

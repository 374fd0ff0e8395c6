// Messages to an event's people (issue 15): write with placeholders, see how many, who not and why, and
// the message as the first person gets it, then send; the history with its delivery counts.
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { EventMessageList, EventMessagePlan, EventMessageQueued, EventRecord, ReminderPlan } from '../api';
import { useAction, useAsync } from '../hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { ExcludedPeople } from './ExcludedPeople';
import { FormActions, Notice, pickFieldErrors, ProblemAlert, SelectField, TextField } from './ui';

const FIELDS = ['subject', 'body', 'to'] as const;
const AUDIENCES = ['confirmed', 'waitlisted', 'attended', 'registered', 'invited'] as const;

/** Who will get the reminder and when, before anything is sent; who not and why. */
function ReminderPlanView({ event }: { event: EventRecord }) {
  const { t, formatDateTime } = useI18n();
  const plan = useAsync<ReminderPlan>(
    (signal) => api.get<ReminderPlan>(`/events/${event.id}/reminders`, undefined, signal).then((r) => r.data),
    [event.id, event.reminder_hours, event.starts_at],
  );
  const p = plan.data;
  if (!p) return null;
  const reminded = p.recipients.filter((r) => r.reminded).length;
  return (
    <div class="reminder-plan" data-testid="reminder-plan">
      <h3>{t('reminders.title')}</h3>
      {p.due_at === null ? (
        <p>{t('reminders.none')}</p>
      ) : (
        <>
          <p>
            {t('reminders.when', { time: formatDateTime(p.due_at), hours: p.reminder_hours, n: p.recipients.length })}
            {reminded > 0 && <> {t('reminders.already', { n: reminded })}</>}
          </p>
          {p.recipients.length > 0 && (
            <details>
              <summary>{t('reminders.who', { n: p.recipients.length })}</summary>
              <ul>
                {p.recipients.map((r) => (
                  <li key={r.contact_id}>
                    {r.name} ({r.organisation}){r.reminded && <> — {t('reminders.sent')}</>}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {p.excluded.length > 0 && (
            <details>
              <summary>{t('messages.excluded', { n: p.excluded.length })}</summary>
              <ul>
                {p.excluded.map((x) => (
                  <li key={x.contact_id}>
                    {x.name || t('messages.anonymous')} ({t(`messages.why.${x.reason}` as MessageKey)})
                  </li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </div>
  );
}

export function EventMessagesCard({ event }: { event: EventRecord }) {
  const { t, formatDateTime } = useI18n();
  const [tick, setTick] = useState(0);
  const history = useAsync<EventMessageList>(
    (signal) => api.get<EventMessageList>(`/events/${event.id}/messages`, undefined, signal).then((r) => r.data),
    [event.id, tick],
  );
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [to, setTo] = useState<string>('confirmed');
  const [plan, setPlan] = useState<EventMessagePlan | null>(null);
  const action = useAction();
  const errs = pickFieldErrors(action.error, FIELDS);
  const draft = () => ({ subject, body, to });

  const preview = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setPlan(null);
    const r = await action.run(() => api.post<EventMessagePlan>(`/events/${event.id}/messages`, { ...draft(), dry_run: true }));
    if (r) setPlan(r.data);
  };
  const send = async () => {
    const r = await action.run(() => api.post<EventMessageQueued>(`/events/${event.id}/messages`, draft()));
    if (!r) return;
    setPlan(null);
    setSubject('');
    setBody('');
    action.setNotice(t('messages.queued', { n: r.data.recipients }));
    setTick((n) => n + 1);
  };

  return (
    <section class="card" aria-labelledby="event-messages-heading">
      <h2 id="event-messages-heading">{t('messages.title')}</h2>
      <p class="hint">{t('messages.intro')}</p>
      <ReminderPlanView event={event} />
      {action.notice && <Notice>{action.notice}</Notice>}
      <form class="form" onSubmit={preview} noValidate>
        {action.error && <ProblemAlert error={action.error} fieldsShown={[...FIELDS]} />}
        <SelectField
          id="event-message-to"
          label={t('messages.to')}
          value={to}
          onValue={(v) => {
            setTo(v);
            setPlan(null);
          }}
          error={errs.to}
          options={AUDIENCES.map((a) => ({ value: a, label: t(`messages.to.${a}` as MessageKey) }))}
        />
        <TextField
          id="event-message-subject"
          label={t('messages.subject')}
          value={subject}
          onValue={(v) => {
            setSubject(v);
            setPlan(null);
          }}
          error={errs.subject}
          required
          maxLength={200}
        />
        <TextField
          id="event-message-body"
          label={t('messages.body')}
          hint={t('messages.placeholders')}
          value={body}
          onValue={(v) => {
            setBody(v);
            setPlan(null);
          }}
          error={errs.body}
          multiline
          rows={6}
        />
        <FormActions busy={action.busy} submitLabel={t('messages.preview')} busyLabel={t('common.saving')} />
      </form>
      {plan && (
        <div class="message-plan">
          <p>
            <strong>{t('messages.recipients', { n: plan.recipients })}</strong>
          </p>
          <h3>{plan.preview.subject}</h3>
          <pre class="message-preview">{plan.preview.body}</pre>
          <ExcludedPeople excluded={plan.excluded} total={plan.excluded_total} reasons="messages.why" open />
          <div class="form-actions">
            <button type="button" class="button primary" disabled={action.busy} onClick={send}>
              {t('messages.send', { n: plan.recipients })}
            </button>
          </div>
        </div>
      )}
      <h3>{t('messages.history')}</h3>
      {history.data && history.data.items.length === 0 && <p class="hint">{t('messages.none')}</p>}
      {history.data && history.data.items.length > 0 && (
        <table class="table">
          <thead>
            <tr>
              <th>{t('messages.sentAt')}</th>
              <th>{t('messages.subject')}</th>
              <th>{t('messages.to')}</th>
              <th>{t('messages.counts')}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.items.map((m) => (
              <tr key={m.id}>
                <td>{formatDateTime(m.created_at)}</td>
                <td>{m.subject}</td>
                <td>{t(`messages.to.${m.to}` as MessageKey)}</td>
                <td>{t('messages.countsText', { recipients: m.recipients, queued: m.queued, sent: m.sent, failed: m.failed })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

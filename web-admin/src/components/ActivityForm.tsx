// "Log an activity": the quick form for a visit, a call, a meeting... with an organisation, reachable in two clicks
// from the organisation page, a contact's page, the worklist and "My work". It can add a follow-up at once.
import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { Activity, Contact, EventRecord, FollowUp, ListPage } from '../api';
import { useAction, useAsync } from '../hooks';
import { useI18n } from '../i18n';
import { addDays, nextFollowUpDue, nowInZone, occurredAt, oneLine } from '../outreach';
import { useSession } from '../session';
import { staffOptions, useActivityKinds, useStaff } from '../staff';
import { dateInZone, timeInZone, todayInZone } from '../time';
import { CheckboxField, FieldFrame, FormActions, pickFieldErrors, ProblemAlert, SelectField, TextField } from './ui';

const ACTIVITY_FIELDS = ['kind', 'occurred_at', 'contact_ids', 'event_id', 'subject', 'notes', 'user_id'] as const;
const FOLLOW_UP_FIELDS = ['title', 'due_on', 'assigned_user_id', 'contact_id'] as const;

interface Props {
  organisationId: number;
  organisationName?: string;
  /** An activity to change; a new one when absent. */
  initial?: Activity | null;
  /** People ticked from the start (the contact page's person). */
  contactIds?: number[];
  /** Offer "add a follow-up" (new activities). */
  offerFollowUp?: boolean;
  onDone: (activity: Activity, followUp: FollowUp | null) => void;
  onCancel: () => void;
}

/** The panel around the form: a card with a heading that takes the focus when it opens. */
export function ActivityPanel(props: Props) {
  const { t } = useI18n();
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const title = props.initial ? t('activity.editTitle') : t('activity.logTitle');
  return (
    <section class="card subform activity-panel" aria-labelledby="activity-form-heading">
      <h2 id="activity-form-heading" tabIndex={-1} ref={ref}>
        {title}
        {props.organisationName ? `: ${props.organisationName}` : ''}
      </h2>
      <ActivityForm {...props} />
    </section>
  );
}

export function ActivityForm({ organisationId, initial, contactIds, offerFollowUp = true, onDone, onCancel }: Props) {
  const { t } = useI18n();
  const { user } = useSession();
  const staff = useStaff();
  const kinds = useActivityKinds();
  const start = initial ? { date: dateInZone(initial.occurred_at), time: timeInZone(initial.occurred_at) } : nowInZone();
  const [kind, setKind] = useState(initial?.kind ?? 'visit');
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [people, setPeople] = useState<number[]>(initial?.contact_ids ?? contactIds ?? []);
  const [eventId, setEventId] = useState(initial?.event_id ? String(initial.event_id) : '');
  const [subject, setSubject] = useState(initial?.subject ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [officer, setOfficer] = useState(String(initial?.user_id ?? user.id));
  const [withFollowUp, setWithFollowUp] = useState(false);
  const [fuTitle, setFuTitle] = useState('');
  const [fuDue, setFuDue] = useState(nextFollowUpDue());
  const [fuAssignee, setFuAssignee] = useState(String(user.id));
  // Once the activity is saved, a failed follow-up is retried alone.
  const [saved, setSaved] = useState<Activity | null>(null);
  const action = useAction();
  const fuAction = useAction();

  const contacts = useAsync<ListPage<Contact>>(
    (signal) => api.get<ListPage<Contact>>(`/organisations/${organisationId}/contacts`, { status: 'active', limit: 200 }, signal).then((r) => r.data),
    [organisationId],
  );
  const today = todayInZone();
  const events = useAsync<ListPage<EventRecord>>(
    (signal) => api.get<ListPage<EventRecord>>('/events', { from: addDays(today, -90), to: addDays(today, 1), limit: 100 }, signal).then((r) => r.data),
    [today],
  );

  const errs = pickFieldErrors(action.error, ACTIVITY_FIELDS);
  const fuErrs = pickFieldErrors(fuAction.error, FOLLOW_UP_FIELDS);
  const when = occurredAt(date, time);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    let activity = saved;
    if (!activity) {
      const body = {
        kind,
        occurred_at: when ?? `${date}T${time}`,
        organisation_id: organisationId,
        contact_ids: people,
        event_id: eventId ? Number(eventId) : null,
        subject: oneLine(subject),
        notes,
        user_id: Number(officer),
      };
      const r = await action.run(() => (initial ? api.patch<Activity>(`/activities/${initial.id}`, body) : api.post<Activity>('/activities', body)));
      if (!r) return;
      activity = r.data;
      setSaved(activity);
    }
    let followUp: FollowUp | null = null;
    if (withFollowUp && !initial) {
      const r = await fuAction.run(() =>
        api.post<FollowUp>('/follow-ups', {
          organisation_id: organisationId,
          activity_id: activity.id,
          contact_id: people.length === 1 ? people[0] : null,
          title: oneLine(fuTitle),
          due_on: fuDue,
          assigned_user_id: Number(fuAssignee),
        }),
      );
      if (!r) return;
      followUp = r.data;
    }
    onDone(activity, followUp);
  };

  const toggle = (id: number, on: boolean) => setPeople((old) => (on ? [...old, id] : old.filter((x) => x !== id)));
  const eventOptions = (events.data?.items ?? [])
    .filter((ev) => ev.status !== 'cancelled')
    .sort((a, b) => b.starts_at.localeCompare(a.starts_at))
    .map((ev) => ({ value: String(ev.id), label: `${ev.title} (${dateInZone(ev.starts_at)})` }));
  if (initial?.event_id && !eventOptions.some((o) => o.value === String(initial.event_id))) {
    eventOptions.unshift({ value: String(initial.event_id), label: t('activity.eventNumber', { id: initial.event_id }) });
  }

  return (
    <form class="form activity-form" onSubmit={submit} noValidate>
      {action.error && <ProblemAlert error={action.error} fieldsShown={[...ACTIVITY_FIELDS]} />}
      {saved && !initial && <p class="notice-inline">{t('activity.savedFollowUpFailed')}</p>}
      <fieldset disabled={!!saved}>
        <legend class="visually-hidden">{t('activity.what')}</legend>
        <div class="filter-row">
          <SelectField
            id="activity-kind"
            label={t('activity.kind')}
            value={kind}
            onValue={setKind}
            error={errs.kind}
            required
            options={kinds.map((k) => ({ value: k.code, label: k.label }))}
          />
          <FieldFrame id="activity-date" label={t('activity.date')} error={errs.occurred_at} required>
            <input
              id="activity-date"
              type="date"
              value={date}
              max={addDays(today, 1)}
              required
              aria-invalid={errs.occurred_at ? 'true' : undefined}
              aria-describedby={errs.occurred_at ? 'activity-date-error' : undefined}
              onInput={(e) => setDate(e.currentTarget.value)}
            />
          </FieldFrame>
          <FieldFrame id="activity-time" label={t('activity.time')}>
            <input id="activity-time" type="time" value={time} onInput={(e) => setTime(e.currentTarget.value)} />
          </FieldFrame>
        </div>
        <TextField
          id="activity-subject"
          label={t('activity.subject')}
          hint={t('activity.subjectHint')}
          value={subject}
          onValue={(v) => setSubject(v.replace(/[\r\n]+/g, ' '))}
          error={errs.subject}
          required
          maxLength={200}
        />
        <fieldset class={errs.contact_ids ? 'people has-error' : 'people'} aria-describedby={errs.contact_ids ? 'activity-people-error' : undefined}>
          <legend>{t('activity.people')}</legend>
          {contacts.data && contacts.data.items.length === 0 && <p class="hint">{t('activity.noPeople')}</p>}
          {contacts.data?.items.map((c) => (
            <CheckboxField key={c.id} id={`activity-person-${c.id}`} label={c.name} checked={people.includes(c.id)} onChecked={(on) => toggle(c.id, on)} />
          ))}
          {errs.contact_ids && (
            <p class="field-error" id="activity-people-error">
              {errs.contact_ids}
            </p>
          )}
        </fieldset>
        <SelectField
          id="activity-event"
          label={t('activity.event')}
          hint={t('activity.eventHint')}
          value={eventId}
          onValue={setEventId}
          error={errs.event_id}
          placeholder={t('activity.noEvent')}
          options={eventOptions}
        />
        {staff.members.length > 1 && (
          <SelectField
            id="activity-officer"
            label={t('activity.officer')}
            value={officer}
            onValue={setOfficer}
            error={errs.user_id}
            options={staffOptions(staff, user.id, initial?.user_id)}
          />
        )}
        <TextField
          id="activity-notes"
          label={t('activity.notes')}
          hint={t('activity.notesHint')}
          value={notes}
          onValue={setNotes}
          error={errs.notes}
          multiline
          rows={4}
          maxLength={10000}
        />
      </fieldset>
      {offerFollowUp && !initial && (
        <CheckboxField id="activity-with-follow-up" label={t('activity.addFollowUp')} checked={withFollowUp} onChecked={setWithFollowUp} />
      )}
      {withFollowUp && !initial && (
        <div class="subform" role="group" aria-labelledby="activity-follow-up-heading">
          <h3 id="activity-follow-up-heading">{t('followUp.newTitle')}</h3>
          {fuAction.error && <ProblemAlert error={fuAction.error} fieldsShown={[...FOLLOW_UP_FIELDS]} />}
          <TextField id="activity-fu-title" label={t('followUp.title')} value={fuTitle} onValue={setFuTitle} error={fuErrs.title} required maxLength={200} />
          <div class="filter-row">
            <FieldFrame id="activity-fu-due" label={t('followUp.dueOn')} error={fuErrs.due_on} required>
              <input
                id="activity-fu-due"
                type="date"
                value={fuDue}
                required
                aria-invalid={fuErrs.due_on ? 'true' : undefined}
                aria-describedby={fuErrs.due_on ? 'activity-fu-due-error' : undefined}
                onInput={(e) => setFuDue(e.currentTarget.value)}
              />
            </FieldFrame>
            <SelectField
              id="activity-fu-assignee"
              label={t('followUp.assignee')}
              value={fuAssignee}
              onValue={setFuAssignee}
              error={fuErrs.assigned_user_id}
              options={staffOptions(staff, user.id)}
            />
          </div>
        </div>
      )}
      <FormActions
        busy={action.busy || fuAction.busy}
        submitLabel={initial ? t('common.save') : t('activity.save')}
        busyLabel={t('common.saving')}
        onCancel={onCancel}
      />
    </form>
  );
}

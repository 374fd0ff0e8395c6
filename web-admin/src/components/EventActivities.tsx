// After an event: one activity for every organisation whose people attended, naming them (bulk logging).
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { EventActivities, EventRecord } from '../api';
import { useAction } from '../hooks';
import { useI18n } from '../i18n';
import { occurredAt, oneLine } from '../outreach';
import { useActivityKinds } from '../staff';
import { dateInZone, timeInZone } from '../time';
import { FieldFrame, FormActions, Notice, pickFieldErrors, ProblemAlert, SelectField, TextField } from './ui';

const FIELDS = ['kind', 'subject', 'notes', 'occurred_at'] as const;

export function EventActivitiesCard({ event }: { event: EventRecord }) {
  const { t } = useI18n();
  const kinds = useActivityKinds();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState('meeting');
  const [subject, setSubject] = useState(event.title.slice(0, 200));
  const [notes, setNotes] = useState('');
  const [date, setDate] = useState(dateInZone(event.starts_at));
  const [time, setTime] = useState(timeInZone(event.starts_at));
  const action = useAction();
  const errs = pickFieldErrors(action.error, FIELDS);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    const r = await action.run(() =>
      api.post<EventActivities>(`/events/${event.id}/activities`, { kind, subject: oneLine(subject), notes, occurred_at: occurredAt(date, time) ?? undefined }),
    );
    if (!r) return;
    setOpen(false);
    const d = r.data;
    const parts = [d.created === 1 ? t('eventActivities.doneOne') : t('eventActivities.done', { n: d.created })];
    if (d.skipped_already_logged > 0) parts.push(t('eventActivities.skippedLogged', { n: d.skipped_already_logged }));
    if (d.skipped_outside_districts > 0) parts.push(t('eventActivities.skippedDistricts', { n: d.skipped_outside_districts }));
    action.setNotice(parts.join(' '));
  };

  return (
    <section class="card" aria-labelledby="event-activities-heading">
      <h2 id="event-activities-heading">{t('eventActivities.title')}</h2>
      <p class="hint">{t('eventActivities.intro')}</p>
      {action.notice && <Notice>{action.notice}</Notice>}
      {!open && (
        <div class="form-actions">
          <button
            type="button"
            class="button primary"
            onClick={() => {
              action.setNotice(null);
              setOpen(true);
            }}
          >
            {t('eventActivities.open')}
          </button>
        </div>
      )}
      {open && (
        <form class="form" onSubmit={submit} noValidate>
          {action.error && <ProblemAlert error={action.error} fieldsShown={[...FIELDS]} />}
          <div class="filter-row">
            <SelectField
              id="event-activity-kind"
              label={t('activity.kind')}
              value={kind}
              onValue={setKind}
              error={errs.kind}
              options={kinds.map((k) => ({ value: k.code, label: k.label }))}
            />
            <FieldFrame id="event-activity-date" label={t('activity.date')} error={errs.occurred_at}>
              <input id="event-activity-date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
            </FieldFrame>
            <FieldFrame id="event-activity-time" label={t('activity.time')}>
              <input id="event-activity-time" type="time" value={time} onInput={(e) => setTime(e.currentTarget.value)} />
            </FieldFrame>
          </div>
          <TextField
            id="event-activity-subject"
            label={t('activity.subject')}
            value={subject}
            onValue={setSubject}
            error={errs.subject}
            required
            maxLength={200}
          />
          <TextField
            id="event-activity-notes"
            label={t('activity.notes')}
            hint={t('activity.notesHint')}
            value={notes}
            onValue={setNotes}
            error={errs.notes}
            multiline
            rows={3}
          />
          <FormActions busy={action.busy} submitLabel={t('eventActivities.submit')} busyLabel={t('common.saving')} onCancel={() => setOpen(false)} />
        </form>
      )}
    </section>
  );
}

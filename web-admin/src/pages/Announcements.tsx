// Announcements to a segment of the network (issue 15 point 4): pick organisation kinds, police districts and
// regions (and optionally the event it is about), write subject and body with placeholders, see how many,
// a sample and everyone left out with the reason, then send; below, what was sent, by whom, to how many.
import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { AnnouncementList, AnnouncementPlan, EventRecord, ListPage } from '../api';
import { FormActions, Loading, Notice, PageHeading, pickFieldErrors, ProblemAlert, SelectField, TextField } from '../components/ui';
import { useAction, useAsync, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { ExcludedPeople } from '../components/ExcludedPeople';
import { byName, useReference } from '../reference';
import { todayInZone } from '../time';

const FIELDS = ['subject', 'body', 'organisations', 'event_id'] as const;

interface Choice {
  value: string;
  label: string;
}

/** A group of checkboxes: the values ticked. */
function CheckList({
  id,
  legend,
  choices,
  chosen,
  onChosen,
}: {
  id: string;
  legend: string;
  choices: Choice[];
  chosen: string[];
  onChosen: (v: string[]) => void;
}) {
  return (
    <fieldset class="check-list" id={id}>
      <legend>{legend}</legend>
      {choices.map((c) => (
        <label key={c.value} class="checkbox">
          <input
            type="checkbox"
            checked={chosen.includes(c.value)}
            onChange={(e) => {
              const on = (e.target as HTMLInputElement).checked;
              onChosen(on ? [...chosen, c.value] : chosen.filter((v) => v !== c.value));
            }}
          />{' '}
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}

export function AnnouncementsPage() {
  const i18n = useI18n();
  const { t, lang, refName, formatDateTime } = i18n;
  useTitle(t('announce.title'));
  const { ref, error: refError } = useReference();
  const [tick, setTick] = useState(0);
  const history = useAsync<AnnouncementList>((signal) => api.get<AnnouncementList>('/messages', { limit: 50 }, signal).then((r) => r.data), [tick]);
  const events = useAsync<ListPage<EventRecord>>(
    (signal) => api.get<ListPage<EventRecord>>('/events', { from: todayInZone(), status: 'published', limit: 100 }, signal).then((r) => r.data),
    [],
  );
  const [kinds, setKinds] = useState<string[]>([]);
  const [districts, setDistricts] = useState<string[]>([]);
  const [regions, setRegions] = useState<string[]>([]);
  const [eventId, setEventId] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [plan, setPlan] = useState<AnnouncementPlan | null>(null);
  const action = useAction();
  const errs = pickFieldErrors(action.error, FIELDS);
  const changed =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPlan(null);
    };
  const draft = () => ({
    subject,
    body,
    organisations: { kind: kinds, police_district_id: districts.map(Number), region_id: regions.map(Number) },
    event_id: eventId ? Number(eventId) : null,
  });

  const preview = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setPlan(null);
    const r = await action.run(() => api.post<AnnouncementPlan>('/messages', { ...draft(), dry_run: true }));
    if (r) setPlan(r.data);
  };
  const send = async () => {
    const r = await action.run(() => api.post<{ id: number; recipients: number }>('/messages', draft()));
    if (!r) return;
    setPlan(null);
    setSubject('');
    setBody('');
    action.setNotice(t('announce.queued', { n: r.data.recipients }));
    setTick((n) => n + 1);
  };

  const segmentText = (a: AnnouncementList['items'][number]) => {
    const parts: string[] = [];
    if (ref) {
      parts.push(...a.organisations.kind.map((k) => (ref.kindByCode.get(k) ? refName(ref.kindByCode.get(k)!) : k)));
      parts.push(...a.organisations.police_district_id.map((d) => (ref.districtById.get(d) ? refName(ref.districtById.get(d)!) : String(d))));
      parts.push(...a.organisations.region_id.map((r) => (ref.regionById.get(r) ? refName(ref.regionById.get(r)!) : String(r))));
    }
    return parts.length ? parts.join(', ') : t('announce.everyone');
  };

  return (
    <section aria-labelledby="announce-heading">
      <div class="page-head">
        <PageHeading id="announce-heading">{t('announce.title')}</PageHeading>
      </div>
      <p>{t('announce.intro')}</p>
      {refError && <ProblemAlert error={refError} />}
      {action.notice && <Notice>{action.notice}</Notice>}
      {!ref ? (
        <Loading />
      ) : (
        <form class="form card" onSubmit={preview} noValidate aria-labelledby="announce-form-heading">
          <h2 id="announce-form-heading">{t('announce.new')}</h2>
          {action.error && <ProblemAlert error={action.error} fieldsShown={[...FIELDS]} />}
          <p class="hint">{t('announce.segmentHint')}</p>
          <CheckList
            id="announce-kinds"
            legend={t('announce.kinds')}
            choices={byName(ref.kinds, lang).map((k) => ({ value: k.code, label: refName(k) }))}
            chosen={kinds}
            onChosen={changed(setKinds)}
          />
          <CheckList
            id="announce-districts"
            legend={t('announce.districts')}
            choices={byName(ref.districts, lang).map((d) => ({ value: String(d.id), label: refName(d) }))}
            chosen={districts}
            onChosen={changed(setDistricts)}
          />
          <CheckList
            id="announce-regions"
            legend={t('announce.regions')}
            choices={byName(ref.regions, lang).map((r) => ({ value: String(r.id), label: refName(r) }))}
            chosen={regions}
            onChosen={changed(setRegions)}
          />
          {errs.organisations && (
            <p class="field-error" role="alert">
              {errs.organisations}
            </p>
          )}
          <SelectField
            id="announce-event"
            label={t('announce.event')}
            value={eventId}
            onValue={changed(setEventId)}
            placeholder={t('announce.noEvent')}
            error={errs.event_id}
            options={(events.data?.items ?? []).map((e) => ({ value: String(e.id), label: `${e.title} (${formatDateTime(e.starts_at)})` }))}
          />
          <TextField
            id="announce-subject"
            label={t('messages.subject')}
            value={subject}
            onValue={changed(setSubject)}
            error={errs.subject}
            required
            maxLength={200}
          />
          <TextField
            id="announce-body"
            label={t('messages.body')}
            hint={eventId ? t('messages.placeholders') : t('announce.placeholders')}
            value={body}
            onValue={changed(setBody)}
            error={errs.body}
            multiline
            rows={8}
          />
          <FormActions busy={action.busy} submitLabel={t('messages.preview')} busyLabel={t('common.saving')} />
        </form>
      )}
      {plan && (
        <div class="message-plan card" aria-labelledby="announce-plan-heading">
          <h2 id="announce-plan-heading">{t('messages.recipients', { n: plan.recipients })}</h2>
          <h3>{plan.preview.subject}</h3>
          <pre class="message-preview">{plan.preview.body}</pre>
          <h3>{t('announce.sample', { n: plan.sample.length })}</h3>
          <ul>
            {plan.sample.map((s) => (
              <li key={s.contact_id}>
                {s.name} ({s.organisation})
              </li>
            ))}
          </ul>
          <ExcludedPeople excluded={plan.excluded} total={plan.excluded_total} reasons="announce.why" />
          <div class="form-actions">
            <button type="button" class="button primary" disabled={action.busy} onClick={send}>
              {t('messages.send', { n: plan.recipients })}
            </button>
          </div>
        </div>
      )}
      <h2>{t('announce.history')}</h2>
      {history.data && history.data.items.length === 0 && <p class="hint">{t('announce.none')}</p>}
      {history.data && history.data.items.length > 0 && (
        <table class="table">
          <caption class="visually-hidden">{t('announce.history')}</caption>
          <thead>
            <tr>
              <th>{t('messages.sentAt')}</th>
              <th>{t('messages.subject')}</th>
              <th>{t('announce.segment')}</th>
              <th>{t('announce.sender')}</th>
              <th>{t('messages.counts')}</th>
            </tr>
          </thead>
          <tbody>
            {history.data.items.map((a) => (
              <tr key={a.id}>
                <td>{formatDateTime(a.created_at)}</td>
                <td>{a.subject}</td>
                <td>{segmentText(a)}</td>
                <td>{a.created_by_name || t('common.none')}</td>
                <td>{t('messages.countsText', { recipients: a.recipients, queued: a.queued, sent: a.sent, failed: a.failed })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

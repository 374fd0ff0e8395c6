// The texts of the automatic mail (issue 15 point 5): an administrator picks one of the five templates, edits
// its Danish and English subject and body, sees the placeholders it may use and a live preview filled in
// for a real registration (picked from an event's registrations), then saves.
import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, request } from '../api';
import type { EventRecord, ListPage, MessageTemplate, MessageTemplateList, MessageTemplatePreview, Registration } from '../api';
import { FormActions, Loading, Notice, PageHeading, pickFieldErrors, ProblemAlert, SelectField, TextField } from '../components/ui';
import { toApiError, useAction, useAsync, useTitle } from '../hooks';
import type { ApiError } from '../api';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { todayInZone } from '../time';

const FIELDS = ['subject_da', 'body_da', 'subject_en', 'body_en'] as const;
type Texts = Record<(typeof FIELDS)[number], string>;

function textsOf(t: MessageTemplate): Texts {
  return { subject_da: t.subject_da, body_da: t.body_da, subject_en: t.subject_en, body_en: t.body_en };
}

export function MessageTemplatesPage() {
  const { t, formatDateTime } = useI18n();
  useTitle(t('templates.title'));
  const [tick, setTick] = useState(0);
  const list = useAsync<MessageTemplateList>((signal) => api.get<MessageTemplateList>('/message-templates', undefined, signal).then((r) => r.data), [tick]);
  const [code, setCode] = useState('invitation');
  const [texts, setTexts] = useState<Texts | null>(null);
  const current = list.data?.items.find((x) => x.code === code) ?? null;
  useEffect(() => {
    if (current) setTexts(textsOf(current));
  }, [current?.code, current?.updated_at, list.data]);

  // The registration the preview is filled in for: an event, then one of its registrations.
  const events = useAsync<ListPage<EventRecord>>(
    (signal) => api.get<ListPage<EventRecord>>('/events', { from: todayInZone(), limit: 100 }, signal).then((r) => r.data),
    [],
  );
  const [eventId, setEventId] = useState('');
  const registrations = useAsync<ListPage<Registration> | null>(
    (signal) =>
      eventId ? api.get<ListPage<Registration>>(`/events/${eventId}/registrations`, { limit: 200 }, signal).then((r) => r.data) : Promise.resolve(null),
    [eventId],
  );
  const [registrationId, setRegistrationId] = useState('');
  const [preview, setPreview] = useState<MessageTemplatePreview | null>(null);
  const [previewError, setPreviewError] = useState<ApiError | null>(null);
  // Live: the draft as it stands, a moment after the last keystroke.
  useEffect(() => {
    setPreview(null);
    setPreviewError(null);
    if (!texts || !registrationId) return;
    let stale = false;
    const timer = setTimeout(() => {
      request<MessageTemplatePreview>('POST', `/message-templates/${code}/preview`, { body: { registration_id: Number(registrationId), ...texts } }).then(
        (r) => !stale && setPreview(r.data),
        (e) => !stale && setPreviewError(toApiError(e)),
      );
    }, 300);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [code, registrationId, texts && JSON.stringify(texts)]);

  const action = useAction();
  const errs = pickFieldErrors(action.error, FIELDS);
  const save = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!texts) return;
    const r = await action.run(() => request<MessageTemplate>('PUT', `/message-templates/${code}`, { body: texts }));
    if (!r) return;
    action.setNotice(t('templates.saved', { name: t(`templates.code.${code}` as MessageKey) }));
    setTick((n) => n + 1);
  };
  const field = (name: (typeof FIELDS)[number]) => (v: string) => {
    if (texts) setTexts({ ...texts, [name]: v });
    action.setNotice(null);
  };

  return (
    <section aria-labelledby="templates-heading">
      <div class="page-head">
        <PageHeading id="templates-heading">{t('templates.title')}</PageHeading>
      </div>
      <p>{t('templates.intro')}</p>
      {list.error && <ProblemAlert error={list.error} />}
      {action.notice && <Notice>{action.notice}</Notice>}
      {!list.data || !texts || !current ? (
        <Loading />
      ) : (
        <>
          <SelectField
            id="template-code"
            label={t('templates.pick')}
            value={code}
            onValue={(v) => {
              setCode(v);
              action.setError(null);
              action.setNotice(null);
            }}
            options={list.data.items.map((x) => ({
              value: x.code,
              label: `${t(`templates.code.${x.code}` as MessageKey)}${x.customised ? '' : ` (${t('templates.default')})`}`,
            }))}
          />
          <form class="form card" onSubmit={save} noValidate aria-labelledby="template-form-heading">
            <h2 id="template-form-heading">{t(`templates.code.${code}` as MessageKey)}</h2>
            <p class="hint">
              {current.customised && current.updated_at ? t('templates.changed', { time: formatDateTime(current.updated_at) }) : t('templates.isDefault')}
            </p>
            <p class="hint" id="template-placeholders">
              {t('templates.placeholders')} {current.placeholders.map((p) => `{{${p}}}`).join(', ')}
            </p>
            {action.error && <ProblemAlert error={action.error} fieldsShown={[...FIELDS]} />}
            {(['da', 'en'] as const).map((lang) => {
              const subject = `subject_${lang}` as const;
              const body = `body_${lang}` as const;
              return (
                <fieldset key={lang}>
                  <legend>{t(lang === 'da' ? 'templates.danish' : 'templates.english')}</legend>
                  <TextField
                    id={`template-subject-${lang}`}
                    label={t('messages.subject')}
                    value={texts[subject]}
                    onValue={field(subject)}
                    error={errs[subject]}
                    required
                    maxLength={200}
                  />
                  <TextField
                    id={`template-body-${lang}`}
                    label={t('messages.body')}
                    value={texts[body]}
                    onValue={field(body)}
                    error={errs[body]}
                    multiline
                    rows={10}
                    required
                  />
                </fieldset>
              );
            })}
            <FormActions busy={action.busy} submitLabel={t('common.save')} busyLabel={t('common.saving')} />
          </form>
          <div class="card" aria-labelledby="template-preview-heading">
            <h2 id="template-preview-heading">{t('templates.preview')}</h2>
            <p class="hint">{t('templates.previewHint')}</p>
            <SelectField
              id="template-event"
              label={t('templates.event')}
              value={eventId}
              onValue={(v) => {
                setEventId(v);
                setRegistrationId('');
              }}
              placeholder={t('templates.noEvent')}
              options={(events.data?.items ?? []).map((e) => ({ value: String(e.id), label: `${e.title} (${formatDateTime(e.starts_at)})` }))}
            />
            {eventId && (
              <SelectField
                id="template-registration"
                label={t('templates.registration')}
                value={registrationId}
                onValue={setRegistrationId}
                placeholder={t('templates.noRegistration')}
                options={(registrations.data?.items ?? []).map((r) => ({ value: String(r.id), label: `${r.contact_name} (${r.organisation_name})` }))}
              />
            )}
            {previewError && <ProblemAlert error={previewError} />}
            {preview && (
              <div class="message-plan" aria-live="polite">
                <p class="hint">{t('templates.previewLanguage', { lang: t(`templates.lang.${preview.language}` as MessageKey) })}</p>
                <h3>{preview.subject}</h3>
                <pre class="message-preview">{preview.body}</pre>
              </div>
            )}
          </div>
        </>
      )}
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api, PAGE_SIZE } from '../api';
import type { EventRecord, OutboxItem, OutboxPage as OutboxList, OutboxStatus } from '../api';
import { countText, FilterForm, ResultsTable } from '../components/ResultsTable';
import { Notice, PageHeading, ProblemAlert, SelectField } from '../components/ui';
import { useAction, useList, useTitle } from '../hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { can, useSession } from '../session';

const STATUSES: string[] = ['queued', 'sending', 'sent', 'failed', 'superseded', 'skipped'] satisfies OutboxStatus[];

// Event titles by id (the outbox only carries event_id); cleared with the page.
function useEventTitles(ids: number[]): Map<number, string> {
  const [titles, setTitles] = useState<Map<number, string>>(new Map());
  const key = [...new Set(ids)].sort((a, b) => a - b).join(',');
  useEffect(() => {
    const ctl = new AbortController();
    const wanted = key ? key.split(',').map(Number) : [];
    Promise.all(
      wanted.map((id) =>
        api.get<EventRecord>(`/events/${id}`, undefined, ctl.signal).then(
          (r) => [id, r.data.title] as const,
          () => [id, null] as const,
        ),
      ),
    ).then((pairs) => {
      if (ctl.signal.aborted) return;
      const m = new Map<number, string>();
      for (const [id, title] of pairs) if (title) m.set(id, title);
      setTitles(m);
    });
    return () => ctl.abort();
  }, [key]);
  return titles;
}

/** Officers and admins: the invitation emails and how their delivery went. */
export function OutboxPage() {
  const { t, formatDateTime } = useI18n();
  useTitle(t('outbox.title'));
  const { user } = useSession();
  // A failed message sent again: the page is loaded again to show it queued.
  const [tick, setTick] = useState(0);
  const resend = useAction();
  const { params, list, update, table } = useList({
    path: '/outbox',
    defaults: { status: '' },
    valid: { status: (s) => STATUSES.includes(s) },
    key: String(tick),
    load: (p, o, signal) => api.get<OutboxList>('/outbox', { ...p, limit: PAGE_SIZE, offset: o }, signal).then((r) => r.data),
  });
  const data = list.data;
  const titles = useEventTitles(data?.items.flatMap((m) => (m.event_id === null ? [] : [m.event_id])) ?? []);
  const sendAgain = async (m: OutboxItem) => {
    const r = await resend.run(() => api.post<OutboxItem>(`/outbox/${m.id}/resend`, {}));
    if (!r) return;
    resend.setNotice(t('outbox.resent', { recipient: m.recipient ?? t('outbox.contactN', { id: m.contact_id ?? '' }) }));
    setTick((n) => n + 1);
  };

  const reasonText = (m: OutboxItem) => {
    const key = `outbox.reason.${m.reason}` as MessageKey;
    const text = t(key);
    return text === key ? m.reason : text;
  };
  const statusText = (s: string) => {
    const key = `outbox.status.${s}` as MessageKey;
    const text = t(key);
    return text === key ? s : text;
  };

  return (
    <section aria-labelledby="outbox-heading">
      <div class="page-head">
        <PageHeading id="outbox-heading">{t('outbox.title')}</PageHeading>
      </div>
      <p>{t('outbox.intro')}</p>
      {data && !data.relay_configured && (
        <div class="notice warning" role="note">
          {t('outbox.noRelay')}
        </div>
      )}

      {resend.notice && <Notice>{resend.notice}</Notice>}
      {resend.error && <ProblemAlert error={resend.error} />}

      <FilterForm label={t('outbox.filters')}>
        <div class="filter-row">
          <SelectField
            id="outbox-filter-status"
            label={t('outbox.statusFilter')}
            value={params.status}
            onValue={(v) => update({ status: v })}
            placeholder={t('common.all')}
            options={STATUSES.map((s) => ({ value: s, label: statusText(s) }))}
          />
        </div>
      </FilterForm>

      <ResultsTable
        {...table}
        name="outbox"
        download={{ path: '/outbox', query: params }}
        texts={{ caption: t('outbox.title'), empty: t('outbox.empty'), count: countText(t, 'outbox.countOne', 'outbox.count') }}
        columns={[
          { label: t('outbox.created'), cell: (m) => formatDateTime(m.created_at) },
          {
            label: t('outbox.event'),
            cell: (m) =>
              m.event_id === null ? (
                t('common.none')
              ) : (
                <Link href={`/events/${m.event_id}`}>{titles.get(m.event_id) ?? t('outbox.eventN', { id: m.event_id })}</Link>
              ),
          },
          {
            label: t('outbox.recipient'),
            cell: (m) =>
              m.contact_id !== null ? (
                <Link href={`/contacts/${m.contact_id}`}>{m.recipient ?? t('outbox.contactN', { id: m.contact_id })}</Link>
              ) : (
                (m.recipient ?? t('outbox.userN', { id: m.user_id ?? '' }))
              ),
          },
          { label: t('outbox.reason'), cell: reasonText },
          {
            label: t('common.status'),
            cell: (m) => (
              <>
                <span class={`badge badge-outbox-${m.status}`}>{statusText(m.status)}</span>
                {m.sent_at && <span class="block">{t('outbox.sentAt', { time: formatDateTime(m.sent_at) })}</span>}
                {(m.status === 'queued' || m.status === 'failed') && m.attempts > 0 && (
                  <span class="block">{t('outbox.nextAttempt', { time: formatDateTime(m.next_attempt_at) })}</span>
                )}
              </>
            ),
          },
          { label: t('outbox.attempts'), cell: (m) => m.attempts },
          {
            label: t('outbox.detail'),
            class: 'outbox-error',
            cell: (m) => (
              <>
                {m.last_error ?? t('common.none')}
                {m.status === 'failed' && can.resendOutbox(user) && (
                  <button
                    type="button"
                    class="button small block"
                    disabled={resend.busy}
                    onClick={() => sendAgain(m)}
                    aria-label={t('outbox.resendFor', { id: m.id })}
                  >
                    {t('outbox.resend')}
                  </button>
                )}
              </>
            ),
          },
        ]}
      />
    </section>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api, PAGE_SIZE } from '../api';
import type { EventRecord, OutboxItem, OutboxPage as OutboxList, OutboxStatus } from '../api';
import { Empty, Loading, PageHeading, Pager, ProblemAlert, SelectField } from '../components/ui';
import { useAsync, useTitle } from '../hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { intParam, Link, navigate, useLocation, withQuery } from '../router';

const STATUSES: OutboxStatus[] = ['queued', 'sending', 'sent', 'failed', 'superseded', 'skipped'];

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
  const loc = useLocation();
  const status = STATUSES.includes(loc.query.get('status') as OutboxStatus) ? (loc.query.get('status') as string) : '';
  const offset = intParam(loc.query.get('offset'));
  const update = (next: { status?: string; offset?: number }) => {
    const s = next.status ?? status;
    navigate(withQuery('/outbox', { status: s, offset: next.offset || '' }), { replace: true });
  };

  const list = useAsync<OutboxList>(
    (signal) => api.get<OutboxList>('/outbox', { status, limit: PAGE_SIZE, offset }, signal).then((r) => r.data),
    [status, offset],
  );
  const data = list.data;
  const titles = useEventTitles(data?.items.map((m) => m.event_id) ?? []);

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

      <form role="search" aria-label={t('outbox.filters')} class="filters" onSubmit={(e) => e.preventDefault()}>
        <div class="filter-row">
          <SelectField
            id="outbox-filter-status"
            label={t('outbox.statusFilter')}
            value={status}
            onValue={(v) => update({ status: v, offset: 0 })}
            placeholder={t('common.all')}
            options={STATUSES.map((s) => ({ value: s, label: statusText(s) }))}
          />
        </div>
      </form>

      <div class="results" aria-busy={list.loading ? 'true' : 'false'}>
        <p class="result-count" aria-live="polite">
          {data && !list.loading ? (data.total === 1 ? t('outbox.countOne') : t('outbox.count', { total: data.total })) : ''}
        </p>
        {list.loading && <Loading />}
        {list.error && <ProblemAlert error={list.error} />}
        {!list.loading && data && data.items.length === 0 && <Empty>{t('outbox.empty')}</Empty>}
        {!list.loading && data && data.items.length > 0 && (
          <>
            <div class="table-wrap">
              <table class="list outbox">
                <caption class="visually-hidden">{t('outbox.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('outbox.created')}</th>
                    <th scope="col">{t('outbox.event')}</th>
                    <th scope="col">{t('outbox.recipient')}</th>
                    <th scope="col">{t('outbox.reason')}</th>
                    <th scope="col">{t('common.status')}</th>
                    <th scope="col">{t('outbox.attempts')}</th>
                    <th scope="col">{t('outbox.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((m) => (
                    <tr key={m.id}>
                      <td data-label={t('outbox.created')}>{formatDateTime(m.created_at)}</td>
                      <td data-label={t('outbox.event')}>
                        <Link href={`/events/${m.event_id}`}>{titles.get(m.event_id) ?? t('outbox.eventN', { id: m.event_id })}</Link>
                      </td>
                      <td data-label={t('outbox.recipient')}>
                        <Link href={`/contacts/${m.contact_id}`}>{m.recipient ?? t('outbox.contactN', { id: m.contact_id })}</Link>
                      </td>
                      <td data-label={t('outbox.reason')}>{reasonText(m)}</td>
                      <td data-label={t('common.status')}>
                        <span class={`badge badge-outbox-${m.status}`}>{statusText(m.status)}</span>
                        {m.sent_at && <span class="block">{t('outbox.sentAt', { time: formatDateTime(m.sent_at) })}</span>}
                        {(m.status === 'queued' || m.status === 'failed') && m.attempts > 0 && (
                          <span class="block">{t('outbox.nextAttempt', { time: formatDateTime(m.next_attempt_at) })}</span>
                        )}
                      </td>
                      <td data-label={t('outbox.attempts')}>{m.attempts}</td>
                      <td data-label={t('outbox.detail')} class="outbox-error">
                        {m.last_error ?? t('common.none')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={data.total} limit={data.limit || PAGE_SIZE} offset={data.offset ?? offset} onOffset={(o) => update({ offset: o })} />
          </>
        )}
      </div>
    </section>
  );
}

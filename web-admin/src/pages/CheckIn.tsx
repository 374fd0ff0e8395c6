import { useState } from 'preact/hooks';
import { api, request } from '../api';
import type { EventRecord, ListPage, Registration } from '../api';
import { Empty, Loading, Notice, PageHeading, ProblemAlert } from '../components/ui';
import { useAction, useAsync, useTitle } from '../hooks';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { timeInZone } from '../time';
import { NotFound } from './Errors';

interface Loaded {
  event: EventRecord;
  people: Registration[];
}

async function load(id: number, signal: AbortSignal): Promise<Loaded> {
  const event = (await api.get<EventRecord>(`/events/${id}`, undefined, signal)).data;
  const people: Registration[] = [];
  for (const status of ['confirmed', 'attended']) {
    for (let offset = 0; ; offset += 200) {
      const page = (await api.get<ListPage<Registration>>(`/events/${id}/registrations`, { status, limit: 200, offset }, signal)).data;
      people.push(...page.items);
      if (page.items.length === 0 || offset + 200 >= page.total) break;
    }
  }
  const coll = new Intl.Collator('da');
  people.sort((a, b) => coll.compare(a.contact_name, b.contact_name));
  return { event, people };
}

/** At the door, on a phone: one big button per confirmed person; checked-in people show the time they came. */
export function CheckInPage({ id }: { id: number }) {
  const { t } = useI18n();
  const res = useAsync<Loaded>((signal) => load(id, signal), [id]);
  const [busyId, setBusyId] = useState<number | null>(null);
  const { error, notice, setNotice, run } = useAction();
  const title = res.data ? t('checkin.title', { title: res.data.event.title }) : t('event.checkIn');
  useTitle(title);

  if (res.loading && !res.data) return <Loading />;
  if (res.error && !res.data) return res.error.status === 404 ? <NotFound /> : <ProblemAlert error={res.error} />;
  if (!res.data) return <NotFound />;
  const { event, people } = res.data;
  const attended = people.filter((p) => p.status === 'attended').length;

  const checkIn = async (r: Registration) => {
    setBusyId(r.id);
    const done = await run(() => api.post<Registration>(`/registrations/${r.id}/check-in`).then((x) => x.data));
    setBusyId(null);
    if (!done) return;
    res.setData({ event, people: people.map((p) => (p.id === done.id ? done : p)) });
    setNotice(t('checkin.done', { name: done.contact_name }));
  };

  // A check-in made by mistake: confirmed again (or a no-show once the event has been closed: then off the list).
  const undo = async (r: Registration) => {
    setBusyId(r.id);
    const done = await run(() => request<Registration>('DELETE', `/registrations/${r.id}/check-in`).then((x) => x.data));
    setBusyId(null);
    if (!done) return;
    const kept = people.flatMap((p) => (p.id !== done.id ? [p] : done.status === 'confirmed' ? [done] : []));
    res.setData({ event, people: kept });
    setNotice(t('checkin.undone', { name: done.contact_name }));
  };

  return (
    <section aria-labelledby="checkin-heading" class="checkin">
      <p class="breadcrumb">
        <Link href={`/events/${event.id}`}>{t('checkin.back')}</Link>
      </p>
      <PageHeading id="checkin-heading">{title}</PageHeading>
      <p>{t('checkin.intro')}</p>
      <p class="checkin-count">{t('checkin.count', { attended, total: people.length })}</p>
      {notice && <Notice>{notice}</Notice>}
      {error && <ProblemAlert error={error} />}
      {people.length === 0 ? (
        <Empty>{t('checkin.empty')}</Empty>
      ) : (
        <ul class="checkin-list">
          {people.map((p) => (
            <li key={p.id}>
              {p.status === 'attended' ? (
                <div class="checkin-done">
                  <span class="checkin-name">{p.contact_name}</span>
                  <span class="checkin-org">{p.organisation_name}</span>
                  <span class="badge badge-reg-attended">
                    <span aria-hidden="true">✓ </span>
                    {t('checkin.attended', { time: p.checked_in_at ? timeInZone(p.checked_in_at) : '' })}
                  </span>
                  <button type="button" class="button secondary small checkin-undo" disabled={busyId !== null} onClick={() => undo(p)}>
                    {t('checkin.undoShort')}
                    <span class="visually-hidden"> {t('checkin.undo', { name: p.contact_name })}</span>
                  </button>
                </div>
              ) : (
                <button type="button" class="button checkin-button" disabled={busyId !== null} onClick={() => checkIn(p)}>
                  <span class="checkin-name">{t('checkin.button', { name: p.contact_name })}</span>
                  <span class="checkin-org">{p.organisation_name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

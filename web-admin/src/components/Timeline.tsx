// The whole relationship with an organisation (or one person), newest first: activities, registrations with
// attendance, follow-ups and the register's own changes; filterable by type, paged.
import { useState } from 'preact/hooks';
import { api, PAGE_SIZE } from '../api';
import type { ListPage, TimelineItem } from '../api';
import { useAsync } from '../hooks';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { Empty, Loading, Pager, ProblemAlert, SelectField } from './ui';

const TYPES = ['activity', 'registration', 'follow_up', 'change'] as const;

interface Props {
  /** The API path: /organisations/{id}/timeline or /contacts/{id}/timeline. */
  path: string;
  /** The section's heading and its id. */
  id: string;
  title: string;
  /** The types this user sees (a partner: participation only). */
  types: readonly (typeof TYPES)[number][];
  /** Changes when something was logged: the timeline is fetched again. */
  tick?: number;
}

export function Timeline({ path, id, title, types, tick = 0 }: Props) {
  const { t, formatDateTime } = useI18n();
  const [type, setType] = useState('');
  const [offset, setOffset] = useState(0);
  const list = useAsync<ListPage<TimelineItem>>(
    (signal) => api.get<ListPage<TimelineItem>>(path, { type, limit: PAGE_SIZE, offset }, signal).then((r) => r.data),
    [path, type, offset, tick],
  );
  const typeName = (ty: string) => (TYPES.includes(ty as (typeof TYPES)[number]) ? t(`timeline.type.${ty}` as MessageKey) : ty);
  return (
    <section class="card timeline" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {types.length > 1 && (
        <SelectField
          id={`${id}-type`}
          label={t('timeline.show')}
          value={type}
          onValue={(v) => {
            setType(v);
            setOffset(0);
          }}
          placeholder={t('timeline.allTypes')}
          options={types.map((ty) => ({ value: ty, label: typeName(ty) }))}
        />
      )}
      <div class="results" aria-busy={list.loading ? 'true' : 'false'}>
        {list.loading && <Loading />}
        {list.error && <ProblemAlert error={list.error} onReload={list.reload} />}
        {!list.loading && list.data && list.data.items.length === 0 && <Empty>{t('timeline.empty')}</Empty>}
        {!list.loading && list.data && list.data.items.length > 0 && (
          <>
            <ol class="timeline-list">
              {list.data.items.map((item) => (
                <li key={`${item.type}-${item.id}-${item.at}`} class={`timeline-item timeline-${item.type}`}>
                  <time dateTime={item.at}>{formatDateTime(item.at)}</time>
                  <span class={`badge badge-type badge-${item.type}`}>{typeName(item.type)}</span>
                  <span class="timeline-summary">{item.summary}</span>
                </li>
              ))}
            </ol>
            <Pager total={list.data.total} limit={list.data.limit || PAGE_SIZE} offset={list.data.offset ?? offset} onOffset={setOffset} />
          </>
        )}
      </div>
    </section>
  );
}

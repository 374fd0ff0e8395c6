// The whole relationship with an organisation (or one person), newest first: activities, registrations with
// attendance, follow-ups and the register's own changes; filterable by type, paged. Each item is worded here in
// the UI's language from its typed fields (the API's `summary` is English only).
import { useState } from 'preact/hooks';
import { api, PAGE_SIZE } from '../api';
import type { TimelineItem, TimelinePage } from '../api';
import { useAsync } from '../hooks';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { Link } from '../router';
import { useKindName, useStaff } from '../staff';
import { DueBadge } from './FollowUps';
import { Empty, Loading, Pager, ProblemAlert, SelectField } from './ui';

const TYPES = ['activity', 'registration', 'follow_up', 'change'] as const;
const CHANGES = ['created', 'updated', 'archived', 'restored', 'merged', 'responsible_changed', 'erased', 'deleted'];

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

function ItemText({ item }: { item: TimelineItem }) {
  const { t } = useI18n();
  const kindName = useKindName();
  const staff = useStaff();
  switch (item.type) {
    case 'activity':
      return (
        <>
          <strong>{kindName(item.kind)}:</strong> {item.subject} <span class="timeline-by">({staff.name(item.user_id)})</span>
        </>
      );
    case 'registration':
      return (
        <>
          {item.contact_name}, <Link href={`/events/${item.event_id}`}>{item.event_title}</Link>: {t(`reg.status.${item.status}` as MessageKey)}
        </>
      );
    case 'follow_up':
      return (
        <>
          {item.title} · {t(`followUp.status.${item.status}`)} · {t('followUp.dueOn')} <DueBadge f={item} /> ({staff.name(item.assigned_user_id)})
        </>
      );
    case 'change':
      return (
        <>
          {CHANGES.includes(item.what) ? t(`timeline.change.${item.what}` as MessageKey) : item.what}
          {item.user_id !== null && <span class="timeline-by"> ({staff.name(item.user_id)})</span>}
        </>
      );
    default:
      return null;
  }
}

export function Timeline({ path, id, title, types, tick = 0 }: Props) {
  const { t, formatDateTime } = useI18n();
  const [type, setType] = useState('');
  const [offset, setOffset] = useState(0);
  const list = useAsync<TimelinePage>(
    (signal) => api.get<TimelinePage>(path, { type, limit: PAGE_SIZE, offset }, signal).then((r) => r.data),
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
                <li key={`${item.type}-${item.id}`} class={`timeline-item timeline-${item.type}`}>
                  <time dateTime={item.at}>{formatDateTime(item.at)}</time>
                  <span class={`badge badge-type badge-${item.type}`}>{typeName(item.type)}</span>
                  <span class="timeline-summary">
                    <ItemText item={item} />
                  </span>
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

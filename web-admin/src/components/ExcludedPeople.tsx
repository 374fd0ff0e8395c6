// Who a message or an announcement leaves out and why, as a dry run answers it: the first people (the
// server names at most 200) and the count of all of them. One block for the event's messages card and the
// announcements page.
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';

interface Excluded {
  contact_id: number;
  name: string;
  reason: string;
}

export function ExcludedPeople({
  excluded,
  total,
  reasons,
  open = false,
}: {
  excluded: Excluded[];
  /** Everyone left out (`excluded_total`); `excluded` names the first of them. */
  total: number;
  /** The prefix of the reasons' texts in the catalogue (`messages.why`, `announce.why`). */
  reasons: 'messages.why' | 'announce.why';
  open?: boolean;
}) {
  const { t } = useI18n();
  if (total === 0) return null;
  return (
    <details open={open}>
      <summary>{t('messages.excluded', { n: total })}</summary>
      <ul>
        {excluded.map((x) => (
          <li key={x.contact_id}>
            {x.name || t('messages.anonymous')}: {t(`${reasons}.${x.reason}` as MessageKey)}
          </li>
        ))}
      </ul>
      {total > excluded.length && <p class="hint">{t('messages.excludedMore', { shown: excluded.length, n: total })}</p>}
    </details>
  );
}

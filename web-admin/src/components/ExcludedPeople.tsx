// Who a message or an announcement leaves out and why, as a dry run answers it: every person (up to the
// server's limit of 100,000) and the count of all of them. The first 200 are shown, the rest on request.
// One block for the event's messages card and the announcements page.
import { useState } from 'preact/hooks';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';

const kShownAtFirst = 200;

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
  /** Everyone left out (`excluded_total`); `excluded` names them (all, up to the server's limit). */
  total: number;
  /** The prefix of the reasons' texts in the catalogue (`messages.why`, `announce.why`). */
  reasons: 'messages.why' | 'announce.why';
  open?: boolean;
}) {
  const { t } = useI18n();
  const [all, setAll] = useState(false);
  if (total === 0) return null;
  const shown = all ? excluded : excluded.slice(0, kShownAtFirst);
  return (
    <details open={open}>
      <summary>{t('messages.excluded', { n: total })}</summary>
      <ul>
        {shown.map((x) => (
          <li key={x.contact_id}>
            {x.name || t('messages.anonymous')}: {t(`${reasons}.${x.reason}` as MessageKey)}
          </li>
        ))}
      </ul>
      {shown.length < excluded.length && (
        <button type="button" class="button secondary" onClick={() => setAll(true)}>
          {t('messages.excludedAll', { n: excluded.length })}
        </button>
      )}
      {total > shown.length && <p class="hint">{t('messages.excludedMore', { shown: shown.length, n: total })}</p>}
    </details>
  );
}

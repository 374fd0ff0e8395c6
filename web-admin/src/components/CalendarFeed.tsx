// A subscribable calendar feed's address: read-only, with Copy and New address (the old address stops working
// at once). The user's own feed (/me, on the profile page), a contact's and an organisation's (shown on demand:
// the address is made on the first request).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import type { CalendarFeed as Feed } from '../api';
import { useAction } from '../hooks';
import { useI18n } from '../i18n';
import { ProblemAlert } from './ui';

interface Props {
  initialUrl: string;
  /** What the feed holds, for whom. */
  intro: string;
  /** The API resource the feed belongs to: `/me`, `/contacts/{id}` or `/organisations/{id}`. */
  apiPath: string;
  /** Move the focus to the address when shown (after "Show the calendar address"). */
  focus?: boolean;
}

export function CalendarFeed({ initialUrl, intro, apiPath, focus = false }: Props) {
  const { t } = useI18n();
  const [url, setUrl] = useState(initialUrl);
  const [message, setMessage] = useState<{ text: string; warning?: boolean } | null>(null);
  const [asking, setAsking] = useState(false);
  const { busy, error, setError, run } = useAction();
  const inputRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  useEffect(() => {
    if (focus) inputRef.current?.focus();
  }, []);

  const copy = async () => {
    setError(null);
    try {
      if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setMessage({ text: t('feed.copied') });
    } catch {
      // No clipboard (plain http, or permission refused): select the text so the user can copy it.
      inputRef.current?.focus();
      inputRef.current?.select();
      setMessage({ text: t('feed.copyManual') });
    }
  };

  const rotate = async () => {
    setMessage(null);
    const r = await run(() => api.post<Feed>(`${apiPath}/calendar-feed/rotate`));
    if (!r) return;
    setUrl(r.data.calendar_feed_url);
    setMessage({ text: t('feed.rotated'), warning: true });
    setAsking(false);
  };

  return (
    <section class="card" aria-labelledby="feed-heading">
      <h2 id="feed-heading">{t('feed.title')}</h2>
      <p>{intro}</p>
      {error && <ProblemAlert error={error} />}
      <div class="field">
        <label for="feed-url">{t('feed.url')}</label>
        <p class="hint" id="feed-url-hint">
          {t('feed.urlHint')}
        </p>
        <div class="copy-row">
          <input
            id="feed-url"
            type="text"
            ref={inputRef}
            value={url}
            readOnly
            spellcheck={false}
            aria-describedby="feed-url-hint"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" class="button secondary" onClick={copy}>
            {t('feed.copy')}
          </button>
        </div>
      </div>
      {message && (
        <div class={message.warning ? 'notice warning' : 'notice'} role="status">
          {message.text}
        </div>
      )}
      <h3 id="feed-how-heading">{t('feed.howTitle')}</h3>
      <ul class="feed-how" aria-labelledby="feed-how-heading">
        <li>{t('feed.howOutlook')}</li>
        <li>{t('feed.howGoogle')}</li>
        <li>{t('feed.howApple')}</li>
      </ul>
      <p class="hint">{t('feed.howDelay')}</p>
      {!asking ? (
        <div class="form-actions">
          <button type="button" class="button danger" aria-describedby="feed-rotate-hint" onClick={() => setAsking(true)}>
            {t('feed.rotate')}
          </button>
          <p class="hint" id="feed-rotate-hint">
            {t('feed.rotateHint')}
          </p>
        </div>
      ) : (
        <div class="confirm" role="group" aria-label={t('feed.rotate')}>
          <p>{t('feed.rotateQuestion')}</p>
          <button type="button" class="button danger" ref={confirmRef} disabled={busy} onClick={rotate}>
            {busy ? t('feed.rotating') : t('feed.rotateConfirm')}
          </button>{' '}
          <button type="button" class="button secondary" disabled={busy} onClick={() => setAsking(false)}>
            {t('common.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}

/** A contact's or an organisation's feed: its address is fetched (and made, the first time) when asked for. */
export function CalendarFeedOnDemand({ apiPath, intro }: { apiPath: string; intro: string }) {
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const { busy, error, run } = useAction();
  if (url) return <CalendarFeed initialUrl={url} intro={intro} apiPath={apiPath} focus />;
  const show = async () => {
    const r = await run(() => api.get<Feed>(`${apiPath}/calendar-feed`));
    if (r) setUrl(r.data.calendar_feed_url);
  };
  return (
    <section class="card" aria-labelledby="feed-heading">
      <h2 id="feed-heading">{t('feed.title')}</h2>
      <p>{intro}</p>
      {error && <ProblemAlert error={error} />}
      <div class="form-actions">
        <button type="button" class="button secondary" disabled={busy} onClick={show}>
          {busy ? t('feed.showing') : t('feed.show')}
        </button>
      </div>
    </section>
  );
}

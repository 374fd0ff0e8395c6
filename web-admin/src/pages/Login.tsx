import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { User, ApiError } from '../api';
import { Notice, PageHeading, ProblemAlert, TextField } from '../components/ui';
import { toApiError, useTitle } from '../hooks';
import { useI18n } from '../i18n';

export type LoginReason = 'expired' | 'loggedOut' | null;

export function LoginPage({ onLogin, reason }: { onLogin: (u: User) => void; reason: LoginReason }) {
  const { t } = useI18n();
  useTitle(t('login.title'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (e: TargetedSubmitEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const r = await api.login(email.trim(), password);
      onLogin(r.data.user);
    } catch (err) {
      const ae = toApiError(err);
      if (ae.status === 401) setMessage(t('login.failed'));
      else if (ae.status === 429) {
        const secs = ae.retryAfter ?? 0;
        setMessage(secs > 0 ? t('login.throttled', { minutes: Math.ceil(secs / 60) }) : t('login.throttledNoTime'));
      } else setError(ae);
      setBusy(false);
    }
  };

  const fieldErrors = error?.fieldErrors() ?? {};
  return (
    <section class="login" aria-labelledby="login-heading">
      <div class="card narrow">
        <PageHeading id="login-heading">{t('login.title')}</PageHeading>
        <p>{t('login.intro')}</p>
        {reason === 'loggedOut' && !message && !error && <Notice>{t('login.loggedOut')}</Notice>}
        {reason === 'expired' && !message && !error && <Notice>{t('login.sessionExpired')}</Notice>}
        {message && (
          <div class="alert alert-error" role="alert">
            <p class="alert-title">{message}</p>
          </div>
        )}
        {error && <ProblemAlert error={error} fieldsShown={['email', 'password']} />}
        <form onSubmit={submit} noValidate>
          <TextField
            id="login-email"
            name="email"
            label={t('login.email')}
            type="email"
            autoComplete="username"
            inputMode="email"
            value={email}
            onValue={setEmail}
            error={fieldErrors.email}
            required
          />
          <TextField
            id="login-password"
            name="password"
            label={t('login.password')}
            type="password"
            autoComplete="current-password"
            value={password}
            onValue={setPassword}
            error={fieldErrors.password}
            required
          />
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
    </section>
  );
}

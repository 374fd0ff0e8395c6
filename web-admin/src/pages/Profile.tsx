import { useState } from 'preact/hooks';
import { api } from '../api';
import type { Me } from '../api';
import { CalendarFeed } from '../components/CalendarFeed';
import { Loading, Notice, PageHeading, pickFieldErrors, ProblemAlert, SelectField, TextField } from '../components/ui';
import { useAction, useAsync, useTitle } from '../hooks';
import type { Lang, MessageKey } from '../i18n';
import { translate, useI18n } from '../i18n';
import { can, useSession } from '../session';

/** The logged-in user's own page: who they are, and (officers, admins, partners) their calendar subscription. */
export function ProfilePage() {
  const { t } = useI18n();
  const { user } = useSession();
  useTitle(t('profile.title'));
  const me = useAsync<Me>((signal) => api.get<Me>('/me', undefined, signal).then((r) => r.data), []);

  return (
    <section aria-labelledby="profile-heading">
      <PageHeading id="profile-heading">{t('profile.title')}</PageHeading>
      <div class="card">
        <dl class="details">
          <dt>{t('user.name')}</dt>
          <dd>{user.name}</dd>
          <dt>{t('profile.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('profile.role')}</dt>
          <dd>{t(`role.${user.role}` as MessageKey)}</dd>
        </dl>
      </div>
      {can.calendarFeed(user) && (
        <>
          {me.loading && !me.data && <Loading />}
          {me.error && <ProblemAlert error={me.error} />}
          {me.data && me.data.calendar_feed_url && (
            <CalendarFeed
              initialUrl={me.data.calendar_feed_url}
              intro={user.role === 'partner' ? t('feed.introPartner') : t('feed.introOfficer')}
              apiPath="/me"
            />
          )}
        </>
      )}
      <NameChange />
      <LanguageChoice />
      <PasswordChange />
    </section>
  );
}

/**
 * The language of the screen and of the server's messages. The screen switches at once (every request
 * then asks the server for it), and every role saves it as their own `language` (PATCH /api/v1/me),
 * which the screen switches to at login and which the server uses for mail and for requests that ask
 * for no language.
 */
function LanguageChoice() {
  const { t, lang, setLang } = useI18n();
  const { saveLanguage } = useSession();
  const { error, notice, setNotice, run } = useAction();
  const choose = async (value: string) => {
    const next: Lang = value === 'en' ? 'en' : 'da';
    setLang(next);
    const saved = await run(() => saveLanguage(next).then(() => true));
    // In the language just chosen: this render's t() still speaks the previous one.
    if (saved) setNotice(translate(next, 'profile.languageSaved'));
  };
  return (
    <section class="card" aria-labelledby="language-heading">
      <h2 id="language-heading">{t('profile.languageTitle')}</h2>
      {notice && <Notice>{notice}</Notice>}
      {error && <ProblemAlert error={error} />}
      <SelectField
        id="profile-language"
        label={t('user.language')}
        hint={t('profile.languageHint')}
        value={lang}
        onValue={choose}
        options={[
          { value: 'da', label: t('user.language.da') },
          { value: 'en', label: t('user.language.en') },
        ]}
      />
    </section>
  );
}

/** The user's own display name (the role, organisation and districts are an administrator's to change). */
function NameChange() {
  const { t } = useI18n();
  const { user, saveName } = useSession();
  const [name, setName] = useState(user.name);
  const { busy, error, notice, setNotice, run } = useAction();
  const errors = pickFieldErrors(error, ['name']);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!(await run(() => saveName(name).then(() => true)))) return;
    setNotice(t('profile.nameSaved'));
  };
  return (
    <section class="card" aria-labelledby="name-heading">
      <h2 id="name-heading">{t('profile.nameTitle')}</h2>
      {notice && <Notice>{notice}</Notice>}
      <form class="form" noValidate onSubmit={submit}>
        {error && <ProblemAlert error={error} fieldsShown={['name']} />}
        <TextField id="profile-name" label={t('user.name')} value={name} onValue={setName} error={errors.name} maxLength={200} required />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy || name.trim() === user.name}>
            {busy ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** A new password: the current one first; every other session of the user ends, this one stays. */
function PasswordChange() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { busy, error, notice, setNotice, run } = useAction();
  const errors = pickFieldErrors(error, ['current_password', 'new_password']);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!(await run(() => api.post('/me/password', { current_password: current, new_password: next }).then(() => true)))) return;
    setCurrent('');
    setNext('');
    setNotice(t('profile.passwordChanged'));
  };
  return (
    <section class="card" aria-labelledby="password-heading">
      <h2 id="password-heading">{t('profile.passwordTitle')}</h2>
      {notice && <Notice>{notice}</Notice>}
      <form class="form" noValidate onSubmit={submit}>
        {error && <ProblemAlert error={error} fieldsShown={['current_password', 'new_password']} />}
        <TextField
          id="password-current"
          label={t('profile.passwordCurrent')}
          type="password"
          autoComplete="current-password"
          value={current}
          onValue={setCurrent}
          error={errors.current_password}
          required
        />
        <TextField
          id="password-new"
          label={t('profile.passwordNew')}
          hint={t('user.passwordHint')}
          type="password"
          autoComplete="new-password"
          value={next}
          onValue={setNext}
          error={errors.new_password}
          required
        />
        <div class="form-actions">
          <button type="submit" class="button primary" disabled={busy || !current || !next}>
            {busy ? t('common.saving') : t('profile.passwordSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}

import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, setApiLanguage, setUnauthorizedHandler } from './api';
import type { User } from './api';
import { Layout } from './components/Layout';
import { Loading, ProblemAlert } from './components/ui';
import { clearOrgNames } from './hooks';
import { I18nContext, initialLang, makeI18n, storeLang } from './i18n';
import type { Lang } from './i18n';
import { ContactDetailPage, ContactNewPage } from './pages/ContactDetail';
import { ContactsPage } from './pages/Contacts';
import { CheckInPage } from './pages/CheckIn';
import { EventDetailPage } from './pages/EventDetail';
import { EventEditPage, EventNewPage } from './pages/EventNew';
import { EventsPage } from './pages/Events';
import { DashboardPage } from './pages/Dashboard';
import { AuditPage } from './pages/Audit';
import { Forbidden, NotFound } from './pages/Errors';
import { LoginPage } from './pages/Login';
import type { LoginReason } from './pages/Login';
import { OrganisationDetailPage } from './pages/OrganisationDetail';
import { OrganisationNewPage } from './pages/OrganisationNew';
import { OrganisationsPage } from './pages/Organisations';
import { OutboxPage } from './pages/Outbox';
import { ProfilePage } from './pages/Profile';
import { SeriesDetailPage } from './pages/SeriesDetail';
import { SeriesListPage } from './pages/SeriesList';
import { SeriesNewPage } from './pages/SeriesNew';
import { UsersPage } from './pages/Users';
import { match, navigate, Redirect, safeNext, useLocation } from './router';
import type { Location } from './router';
import { can, SessionContext } from './session';
import type { Session } from './session';

function isId(s: string | undefined): s is string {
  return !!s && /^[1-9][0-9]{0,15}$/.test(s);
}

/** Where each role starts: management on its overview, everyone else in the register. */
function home(user: User): string {
  return user.role === 'manager' ? '/dashboard' : '/organisations';
}

function Routes({ loc, user }: { loc: Location; user: User }) {
  const path = loc.path;
  if (path === '/') return <Redirect to={home(user)} />;
  if (path === '/dashboard') return can.viewReports(user) ? <DashboardPage /> : <Forbidden />;
  if (path === '/organisations') return can.viewOrganisations(user) ? <OrganisationsPage /> : <Forbidden />;
  if (path === '/organisations/new') return can.createOrganisation(user) ? <OrganisationNewPage /> : <Forbidden />;
  let m = match('/organisations/:id', path);
  if (m) return isId(m.id) ? <OrganisationDetailPage key={m.id} id={Number(m.id)} /> : <NotFound />;
  if (path === '/contacts') return can.viewContacts(user) ? <ContactsPage /> : <Forbidden />;
  if (path === '/contacts/new') return can.viewContacts(user) ? <ContactNewPage /> : <Forbidden />;
  m = match('/contacts/:id', path);
  if (m) {
    if (!can.viewContacts(user)) return <Forbidden />;
    return isId(m.id) ? <ContactDetailPage key={m.id} id={Number(m.id)} /> : <NotFound />;
  }
  if (path === '/events') return can.viewEvents(user) ? <EventsPage /> : <Forbidden />;
  if (path === '/events/new') return can.planEvents(user) ? <EventNewPage /> : <Forbidden />;
  m = match('/events/:id/edit', path);
  if (m) {
    if (!can.planEvents(user)) return <Forbidden />;
    return isId(m.id) ? <EventEditPage key={m.id} id={Number(m.id)} /> : <NotFound />;
  }
  m = match('/events/:id/check-in', path);
  if (m) {
    if (!can.planEvents(user)) return <Forbidden />;
    return isId(m.id) ? <CheckInPage key={m.id} id={Number(m.id)} /> : <NotFound />;
  }
  m = match('/events/:id', path);
  if (m) {
    if (!can.viewEvents(user)) return <Forbidden />;
    return isId(m.id) ? <EventDetailPage key={m.id} id={Number(m.id)} /> : <NotFound />;
  }
  if (path === '/series') return can.viewSeries(user) ? <SeriesListPage /> : <Forbidden />;
  if (path === '/series/new') return can.planSeries(user) ? <SeriesNewPage /> : <Forbidden />;
  m = match('/series/:id', path);
  if (m) {
    if (!can.viewSeries(user)) return <Forbidden />;
    return isId(m.id) ? <SeriesDetailPage key={m.id} id={Number(m.id)} /> : <NotFound />;
  }
  if (path === '/outbox') return can.viewOutbox(user) ? <OutboxPage /> : <Forbidden />;
  if (path === '/profile') return <ProfilePage />;
  if (path === '/users') return can.manageUsers(user) ? <UsersPage /> : <Forbidden />;
  if (path === '/audit') return can.audit(user) ? <AuditPage /> : <Forbidden />;
  return <NotFound />;
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    storeLang(l);
    setLangState(l);
  }, []);
  const i18n = useMemo(() => makeI18n(lang, setLang), [lang, setLang]);
  useEffect(() => {
    document.documentElement.lang = lang;
    setApiLanguage(lang);
  }, [lang]);

  const loc = useLocation();
  // undefined: not known yet; null: not logged in.
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [bootError, setBootError] = useState<ApiError | null>(null);
  const [loginReason, setLoginReason] = useState<LoginReason>(null);

  const probe = useCallback(() => {
    setBootError(null);
    api.me().then(
      (r) => setUser(r.data),
      (e) => {
        if (e instanceof ApiError && e.status === 401) setUser(null);
        else setBootError(e instanceof ApiError ? e : new ApiError(0, { title: 'network' }));
      },
    );
  }, []);
  useEffect(probe, [probe]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      const here = window.location.pathname + window.location.search;
      clearOrgNames();
      setUser(null);
      setLoginReason('expired');
      if (!here.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const logout = useCallback(() => {
    api
      .logout()
      .catch(() => undefined)
      .finally(() => {
        clearOrgNames();
        setUser(null);
        setLoginReason('loggedOut');
        navigate('/login', { replace: true });
      });
  }, []);

  const session: Session | null = useMemo(() => (user ? { user, logout } : null), [user, logout]);

  let content;
  if (bootError) {
    content = (
      <Layout user={null}>
        <ProblemAlert error={bootError} />
        <p>
          <button type="button" class="button" onClick={probe}>
            {i18n.t('common.reload')}
          </button>
        </p>
      </Layout>
    );
  } else if (user === undefined) {
    content = (
      <Layout user={null}>
        <Loading />
      </Layout>
    );
  } else if (loc.path === '/login') {
    const next = safeNext(loc.query.get('next'));
    content = user ? (
      <Redirect to={next ?? '/'} />
    ) : (
      <Layout user={null}>
        <LoginPage
          reason={loginReason}
          onLogin={(u) => {
            clearOrgNames();
            setLoginReason(null);
            setUser(u);
            navigate(next ?? '/', { replace: true });
          }}
        />
      </Layout>
    );
  } else if (!user || !session) {
    const here = loc.path + loc.search;
    content = <Redirect to={loc.path === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} />;
  } else {
    content = (
      <SessionContext.Provider value={session}>
        <Layout user={user} onLogout={logout}>
          <Routes loc={loc} user={user} />
        </Layout>
      </SessionContext.Provider>
    );
  }

  return <I18nContext.Provider value={i18n}>{content}</I18nContext.Provider>;
}

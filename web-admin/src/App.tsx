import type { JSX } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, setApiLanguage, setUnauthorizedHandler } from './api';
import type { User } from './api';
import { Layout } from './components/Layout';
import { Loading, ProblemAlert } from './components/ui';
import { clearOrgNames, toApiError } from './hooks';
import { I18nContext, initialLang, makeI18n, storedLang, storeLang } from './i18n';
import type { Lang } from './i18n';
import { ContactDetailPage, ContactNewPage } from './pages/ContactDetail';
import { ContactsPage } from './pages/Contacts';
import { CheckInPage } from './pages/CheckIn';
import { EventDetailPage } from './pages/EventDetail';
import { EventEditPage, EventNewPage } from './pages/EventNew';
import { EventSummaryPage } from './pages/EventSummary';
import { PartnerStartPage } from './pages/PartnerStart';
import { EventsPage } from './pages/Events';
import { DashboardPage } from './pages/Dashboard';
import { DuplicatesPage, MergeComparePage, MergesPage } from './pages/Duplicates';
import { AuditPage } from './pages/Audit';
import { ActivitiesPage } from './pages/Activities';
import { FollowUpsPage } from './pages/FollowUps';
import { MyWorkPage } from './pages/MyWork';
import { Forbidden, NotFound } from './pages/Errors';
import { LoginPage } from './pages/Login';
import type { LoginReason } from './pages/Login';
import { OrganisationDetailPage } from './pages/OrganisationDetail';
import { OrganisationNewPage } from './pages/OrganisationNew';
import { ImportNewPage, ImportPage } from './pages/ImportWizard';
import { OrganisationsPage } from './pages/Organisations';
import { OutboxPage } from './pages/Outbox';
import { AnnouncementsPage } from './pages/Announcements';
import { MessageTemplatesPage } from './pages/MessageTemplates';
import { ProfilePage } from './pages/Profile';
import { SeriesDetailPage } from './pages/SeriesDetail';
import { SeriesListPage } from './pages/SeriesList';
import { SeriesNewPage } from './pages/SeriesNew';
import { UsersPage } from './pages/Users';
import { match, navigate, Redirect, safeNext, useLocation } from './router';
import type { Location } from './router';
import { can, SessionContext } from './session';
import { clearStaff } from './staff';
import type { Session } from './session';

function isId(s: string | undefined): s is string {
  return !!s && /^[1-9][0-9]{0,15}$/.test(s);
}

/** Where each role starts: officers and admins on "My work", management on its overview, partners on their start page. */
function home(user: User): string {
  if (can.myWork(user)) return '/my-work';
  if (can.partnerStart(user)) return '/start';
  return user.role === 'manager' ? '/dashboard' : '/organisations';
}

type Page = (props: { id: number }) => JSX.Element | null;

/** The names of the `can` rules that depend on the user alone. */
type UserRule = { [K in keyof typeof can]: (typeof can)[K] extends (u: User) => boolean ? K : never }[keyof typeof can];

interface Route {
  pattern: string;
  /** The `can` rule that lets a user open it (everyone logged in when absent). */
  allow?: UserRule;
  page: Page;
}

/** Every page of the app: the first pattern that matches the path wins; `:id` must be a positive id. */
const ROUTES: Route[] = [
  { pattern: '/dashboard', allow: 'viewReports', page: DashboardPage },
  { pattern: '/my-work', allow: 'myWork', page: MyWorkPage },
  { pattern: '/activities', allow: 'viewActivities', page: ActivitiesPage },
  { pattern: '/follow-ups', allow: 'viewFollowUps', page: FollowUpsPage },
  { pattern: '/organisations', allow: 'viewOrganisations', page: OrganisationsPage },
  { pattern: '/organisations/new', allow: 'createOrganisation', page: OrganisationNewPage },
  { pattern: '/organisations/:id', page: OrganisationDetailPage },
  { pattern: '/contacts', allow: 'viewContacts', page: ContactsPage },
  { pattern: '/contacts/new', allow: 'viewContacts', page: ContactNewPage },
  { pattern: '/contacts/:id', allow: 'viewContacts', page: ContactDetailPage },
  { pattern: '/events', allow: 'viewEvents', page: EventsPage },
  { pattern: '/events/new', allow: 'planEvents', page: EventNewPage },
  { pattern: '/events/:id/edit', allow: 'planEvents', page: EventEditPage },
  { pattern: '/events/:id/check-in', allow: 'planEvents', page: CheckInPage },
  { pattern: '/events/:id/summary', allow: 'viewEventSummary', page: EventSummaryPage },
  { pattern: '/start', allow: 'partnerStart', page: PartnerStartPage },
  { pattern: '/events/:id', allow: 'viewEvents', page: EventDetailPage },
  { pattern: '/series', allow: 'viewSeries', page: SeriesListPage },
  { pattern: '/series/new', allow: 'planSeries', page: SeriesNewPage },
  { pattern: '/series/:id', allow: 'viewSeries', page: SeriesDetailPage },
  { pattern: '/duplicates', allow: 'viewDuplicates', page: DuplicatesPage },
  { pattern: '/duplicates/compare', allow: 'viewDuplicates', page: MergeComparePage },
  { pattern: '/merges', allow: 'viewMerges', page: MergesPage },
  { pattern: '/outbox', allow: 'viewOutbox', page: OutboxPage },
  { pattern: '/announcements', allow: 'sendAnnouncements', page: AnnouncementsPage },
  { pattern: '/message-templates', allow: 'manageMessageTemplates', page: MessageTemplatesPage },
  { pattern: '/profile', page: ProfilePage },
  { pattern: '/users', allow: 'manageUsers', page: UsersPage },
  { pattern: '/audit', allow: 'audit', page: AuditPage },
  { pattern: '/imports/new', allow: 'importData', page: ImportNewPage },
  { pattern: '/imports/:id', allow: 'importData', page: ImportPage },
];

function Routes({ loc, user }: { loc: Location; user: User }) {
  if (loc.path === '/') return <Redirect to={home(user)} />;
  for (const route of ROUTES) {
    const params = match(route.pattern, loc.path);
    if (!params) continue;
    if (route.allow && !can[route.allow](user)) return <Forbidden />;
    if ('id' in params && !isId(params.id)) return <NotFound />;
    const Page = route.page;
    return params.id ? <Page key={params.id} id={Number(params.id)} /> : <Page id={0} />;
  }
  return <NotFound />;
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    storeLang(l);
    setLangState(l);
  }, []);
  // The user's saved language, unless a language was chosen by hand on this device (that choice is kept
  // in the browser and wins): at login and when a page is opened with a live session.
  const followUserLanguage = useCallback((u: User) => {
    if (storedLang() === null && (u.language === 'da' || u.language === 'en')) setLangState(u.language);
  }, []);
  const i18n = useMemo(() => {
    // Before any page renders, so that every request a page makes for this language already asks the
    // server for it (Accept-Language); an effect would run after the pages' own effects.
    setApiLanguage(lang);
    return makeI18n(lang, setLang);
  }, [lang, setLang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const loc = useLocation();
  // undefined: not known yet; null: not logged in.
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [bootError, setBootError] = useState<ApiError | null>(null);
  const [loginReason, setLoginReason] = useState<LoginReason>(null);

  const probe = useCallback(() => {
    setBootError(null);
    api.me().then(
      (r) => {
        followUserLanguage(r.data);
        setUser(r.data);
      },
      (e) => {
        if (e instanceof ApiError && e.status === 401) setUser(null);
        else setBootError(toApiError(e));
      },
    );
  }, [followUserLanguage]);
  useEffect(probe, [probe]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      const here = window.location.pathname + window.location.search;
      clearOrgNames();
      clearStaff();
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
        clearStaff();
        setUser(null);
        setLoginReason('loggedOut');
        navigate('/login', { replace: true });
      });
  }, []);

  // The language chosen on the screen is saved as the user's own, for every role (PATCH /api/v1/me): the
  // server's messages and mail follow it, and the next login on another device starts in it.
  // One save after the other, so that quick switches end in the last choice.
  const ownSaves = useRef<Promise<unknown>>(Promise.resolve());
  const pendingLanguage = useRef<Lang | null>(null); // the last language asked to be saved for this user
  useEffect(() => {
    pendingLanguage.current = null;
  }, [user?.id]);
  const saveOwn = useCallback((changes: Parameters<typeof api.updateMe>[0]) => {
    const saved = ownSaves.current
      .catch(() => undefined)
      .then(() => api.updateMe(changes))
      .then((r) => setUser((u) => (u ? { ...u, ...r.data } : u)));
    ownSaves.current = saved;
    return saved;
  }, []);
  const saveLanguage = useCallback(
    (l: Lang) => {
      pendingLanguage.current = l;
      return saveOwn({ language: l });
    },
    [saveOwn],
  );
  const saveName = useCallback((name: string) => saveOwn({ name }), [saveOwn]);
  const switchLanguage = useCallback(
    (l: Lang) => {
      if (user && (pendingLanguage.current ?? user.language) !== l) saveLanguage(l).catch(() => undefined);
    },
    [user, saveLanguage],
  );

  const session: Session | null = useMemo(() => (user ? { user, logout, saveLanguage, saveName } : null), [user, logout, saveLanguage, saveName]);

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
            clearStaff();
            setLoginReason(null);
            followUserLanguage(u);
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
        <Layout user={user} onLogout={logout} onLanguage={switchLanguage}>
          <Routes loc={loc} user={user} />
        </Layout>
      </SessionContext.Provider>
    );
  }

  return <I18nContext.Provider value={i18n}>{content}</I18nContext.Provider>;
}

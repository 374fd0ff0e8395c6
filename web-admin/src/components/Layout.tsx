import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { User } from '../api';
import type { MessageKey } from '../i18n';
import { useI18n } from '../i18n';
import { Link, useLocation } from '../router';
import { can } from '../session';

interface LayoutProps {
  user: User | null;
  onLogout?: () => void;
  /** After the screen switched language: save it as the user's own (when signed in). */
  onLanguage?: (lang: 'da' | 'en') => void;
  children: ComponentChildren;
}

interface NavItem {
  href: string;
  key: MessageKey;
  /** Other paths that belong to this item's area (series live under events). */
  also?: string[];
}

function navItems(user: User): NavItem[] {
  const items: NavItem[] = [];
  if (can.myWork(user)) items.push({ href: '/my-work', key: 'nav.myWork' });
  if (can.partnerStart(user)) items.push({ href: '/start', key: 'nav.start' });
  if (can.viewReports(user)) items.push({ href: '/dashboard', key: 'nav.dashboard' });
  if (can.viewOrganisations(user)) items.push({ href: '/organisations', key: 'nav.organisations' });
  if (can.viewContacts(user)) items.push({ href: '/contacts', key: 'nav.contacts' });
  if (can.viewEvents(user)) items.push({ href: '/events', key: 'nav.events', also: ['/series'] });
  if (can.viewActivities(user)) items.push({ href: '/activities', key: 'nav.activities' });
  if (can.viewFollowUps(user)) items.push({ href: '/follow-ups', key: 'nav.followUps' });
  if (can.viewDuplicates(user)) items.push({ href: '/duplicates', key: 'nav.duplicates', also: ['/merges'] });
  if (can.viewOutbox(user)) items.push({ href: '/outbox', key: 'nav.outbox' });
  if (can.sendAnnouncements(user)) items.push({ href: '/announcements', key: 'nav.announcements' });
  if (can.manageMessageTemplates(user)) items.push({ href: '/message-templates', key: 'nav.templates' });
  if (can.manageUsers(user)) items.push({ href: '/users', key: 'nav.users' });
  if (can.audit(user)) items.push({ href: '/audit', key: 'nav.audit' });
  return items;
}

export function Layout({ user, onLogout, onLanguage, children }: LayoutProps) {
  const { t, lang, setLang } = useI18n();
  const loc = useLocation();
  const [navOpen, setNavOpen] = useState(false);

  // A new page: close the phone menu and move focus to the page heading.
  const [lastPath, setLastPath] = useState(loc.path);
  useEffect(() => {
    if (loc.path === lastPath) return;
    setLastPath(loc.path);
    setNavOpen(false);
    const id = window.requestAnimationFrame(() => {
      const target = document.querySelector<HTMLElement>('main h1') ?? document.getElementById('main');
      target?.focus({ preventScroll: true });
    });
    return () => window.cancelAnimationFrame(id);
  }, [loc.path, lastPath]);

  const other = lang === 'da' ? 'en' : 'da';
  const items = user ? navItems(user) : [];

  return (
    <div class="app">
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header class="site-header">
        <div class="header-row">
          <div class="brand">
            <Link href="/" class="brand-name">
              {t('app.name')}
            </Link>
            <span class="tagline">{t('app.tagline')}</span>
          </div>
          <div class="header-tools">
            {user && (
              <p class="who">
                <span class="visually-hidden">{t('nav.signedInAs')} </span>
                <span class="user-name">{user.name}</span>
                <span class="user-role">{t(`role.${user.role}` as MessageKey)}</span>
              </p>
            )}
            <button
              type="button"
              class="button link-like"
              lang={other}
              aria-label={t('lang.switchLabel')}
              onClick={() => {
                setLang(other);
                onLanguage?.(other);
              }}
            >
              {t('lang.switchTo')}
            </button>
            {user && (
              <Link href="/profile" class="button link-like" aria-current={loc.path === '/profile' ? 'page' : undefined}>
                {t('nav.profile')}
              </Link>
            )}
            {user && onLogout && (
              <button type="button" class="button secondary small" onClick={onLogout}>
                {t('nav.logout')}
              </button>
            )}
            {user && (
              <button
                type="button"
                class="button secondary small nav-toggle"
                aria-expanded={navOpen ? 'true' : 'false'}
                aria-controls="main-nav"
                onClick={() => setNavOpen(!navOpen)}
              >
                {t('nav.menu')}
              </button>
            )}
          </div>
        </div>
        {user && (
          <nav id="main-nav" class={navOpen ? 'main-nav open' : 'main-nav'} aria-label={t('nav.label')}>
            <ul>
              {items.map((it) => {
                const active = [it.href, ...(it.also ?? [])].some((h) => loc.path === h || loc.path.startsWith(h + '/'));
                return (
                  <li key={it.href}>
                    <Link href={it.href} aria-current={active ? 'page' : undefined}>
                      {t(it.key)}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </div>
  );
}

// All UI text lives here: Danish (default) and English. Danish is the source dictionary; the English one
// must have exactly the same keys (TypeScript enforces it). `{name}` placeholders are filled by t().
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

const da = {
  'app.name': 'Brobygger',
  'app.tagline': 'Samarbejde med civilsamfundet',
  'app.skip': 'Spring til indhold',
  'app.loading': 'Indlæser…',
  'app.footer': 'Brobygger: partnere, kontaktpersoner og arrangementer i det forebyggende samarbejde.',

  'lang.switchTo': 'English',
  'lang.switchLabel': 'Switch language to English',

  'nav.label': 'Hovedmenu',
  'nav.menu': 'Menu',
  'nav.organisations': 'Organisationer',
  'nav.contacts': 'Kontaktpersoner',
  'nav.users': 'Brugere',
  'nav.logout': 'Log ud',
  'nav.signedInAs': 'Logget ind som',

  'role.admin': 'Administrator',
  'role.officer': 'Netværksmedarbejder',
  'role.manager': 'Ledelse',
  'role.partner': 'Partner',

  'status.active': 'Aktiv',
  'status.archived': 'Arkiveret',
  'status.disabled': 'Deaktiveret',

  'common.search': 'Søg',
  'common.save': 'Gem',
  'common.saving': 'Gemmer…',
  'common.cancel': 'Annuller',
  'common.edit': 'Redigér',
  'common.create': 'Opret',
  'common.creating': 'Opretter…',
  'common.archive': 'Arkivér',
  'common.archiving': 'Arkiverer…',
  'common.confirmArchive': 'Ja, arkivér',
  'common.reload': 'Hent igen',
  'common.yes': 'Ja',
  'common.no': 'Nej',
  'common.none': '—',
  'common.all': 'Alle',
  'common.any': 'Alle',
  'common.choose': 'Vælg…',
  'common.previous': 'Forrige side',
  'common.next': 'Næste side',
  'common.showing': 'Viser {from}–{to} af {total}',
  'common.showingNone': 'Ingen resultater',
  'common.pagination': 'Sideskift',
  'common.filters': 'Filtre',
  'common.results': 'Resultater',
  'common.sortBy': 'Sortér efter {column}',
  'common.optional': '(valgfri)',
  'common.required': '(skal udfyldes)',
  'common.saved': 'Ændringerne er gemt.',
  'common.createdAt': 'Oprettet',
  'common.updatedAt': 'Senest ændret',
  'common.status': 'Status',
  'common.statusFilter': 'Status',
  'common.statusActive': 'Aktive',
  'common.statusArchived': 'Arkiverede',
  'common.statusAll': 'Alle',
  'common.details': 'Detaljer',
  'common.actions': 'Handlinger',

  'error.title': 'Noget gik galt',
  'error.form': 'Formularen kunne ikke gemmes. Ret de markerede felter.',
  'error.network': 'Serveren kunne ikke nås. Tjek forbindelsen og prøv igen.',
  'error.400': 'Forespørgslen var ugyldig.',
  'error.401': 'Du er ikke logget ind.',
  'error.403': 'Du har ikke adgang til dette.',
  'error.404': 'Det findes ikke, eller du har ikke adgang til det.',
  'error.409': 'Findes allerede.',
  'error.412': 'Det er blevet ændret af en anden, siden du hentede det. Hent den nyeste version og prøv igen.',
  'error.413': 'Forespørgslen er for stor.',
  'error.422': 'Oplysningerne kunne ikke godkendes.',
  'error.429': 'For mange forsøg. Vent lidt, og prøv igen.',
  'error.500': 'Der opstod en fejl på serveren.',
  'error.503': 'Databasen er ikke tilgængelig lige nu. Prøv igen om lidt.',
  'error.existing': 'Gå til den eksisterende',
  'error.otherFields': 'Andre fejl:',

  'notFound.title': 'Ikke fundet',
  'notFound.text': 'Siden findes ikke, eller du har ikke adgang til den.',
  'notFound.back': 'Til organisationerne',
  'forbidden.title': 'Ingen adgang',
  'forbidden.text': 'Din rolle giver ikke adgang til denne side.',

  'login.title': 'Log ind',
  'login.intro': 'Log ind med din e-mailadresse og adgangskode.',
  'login.email': 'E-mail',
  'login.password': 'Adgangskode',
  'login.submit': 'Log ind',
  'login.submitting': 'Logger ind…',
  'login.failed': 'E-mail eller adgangskode er forkert.',
  'login.throttled': 'For mange mislykkede forsøg. Prøv igen om {minutes} minutter.',
  'login.throttledNoTime': 'For mange mislykkede forsøg. Prøv igen senere.',
  'login.loggedOut': 'Du er logget ud.',
  'login.sessionExpired': 'Log ind igen for at fortsætte.',

  'org.listTitle': 'Organisationer',
  'org.new': 'Ny organisation',
  'org.newTitle': 'Ny organisation',
  'org.search': 'Søg i organisationer',
  'org.searchHint': 'Navn, CVR-nummer eller hjemmeside',
  'org.empty': 'Ingen organisationer matcher søgningen.',
  'org.count': '{total} organisationer',
  'org.countOne': '1 organisation',
  'org.name': 'Navn',
  'org.kind': 'Type',
  'org.cvr': 'CVR-nummer',
  'org.cvrHint': '8 cifre. Kontrolleres med modulus 11.',
  'org.municipality': 'Kommune',
  'org.policeDistrict': 'Politikreds',
  'org.region': 'Region',
  'org.address': 'Adresse',
  'org.website': 'Hjemmeside',
  'org.websiteHint': 'Fuld adresse, fx https://eksempel.dk',
  'org.tags': 'Emneord',
  'org.tagsHint': 'Adskil med komma',
  'org.edit': 'Redigér organisation',
  'org.editTitle': 'Redigér oplysninger',
  'org.archive': 'Arkivér organisation',
  'org.archiveConfirm': 'Arkivér {name}? Organisationen og dens historik bevares, men den vises ikke længere som aktiv.',
  'org.archived': 'Organisationen er arkiveret.',
  'org.archivedBadge': 'Arkiveret',
  'org.contacts': 'Kontaktpersoner',
  'org.contactsEmpty': 'Organisationen har ingen kontaktpersoner endnu.',
  'org.contactsAll': 'Se kontaktpersonerne i kontaktlisten',
  'org.newContact': 'Ny kontaktperson',
  'org.contactCreated': 'Kontaktpersonen {name} er oprettet.',
  'org.created': 'Organisationen er oprettet.',
  'org.partnerEditNote': 'Som partner kan du rette navn, adresse og hjemmeside.',
  'org.anyKind': 'Alle typer',
  'org.anyDistrict': 'Alle politikredse',
  'org.anyMunicipality': 'Alle kommuner',
  'org.kindGroup.civil_society': 'Civilsamfund',
  'org.kindGroup.public_authority': 'Myndighed',
  'org.kindGroup.cooperation_forum': 'Lokalt samarbejdsforum',
  'org.kindGroup.other': 'Andet',
  'org.picker.search': 'Find organisation',
  'org.picker.searchHint': 'Skriv en del af navnet for at indsnævre listen',
  'org.picker.select': 'Organisation',
  'org.picker.none': 'Ingen organisationer matcher',

  'contact.listTitle': 'Kontaktpersoner',
  'contact.new': 'Ny kontaktperson',
  'contact.newTitle': 'Ny kontaktperson',
  'contact.search': 'Søg i kontaktpersoner',
  'contact.searchHint': 'Navn eller e-mail',
  'contact.empty': 'Ingen kontaktpersoner matcher søgningen.',
  'contact.count': '{total} kontaktpersoner',
  'contact.countOne': '1 kontaktperson',
  'contact.name': 'Navn',
  'contact.title': 'Stilling',
  'contact.email': 'E-mail',
  'contact.phone': 'Telefon',
  'contact.phoneHint': '8 cifre, fx 33 12 34 56. Gemmes som +45 XXXX XXXX.',
  'contact.language': 'Sprog i invitationer',
  'contact.language.da': 'Dansk',
  'contact.language.en': 'Engelsk',
  'contact.consent': 'Samtykke',
  'contact.consentInvitations': 'Må modtage invitationer',
  'contact.consentNewsletter': 'Må modtage nyhedsbrev',
  'contact.organisation': 'Organisation',
  'contact.filteredBy': 'Viser kontaktpersoner hos {name}.',
  'contact.clearFilter': 'Vis alle kontaktpersoner',
  'contact.edit': 'Redigér kontaktperson',
  'contact.archive': 'Arkivér kontaktperson',
  'contact.archiveConfirm': 'Arkivér {name}? Personen får ikke flere invitationer.',
  'contact.archived': 'Kontaktpersonen er arkiveret.',
  'contact.created': 'Kontaktpersonen er oprettet.',

  'user.listTitle': 'Brugere',
  'user.new': 'Ny bruger',
  'user.newTitle': 'Opret bruger',
  'user.search': 'Søg i brugere',
  'user.searchHint': 'Navn eller e-mail',
  'user.empty': 'Ingen brugere matcher søgningen.',
  'user.count': '{total} brugere',
  'user.countOne': '1 bruger',
  'user.name': 'Navn',
  'user.email': 'E-mail',
  'user.role': 'Rolle',
  'user.anyRole': 'Alle roller',
  'user.organisation': 'Organisation',
  'user.organisationHint': 'Kun for partnere: den organisation brugeren hører til.',
  'user.password': 'Adgangskode',
  'user.passwordNew': 'Ny adgangskode',
  'user.passwordHint': 'Lad feltet stå tomt for at beholde den nuværende.',
  'user.status': 'Status',
  'user.status.active': 'Aktiv',
  'user.status.disabled': 'Deaktiveret',
  'user.lastLogin': 'Sidst logget ind',
  'user.never': 'Aldrig',
  'user.editNamed': 'Redigér {name}',
  'user.editTitle': 'Redigér bruger: {name}',
  'user.created': 'Brugeren {name} er oprettet.',
  'user.saved': 'Brugeren {name} er gemt.',
};

export type MessageKey = keyof typeof da;

const en: Record<MessageKey, string> = {
  'app.name': 'Brobygger',
  'app.tagline': 'Cooperation with civil society',
  'app.skip': 'Skip to content',
  'app.loading': 'Loading…',
  'app.footer': 'Brobygger: partners, contact persons and events in the prevention cooperation.',

  'lang.switchTo': 'Dansk',
  'lang.switchLabel': 'Skift sprog til dansk',

  'nav.label': 'Main menu',
  'nav.menu': 'Menu',
  'nav.organisations': 'Organisations',
  'nav.contacts': 'Contacts',
  'nav.users': 'Users',
  'nav.logout': 'Log out',
  'nav.signedInAs': 'Signed in as',

  'role.admin': 'Administrator',
  'role.officer': 'Outreach officer',
  'role.manager': 'Management',
  'role.partner': 'Partner',

  'status.active': 'Active',
  'status.archived': 'Archived',
  'status.disabled': 'Disabled',

  'common.search': 'Search',
  'common.save': 'Save',
  'common.saving': 'Saving…',
  'common.cancel': 'Cancel',
  'common.edit': 'Edit',
  'common.create': 'Create',
  'common.creating': 'Creating…',
  'common.archive': 'Archive',
  'common.archiving': 'Archiving…',
  'common.confirmArchive': 'Yes, archive',
  'common.reload': 'Reload',
  'common.yes': 'Yes',
  'common.no': 'No',
  'common.none': '—',
  'common.all': 'All',
  'common.any': 'Any',
  'common.choose': 'Choose…',
  'common.previous': 'Previous page',
  'common.next': 'Next page',
  'common.showing': 'Showing {from}–{to} of {total}',
  'common.showingNone': 'No results',
  'common.pagination': 'Pagination',
  'common.filters': 'Filters',
  'common.results': 'Results',
  'common.sortBy': 'Sort by {column}',
  'common.optional': '(optional)',
  'common.required': '(required)',
  'common.saved': 'Your changes have been saved.',
  'common.createdAt': 'Created',
  'common.updatedAt': 'Last changed',
  'common.status': 'Status',
  'common.statusFilter': 'Status',
  'common.statusActive': 'Active',
  'common.statusArchived': 'Archived',
  'common.statusAll': 'All',
  'common.details': 'Details',
  'common.actions': 'Actions',

  'error.title': 'Something went wrong',
  'error.form': 'The form could not be saved. Please correct the marked fields.',
  'error.network': 'The server could not be reached. Check the connection and try again.',
  'error.400': 'The request was invalid.',
  'error.401': 'You are not logged in.',
  'error.403': 'You do not have access to this.',
  'error.404': 'It does not exist, or you do not have access to it.',
  'error.409': 'Already exists.',
  'error.412': 'Someone else has changed it since you loaded it. Reload the latest version and try again.',
  'error.413': 'The request is too large.',
  'error.422': 'The data could not be accepted.',
  'error.429': 'Too many attempts. Wait a little and try again.',
  'error.500': 'An error occurred on the server.',
  'error.503': 'The database is unavailable right now. Try again shortly.',
  'error.existing': 'Go to the existing one',
  'error.otherFields': 'Other errors:',

  'notFound.title': 'Not found',
  'notFound.text': 'The page does not exist, or you do not have access to it.',
  'notFound.back': 'To the organisations',
  'forbidden.title': 'No access',
  'forbidden.text': 'Your role does not give access to this page.',

  'login.title': 'Log in',
  'login.intro': 'Log in with your email address and password.',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.submitting': 'Logging in…',
  'login.failed': 'The email or password is incorrect.',
  'login.throttled': 'Too many failed attempts. Try again in {minutes} minutes.',
  'login.throttledNoTime': 'Too many failed attempts. Try again later.',
  'login.loggedOut': 'You have logged out.',
  'login.sessionExpired': 'Log in again to continue.',

  'org.listTitle': 'Organisations',
  'org.new': 'New organisation',
  'org.newTitle': 'New organisation',
  'org.search': 'Search organisations',
  'org.searchHint': 'Name, CVR number or website',
  'org.empty': 'No organisations match the search.',
  'org.count': '{total} organisations',
  'org.countOne': '1 organisation',
  'org.name': 'Name',
  'org.kind': 'Kind',
  'org.cvr': 'CVR number',
  'org.cvrHint': '8 digits. Checked with modulus 11.',
  'org.municipality': 'Municipality',
  'org.policeDistrict': 'Police district',
  'org.region': 'Region',
  'org.address': 'Address',
  'org.website': 'Website',
  'org.websiteHint': 'Full address, e.g. https://example.dk',
  'org.tags': 'Tags',
  'org.tagsHint': 'Separate with commas',
  'org.edit': 'Edit organisation',
  'org.editTitle': 'Edit details',
  'org.archive': 'Archive organisation',
  'org.archiveConfirm': 'Archive {name}? The organisation and its history are kept, but it is no longer shown as active.',
  'org.archived': 'The organisation has been archived.',
  'org.archivedBadge': 'Archived',
  'org.contacts': 'Contact persons',
  'org.contactsEmpty': 'The organisation has no contact persons yet.',
  'org.contactsAll': 'See the contact persons in the contact list',
  'org.newContact': 'New contact person',
  'org.contactCreated': 'The contact person {name} has been created.',
  'org.created': 'The organisation has been created.',
  'org.partnerEditNote': 'As a partner you can change the name, address and website.',
  'org.anyKind': 'All kinds',
  'org.anyDistrict': 'All police districts',
  'org.anyMunicipality': 'All municipalities',
  'org.kindGroup.civil_society': 'Civil society',
  'org.kindGroup.public_authority': 'Public authority',
  'org.kindGroup.cooperation_forum': 'Local cooperation forum',
  'org.kindGroup.other': 'Other',
  'org.picker.search': 'Find organisation',
  'org.picker.searchHint': 'Type part of the name to narrow the list',
  'org.picker.select': 'Organisation',
  'org.picker.none': 'No organisations match',

  'contact.listTitle': 'Contact persons',
  'contact.new': 'New contact person',
  'contact.newTitle': 'New contact person',
  'contact.search': 'Search contact persons',
  'contact.searchHint': 'Name or email',
  'contact.empty': 'No contact persons match the search.',
  'contact.count': '{total} contact persons',
  'contact.countOne': '1 contact person',
  'contact.name': 'Name',
  'contact.title': 'Job title',
  'contact.email': 'Email',
  'contact.phone': 'Phone',
  'contact.phoneHint': '8 digits, e.g. 33 12 34 56. Stored as +45 XXXX XXXX.',
  'contact.language': 'Language of invitations',
  'contact.language.da': 'Danish',
  'contact.language.en': 'English',
  'contact.consent': 'Consent',
  'contact.consentInvitations': 'May receive invitations',
  'contact.consentNewsletter': 'May receive the newsletter',
  'contact.organisation': 'Organisation',
  'contact.filteredBy': 'Showing contact persons at {name}.',
  'contact.clearFilter': 'Show all contact persons',
  'contact.edit': 'Edit contact person',
  'contact.archive': 'Archive contact person',
  'contact.archiveConfirm': 'Archive {name}? The person will receive no more invitations.',
  'contact.archived': 'The contact person has been archived.',
  'contact.created': 'The contact person has been created.',

  'user.listTitle': 'Users',
  'user.new': 'New user',
  'user.newTitle': 'Create user',
  'user.search': 'Search users',
  'user.searchHint': 'Name or email',
  'user.empty': 'No users match the search.',
  'user.count': '{total} users',
  'user.countOne': '1 user',
  'user.name': 'Name',
  'user.email': 'Email',
  'user.role': 'Role',
  'user.anyRole': 'All roles',
  'user.organisation': 'Organisation',
  'user.organisationHint': 'Partners only: the organisation the user belongs to.',
  'user.password': 'Password',
  'user.passwordNew': 'New password',
  'user.passwordHint': 'Leave empty to keep the current one.',
  'user.status': 'Status',
  'user.status.active': 'Active',
  'user.status.disabled': 'Disabled',
  'user.lastLogin': 'Last login',
  'user.never': 'Never',
  'user.editNamed': 'Edit {name}',
  'user.editTitle': 'Edit user: {name}',
  'user.created': 'The user {name} has been created.',
  'user.saved': 'The user {name} has been saved.',
};

export type Lang = 'da' | 'en';
export const LANGS: Lang[] = ['da', 'en'];
const dictionaries: Record<Lang, Record<MessageKey, string>> = { da, en };
const STORAGE_KEY = 'brobygger.lang';

export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[lang][key] ?? dictionaries.da[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function initialLang(): Lang {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'da' || stored === 'en') return stored;
  } catch {
    /* storage may be disabled */
  }
  return 'da';
}

export function storeLang(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = lang;
}

export interface I18n {
  lang: Lang;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  setLang: (lang: Lang) => void;
  /** The name of a reference item (name_da / name_en) in the current language. */
  refName: (item: { name_da: string; name_en: string } | undefined | null) => string;
  formatDateTime: (iso: string | null | undefined) => string;
  locale: string;
}

export function makeI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Copenhagen' });
  } catch {
    fmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  }
  return {
    lang,
    locale,
    setLang,
    t: (key, params) => translate(lang, key, params),
    refName: (item) => (item ? (lang === 'en' ? item.name_en || item.name_da : item.name_da || item.name_en) : ''),
    formatDateTime: (iso) => {
      if (!iso) return '';
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : fmt.format(d);
    },
  };
}

export const I18nContext = createContext<I18n>(makeI18n('da', () => {}));

export function useI18n(): I18n {
  return useContext(I18nContext);
}

#include "domain/messages.hpp"

#include <array>
#include <optional>
#include <unordered_map>
#include <vector>

namespace brobygger::domain {

namespace {

// English as the code writes it, then Danish. Keep the wording of the English side exactly as thrown;
// the completeness test finds a message without an entry. Codes (statuses, field names, formats) stay
// codes in both languages.
constexpr MessageText kMessages[] = {
    // Problem titles (api/problem.cpp)
    {"The request breaks a rule", "Anmodningen bryder en regel"},
    {"Not found", "Ikke fundet"},
    {"Already exists", "Findes allerede"},
    {"Forbidden", "Ikke tilladt"},
    {"Not logged in", "Ikke logget ind"},
    {"Changed by someone else", "Ændret af en anden"},
    {"Too many requests", "For mange forespørgsler"},
    {"Service unavailable", "Tjenesten er ikke tilgængelig"},
    {"Bad request", "Ugyldig forespørgsel"},
    {"Internal error", "Intern fejl"},
    {"Method not allowed", "Metoden er ikke tilladt"},
    {"Request timeout", "Forespørgslen tog for lang tid"},
    {"Request body too large", "Indholdet er for stort"},
    {"Length required", "Længden mangler"},
    {"Request line too long", "Forespørgselslinjen er for lang"},
    {"Unsupported media type", "Indholdstypen understøttes ikke"},
    {"Expectation failed", "Forventningen kan ikke opfyldes"},
    {"Request headers too large", "Forespørgslens headere er for store"},
    {"Not implemented", "Ikke understøttet"},
    {"HTTP version not supported", "HTTP-versionen understøttes ikke"},

    // Sessions and users
    {"Wrong email or password", "Forkert e-mailadresse eller adgangskode"},
    {"Log in first", "Log ind først"},
    {"Too many failed logins from this address; try again later",
     "For mange mislykkede login fra denne adresse; prøv igen senere"},
    {"Too many failed logins for this account; try again later",
     "For mange mislykkede login for denne konto; prøv igen senere"},
    {"This account is locked after too many failed logins; try again later",
     "Kontoen er låst efter for mange mislykkede login; prøv igen senere"},
    {"The session has ended; log in again", "Sessionen er udløbet; log ind igen"},
    {"The session ended after a while without use; log in again",
     "Sessionen udløb efter et stykke tid uden brug; log ind igen"},
    {"is not your current password", "er ikke din nuværende adgangskode"},
    {"must differ from the current password", "skal være forskellig fra den nuværende adgangskode"},
    {"Your account was changed meanwhile; try again", "Din konto blev ændret imens; prøv igen"},
    {"is required for a partner", "skal angives for en partner"},
    {"only partners belong to an organisation", "kun partnere hører til en organisation"},
    {"only officers are limited to police districts", "kun netværksmedarbejdere kan begrænses til politikredse"},
    {"holds an unknown police district", "indeholder en ukendt politikreds"},
    {"User not found", "Brugeren findes ikke"},
    {"A user with this email address already exists", "Der findes allerede en bruger med denne e-mailadresse"},
    {"administrators cannot demote themselves", "administratorer kan ikke fratage sig selv rollen"},
    {"administrators cannot disable themselves", "administratorer kan ikke deaktivere sig selv"},
    {"The user was changed by someone else; reload it", "Brugeren er ændret af en anden; indlæs den igen"},
    {"must be admin, officer, manager or partner", "skal være admin, officer, manager eller partner"},
    {"at most 12 police districts", "højst 12 politikredse"},
    {"must be active or disabled", "skal være active eller disabled"},
    {"Your role may not do this", "Din rolle må ikke gøre dette"},
    {"Cookie-authenticated changes need the header X-Requested-With: brobygger",
     "Ændringer med cookie-login kræver headeren X-Requested-With: brobygger"},

    // Not found
    {"%1 not found", "%1 findes ikke"},
    {"Event not found", "Arrangementet findes ikke"},
    {"Registration not found", "Tilmeldingen findes ikke"},
    {"Feed not found", "Kalenderfeedet findes ikke"},
    {"Organisation not found", "Organisationen findes ikke"},
    {"Contact not found", "Kontaktpersonen findes ikke"},
    {"Import not found", "Importen findes ikke"},
    {"Merge not found", "Fletningen findes ikke"},
    {"Activity not found", "Aktiviteten findes ikke"},
    {"Follow-up not found", "Opfølgningen findes ikke"},
    {"Series not found", "Serien findes ikke"},
    {"No such resource", "Ressourcen findes ikke"},
    {"No such file", "Filen findes ikke"},
    {"No such calendar feed", "Kalenderfeedet findes ikke"},
    {"No invitation while the person is on the waiting list", "Ingen invitation, mens personen står på venteliste"},
    {"The person has no email address to invite", "Personen har ingen e-mailadresse at invitere"},

    // Register: organisations and contacts
    {"is not a valid email address", "er ikke en gyldig e-mailadresse"},
    {"must be a Danish number of 8 digits, e.g. +45 1234 5678",
     "skal være et dansk nummer på 8 cifre, fx +45 1234 5678"},
    {"is not a known organisation", "er ikke en kendt organisation"},
    {"is archived", "er arkiveret"},
    {"A contact with this email address already exists",
     "Der findes allerede en kontaktperson med denne e-mailadresse"},
    {"The contact was changed by someone else; reload it", "Kontaktpersonen er ændret af en anden; indlæs den igen"},
    {"The person was erased; an anonymous participant cannot be edited",
     "Personen er slettet; en anonym deltager kan ikke redigeres"},
    {"is not a valid CVR number (8 digits, modulus 11)", "er ikke et gyldigt CVR-nummer (8 cifre, modulus 11)"},
    {"must be an officer or administrator", "skal være en netværksmedarbejder eller administrator"},
    {"An organisation with this CVR number already exists", "Der findes allerede en organisation med dette CVR-nummer"},
    {"may only be changed by an officer", "må kun ændres af en netværksmedarbejder"},
    {"The organisation was merged into organisation %1; change that one, or undo the merge",
     "Organisationen er flettet ind i organisation %1; ret den, eller fortryd fletningen"},
    {"The organisation was changed by someone else; reload it",
     "Organisationen er ændret af en anden; indlæs den igen"},
    {"is not an organisation you can see", "er ikke en organisation, du kan se"},
    {"is not a known organisation kind", "er ikke en kendt organisationstype"},
    {"is outside your police districts", "ligger uden for dine politikredse"},
    {"must be active or archived", "skal være active eller archived"},
    {"must be active, archived or all", "skal være active, archived eller all"},
    {"looks like it holds a CPR number; Brobygger must not hold data about individuals of concern",
     "ser ud til at indeholde et CPR-nummer; Brobygger må ikke rumme oplysninger om enkeltpersoner"},

    // Events
    {"is not a known event kind", "er ikke en kendt arrangementstype"},
    {"must be an http:// or https:// address", "skal være en http://- eller https://-adresse"},
    {"is not a known municipality", "er ikke en kendt kommune"},
    {"must be between 1 and 100000", "skal være mellem 1 og 100000"},
    {"must be between 1 and 10000", "skal være mellem 1 og 10000"},
    {"is not a known police district", "er ikke en kendt politikreds"},
    {"must be between 0 and 720 (0: no reminder)", "skal være mellem 0 og 720 (0: ingen påmindelse)"},
    {"must be between 0 and 720", "skal være mellem 0 og 720"},
    {"must not be null (0: no reminder)", "må ikke være null (0: ingen påmindelse)"},
    {"must be an active officer or administrator", "skal være en aktiv netværksmedarbejder eller administrator"},
    {"must be after starts_at", "skal ligge efter starts_at"},
    {"an event lasts at most 31 days", "et arrangement varer højst 31 dage"},
    {"an all-day event starts at midnight", "et heldagsarrangement begynder ved midnat"},
    {"an all-day event ends at midnight (exclusive)", "et heldagsarrangement slutter ved midnat (eksklusiv)"},
    {"must not be after the event ends", "må ikke ligge efter arrangementets slutning"},
    {"must be before registration closes", "skal ligge før tilmeldingen lukker"},
    {"must be at most a year before the event", "må højst ligge et år før arrangementet"},
    {"at most 2000", "højst 2000"},
    {"organisation %1 is not known", "organisation %1 er ikke kendt"},
    {"must not be below the %1 seats already taken", "må ikke være under de %1 pladser, der allerede er taget"},
    {"The event was changed by someone else; reload it", "Arrangementet er ændret af en anden; indlæs det igen"},
    {"A %1 event cannot be changed", "Et arrangement med status %1 kan ikke ændres"},
    {"Only a draft can be published; this event is %1", "Kun en kladde kan offentliggøres; dette arrangement er %1"},
    {"A %1 event cannot be cancelled", "Et arrangement med status %1 kan ikke aflyses"},
    {"Only a published event can be closed; this one is %1",
     "Kun et offentliggjort arrangement kan afsluttes; dette er %1"},
    {"the event has not ended yet", "arrangementet er ikke slut endnu"},
    {"must be open or invited", "skal være open eller invited"},
    {"must be draft, published, cancelled or completed", "skal være draft, published, cancelled eller completed"},
    {"is not an event you can see", "er ikke et arrangement, du kan se"},

    // Registrations
    {"already registered", "allerede tilmeldt"},
    {"is not open for registration (%1)", "er ikke åben for tilmelding (%1)"},
    {"registration has not opened yet", "tilmeldingen er ikke åbnet endnu"},
    {"registration has closed", "tilmeldingen er lukket"},
    {"the person's organisation is not invited", "personens organisation er ikke inviteret"},
    {"is not a known contact", "er ikke en kendt kontaktperson"},
    {"This person is already registered", "Personen er allerede tilmeldt"},
    {"name at least one person", "angiv mindst én person"},
    {"at most %1 people per request", "højst %1 personer pr. anmodning"},
    {"The registration was changed meanwhile; reload it", "Tilmeldingen blev ændret imens; indlæs den igen"},
    {"A registration that is %1 cannot be cancelled", "En tilmelding med status %1 kan ikke afmeldes"},
    {"the event has started; registrations can no longer be cancelled",
     "arrangementet er begyndt; tilmeldinger kan ikke længere afmeldes"},
    {"A registration that is %1 cannot be passed on", "En tilmelding med status %1 kan ikke overdrages"},
    {"the event has started", "arrangementet er begyndt"},
    {"a seat passes only to someone from the same organisation",
     "en plads kan kun overdrages til en fra samme organisation"},
    {"Check-in is closed: the event is %1", "Check-in er lukket: arrangementet er %1"},
    {"check-in opens 2 hours before the start", "check-in åbner 2 timer før start"},
    {"Only confirmed people can be checked in; this one is %1", "Kun bekræftede personer kan checkes ind; denne er %1"},
    {"must be confirmed, waitlisted, cancelled, attended or no_show",
     "skal være confirmed, waitlisted, cancelled, attended eller no_show"},
    {"must be an array of at most 50 people", "skal være en liste med højst 50 personer"},
    {"send either contact_id or contact_ids/new_contacts", "send enten contact_id eller contact_ids/new_contacts"},

    // Series
    {"an occurrence lasts at most 24 hours", "en forekomst varer højst 24 timer"},
    {"name at least one member", "angiv mindst ét medlem"},
    {"must itself be an occurrence of the rule", "skal selv være en forekomst af reglen"},
    {"The series was changed by someone else; reload it", "Serien er ændret af en anden; indlæs den igen"},
    {"An ended series cannot be changed", "En afsluttet serie kan ikke ændres"},
    {"is not an occurrence of this series", "er ikke en forekomst i denne serie"},
    {"must be 0..23", "skal være 0..23"},
    {"must be 0..59", "skal være 0..59"},
    {"must be between 5 and 1440", "skal være mellem 5 og 1440"},
    {"An occurrence was changed meanwhile; try again", "En forekomst blev ændret imens; prøv igen"},
    {"The series has already ended", "Serien er allerede afsluttet"},
    {"Series %1 cannot be extended: %2", "Serie %1 kan ikke forlænges: %2"},
    {"must be HH:MM", "skal være TT:MM"},

    // Outreach
    {"is not a known activity kind", "er ikke en kendt aktivitetstype"},
    {"may be at most one day ahead", "må højst ligge én dag frem"},
    {"names more than %1 people", "nævner mere end %1 personer"},
    {"must be people of the organisation (%1 is not)", "skal være personer fra organisationen (%1 er ikke)"},
    {"The activity was changed by someone else; reload it", "Aktiviteten er ændret af en anden; indlæs den igen"},
    {"has not taken place yet", "har ikke fundet sted endnu"},
    {"is not a date", "er ikke en dato"},
    {"must be a person of the organisation", "skal være en person fra organisationen"},
    {"must be an activity with the organisation", "skal være en aktivitet med organisationen"},
    {"The follow-up was changed by someone else; reload it", "Opfølgningen er ændret af en anden; indlæs den igen"},
    {"is already %1", "er allerede %1"},
    {"must be open, done or cancelled", "skal være open, done eller cancelled"},
    {"must be a comma-separated list of activity, registration, follow_up, change",
     "skal være en kommasepareret liste af activity, registration, follow_up, change"},

    // Imports, merges, exports
    {"names no column of the file: %1", "nævner ingen kolonne i filen: %1"},
    {"maps %1 to %2, which is not a field of %3", "knytter %1 til %2, som ikke er et felt i %3"},
    {"maps two columns to %1", "knytter to kolonner til %1"},
    {"repeats row %1 of the file", "gentager række %1 i filen"},
    {"is required", "skal udfyldes"},
    {"matches an organisation outside your police districts", "svarer til en organisation uden for dine politikredse"},
    {"names more than one organisation; give its CVR", "svarer til mere end én organisation; angiv CVR-nummeret"},
    {"matches a person outside your police districts", "svarer til en person uden for dine politikredse"},
    {"has a header but no rows", "har en overskrift, men ingen rækker"},
    {"The import was committed; upload the file again to change it",
     "Importen er gennemført; upload filen igen for at ændre den"},
    {"row %1 is not a row of the file", "række %1 er ikke en række i filen"},
    {"row %1 is %2 and cannot be %3d", "række %1 er %2 og kan ikke få handlingen %3"},
    {"The import is already committed", "Importen er allerede gennemført"},
    {"An organisation of the import was changed meanwhile; try again",
     "En organisation i importen blev ændret imens; prøv igen"},
    {"A person of the import was changed meanwhile; try again", "En person i importen blev ændret imens; prøv igen"},
    {"must be an object of column names to field names or null",
     "skal være et objekt fra kolonnenavne til feltnavne eller null"},
    {"maps %1 to something that is neither a field name nor null",
     "knytter %1 til noget, der hverken er et feltnavn eller null"},
    {"must be an array of {row, action}", "skal være en liste af {row, action}"},
    {"each item must be {\"row\": a row number, \"action\": create, update or skip}",
     "hvert element skal være {\"row\": et rækkenummer, \"action\": create, update eller skip}"},
    {"must be organisations or contacts", "skal være organisations eller contacts"},
    {"must be one of new, update, unchanged, duplicate, invalid",
     "skal være en af new, update, unchanged, duplicate, invalid"},
    {"The file cannot be read", "Filen kan ikke læses"},
    {"is neither UTF-8 nor Windows-1252 text", "er hverken UTF-8- eller Windows-1252-tekst"},
    {"has a cell longer than %1 bytes", "har en celle på mere end %1 byte"},
    {"is empty", "er tom"},
    {"has no header row", "har ingen overskriftsrække"},
    {"has more than %1 columns", "har mere end %1 kolonner"},
    {"is not a text file (CSV); it holds binary data", "er ikke en tekstfil (CSV); den indeholder binære data"},
    {"has more than %1 rows", "har mere end %1 rækker"},
    {"ends inside a quoted field (a \" is not closed)",
     "slutter inde i et felt i anførselstegn (et \" er ikke lukket)"},
    {"is not an XLSX workbook", "er ikke en XLSX-projektmappe"},
    {"is not an XLSX workbook (not a zip archive)", "er ikke en XLSX-projektmappe (ikke et zip-arkiv)"},
    {"is not an XLSX workbook (%1 missing)", "er ikke en XLSX-projektmappe (%1 mangler)"},
    {"is not a readable XLSX workbook (%1)", "er ikke en læsbar XLSX-projektmappe (%1)"},
    {"is a damaged XLSX workbook (%1)", "er en beskadiget XLSX-projektmappe (%1)"},
    {"unpacks to more than %1 MiB", "fylder mere end %1 MiB udpakket"},
    {"is a damaged XLSX workbook (%1 is not XML)", "er en beskadiget XLSX-projektmappe (%1 er ikke XML)"},
    {"is an XLSX workbook without a sheet", "er en XLSX-projektmappe uden ark"},
    {"is a damaged XLSX workbook (a shared string is missing)",
     "er en beskadiget XLSX-projektmappe (en delt streng mangler)"},
    {"holds text that is not valid UTF-8", "indeholder tekst, der ikke er gyldig UTF-8"},
    {"must be another record than a", "skal være en anden post end a"},
    {"must be another organisation than the one kept", "skal være en anden organisation end den, der beholdes"},
    {"was merged into organisation %1", "er flettet ind i organisation %1"},
    {"was already merged into organisation %1", "er allerede flettet ind i organisation %1"},
    {"is a different kind of organisation (%1, not %2)", "er en anden type organisation (%1, ikke %2)"},
    {"must be another person than the one kept", "skal være en anden person end den, der beholdes"},
    {"was erased: an anonymous participant cannot be kept", "er slettet: en anonym deltager kan ikke beholdes"},
    {"was erased (perhaps merged already): there is nothing left to merge",
     "er slettet (måske allerede flettet): der er intet tilbage at flette"},
    {"The person was changed by someone else; reload them", "Personen er ændret af en anden; indlæs igen"},
    {"This merge was already undone", "Denne fletning er allerede fortrudt"},
    {"A merge can be undone for %1 days; this one was made on %2",
     "En fletning kan fortrydes i %1 dage; denne blev lavet %2"},
    {"A later merge involves the same records; undo that one first (see the list of merges)",
     "En senere fletning rører de samme poster; fortryd den først (se listen over fletninger)"},
    {"must be a positive id", "skal være et positivt id"},
    {"must be organisation or contact", "skal være organisation eller contact"},
    {"An export holds at most %1 rows and %2 match: narrow the filters",
     "Et udtræk rummer højst %1 rækker, og %2 passer: indsnævr filtrene"},
    {"must be json, csv or xlsx", "skal være json, csv eller xlsx"},

    // Messages to an event's people
    {"has a placeholder that is not closed with }}", "har en pladsholder, der ikke er lukket med }}"},
    {"has an empty placeholder {{}}", "har en tom pladsholder {{}}"},
    {"has an unknown placeholder {{%1}}; known: %2", "har en ukendt pladsholder {{%1}}; kendte: %2"},
    {"must not use {{details}}: it belongs in the body", "må ikke bruge {{details}}: den hører til i teksten"},
    {"{{name}}, {{organisation}} (the others only about an event)",
     "{{name}}, {{organisation}} (de andre kun om et arrangement)"},
    {"must be at most 50 KiB (51200 bytes)", "må højst være 50 KiB (51200 byte)"},
    {"must be confirmed, waitlisted, attended, registered or invited",
     "skal være confirmed, waitlisted, attended, registered eller invited"},
    {"names nobody who can be written to", "nævner ingen, der kan skrives til"},

    // Overviews and lists
    {"The period ends before it starts", "Perioden slutter, før den begynder"},
    {"Unknown kind of organisation", "Ukendt organisationstype"},
    {"Unknown police district", "Ukendt politikreds"},
    {"Unknown region", "Ukendt region"},
    {"Unknown municipality", "Ukendt kommune"},
    {"Unknown kind of event", "Ukendt arrangementstype"},
    {"A period is at most %1 days", "En periode er højst %1 dage"},
    {"Between 1 and %1 months", "Mellem 1 og %1 måneder"},
    {"must be a date like 2026-03-31", "skal være en dato som 2026-03-31"},
    {"must be police_district, region, municipality, organisation_kind, event_kind, month or quarter",
     "skal være police_district, region, municipality, organisation_kind, event_kind, month eller quarter"},
    {"must be one of name, -name, created_at, -created_at", "skal være en af name, -name, created_at, -created_at"},
    {"must be one of name, -name, created_at, -created_at, updated_at, -updated_at, last_activity_at, "
     "-last_activity_at",
     "skal være en af name, -name, created_at, -created_at, updated_at, -updated_at, last_activity_at, "
     "-last_activity_at"},
    {"must be asc or desc", "skal være asc eller desc"},
    {"must be create, update, delete, read, export, erase or login",
     "skal være create, update, delete, read, export, erase eller login"},
    {"must be queued, sending, sent, failed, superseded or skipped",
     "skal være queued, sending, sent, failed, superseded eller skipped"},

    // Texts and values in general
    {"must not be empty", "må ikke være tom"},
    {"must be valid UTF-8", "skal være gyldig UTF-8"},
    {"must be at least %1 characters", "skal være mindst %1 tegn"},
    {"must be at most %1 characters", "må højst være %1 tegn"},
    {"must be at most 200 characters", "må højst være 200 tegn"},
    {"must be a single line", "skal være én linje"},
    {"must not contain control characters", "må ikke indeholde kontroltegn"},
    {"at most %1 tags", "højst %1 mærker"},
    {"must not contain a comma", "må ikke indeholde komma"},
    {"must not start or end with spaces", "må ikke begynde eller slutte med mellemrum"},
    {"must be at most %1", "må højst være %1"},
    {"must be between 1 and %1", "skal være mellem 1 og %1"},
    {"must be between %1 and %2", "skal være mellem %1 og %2"},
    {"must not be negative", "må ikke være negativ"},
    {"is out of range", "er uden for det tilladte interval"},
    {"must not be null", "må ikke være null"},
    {"must be a date (YYYY-MM-DD)", "skal være en dato (ÅÅÅÅ-MM-DD)"},
    {"must be a date (YYYY-MM-DD) or a date-time with an offset",
     "skal være en dato (ÅÅÅÅ-MM-DD) eller et tidspunkt med tidszoneforskydning"},
    {"must be da or en", "skal være da eller en"},

    // The body and the query
    {"The body nests objects and arrays deeper than %1 levels",
     "Indholdet indlejrer objekter og lister dybere end %1 niveauer"},
    {"nests too deep", "er indlejret for dybt"},
    {"is given more than once", "er angivet mere end én gang"},
    {"The body is not valid UTF-8%1", "Indholdet er ikke gyldig UTF-8%1"},
    {"The body is not valid JSON%1", "Indholdet er ikke gyldig JSON%1"},
    {" (at byte %1)", " (ved byte %1)"},
    {"The body must be a JSON object", "Indholdet skal være et JSON-objekt"},
    {"must be an object", "skal være et objekt"},
    {"must be a string", "skal være en tekst"},
    {"must be a string or null", "skal være en tekst eller null"},
    {"must be an integer", "skal være et heltal"},
    {"is a number out of range", "er et tal uden for det tilladte interval"},
    {"must be an integer or null", "skal være et heltal eller null"},
    {"must be a date-time with an offset, e.g. 2026-03-10T09:00:00+01:00",
     "skal være et tidspunkt med tidszoneforskydning, fx 2026-03-10T09:00:00+01:00"},
    {"must be an array of integers", "skal være en liste af heltal"},
    {"holds a number out of range", "indeholder et tal uden for det tilladte interval"},
    {"must be true or false", "skal være true eller false"},
    {"must be an array of strings", "skal være en liste af tekster"},
    {"is not a known field", "er ikke et kendt felt"},
    {"is not a known query parameter", "er ikke en kendt forespørgselsparameter"},
    {"The query string is malformed", "Forespørgselsstrengen er fejlformet"},
    {"The query string is malformed: a %-escape is broken or it is not UTF-8",
     "Forespørgselsstrengen er fejlformet: en %-escape er brudt, eller den er ikke UTF-8"},

    // The server and its edge
    {"The server is busy; try again shortly", "Serveren har travlt; prøv igen om lidt"},
    {"The server could not take the request in time; try again",
     "Serveren nåede ikke at tage imod anmodningen; prøv igen"},
    {"The server is restarting; try again", "Serveren genstarter; prøv igen"},
    {"The server is stopping", "Serveren er ved at stoppe"},
    {"Something went wrong on our side; it has been logged", "Noget gik galt hos os; det er logget"},
    {"Use %1 on this resource", "Brug %1 på denne ressource"},
    {"The body may be at most %1 bytes", "Indholdet må højst være %1 byte"},
    {"Send the body as application/json", "Send indholdet som application/json"},
    {"Send the file as one of: %1", "Send filen som en af: %1"},
    {"Use GET on the web admin", "Brug GET på webadministrationen"},
    {"The web admin is not installed on this server", "Webadministrationen er ikke installeret på denne server"},
    {"The web admin is not built", "Webadministrationen er ikke bygget"},
    {"The server has too many open connections; try again shortly",
     "Serveren har for mange åbne forbindelser; prøv igen om lidt"},
    {"Metrics are served only to the addresses in BROBYGGER_METRICS_ALLOW",
     "Målinger vises kun for adresserne i BROBYGGER_METRICS_ALLOW"},
    {"The database is not reachable", "Databasen kan ikke nås"},
    {"Every database connection is busy; try again", "Alle databaseforbindelser er optaget; prøv igen"},
    {"cannot open the database: %1", "kan ikke åbne databasen: %1"},
    {"The database is busy; try again", "Databasen har travlt; prøv igen"},
    {"A record with this value already exists", "Der findes allerede en post med denne værdi"},
    {"The database is not ready", "Databasen er ikke klar"},
    {"The request line must be: method, target and HTTP version",
     "Forespørgselslinjen skal være: metode, mål og HTTP-version"},
    {"The request line is longer than the limit", "Forespørgselslinjen er længere end grænsen"},
    {"Only empty lines were sent", "Der blev kun sendt tomme linjer"},
    {"The method is not a valid token", "Metoden er ikke et gyldigt token"},
    {"The request target holds characters that are not allowed",
     "Forespørgslens mål indeholder tegn, der ikke er tilladt"},
    {"The HTTP version is malformed", "HTTP-versionen er fejlformet"},
    {"Only HTTP/1.0 and HTTP/1.1 are spoken here", "Kun HTTP/1.0 og HTTP/1.1 tales her"},
    {"The request target must be a path", "Forespørgslens mål skal være en sti"},
    {"The request's headers are larger than the limit", "Forespørgslens headere er større end grænsen"},
    {"Folded header lines are not accepted", "Foldede headerlinjer accepteres ikke"},
    {"A header line is malformed", "En headerlinje er fejlformet"},
    {"A header value holds control characters", "En headerværdi indeholder kontroltegn"},
    {"The request has more headers than the limit", "Forespørgslen har flere headere end grænsen"},
    {"A chunk size line is too long", "En chunk-størrelseslinje er for lang"},
    {"A chunk size is malformed", "En chunk-størrelse er fejlformet"},
    {"The request body may be at most %1 bytes", "Forespørgslens indhold må højst være %1 byte"},
    {"A chunk does not end where its size says", "En chunk slutter ikke, hvor dens størrelse siger"},
    {"The request's trailers are larger than the limit", "Forespørgslens trailere er større end grænsen"},
    {"Content-Length must be a number of bytes", "Content-Length skal være et antal byte"},
    {"Content-Length is given twice with different values",
     "Content-Length er angivet to gange med forskellige værdier"},
    {"Only one transfer coding, chunked, is supported", "Kun én overførselskodning, chunked, understøttes"},
    {"An HTTP/1.1 request needs a Host header", "En HTTP/1.1-forespørgsel kræver en Host-header"},
    {"The Host header is given more than once", "Host-headeren er angivet mere end én gang"},
    {"Send either Content-Length or Transfer-Encoding, not both",
     "Send enten Content-Length eller Transfer-Encoding, ikke begge"},
    {"Only the chunked transfer coding is supported", "Kun overførselskodningen chunked understøttes"},
    {"Only Expect: 100-continue is understood", "Kun Expect: 100-continue forstås"},

    // The calendar documents' own check (an invitation the server would refuse to send)
    {"has no UID", "har intet UID"},
    {"appears twice (UIDs are unique apart from RECURRENCE-ID overrides)",
     "optræder to gange (UID'er er unikke bortset fra RECURRENCE-ID-undtagelser)"},
    {"has a negative SEQUENCE", "har en negativ SEQUENCE"},
    {"ends before it starts", "slutter, før det begynder"},
    {"a REQUEST or CANCEL needs an ORGANIZER", "en REQUEST eller CANCEL kræver en ORGANIZER"},
    {"a REQUEST or CANCEL needs an ATTENDEE", "en REQUEST eller CANCEL kræver en ATTENDEE"},
    {"has an ATTENDEE without an address", "har en ATTENDEE uden adresse"},
    {"has the ORGANIZER as ATTENDEE", "har ORGANIZER som ATTENDEE"},
    {"a REQUEST may only be TENTATIVE or CONFIRMED (cancel with METHOD:CANCEL)",
     "en REQUEST må kun være TENTATIVE eller CONFIRMED (aflys med METHOD:CANCEL)"},

    // Announcements, sending again, undoing a check-in, trainings and certificates
    {"is required (an empty object names every active organisation)",
     "skal angives (et tomt objekt nævner alle aktive organisationer)"},
    {"must hold positive ids", "skal indeholde positive id'er"},
    {"must name at most 100 kinds", "må højst nævne 100 typer"},
    {"must name at most 100 police districts", "må højst nævne 100 politikredse"},
    {"must name at most 100 regions", "må højst nævne 100 regioner"},
    {"names police district %1, outside your districts", "nævner politikreds %1, uden for dine kredse"},
    {"names no event you can see", "nævner intet arrangement, du kan se"},
    {"Outbox message not found", "Beskeden i udbakken findes ikke"},
    {"is %1: only a failed message is sent again", "er %1: kun en mislykket besked sendes igen"},
    {"The event is %1", "Arrangementet er %1"},
    {"Only a checked-in person's check-in can be undone; this one is %1",
     "Kun en indtjekket persons indtjekning kan fortrydes; denne er %1"},
    {"must be organisation_kind, police_district or organisation",
     "skal være organisation_kind, police_district eller organisation"},
    {"must be rows or cross", "skal være rows eller cross"},
    {"A certificate is made for attendance at a training only",
     "Et kursusbevis udstedes kun for deltagelse i et kursus"},
    {"An anonymous participant has no certificate", "En anonym deltager har intet kursusbevis"},

    // Message templates (issue 15 point 5)
    {"Only administrators edit the texts of the automatic mail",
     "Kun administratorer redigerer teksterne i de automatiske mails"},
    {"Message template not found", "Skabelonen findes ikke"},
    {"is read only", "kan ikke ændres"},

    // Why the outbox skipped a message or could not deliver it (GET /api/v1/outbox shows them in the
    // caller's language; the stored text stays English, the delivery failure's detail from libcurl too)
    {"the user is not active", "brugeren er ikke aktiv"},
    {"the event is not published (any more)", "arrangementet er ikke (længere) offentliggjort"},
    {"the organisation is no longer invited", "organisationen er ikke længere inviteret"},
    {"the person or the announcement is gone", "personen eller nyhedsbrevet findes ikke længere"},
    {"the person is not active", "personen er ikke aktiv"},
    {"the person has no email address", "personen har ingen e-mailadresse"},
    {"the person has not consented to the newsletter", "personen har ikke givet samtykke til nyhedsbrevet"},
    {"the event is gone", "arrangementet findes ikke længere"},
    {"the registration, person or event is gone", "tilmeldingen, personen eller arrangementet findes ikke længere"},
    {"the person has not consented to invitations", "personen har ikke givet samtykke til invitationer"},
    {"the message is gone", "beskeden findes ikke længere"},
    {"nothing to send", "intet at sende"},
    {"the reminder is no longer due", "påmindelsen er ikke længere aktuel"},
    {"demo data: not sent", "demodata: ikke sendt"},
    {"SMTP delivery failed: %1", "Mailserveren modtog ikke beskeden: %1"},
    {"libcurl could not start", "mailafsenderen kunne ikke starte"},
};

bool isPlaceholder(std::string_view text, std::size_t at) {
  return text[at] == '%' && at + 1 < text.size() && text[at + 1] >= '1' && text[at + 1] <= '9';
}

// A pattern's literal pieces and, between them, its placeholders' numbers.
struct Pattern {
  const MessageText* message;
  std::vector<std::string_view> pieces;  // pieces.size() == slots.size() + 1
  std::vector<int> slots;
};

struct Catalogue {
  std::unordered_map<std::string_view, const MessageText*> exact;
  std::vector<Pattern> patterns;

  Catalogue() {
    for (const auto& m : kMessages) {
      Pattern p{&m, {}, {}};
      std::size_t start = 0;
      for (std::size_t i = 0; i < m.en.size(); ++i)
        if (isPlaceholder(m.en, i)) {
          p.pieces.push_back(m.en.substr(start, i - start));
          p.slots.push_back(m.en[i + 1] - '0');
          start = i + 2;
          ++i;
        }
      p.pieces.push_back(m.en.substr(start));
      if (p.slots.empty()) exact.emplace(m.en, &m);
      else patterns.push_back(std::move(p));
    }
  }

  // The values of the placeholders when `text` fits the pattern (each value at least one character; a
  // value ends at the first place where the next literal piece follows).
  static std::optional<std::array<std::string_view, 10>> fit(const Pattern& p, std::string_view text) {
    if (!text.starts_with(p.pieces.front())) return std::nullopt;
    std::array<std::string_view, 10> values{};
    std::size_t at = p.pieces.front().size();
    for (std::size_t s = 0; s < p.slots.size(); ++s) {
      const auto& next = p.pieces[s + 1];
      const bool last = s + 1 == p.slots.size();
      std::size_t end;
      if (last) {
        if (!text.ends_with(next) || text.size() < at + next.size() + 1) return std::nullopt;
        end = text.size() - next.size();
      } else {
        end = text.find(next, at + 1);
        if (end == std::string_view::npos) return std::nullopt;
      }
      values[static_cast<std::size_t>(p.slots[s])] = text.substr(at, end - at);
      at = end + next.size();
    }
    return values;
  }

  const MessageText* find(std::string_view text, std::array<std::string_view, 10>& values) const {
    if (const auto it = exact.find(text); it != exact.end()) return it->second;
    // The most specific pattern wins: the one whose literal text is longest.
    const MessageText* best = nullptr;
    std::size_t bestLength = 0;
    for (const auto& p : patterns) {
      const auto fitted = fit(p, text);
      if (!fitted) continue;
      std::size_t length = 0;
      for (const auto piece : p.pieces) length += piece.size();
      if (!best || length > bestLength) {
        best = p.message;
        bestLength = length;
        values = *fitted;
      }
    }
    return best;
  }
};

const Catalogue& catalogue() {
  static const Catalogue instance;
  return instance;
}

std::string translateWithin(std::string_view english, Language language, int depth) {
  if (language == Language::en || english.empty()) return std::string(english);
  std::array<std::string_view, 10> values{};
  const auto* message = catalogue().find(english, values);
  if (!message) return std::string(english);
  std::string out;
  const auto da = message->da;
  for (std::size_t i = 0; i < da.size(); ++i) {
    if (isPlaceholder(da, i)) {
      const auto value = values[static_cast<std::size_t>(da[i + 1] - '0')];
      // A value may itself be a message ("Series 4 cannot be extended: <why>"); two levels are plenty.
      out += depth < 2 ? translateWithin(value, language, depth + 1) : std::string(value);
      ++i;
    } else {
      out += da[i];
    }
  }
  return out;
}

}  // namespace

std::span<const MessageText> messageCatalogue() { return kMessages; }

const char* monthName(unsigned month, Language language) {
  static constexpr std::array<const char*, 12> da = {"januar",    "februar", "marts",    "april",
                                                     "maj",       "juni",    "juli",     "august",
                                                     "september", "oktober", "november", "december"};
  static constexpr std::array<const char*, 12> en = {"January",   "February", "March",    "April",
                                                     "May",       "June",     "July",     "August",
                                                     "September", "October",  "November", "December"};
  return (language == Language::en ? en : da).at(month - 1);
}

std::string translate(std::string_view english, Language language) { return translateWithin(english, language, 0); }

bool hasTranslation(std::string_view english) {
  std::array<std::string_view, 10> values{};
  return catalogue().find(english, values) != nullptr;
}

}  // namespace brobygger::domain

// Who may call what: ONE table with a row for every route the server has (as `brobygger routes`
// prints it) and the expected status for every kind of caller, asserted over real HTTP.
//
// The columns: anonymous (no session), admin, officer, manager, a partner on its own organisation's
// resource, and the same partner on another organisation's (or on an event it cannot see). Where
// the organisation does not matter, the two partner columns agree. Expected statuses follow the role
// table of docs/openapi.yaml (and each operation's "Roles:" paragraph) and /work/shared/API.md
// ("Who sees what"). A route the server has but the table lacks fails the test: add a row. A row
// the server no longer has fails too, unless it is marked `pending` (a route another branch adds).
//
// Every call is made with a valid body and on a fixture the caller's column is about (fresh ones for
// calls that change or end something), so a status other than 401/403/404 means the caller got
// through. A `// BUG:` comment marks a row whose expectation encodes today's behaviour where that
// contradicts the documented rule.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <array>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "api_world.hpp"
#include "request_values.hpp"

using namespace brobygger::testing;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

enum Subject { kAnonymous, kAdmin, kOfficer, kManager, kPartnerOwn, kPartnerOther, kSubjects };
constexpr std::array<const char*, kSubjects> kSubjectNames{"anonymous", "admin",         "officer",
                                                           "manager",   "partner (own)", "partner (other)"};

const char* roleOf(Subject subject) {
  switch (subject) {
    case kAdmin: return "admin";
    case kOfficer: return "officer";
    case kManager: return "manager";
    case kPartnerOwn:
    case kPartnerOther: return "partner";
    default: return nullptr;
  }
}

// What one caller sends: the concrete path, an optional body, and (rarely) a session of its own.
struct Call {
  Call(std::string p, json b = nullptr, std::optional<std::string> t = std::nullopt)
      : path(std::move(p)), body(std::move(b)), token(std::move(t)) {}
  std::string path;
  json body;
  std::optional<std::string> token;   // instead of the shared session of the caller's role
  std::optional<std::string> file{};  // a file body (an import's upload) sent as text/csv instead of `body`
};

using Expect = std::array<int, kSubjects>;  // anonymous, admin, officer, manager, partner own, partner other
using Make = std::function<Call(Subject)>;

struct Row {
  Row(std::string m, std::string p, Expect e, Make mk, bool pend = false)
      : method(std::move(m)), pattern(std::move(p)), expect(e), make(std::move(mk)), pending(pend) {}
  std::string method;
  std::string pattern;
  Expect expect;
  Make make;
  bool pending;  // a route of another branch: checked once the server has it
};

// ---------------------------------------------------------------------------------------------
// Fixtures, made through the API by an officer (or admin for users).

std::string uniqueEmail() {
  static int counter = 0;
  return "matrix-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + "@example.dk";
}

long long created(const Reply& reply) {
  INFO(reply.status << " " << reply.body);
  REQUIRE((reply.status == 201 || reply.status == 200));
  return reply.json().at("id").get<long long>();
}

std::string id(long long value) { return std::to_string(value); }

long long newOrganisation() {
  return created(as("officer", "POST", "/api/v1/organisations",
                    json{{"name", uniqueText("Matrixforeningen")}, {"kind", "sports_club"}, {"municipality_id", 101}}));
}

long long newContact(long long organisation) {
  // With an email address: an invitation needs one.
  return created(
      as("officer", "POST", "/api/v1/contacts",
         json{{"organisation_id", organisation}, {"name", uniqueText("Matrix Person")}, {"email", uniqueEmail()}}));
}

json eventBody(Seconds start, Seconds end, const json& extra = json::object()) {
  json body{{"kind", "seminar"},
            {"title", uniqueText("Matrixseminar")},
            {"starts_at", utcText(start)},
            {"ends_at", utcText(end)}};
  if (extra.is_object()) body.update(extra);
  return body;
}

long long newEvent(const json& body, bool publish) {
  const auto event = created(as("officer", "POST", "/api/v1/events", body));
  if (publish) created(as("officer", "POST", "/api/v1/events/" + id(event) + "/publish"));
  return event;
}

long long inAWeek(const json& extra = json::object(), bool publish = true) {
  return newEvent(eventBody(nowSeconds() + 24h * 7, nowSeconds() + 24h * 7 + 2h, extra), publish);
}

long long newRegistration(long long event, long long contact) {
  const auto reply =
      as("officer", "POST", "/api/v1/events/" + id(event) + "/registrations", json{{"contact_id", contact}});
  INFO(reply.body);
  REQUIRE(reply.json().at("status") == "confirmed");
  return created(reply);
}

long long newSeries(long long rosterMember) {
  const auto start = nowSeconds() + 24h * 30;
  return created(as("officer", "POST", "/api/v1/series",
                    json{{"title", uniqueText("Matrixnetværk")},
                         {"kind", "network_meeting"},
                         {"rrule", "FREQ=MONTHLY;INTERVAL=3"},
                         {"starts_at", utcText(start)},
                         {"ends_at", utcText(start + 2h)},
                         {"roster_organisation_ids", {rosterMember}}}));
}

json activityBody(long long organisation, long long contact) {
  return {{"kind", "visit"},
          {"occurred_at", utcText(nowSeconds() - 24h)},
          {"organisation_id", organisation},
          {"contact_ids", {contact}},
          {"subject", uniqueText("Besøg")},
          {"notes", "Matrixnote"}};
}

// An activity (and a follow-up) logged by the shared officer: its own.
long long newActivity(long long organisation) {
  return created(as("officer", "POST", "/api/v1/activities",
                    json{{"kind", "phone_call"},
                         {"occurred_at", utcText(nowSeconds() - 1h)},
                         {"organisation_id", organisation},
                         {"subject", uniqueText("Opkald")}}));
}

long long newFollowUp(long long organisation) {
  return created(
      as("officer", "POST", "/api/v1/follow-ups",
         json{{"organisation_id", organisation}, {"title", uniqueText("Opfølgning")}, {"due_on", "2030-01-10"}}));
}

// An import previewed by the shared officer: its own (the import rows use kStaffOwn).
const char* kImportCsv = "navn;kommune;type\nMatrix Import;101;sports_club\n";
long long newImport() {
  return created(client().request("POST", "/api/v1/imports?kind=organisations", kImportCsv,
                                  {"Content-Type: text/csv", world().bearer("officer")}));
}

long long newUser() {
  return created(as("admin", "POST", "/api/v1/users",
                    json{{"email", uniqueEmail()},
                         {"name", "Matrix Bruger"},
                         {"role", "officer"},
                         {"password", "matrix passphrase"}}));
}

std::string freshSession(const std::string& role) {
  const auto reply =
      client().request("POST", "/api/v1/auth/login",
                       json{{"email", role + "@demo.brobygger.dk"}, {"password", TestWorld::kPassword}}.dump());
  REQUIRE(reply.status == 200);
  return reply.json().at("token").get<std::string>();
}

// The fixtures most rows share; made once.
struct Fixtures {
  long long own = world().partner_organisation;
  long long other = world().other_organisation;
  long long ownContact = newContact(own);
  long long otherContact = newContact(other);
  long long openEvent = inAWeek();  // published, open: every partner sees it
  // Published but only for another organisation: the partner cannot see it.
  long long hiddenEvent = inAWeek({{"audience", "invited"}, {"invited_organisation_ids", {other}}});
  long long ownRegistration = newRegistration(openEvent, ownContact);
  long long otherRegistration = newRegistration(openEvent, otherContact);
  long long series = newSeries(other);
  long long user = newUser();
  long long activity = newActivity(other);
  long long followUp = newFollowUp(other);
  long long import = newImport();

  // Per caller: the organisation / contact / registration / event its column is about.
  long long organisationFor(Subject s) const { return s == kPartnerOwn ? own : other; }
  long long contactFor(Subject s) const { return s == kPartnerOwn ? ownContact : otherContact; }
  long long registrationFor(Subject s) const { return s == kPartnerOwn ? ownRegistration : otherRegistration; }
  long long eventFor(Subject s) const { return s == kPartnerOther ? hiddenEvent : openEvent; }
  // A fresh published event the caller's column is about (hidden from the partner for "other").
  static long long freshEventFor(Subject s, Seconds start, Seconds end) {
    const json extra = s == kPartnerOther
                           ? json{{"audience", "invited"}, {"invited_organisation_ids", {world().other_organisation}}}
                           : json::object();
    return newEvent(eventBody(start, end, extra), true);
  }
  // A fresh contact of the organisation the caller's column is about.
  long long freshContactFor(Subject s) const { return newContact(organisationFor(s)); }
};

Fixtures& fixtures() {
  static Fixtures instance;
  return instance;
}

// Trainings (issue 16): a person of the partner's and one of another organisation, each attended a
// training that started an hour ago (a certificate needs attendance at a training); made once.
struct TrainingSeats {
  long long own = 0, other = 0;
};
const TrainingSeats& trainingSeats() {
  static const TrainingSeats seats = [] {
    auto& f = fixtures();
    const auto training = newEvent(eventBody(nowSeconds() - 1h, nowSeconds() + 2h, {{"kind", "training"}}), true);
    TrainingSeats out;
    out.own = newRegistration(training, f.freshContactFor(kPartnerOwn));
    out.other = newRegistration(training, f.freshContactFor(kPartnerOther));
    for (const auto seat : {out.own, out.other})
      created(as("officer", "POST", "/api/v1/registrations/" + id(seat) + "/check-in"));
    return out;
  }();
  return seats;
}

// ---------------------------------------------------------------------------------------------
// THE TABLE. Statuses: anonymous, admin, officer, manager, partner (own), partner (other).

const std::vector<Row>& table() {
  static const std::vector<Row> rows = [] {
    auto& f = fixtures();
    const auto fixed = [](const std::string& path, const json& body = nullptr) {
      return [path, body](Subject) { return Call{path, body}; };
    };
    const auto org = [&f](const std::string& tail) {
      return [&f, tail](Subject s) { return Call{"/api/v1/organisations/" + id(f.organisationFor(s)) + tail}; };
    };
    const auto contact = [&f](const std::string& tail) {
      return [&f, tail](Subject s) { return Call{"/api/v1/contacts/" + id(f.contactFor(s)) + tail}; };
    };
    const auto registration = [&f](const std::string& tail) {
      return [&f, tail](Subject s) { return Call{"/api/v1/registrations/" + id(f.registrationFor(s)) + tail}; };
    };
    const auto event = [&f](const std::string& tail, const json& body = nullptr) {
      return [&f, tail, body](Subject s) { return Call{"/api/v1/events/" + id(f.eventFor(s)) + tail, body}; };
    };
    const auto series = [&f](const std::string& tail, const json& body = nullptr) {
      return [&f, tail, body](Subject) { return Call{"/api/v1/series/" + id(f.series) + tail, body}; };
    };
    const auto user = [&f](const std::string& tail, const json& body = nullptr) {
      return [&f, tail, body](Subject) { return Call{"/api/v1/users/" + id(f.user) + tail, body}; };
    };
    const Expect anyUser{401, 200, 200, 200, 200, 200};
    const Expect adminOnly{401, 200, 403, 403, 403, 403};
    const Expect staffAndManagers{401, 200, 200, 200, 403, 403};
    const Expect staffOnly{401, 200, 200, 403, 403, 403};
    const Expect peopleRead{401, 200, 200, 403, 200, 404};  // contacts, registrations: own organisation's only

    return std::vector<Row>{
        // --- operations and sessions ---
        {"GET", "/healthz", {200, 200, 200, 200, 200, 200}, fixed("/healthz")},
        {"GET", "/readyz", {200, 200, 200, 200, 200, 200}, fixed("/readyz")},
        {"GET", "/metrics", {200, 200, 200, 200, 200, 200}, fixed("/metrics")},  // the address decides, not the role
        {"POST",
         "/api/v1/auth/login",
         {200, 200, 200, 200, 200, 200},
         fixed("/api/v1/auth/login", {{"email", "officer@demo.brobygger.dk"}, {"password", TestWorld::kPassword}})},
        // Logging out ends the session: each caller uses one of its own.
        {"POST",
         "/api/v1/auth/logout",
         {401, 204, 204, 204, 204, 204},
         [](Subject s) {
           std::optional<std::string> own;
           if (roleOf(s)) own = freshSession(roleOf(s));
           return Call{"/api/v1/auth/logout", nullptr, own};
         }},
        {"GET", "/api/v1/me", anyUser, fixed("/api/v1/me")},
        // Unchanged password: 422 (`new_password` must differ) proves the caller got through, and changes nothing.
        {"POST",
         "/api/v1/me/password",
         {401, 422, 422, 422, 422, 422},
         fixed("/api/v1/me/password",
               {{"current_password", TestWorld::kPassword}, {"new_password", TestWorld::kPassword}})},

        // --- users (admin only) ---
        {"GET", "/api/v1/users", adminOnly, fixed("/api/v1/users")},
        {"POST",
         "/api/v1/users",
         {401, 201, 403, 403, 403, 403},
         [](Subject) {
           return Call{"/api/v1/users",
                       {{"email", uniqueEmail()},
                        {"name", "Ny Matrixbruger"},
                        {"role", "manager"},
                        {"password", "matrix passphrase"}}};
         }},
        {"GET", "/api/v1/users/{id}", adminOnly, user("")},
        {"PATCH", "/api/v1/users/{id}", adminOnly, user("", {{"name", "Matrix Bruger Ændret"}})},
        {"POST", "/api/v1/users/{id}/sessions/revoke", adminOnly, user("/sessions/revoke")},

        // --- reference data ---
        {"GET", "/api/v1/reference/regions", anyUser, fixed("/api/v1/reference/regions")},
        {"GET", "/api/v1/reference/police-districts", anyUser, fixed("/api/v1/reference/police-districts")},
        {"GET", "/api/v1/reference/municipalities", anyUser, fixed("/api/v1/reference/municipalities")},
        {"GET", "/api/v1/reference/organisation-kinds", anyUser, fixed("/api/v1/reference/organisation-kinds")},
        {"GET", "/api/v1/reference/event-kinds", anyUser, fixed("/api/v1/reference/event-kinds")},

        // --- organisations ---
        {"GET", "/api/v1/organisations", anyUser, fixed("/api/v1/organisations")},
        {"POST",
         "/api/v1/organisations",
         {401, 201, 201, 403, 403, 403},
         [](Subject) {
           return Call{
               "/api/v1/organisations",
               {{"name", uniqueText("Ny Matrixforening")}, {"kind", "cultural_association"}, {"municipality_id", 751}}};
         }},
        {"GET", "/api/v1/organisations/{id}", {401, 200, 200, 200, 200, 404}, org("")},
        // A partner may change its own organisation's website (name, address, website only).
        {"PATCH",
         "/api/v1/organisations/{id}",
         {401, 200, 200, 403, 200, 404},
         [&f](Subject s) {
           return Call{"/api/v1/organisations/" + id(f.organisationFor(s)), {{"website", "https://matrix.example.dk"}}};
         }},
        // Archiving: staff on a fresh organisation; a partner 403 on its own (which must survive), 404 on another.
        {"DELETE",
         "/api/v1/organisations/{id}",
         {401, 204, 204, 403, 403, 404},
         [&f](Subject s) { return Call{"/api/v1/organisations/" + id(s == kPartnerOwn ? f.own : newOrganisation())}; }},
        {"GET", "/api/v1/organisations/{id}/contacts", peopleRead, org("/contacts")},

        // --- contacts ---
        {"GET", "/api/v1/contacts", {401, 200, 200, 403, 200, 200}, fixed("/api/v1/contacts")},
        // Another organisation in the body is an unknown reference for a partner: 422 `organisation_id`
        // (as documented for POST /api/v1/contacts), like a non-existent one, so it reveals nothing.
        {"POST",
         "/api/v1/contacts",
         {401, 201, 201, 403, 201, 422},
         [&f](Subject s) {
           return Call{"/api/v1/contacts",
                       {{"organisation_id", f.organisationFor(s)}, {"name", uniqueText("Ny Matrixperson")}}};
         }},
        {"GET", "/api/v1/contacts/{id}", peopleRead, contact("")},
        {"PATCH", "/api/v1/contacts/{id}", peopleRead,
         [&f](Subject s) {
           return Call{"/api/v1/contacts/" + id(f.contactFor(s)), {{"title", "Matrixtitel"}}};
         }},
        {"DELETE",
         "/api/v1/contacts/{id}",
         {401, 204, 204, 403, 204, 404},
         [&f](Subject s) { return Call{"/api/v1/contacts/" + id(f.freshContactFor(s))}; }},

        // --- events ---
        {"GET", "/api/v1/events", anyUser, fixed("/api/v1/events")},
        {"POST",
         "/api/v1/events",
         {401, 201, 201, 403, 403, 403},
         [](Subject) {
           return Call{"/api/v1/events", eventBody(nowSeconds() + 24h * 10, nowSeconds() + 24h * 10 + 1h)};
         }},
        {"GET", "/api/v1/events/{id}", {401, 200, 200, 200, 200, 404}, event("")},
        {"PATCH",
         "/api/v1/events/{id}",
         {401, 200, 200, 403, 403, 404},
         event("", {{"description", "Matrixbeskrivelse"}})},
        // Publishing: staff a fresh draft; a partner 403 on an event it sees, 404 on a draft (which it never sees).
        {"POST",
         "/api/v1/events/{id}/publish",
         {401, 200, 200, 403, 403, 404},
         [](Subject s) {
           return Call{"/api/v1/events/" +
                       id(s == kPartnerOwn ? fixtures().openEvent : inAWeek(json::object(), false)) + "/publish"};
         }},
        {"POST",
         "/api/v1/events/{id}/cancel",
         {401, 200, 200, 403, 403, 404},
         [](Subject s) {
           return Call{"/api/v1/events/" +
                           id(Fixtures::freshEventFor(s, nowSeconds() + 24h * 8, nowSeconds() + 24h * 8 + 1h)) +
                           "/cancel",
                       {{"reason", "Matrixaflysning"}}};
         }},
        // Closing needs an event that has ended (past events may be created).
        {"POST",
         "/api/v1/events/{id}/close",
         {401, 200, 200, 403, 403, 404},
         [](Subject s) {
           return Call{"/api/v1/events/" + id(Fixtures::freshEventFor(s, nowSeconds() - 3h, nowSeconds() - 1h)) +
                       "/close"};
         }},
        {"GET", "/api/v1/events/{id}/registrations", {401, 200, 200, 403, 200, 404}, event("/registrations")},
        // Registering: the own column a fresh person of its own; the other column another organisation's
        // person (404 `contact_id`, as for an unknown person).
        {"POST",
         "/api/v1/events/{id}/registrations",
         {401, 201, 201, 403, 201, 404},
         [&f](Subject s) {
           return Call{"/api/v1/events/" + id(f.openEvent) + "/registrations", {{"contact_id", f.freshContactFor(s)}}};
         }},
        {"GET", "/api/v1/events/{id}/attendance.csv", {401, 200, 200, 403, 403, 404}, event("/attendance.csv")},
        // Messages to an event's people (issue 15): staff; a partner 403 on an event it sees, 404 on
        // another. The body has an empty subject, so a permitted caller gets 422 and nothing is queued.
        {"POST",
         "/api/v1/events/{id}/messages",
         {401, 422, 422, 403, 403, 404},
         event("/messages", {{"subject", ""}, {"body", "Hej {{name}}"}, {"to", "confirmed"}})},
        {"GET", "/api/v1/events/{id}/messages", {401, 200, 200, 403, 403, 404}, event("/messages")},
        // Who will get the reminder and when (issue 15): as the event's messages.
        {"GET", "/api/v1/events/{id}/reminders", {401, 200, 200, 403, 403, 404}, event("/reminders")},

        // --- registrations ---
        {"GET", "/api/v1/registrations/{id}", peopleRead, registration("")},
        {"DELETE",
         "/api/v1/registrations/{id}",
         {401, 204, 204, 403, 204, 404},
         [&f](Subject s) {
           return Call{"/api/v1/registrations/" + id(newRegistration(f.openEvent, f.freshContactFor(s)))};
         }},
        // Check-in opens two hours before the start: an event starting within the hour.
        {"POST",
         "/api/v1/registrations/{id}/check-in",
         {401, 200, 200, 403, 403, 404},
         [&f](Subject s) {
           static const long long soon = newEvent(eventBody(nowSeconds() + 1h, nowSeconds() + 3h), true);
           return Call{"/api/v1/registrations/" + id(newRegistration(soon, f.freshContactFor(s))) + "/check-in"};
         }},
        // Undoing a check-in (issue 16): the check-in's row; a fresh confirmed seat is already "undone" (200).
        {"DELETE",
         "/api/v1/registrations/{id}/check-in",
         {401, 200, 200, 403, 403, 404},
         [&f](Subject s) {
           return Call{"/api/v1/registrations/" + id(newRegistration(f.openEvent, f.freshContactFor(s))) + "/check-in"};
         }},
        {"POST",
         "/api/v1/registrations/{id}/substitute",
         {401, 200, 200, 403, 200, 404},
         [&f](Subject s) {
           const auto registrationId = newRegistration(f.openEvent, f.freshContactFor(s));
           return Call{"/api/v1/registrations/" + id(registrationId) + "/substitute",
                       {{"contact_id", f.freshContactFor(s)}}};
         }},
        {"GET", "/api/v1/registrations/{id}/history", peopleRead, registration("/history")},

        // --- series (partners: 403 throughout) ---
        {"GET", "/api/v1/series", staffAndManagers, fixed("/api/v1/series")},
        {"POST",
         "/api/v1/series",
         {401, 201, 201, 403, 403, 403},
         [&f](Subject) {
           const auto start = nowSeconds() + 24h * 40;
           return Call{"/api/v1/series",
                       {{"title", uniqueText("Nyt matrixnetværk")},
                        {"kind", "network_meeting"},
                        {"rrule", "FREQ=MONTHLY;INTERVAL=6"},
                        {"starts_at", utcText(start)},
                        {"ends_at", utcText(start + 1h)},
                        {"roster_organisation_ids", {f.other}}}};
         }},
        {"GET", "/api/v1/series/{id}", staffAndManagers, series("")},
        {"PATCH", "/api/v1/series/{id}", staffOnly, series("", {{"description", "Matrixnetværkets formål"}})},
        {"POST", "/api/v1/series/{id}/cancel", staffOnly,
         [&f](Subject) {
           return Call{"/api/v1/series/" + id(newSeries(f.other)) + "/cancel", {{"reason", "Matrixstop"}}};
         }},
        {"GET", "/api/v1/series/{id}/attendance", staffAndManagers, series("/attendance")},

        // --- calendar ---
        {"GET", "/api/v1/events/{id}/calendar.ics", {401, 200, 200, 200, 200, 404}, event("/calendar.ics")},
        {"GET", "/api/v1/registrations/{id}/invitation.ics", peopleRead, registration("/invitation.ics")},
        // The token is the credential: anyone holding it gets the feed, whatever else they send.
        {"GET",
         "/calendar/{token}.ics",
         {200, 200, 200, 200, 200, 200},
         [](Subject) {
           const auto url = as("officer", "GET", "/api/v1/me").json().at("calendar_feed_url").get<std::string>();
           return Call{url.substr(url.find("/calendar/"))};
         }},
        {"POST",
         "/api/v1/me/calendar-feed/rotate",
         {401, 200, 200, 403, 200, 200},
         fixed("/api/v1/me/calendar-feed/rotate")},
        {"POST", "/api/v1/contacts/{id}/calendar-feed/rotate", peopleRead, contact("/calendar-feed/rotate")},
        {"POST", "/api/v1/organisations/{id}/calendar-feed/rotate", peopleRead, org("/calendar-feed/rotate")},
        {"GET", "/api/v1/contacts/{id}/calendar-feed", peopleRead, contact("/calendar-feed")},
        {"GET", "/api/v1/organisations/{id}/calendar-feed", peopleRead, org("/calendar-feed")},

        // --- outbox and overviews ---
        {"GET", "/api/v1/outbox", staffOnly, fixed("/api/v1/outbox")},
        {"GET", "/api/v1/reports/engagement", staffAndManagers, fixed("/api/v1/reports/engagement")},
        {"GET", "/api/v1/reports/dormant-organisations", staffAndManagers,
         fixed("/api/v1/reports/dormant-organisations")},
        {"GET", "/api/v1/reports/events/{id}", staffAndManagers,
         [&f](Subject) { return Call{"/api/v1/reports/events/" + id(f.openEvent)}; }},
        {"GET", "/api/v1/reports/series/{id}", staffAndManagers,
         [&f](Subject) { return Call{"/api/v1/reports/series/" + id(f.series)}; }},

        // --- privacy (the audit branch; API.md "Privacy"): checked once the server has these routes ---
        {"GET", "/api/v1/audit", adminOnly, fixed("/api/v1/audit")},
        {"GET", "/api/v1/contacts/{id}/export", {401, 200, 200, 403, 403, 403}, contact("/export")},
        {"POST",
         "/api/v1/contacts/{id}/erase",
         {401, 200, 403, 403, 403, 403},
         [&f](Subject s) { return Call{"/api/v1/contacts/" + id(f.freshContactFor(s)) + "/erase"}; }},
        // An organisation's people erased at once: admins only, on a fresh organisation with a person.
        {"POST",
         "/api/v1/organisations/{id}/erase-contacts",
         {401, 200, 403, 403, 403, 403},
         [&f](Subject s) {
           const auto organisation = s == kPartnerOwn ? f.own : newOrganisation();
           if (s != kPartnerOwn) newContact(organisation);
           return Call{"/api/v1/organisations/" + id(organisation) + "/erase-contacts"};
         }},

        // --- outreach between events: staff only; an officer changes only its own activities ---
        {"GET", "/api/v1/reference/activity-kinds", anyUser, fixed("/api/v1/reference/activity-kinds")},
        {"GET", "/api/v1/staff", staffAndManagers, fixed("/api/v1/staff")},
        {"GET", "/api/v1/activities", staffOnly, fixed("/api/v1/activities")},
        {"POST",
         "/api/v1/activities",
         {401, 201, 201, 403, 403, 403},
         [&f](Subject s) {
           return Call{"/api/v1/activities", activityBody(f.organisationFor(s), f.contactFor(s))};
         }},
        {"GET", "/api/v1/activities/{id}", staffOnly,
         [&f](Subject) { return Call{"/api/v1/activities/" + id(f.activity)}; }},
        {"PATCH", "/api/v1/activities/{id}", staffOnly,
         [&f](Subject) {
           return Call{"/api/v1/activities/" + id(f.activity), json{{"notes", "Opdateret note"}}};
         }},
        {"DELETE",
         "/api/v1/activities/{id}",
         {401, 204, 204, 403, 403, 403},
         [&f](Subject s) { return Call{"/api/v1/activities/" + id(newActivity(f.organisationFor(s)))}; }},
        // The fixture events have not taken place: 422 proves the caller got through.
        {"POST",
         "/api/v1/events/{id}/activities",
         {401, 422, 422, 403, 403, 403},
         event("/activities", {{"kind", "meeting"}, {"subject", "Deltog i seminaret"}})},
        {"GET", "/api/v1/follow-ups", staffOnly, fixed("/api/v1/follow-ups")},
        {"POST",
         "/api/v1/follow-ups",
         {401, 201, 201, 403, 403, 403},
         [&f](Subject s) {
           return Call{
               "/api/v1/follow-ups",
               {{"organisation_id", f.organisationFor(s)}, {"title", "Ring tilbage"}, {"due_on", "2030-01-15"}}};
         }},
        {"GET", "/api/v1/follow-ups/{id}", staffOnly,
         [&f](Subject) { return Call{"/api/v1/follow-ups/" + id(f.followUp)}; }},
        {"PATCH", "/api/v1/follow-ups/{id}", staffOnly,
         [&f](Subject) {
           return Call{"/api/v1/follow-ups/" + id(f.followUp), json{{"due_on", "2030-02-01"}}};
         }},
        {"POST", "/api/v1/follow-ups/{id}/complete", staffOnly,
         [&f](Subject s) { return Call{"/api/v1/follow-ups/" + id(newFollowUp(f.organisationFor(s))) + "/complete"}; }},
        {"DELETE",
         "/api/v1/follow-ups/{id}",
         {401, 204, 204, 403, 403, 403},
         [&f](Subject s) { return Call{"/api/v1/follow-ups/" + id(newFollowUp(f.organisationFor(s)))}; }},

        // --- outreach views: timelines (a partner its own organisation's and people's, participation
        // only), the officer's start page ---
        {"GET", "/api/v1/organisations/{id}/timeline", peopleRead, org("/timeline")},
        {"GET", "/api/v1/contacts/{id}/timeline", peopleRead, contact("/timeline")},
        {"GET", "/api/v1/me/work", staffOnly, fixed("/api/v1/me/work")},

        // --- likely duplicates, merge and undo (issue 13): staff, district-scoped; fresh records per call ---
        {"GET", "/api/v1/organisations/duplicates", staffOnly, fixed("/api/v1/organisations/duplicates")},
        {"GET", "/api/v1/contacts/duplicates", staffOnly, fixed("/api/v1/contacts/duplicates")},
        {"POST",
         "/api/v1/organisations/duplicates/dismissals",
         {401, 204, 204, 403, 403, 403},
         [](Subject) {
           return Call{"/api/v1/organisations/duplicates/dismissals",
                       json{{"a", newOrganisation()}, {"b", newOrganisation()}}};
         }},
        {"POST",
         "/api/v1/contacts/duplicates/dismissals",
         {401, 204, 204, 403, 403, 403},
         [&f](Subject) {
           return Call{"/api/v1/contacts/duplicates/dismissals",
                       json{{"a", newContact(f.other)}, {"b", newContact(f.other)}}};
         }},
        {"POST",
         "/api/v1/organisations/{id}/merge",
         {401, 200, 200, 403, 403, 403},
         [](Subject) {
           return Call{"/api/v1/organisations/" + id(newOrganisation()) + "/merge",
                       json{{"from_id", newOrganisation()}}};
         }},
        {"POST",
         "/api/v1/contacts/{id}/merge",
         {401, 200, 200, 403, 403, 403},
         [&f](Subject) {
           return Call{"/api/v1/contacts/" + id(newContact(f.other)) + "/merge",
                       json{{"from_id", newContact(f.other)}}};
         }},
        {"GET", "/api/v1/merges", staffOnly, fixed("/api/v1/merges")},
        {"POST",
         "/api/v1/merges/{id}/undo",
         {401, 200, 200, 403, 403, 403},
         [](Subject) {
           const auto kept = newOrganisation();
           const auto merged = as("officer", "POST", "/api/v1/organisations/" + id(kept) + "/merge",
                                  json{{"from_id", newOrganisation()}});
           REQUIRE(merged.status == 200);
           const auto merges = as("officer", "GET", "/api/v1/merges?kind=organisation&limit=1");
           REQUIRE(merges.status == 200);
           return Call{"/api/v1/merges/" + id(merges.json().at("items").at(0).at("id").get<long long>()) + "/undo"};
         }},
        // --- imports: staff upload; an import is used by the officer who uploaded it, or an admin ---
        {"POST",
         "/api/v1/imports",
         {401, 201, 201, 403, 403, 403},
         [](Subject) {
           Call call{"/api/v1/imports?kind=organisations"};
           call.file = kImportCsv;
           return call;
         }},
        {"GET", "/api/v1/imports/{id}", staffOnly, [&f](Subject) { return Call{"/api/v1/imports/" + id(f.import)}; }},
        {"GET", "/api/v1/imports/{id}/rows", staffOnly,
         [&f](Subject) { return Call{"/api/v1/imports/" + id(f.import) + "/rows"}; }},
        {"PATCH", "/api/v1/imports/{id}", staffOnly,
         [&f](Subject) {
           return Call{"/api/v1/imports/" + id(f.import), json{{"actions", json::array()}}};
         }},
        {"POST", "/api/v1/imports/{id}/commit", staffOnly,
         [](Subject) { return Call{"/api/v1/imports/" + id(newImport()) + "/commit"}; }},
        // --- issue 15, the rest: a failed message sent again, announcements to a segment ---
        // Resend: staff (national, as the outbox); the newest message is not failed (no relay here), so a
        // permitted caller gets 422 and nothing changes.
        {"POST",
         "/api/v1/outbox/{id}/resend",
         {401, 422, 422, 403, 403, 403},
         [](Subject) {
           const auto newest = as("admin", "GET", "/api/v1/outbox?limit=1").json();
           return Call{"/api/v1/outbox/" + id(newest.at("items").at(0).at("id").get<long long>()) + "/resend"};
         }},
        // An announcement with an empty subject: a permitted caller gets 422 and nothing is queued.
        {"POST",
         "/api/v1/messages",
         {401, 422, 422, 403, 403, 403},
         fixed("/api/v1/messages", json{{"subject", ""}, {"body", "Hej {{name}}"}, {"organisations", json::object()}})},
        {"GET", "/api/v1/messages", staffOnly, fixed("/api/v1/messages")},
        // --- trainings (issue 16): the overview; a person's record and certificates as people are read ---
        {"GET", "/api/v1/reports/trainings", staffAndManagers, fixed("/api/v1/reports/trainings")},
        {"GET", "/api/v1/contacts/{id}/trainings", peopleRead, contact("/trainings")},
        {"GET", "/api/v1/registrations/{id}/certificate.pdf", peopleRead,
         [](Subject s) {
           const auto& seats = trainingSeats();
           return Call{"/api/v1/registrations/" + id(s == kPartnerOwn ? seats.own : seats.other) + "/certificate.pdf"};
         }},
        // --- issue 15 point 5: the texts of the automatic mail, administrators only. The change has an
        // unknown placeholder (the admin gets 422, nothing stored); the preview fills one in for a real
        // registration of any organisation ---
        {"GET", "/api/v1/message-templates", adminOnly, fixed("/api/v1/message-templates")},
        {"GET", "/api/v1/message-templates/{code}", adminOnly, fixed("/api/v1/message-templates/reminder")},
        {"PUT",
         "/api/v1/message-templates/{code}",
         {401, 422, 403, 403, 403, 403},
         fixed("/api/v1/message-templates/reminder", json{{"subject_da", "Påmindelse {{ukendt}}"},
                                                          {"body_da", "Hej"},
                                                          {"subject_en", "Reminder"},
                                                          {"body_en", "Hi"}})},
        {"POST", "/api/v1/message-templates/{code}/preview", adminOnly,
         [&f](Subject s) {
           return Call{"/api/v1/message-templates/reminder/preview", json{{"registration_id", f.registrationFor(s)}}};
         }},
        // --- one's own language (issue 16): every role; Danish, as the shared users already read ---
        {"PATCH", "/api/v1/me", anyUser, fixed("/api/v1/me", json{{"language", "da"}})},
    };
  }();
  return rows;
}

std::set<std::pair<std::string, std::string>> serverRoutes() {
  const auto [code, output] = runCommand({"routes"}, {});
  REQUIRE(code == 0);
  std::set<std::pair<std::string, std::string>> routes;
  std::istringstream lines(output);
  std::string method, pattern;
  while (lines >> method >> pattern) routes.emplace(method, pattern);
  REQUIRE(routes.size() > 50);
  return routes;
}

Reply send(const Row& row, Subject subject, const Call& call) {
  std::vector<std::string> headers;
  if (call.token) {
    headers.push_back("Authorization: Bearer " + *call.token);
  } else if (const auto* role = roleOf(subject)) {
    headers.push_back(world().bearer(role));
  }
  if (call.file) {
    headers.emplace_back("Content-Type: text/csv");
    return client().request(row.method, call.path, *call.file, headers);
  }
  return client().request(row.method, call.path, call.body.is_null() ? "" : call.body.dump(), headers);
}

}  // namespace

TEST_CASE("the table has a row for every route the server has, and no row it lacks", "[authz]") {
  const auto routes = serverRoutes();
  std::set<std::pair<std::string, std::string>> rows;
  for (const auto& row : table()) {
    INFO(row.method << " " << row.pattern);
    CHECK(rows.emplace(row.method, row.pattern).second);  // no route twice
    if (!row.pending) CHECK(routes.count({row.method, row.pattern}) == 1);
  }
  for (const auto& route : routes) {
    INFO("route without a row in tests/api/authz_matrix_test.cpp: " << route.first << " " << route.second);
    CHECK(rows.count(route) == 1);
  }
}

TEST_CASE("every route answers every kind of caller as the table says", "[authz]") {
  const auto routes = serverRoutes();
  for (const auto& row : table()) {
    if (!routes.count({row.method, row.pattern})) continue;  // a pending row: not in this build
    for (int s = 0; s < kSubjects; ++s) {
      const auto subject = static_cast<Subject>(s);
      const auto call = row.make(subject);
      const auto reply = send(row, subject, call);
      const int expected = row.expect[static_cast<std::size_t>(s)];
      INFO(row.method << " " << row.pattern << " as " << kSubjectNames[static_cast<std::size_t>(s)] << " ("
                      << row.method << " " << call.path << "): " << reply.status << " " << reply.body.substr(0, 300));
      CHECK(reply.status == expected);
      if (expected >= 400 && reply.status == expected) checkProblem(reply, expected);
    }
  }
}

// The table above is what callers observe; the domain's policy table (`brobygger routes --policy --json`)
// is what the server decides by. They must agree, column by column: a denied role is 403 (or 404 where
// the rule hides the resource first), a granted one gets through (anything but 401/403), a partner on
// another organisation's resource ends at 404/422 where it is granted only its own.
TEST_CASE("the table agrees with the domain's policy table for every route and role", "[authz][policy]") {
  const auto [code, output] = runCommand({"routes", "--policy", "--json"}, {});
  REQUIRE(code == 0);
  const auto policy = json::parse(output);
  std::map<std::string, json> ruleOf;  // "GET /api/v1/..." -> rule
  for (const auto& rule : policy.at("rules"))
    for (const auto& route : rule.at("routes")) ruleOf[route.get<std::string>()] = rule;
  const auto routes = serverRoutes();
  REQUIRE(ruleOf.size() == routes.size());  // every route serves exactly one rule
  for (const auto& row : table()) {
    if (!routes.count({row.method, row.pattern})) continue;
    const auto key = row.method + " " + row.pattern;
    REQUIRE(ruleOf.count(key) == 1);
    const auto& rule = ruleOf.at(key);
    const bool conceal = rule.at("conceal").get<bool>();
    const bool namesResource = row.pattern.find('{') != std::string::npos;
    for (int s = 0; s < kSubjects; ++s) {
      const auto subject = static_cast<Subject>(s);
      const int status = row.expect[static_cast<std::size_t>(s)];
      INFO(key << " as " << kSubjectNames[static_cast<std::size_t>(s)] << ": the table says " << status
               << ", the policy says " << rule.dump());
      if (subject == kAnonymous) {
        CHECK((status == 401) == !rule.at("anonymous").get<bool>());
        continue;
      }
      const auto grant = rule.at("grants").at(roleOf(subject)).get<std::string>();
      const bool through = status != 401 && status != 403 && status != 404;
      if (grant == "deny") {
        const bool hidden = conceal && subject == kPartnerOther;
        CHECK(status == (hidden ? 404 : 403));
      } else if (grant == "own" && subject == kPartnerOther && namesResource) {
        CHECK((status == 404 || status == 422));
      } else {
        CHECK((through || status == 422));
      }
    }
  }
}

TEST_CASE("a partner's own person on an event the partner cannot see stays out of its sight", "[authz]") {
  // Officers may register anyone anywhere; the partner's column "own" does not reach such a seat.
  auto& f = fixtures();
  const auto hiddenSeat = newRegistration(f.hiddenEvent, f.freshContactFor(kPartnerOwn));
  const auto path = "/api/v1/registrations/" + id(hiddenSeat);
  for (const auto& [method, tail] : std::vector<std::pair<std::string, std::string>>{{"GET", ""},
                                                                                     {"GET", "/history"},
                                                                                     {"GET", "/invitation.ics"},
                                                                                     {"POST", "/check-in"},
                                                                                     {"DELETE", "/check-in"},
                                                                                     {"DELETE", ""}}) {
    INFO(method << " " << path << tail);
    checkProblem(as("partner", method, path + tail), 404);
  }
  checkProblem(as("partner", "POST", path + "/substitute", json{{"contact_id", f.freshContactFor(kPartnerOwn)}}), 404);
  CHECK(as("officer", "GET", path).json().at("status") == "confirmed");
}

// The district dimension: an officer limited to a police district where none of the table's
// fixtures are. Every route answers as the officer column says, except what lies outside the
// district: a resource named by id there is 404, nothing is created for an organisation there (422),
// and the outbox, which names people of every district, is closed (403).
TEST_CASE("an officer limited to another police district: the officer column, but nothing outside the district",
          "[authz][districts]") {
  auto& f = fixtures();
  // A district that holds neither fixture organisation nor København (where fresh fixtures are made).
  std::set<int> used;
  for (const auto organisation : {f.own, f.other})
    used.insert(
        as("admin", "GET", "/api/v1/organisations/" + id(organisation)).json().at("police_district_id").get<int>());
  for (const auto& m : as("admin", "GET", "/api/v1/reference/municipalities").json())
    if (m.at("id") == 101) used.insert(m.at("police_district_id").get<int>());
  int district = 0;
  for (const auto& d : as("admin", "GET", "/api/v1/reference/police-districts").json())
    if (!used.count(d.at("id").get<int>())) district = d.at("id").get<int>();
  REQUIRE(district > 0);
  const auto email = uniqueEmail();
  created(as("admin", "POST", "/api/v1/users",
             json{{"email", email},
                  {"name", "Lokal Matrix"},
                  {"role", "officer"},
                  {"password", "matrix passphrase"},
                  {"police_district_ids", {district}}}));
  const auto login =
      client().request("POST", "/api/v1/auth/login", json{{"email", email}, {"password", "matrix passphrase"}}.dump());
  REQUIRE(login.status == 200);
  const auto token = login.json().at("token").get<std::string>();

  const auto scoped = [](const std::string& pattern) {
    for (const char* prefix :
         {"/api/v1/organisations/{id}", "/api/v1/contacts/{id}", "/api/v1/events/{id}", "/api/v1/registrations/{id}",
          "/api/v1/reports/events/{id}", "/api/v1/activities/{id}", "/api/v1/follow-ups/{id}",
          // likely duplicates and merges: the records (and a merge's records) lie outside the district
          "/api/v1/organisations/duplicates/dismissals", "/api/v1/contacts/duplicates/dismissals",
          "/api/v1/merges/{id}"})
      if (pattern.rfind(prefix, 0) == 0) return true;
    return false;
  };
  const auto routes = serverRoutes();
  for (const auto& row : table()) {
    if (!routes.count({row.method, row.pattern})) continue;
    const int officer = row.expect[kOfficer];
    int expected = officer;
    if (row.pattern.rfind("/api/v1/outbox", 0) == 0 || row.pattern.rfind("/api/v1/imports/{id}", 0) == 0) {
      expected = 403;  // the outbox spans the country; an import of the shared officer is not this one's
    } else if (row.pattern == "/api/v1/imports") {
      expected = 201;  // the preview is made; its row in København is invalid (outside the district)
    } else if (row.pattern == "/api/v1/events/{id}/activities" || row.pattern == "/api/v1/events/{id}/messages") {
      expected = 404;  // the event lies outside the district
    } else if (officer >= 200 && officer < 300) {
      if (scoped(row.pattern)) expected = 404;
      if (row.method == "POST" && (row.pattern == "/api/v1/organisations" || row.pattern == "/api/v1/contacts" ||
                                   row.pattern == "/api/v1/activities" || row.pattern == "/api/v1/follow-ups"))
        expected = 422;  // the organisation is outside the district
    }
    auto call = row.make(kOfficer);
    if (!call.token) call.token = token;
    const auto reply = send(row, kOfficer, call);
    INFO(row.method << " " << row.pattern << " as an officer limited to district " << district << " (" << call.path
                    << "): " << reply.status << " " << reply.body.substr(0, 300));
    CHECK(reply.status == expected);
  }
}

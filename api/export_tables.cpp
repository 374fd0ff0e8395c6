// The columns of every list's download, in Danish and English: one description per list.
#include <numeric>

#include "api/export.hpp"

namespace brobygger::api {

namespace {

using domain::ColumnKind;
using domain::TableCell;

TableCell text(const std::string& value) { return value; }
TableCell text(const char* value) { return std::string(value); }
TableCell text(const std::optional<std::string>& value) { return value ? TableCell(*value) : TableCell{}; }
TableCell number(std::int64_t value) { return value; }

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

template <class N>
std::string joinedNumbers(const std::vector<N>& values) {
  std::string out;
  for (const auto v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
  return out;
}

}  // namespace

const ExportTable<domain::Organisation>& organisationTable() {
  using O = domain::Organisation;
  static const ExportTable<O> table{
      "organisations",
      "Organisationer",
      "Organisations",
      {{"ID", "ID", ColumnKind::integer, 8, [](const O& o) { return number(o.id); }},
       {"Navn", "Name", ColumnKind::text, 36, [](const O& o) { return text(o.name); }},
       {"Type", "Kind", ColumnKind::text, 16, [](const O& o) { return text(o.kind); }},
       {"CVR", "CVR", ColumnKind::text, 10, [](const O& o) { return text(o.cvr); }},
       {"Kommune-ID", "Municipality ID", ColumnKind::integer, 10, [](const O& o) { return number(o.municipality_id); }},
       {"Politikreds-ID", "Police district ID", ColumnKind::integer, 10,
        [](const O& o) { return number(o.police_district_id); }},
       {"Region-ID", "Region ID", ColumnKind::integer, 10, [](const O& o) { return number(o.region_id); }},
       {"Adresse", "Address", ColumnKind::text, 30, [](const O& o) { return text(o.address); }},
       {"Hjemmeside", "Website", ColumnKind::text, 26, [](const O& o) { return text(o.website); }},
       {"Mærker", "Tags", ColumnKind::text, 20, [](const O& o) { return text(joined(o.tags)); }},
       {"Status", "Status", ColumnKind::text, 10, [](const O& o) { return text(domain::toString(o.status)); }},
       {"Ansvarlig bruger-ID", "Responsible user ID", ColumnKind::integer, 10,
        [](const O& o) { return cellOf(o.responsible_user_id); }},
       {"Seneste aktivitet", "Last activity", ColumnKind::date_time, 17,
        [](const O& o) { return cellOf(o.last_activity_at); }},
       {"Senest deltaget", "Last attended", ColumnKind::date_time, 17,
        [](const O& o) { return cellOf(o.last_attended_at); }},
       {"Åbne opfølgninger", "Open follow-ups", ColumnKind::integer, 10,
        [](const O& o) { return number(o.open_follow_ups); }},
       {"Oprettet", "Created", ColumnKind::date_time, 17, [](const O& o) { return TableCell(o.created_at); }},
       {"Ændret", "Updated", ColumnKind::date_time, 17, [](const O& o) { return TableCell(o.updated_at); }}}};
  return table;
}

const ExportTable<domain::Contact>& contactTable() {
  using C = domain::Contact;
  static const ExportTable<C> table{
      "contacts",
      "Kontaktpersoner",
      "Contacts",
      {{"ID", "ID", ColumnKind::integer, 8, [](const C& c) { return number(c.id); }},
       {"Organisation-ID", "Organisation ID", ColumnKind::integer, 10,
        [](const C& c) { return number(c.organisation_id); }},
       {"Navn", "Name", ColumnKind::text, 28, [](const C& c) { return text(c.name); }},
       {"Titel", "Title", ColumnKind::text, 20, [](const C& c) { return text(c.title); }},
       {"E-mail", "Email", ColumnKind::text, 28, [](const C& c) { return text(c.email); }},
       {"Telefon", "Phone", ColumnKind::text, 15, [](const C& c) { return text(c.phone); }},
       {"Sprog", "Language", ColumnKind::text, 6, [](const C& c) { return text(domain::toString(c.language)); }},
       {"Samtykke: invitationer", "Consent: invitations", ColumnKind::text, 10,
        [](const C& c) { return text(c.consent.invitations ? "true" : "false"); }},
       {"Samtykke: nyhedsbrev", "Consent: newsletter", ColumnKind::text, 10,
        [](const C& c) { return text(c.consent.newsletter ? "true" : "false"); }},
       {"Status", "Status", ColumnKind::text, 10, [](const C& c) { return text(domain::toString(c.status)); }},
       {"Oprettet", "Created", ColumnKind::date_time, 17, [](const C& c) { return TableCell(c.created_at); }},
       {"Ændret", "Updated", ColumnKind::date_time, 17, [](const C& c) { return TableCell(c.updated_at); }}}};
  return table;
}

const ExportTable<domain::User>& userTable() {
  using U = domain::User;
  static const ExportTable<U> table{
      "users",
      "Brugere",
      "Users",
      {{"ID", "ID", ColumnKind::integer, 8, [](const U& u) { return number(u.id); }},
       {"Navn", "Name", ColumnKind::text, 28, [](const U& u) { return text(u.name); }},
       {"E-mail", "Email", ColumnKind::text, 28, [](const U& u) { return text(u.email); }},
       {"Rolle", "Role", ColumnKind::text, 10, [](const U& u) { return text(domain::toString(u.role)); }},
       {"Organisation-ID", "Organisation ID", ColumnKind::integer, 10,
        [](const U& u) { return cellOf(u.organisation_id); }},
       {"Politikredse", "Police districts", ColumnKind::text, 14,
        [](const U& u) { return text(joinedNumbers(u.police_district_ids)); }},
       {"Status", "Status", ColumnKind::text, 10, [](const U& u) { return text(domain::toString(u.status)); }},
       {"Oprettet", "Created", ColumnKind::date_time, 17, [](const U& u) { return TableCell(u.created_at); }},
       {"Seneste login", "Last login", ColumnKind::date_time, 17, [](const U& u) { return cellOf(u.last_login_at); }}}};
  return table;
}

const ExportTable<domain::Event>& eventTable() {
  using E = domain::Event;
  static const ExportTable<E> table{
      "events",
      "Arrangementer",
      "Events",
      {{"ID", "ID", ColumnKind::integer, 8, [](const E& e) { return number(e.id); }},
       {"Titel", "Title", ColumnKind::text, 36, [](const E& e) { return text(e.details.title); }},
       {"Type", "Kind", ColumnKind::text, 16, [](const E& e) { return text(e.details.kind); }},
       {"Status", "Status", ColumnKind::text, 10, [](const E& e) { return text(domain::toString(e.status)); }},
       {"Starter", "Starts", ColumnKind::date_time, 17, [](const E& e) { return TableCell(e.starts_at); }},
       {"Slutter", "Ends", ColumnKind::date_time, 17, [](const E& e) { return TableCell(e.ends_at); }},
       {"Sted", "Venue", ColumnKind::text, 24, [](const E& e) { return text(e.details.venue.name); }},
       {"Adresse", "Address", ColumnKind::text, 28, [](const E& e) { return text(e.details.venue.address); }},
       {"Politikreds-ID", "Police district ID", ColumnKind::integer, 10,
        [](const E& e) { return cellOf(e.details.police_district_id); }},
       {"Målgruppe", "Audience", ColumnKind::text, 10, [](const E& e) { return text(domain::toString(e.audience)); }},
       {"Pladser", "Capacity", ColumnKind::integer, 9, [](const E& e) { return cellOf(e.details.capacity); }},
       {"Tilmeldte", "Confirmed", ColumnKind::integer, 9, [](const E& e) { return number(e.confirmed); }},
       {"Venteliste", "Waitlisted", ColumnKind::integer, 9, [](const E& e) { return number(e.waitlisted); }},
       {"Arrangør bruger-ID", "Organiser user ID", ColumnKind::integer, 10,
        [](const E& e) { return cellOf(e.details.organiser_user_id); }},
       {"Serie-ID", "Series ID", ColumnKind::integer, 8, [](const E& e) { return cellOf(e.series_id); }}}};
  return table;
}

const ExportTable<domain::Registration>& registrationTable() {
  using R = domain::Registration;
  static const ExportTable<R> table{
      "registrations",
      "Tilmeldinger",
      "Registrations",
      {{"ID", "ID", ColumnKind::integer, 8, [](const R& r) { return number(r.id); }},
       {"Arrangement-ID", "Event ID", ColumnKind::integer, 9, [](const R& r) { return number(r.event_id); }},
       {"Kontakt-ID", "Contact ID", ColumnKind::integer, 9, [](const R& r) { return number(r.contact_id); }},
       {"Navn", "Name", ColumnKind::text, 28, [](const R& r) { return text(r.contact_name); }},
       {"Organisation-ID", "Organisation ID", ColumnKind::integer, 10,
        [](const R& r) { return number(r.organisation_id); }},
       {"Organisation", "Organisation", ColumnKind::text, 30, [](const R& r) { return text(r.organisation_name); }},
       {"Status", "Status", ColumnKind::text, 11, [](const R& r) { return text(domain::toString(r.status)); }},
       {"Tilmeldt", "Registered", ColumnKind::date_time, 17, [](const R& r) { return TableCell(r.registered_at); }},
       {"Tjekket ind", "Checked in", ColumnKind::date_time, 17, [](const R& r) { return cellOf(r.checked_in_at); }},
       {"Afmeldt", "Cancelled", ColumnKind::date_time, 17, [](const R& r) { return cellOf(r.cancelled_at); }}}};
  return table;
}

const ExportTable<domain::Series>& seriesTable() {
  using S = domain::Series;
  static const ExportTable<S> table{
      "series",
      "Serier",
      "Series",
      {{"ID", "ID", ColumnKind::integer, 8, [](const S& s) { return number(s.id); }},
       {"Titel", "Title", ColumnKind::text, 36, [](const S& s) { return text(s.details.title); }},
       {"Type", "Kind", ColumnKind::text, 16, [](const S& s) { return text(s.details.kind); }},
       {"Gentagelse", "Recurrence", ColumnKind::text, 30, [](const S& s) { return text(s.rrule); }},
       {"Første start", "First start", ColumnKind::date_time, 17, [](const S& s) { return TableCell(s.first_start); }},
       {"Varighed (minutter)", "Duration (minutes)", ColumnKind::integer, 10,
        [](const S& s) { return number(s.duration_minutes); }},
       {"Deltagerliste", "Roster", ColumnKind::text, 20,
        [](const S& s) { return text(joinedNumbers(s.roster_organisation_ids)); }},
       {"Status", "Status", ColumnKind::text, 10, [](const S& s) { return text(domain::toString(s.status)); }},
       {"Oprettet", "Created", ColumnKind::date_time, 17, [](const S& s) { return TableCell(s.created_at); }}}};
  return table;
}

const ExportTable<domain::AuditEntry>& auditTable() {
  using A = domain::AuditEntry;
  static const ExportTable<A> table{
      "audit",
      "Revisionsspor",
      "Audit trail",
      {{"ID", "ID", ColumnKind::integer, 8, [](const A& a) { return number(a.id); }},
       {"Tidspunkt", "At", ColumnKind::date_time, 17, [](const A& a) { return TableCell(a.at); }},
       {"Bruger-ID", "User ID", ColumnKind::integer, 9, [](const A& a) { return cellOf(a.user_id); }},
       {"Handling", "Action", ColumnKind::text, 10, [](const A& a) { return text(domain::toString(a.action)); }},
       {"Ressource", "Resource", ColumnKind::text, 18, [](const A& a) { return text(a.resource); }},
       {"Ressource-ID", "Resource ID", ColumnKind::integer, 10, [](const A& a) { return cellOf(a.resource_id); }},
       {"Personer", "People", ColumnKind::text, 20, [](const A& a) { return text(joinedNumbers(a.subjects)); }},
       {"Felter", "Fields", ColumnKind::text, 30, [](const A& a) {
          std::vector<std::string> names;
          for (const auto& f : a.fields) names.push_back(f.field);
          return text(joined(names));
        }}}};
  return table;
}

const ExportTable<domain::OutboxMessage>& outboxTable() {
  using M = domain::OutboxMessage;
  static const ExportTable<M> table{
      "outbox",
      "Udbakke",
      "Outbox",
      {{"ID", "ID", ColumnKind::integer, 8, [](const M& m) { return number(m.id); }},
       {"Tilmelding-ID", "Registration ID", ColumnKind::integer, 10,
        [](const M& m) { return m.registration_id ? number(m.registration_id) : TableCell(); }},
       {"Arrangement-ID", "Event ID", ColumnKind::integer, 9,
        [](const M& m) { return m.event_id ? number(m.event_id) : TableCell(); }},
       {"Kontakt-ID", "Contact ID", ColumnKind::integer, 9,
        [](const M& m) { return m.contact_id ? number(m.contact_id) : TableCell(); }},
       {"Årsag", "Reason", ColumnKind::text, 14, [](const M& m) { return text(m.reason); }},
       {"Status", "Status", ColumnKind::text, 10, [](const M& m) { return text(domain::toString(m.status)); }},
       {"Forsøg", "Attempts", ColumnKind::integer, 8, [](const M& m) { return number(m.attempts); }},
       {"Oprettet", "Created", ColumnKind::date_time, 17, [](const M& m) { return TableCell(m.created_at); }},
       {"Næste forsøg", "Next attempt", ColumnKind::date_time, 17,
        [](const M& m) { return TableCell(m.next_attempt_at); }},
       {"Sendt", "Sent", ColumnKind::date_time, 17, [](const M& m) { return cellOf(m.sent_at); }},
       {"Modtager", "Recipient", ColumnKind::text, 28, [](const M& m) { return text(m.recipient); }},
       {"Seneste fejl", "Last error", ColumnKind::text, 30, [](const M& m) { return text(m.last_error); }}}};
  return table;
}

const ExportTable<domain::Activity>& activityTable() {
  using A = domain::Activity;
  static const ExportTable<A> table{
      "activities",
      "Aktiviteter",
      "Activities",
      {{"ID", "ID", ColumnKind::integer, 8, [](const A& a) { return number(a.id); }},
       {"Type", "Kind", ColumnKind::text, 16, [](const A& a) { return text(a.kind); }},
       {"Tidspunkt", "Occurred", ColumnKind::date_time, 17, [](const A& a) { return TableCell(a.occurred_at); }},
       {"Organisation-ID", "Organisation ID", ColumnKind::integer, 10,
        [](const A& a) { return number(a.organisation_id); }},
       {"Politikreds-ID", "Police district ID", ColumnKind::integer, 10,
        [](const A& a) { return number(a.police_district_id); }},
       {"Kontakt-ID'er", "Contact IDs", ColumnKind::text, 16,
        [](const A& a) { return text(joinedNumbers(a.contact_ids)); }},
       {"Arrangement-ID", "Event ID", ColumnKind::integer, 9, [](const A& a) { return cellOf(a.event_id); }},
       {"Bruger-ID", "User ID", ColumnKind::integer, 9, [](const A& a) { return number(a.user_id); }},
       {"Emne", "Subject", ColumnKind::text, 36, [](const A& a) { return text(a.subject); }},
       {"Noter", "Notes", ColumnKind::text, 50, [](const A& a) { return text(a.notes); }}}};
  return table;
}

const ExportTable<domain::FollowUp>& followUpTable() {
  using F = domain::FollowUp;
  static const ExportTable<F> table{
      "follow-ups",
      "Opfølgninger",
      "Follow-ups",
      {{"ID", "ID", ColumnKind::integer, 8, [](const F& f) { return number(f.id); }},
       {"Titel", "Title", ColumnKind::text, 36, [](const F& f) { return text(f.title); }},
       {"Forfalder", "Due", ColumnKind::date, 11, [](const F& f) { return TableCell(f.due_on); }},
       {"Status", "Status", ColumnKind::text, 10, [](const F& f) { return text(domain::toString(f.status)); }},
       {"Organisation-ID", "Organisation ID", ColumnKind::integer, 10,
        [](const F& f) { return number(f.organisation_id); }},
       {"Kontakt-ID", "Contact ID", ColumnKind::integer, 9, [](const F& f) { return cellOf(f.contact_id); }},
       {"Aktivitet-ID", "Activity ID", ColumnKind::integer, 9, [](const F& f) { return cellOf(f.activity_id); }},
       {"Tildelt bruger-ID", "Assigned user ID", ColumnKind::integer, 10,
        [](const F& f) { return number(f.assigned_user_id); }},
       {"Afsluttet", "Done", ColumnKind::date_time, 17, [](const F& f) { return cellOf(f.done_at); }}}};
  return table;
}

const ExportTable<domain::DormantOrganisation>& dormantTable() {
  using D = domain::DormantOrganisation;
  static const ExportTable<D> table{
      "dormant-organisations",
      "Hvilende organisationer",
      "Dormant organisations",
      {{"Organisation-ID", "Organisation ID", ColumnKind::integer, 10,
        [](const D& d) { return number(d.organisation_id); }},
       {"Navn", "Name", ColumnKind::text, 36, [](const D& d) { return text(d.name); }},
       {"Type", "Kind", ColumnKind::text, 16, [](const D& d) { return text(d.kind); }},
       {"Politikreds-ID", "Police district ID", ColumnKind::integer, 10,
        [](const D& d) { return number(d.police_district_id); }},
       {"Kommune-ID", "Municipality ID", ColumnKind::integer, 10, [](const D& d) { return number(d.municipality_id); }},
       {"Senest deltaget", "Last attended", ColumnKind::date_time, 17,
        [](const D& d) { return cellOf(d.last_attended_at); }},
       {"Ansvarlig bruger-ID", "Responsible user ID", ColumnKind::integer, 10,
        [](const D& d) { return cellOf(d.responsible_user_id); }},
       {"Seneste aktivitet", "Last activity", ColumnKind::date_time, 17,
        [](const D& d) { return cellOf(d.last_activity_at); }},
       {"Åbne opfølgninger", "Open follow-ups", ColumnKind::integer, 10,
        [](const D& d) { return number(d.open_follow_ups); }}}};
  return table;
}

}  // namespace brobygger::api

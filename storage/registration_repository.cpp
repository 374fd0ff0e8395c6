#include <map>
#include <stdexcept>

#include "storage/insert_text.hpp"
#include "storage/repositories.hpp"

#include <algorithm>

#include "domain/calendar_service.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

constexpr const char* kColumns =
    "r.id, r.event_id, r.contact_id, r.organisation_id, r.status, r.registered_at, r.registered_by, r.cancelled_at, "
    "r.cancelled_by, r.checked_in_at, r.checked_in_by, r.updated_at, r.version, c.name, o.name, "
    "CASE WHEN c.email IS NULL THEN 0 ELSE 1 END";
constexpr const char* kFrom =
    " FROM registrations r JOIN contacts c ON c.id = r.contact_id JOIN organisations o ON o.id = r.organisation_id";

struct RegistrationRow {
  long long id = 0, event_id = 0, contact_id = 0, organisation_id = 0;
  long long registered_by = 0, cancelled_by = 0, checked_in_by = 0;
  soci::indicator registered_by_ind{}, cancelled_by_ind{}, checked_in_by_ind{}, cancelled_at_ind{}, checked_in_at_ind{};
  std::string status;
  std::tm registered{}, cancelled{}, checked_in{}, updated{};
  int version = 1;
  std::string contact_name, organisation_name;
  int has_email = 0;

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(event_id));
    st.exchange(soci::into(contact_id));
    st.exchange(soci::into(organisation_id));
    st.exchange(soci::into(status));
    st.exchange(soci::into(registered));
    st.exchange(soci::into(registered_by, registered_by_ind));
    st.exchange(soci::into(cancelled, cancelled_at_ind));
    st.exchange(soci::into(cancelled_by, cancelled_by_ind));
    st.exchange(soci::into(checked_in, checked_in_at_ind));
    st.exchange(soci::into(checked_in_by, checked_in_by_ind));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(version));
    st.exchange(soci::into(contact_name));
    st.exchange(soci::into(organisation_name));
    st.exchange(soci::into(has_email));
  }

  Registration toDomain() const {
    Registration r;
    r.id = id;
    r.event_id = event_id;
    r.contact_id = contact_id;
    r.organisation_id = organisation_id;
    r.status = registrationStatusFrom(status).value_or(RegistrationStatus::cancelled);
    r.registered_at = fromTm(registered);
    if (registered_by_ind != soci::i_null) r.registered_by = registered_by;
    if (cancelled_at_ind != soci::i_null) r.cancelled_at = fromTm(cancelled);
    if (cancelled_by_ind != soci::i_null) r.cancelled_by = cancelled_by;
    if (checked_in_at_ind != soci::i_null) r.checked_in_at = fromTm(checked_in);
    if (checked_in_by_ind != soci::i_null) r.checked_in_by = checked_in_by;
    r.updated_at = fromTm(updated);
    r.version = version;
    r.contact_name = contact_name;
    r.organisation_name = organisation_name;
    r.contact_has_email = has_email != 0;
    return r;
  }
};

std::vector<Registration> select(Connection& c, QueryBuilder& where, const std::string& tail) {
  return fetchRows<RegistrationRow>(c, std::string("SELECT ") + kColumns + kFrom + where.whereClause() + tail, where);
}

template <class T>
std::pair<T, soci::indicator> optionalValue(const std::optional<T>& v) {
  return {v.value_or(T{}), v ? soci::i_ok : soci::i_null};
}

}  // namespace

std::optional<Registration> SociRegistrationRepository::find(Id id) {
  return guarded(c_, [&]() -> std::optional<Registration> {
    QueryBuilder where;
    where.where("r.id = " + where.bind(static_cast<long long>(id)));
    auto found = select(c_, where, "");
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

Page<Registration> SociRegistrationRepository::list(const RegistrationQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("r.event_id = " + where.bind(static_cast<long long>(query.event_id)));
    if (query.status) where.where("r.status = " + where.bind(std::string(toString(*query.status))));
    if (query.organisation_id)
      where.where("r.organisation_id = " + where.bind(static_cast<long long>(*query.organisation_id)));
    Page<Registration> page;
    page.limit = query.page.limit;
    page.offset = query.page.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM registrations r" + where.whereClause(), where);
    if (page.total > page.offset)
      page.items = select(c_, where,
                          " ORDER BY r.registered_at, r.id LIMIT " + std::to_string(query.page.limit) + " OFFSET " +
                              std::to_string(query.page.offset));
    return page;
  });
}

std::optional<Registration> SociRegistrationRepository::findActive(Id eventId, Id contactId) {
  // Asked for every registration, under the event's lock, and nearly always answered "none": the id
  // alone from ix_registration_event_contact first, the whole registration (with its joins) only when
  // there is one (issue 17: the hot event's seat decision).
  const auto id = guarded(c_, [&]() -> std::optional<Id> {
    long long event = eventId, contact = contactId, found = 0;
    soci::indicator ind = soci::i_null;
    c_.sql << "SELECT MIN(id) FROM registrations WHERE event_id = :e AND contact_id = :c AND status <> 'cancelled'",
        soci::use(event), soci::use(contact), soci::into(found, ind);
    if (ind == soci::i_null) return std::nullopt;
    return static_cast<Id>(found);
  });
  if (!id) return std::nullopt;
  return find(*id);
}

int SociRegistrationRepository::seatsTakenBy(Id eventId, Id organisationId) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("r.event_id = " + where.bind(static_cast<long long>(eventId)));
    where.where("r.organisation_id = " + where.bind(static_cast<long long>(organisationId)));
    where.where("r.status IN ('confirmed', 'attended')");
    return static_cast<int>(countRows(c_, "SELECT COUNT(*) FROM registrations r" + where.whereClause(), where));
  });
}

std::pair<int, int> SociRegistrationRepository::counts(Id eventId) {
  return guarded(c_, [&] {
    long long id = eventId;
    int seats = 0, waiting = 0;
    soci::indicator seatsInd = soci::i_ok, waitingInd = soci::i_ok;
    c_.sql << "SELECT SUM(CASE WHEN status IN ('confirmed', 'attended') THEN 1 ELSE 0 END), "
              "SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END) FROM registrations WHERE event_id = :id",
        soci::use(id), soci::into(seats, seatsInd), soci::into(waiting, waitingInd);
    return std::make_pair(seatsInd == soci::i_null ? 0 : seats, waitingInd == soci::i_null ? 0 : waiting);
  });
}

std::vector<Registration> SociRegistrationRepository::waitlist(Id eventId) {
  return withStatus(eventId, RegistrationStatus::waitlisted);
}

std::vector<Registration> SociRegistrationRepository::withStatus(Id eventId, RegistrationStatus status) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("r.event_id = " + where.bind(static_cast<long long>(eventId)));
    where.where("r.status = " + where.bind(std::string(toString(status))));
    return select(c_, where, " ORDER BY r.registered_at, r.id");
  });
}

Id SociRegistrationRepository::insert(const Registration& r) {
  return guarded(c_, [&] {
    long long event = r.event_id, contact = r.contact_id, organisation = r.organisation_id;
    std::string status = toString(r.status);
    std::tm registered = toTm(r.registered_at), updated = toTm(r.updated_at);
    auto [by, byInd] = optionalValue<long long>(r.registered_by);
    c_.sql << "INSERT INTO registrations (event_id, contact_id, organisation_id, status, registered_at, registered_by, "
              "updated_at, version) VALUES (:e, :c, :o, :s, :r, :b, :u, 1)",
        soci::use(event), soci::use(contact), soci::use(organisation), soci::use(status), soci::use(registered),
        soci::use(by, byInd), soci::use(updated);
    long long id = 0;
    c_.sql.get_last_insert_id("registrations", id);
    if (r.status == RegistrationStatus::attended) refreshLastAttendedOfOrganisation(c_, r.organisation_id);
    return static_cast<Id>(id);
  });
}

std::map<Id, Id> SociRegistrationRepository::activeIds(Id eventId, const std::vector<Id>& contactIds) {
  std::map<Id, Id> out;
  if (contactIds.empty()) return out;
  guarded(c_, [&] {
    // One look at ix_registration_event_contact for every person of the combined requests.
    long long event = eventId, contact = 0, id = 0;
    soci::statement st = (c_.sql.prepare << "SELECT contact_id, MIN(id) FROM registrations WHERE event_id = :e AND "
                                            "contact_id IN (" +
                                                idList(contactIds) + ") AND status <> 'cancelled' GROUP BY contact_id",
                          soci::use(event), soci::into(contact), soci::into(id));
    st.execute();
    while (st.fetch()) out.emplace(static_cast<Id>(contact), static_cast<Id>(id));
  });
  return out;
}

std::vector<Id> SociRegistrationRepository::insertMany(const std::vector<Registration>& registrations) {
  std::vector<Id> ids;
  if (registrations.empty()) return ids;
  guarded(c_, [&] {
    InsertText insert(c_.backend,
                      "INSERT INTO registrations (event_id, contact_id, organisation_id, status, registered_at, "
                      "registered_by, updated_at, version) VALUES ");
    for (const auto& r : registrations) {
      if (r.status == RegistrationStatus::attended)
        throw std::logic_error("insertMany takes new registrations, not attended ones");
      insert.beginRow();
      insert.integer(r.event_id);
      insert.integer(r.contact_id);
      insert.integer(r.organisation_id);
      insert.text(toString(r.status));
      insert.time(r.registered_at);
      insert.integerOrNull(r.registered_by);
      insert.time(r.updated_at);
      insert.integer(1);
      insert.endRow();
    }
    // RETURNING (MariaDB 10.5+, SQLite 3.35+) rather than counting on consecutive auto-increment values,
    // which Galera's interleaved steps do not give. Each row is told apart by its event and person (one
    // active registration each), since neither database promises the returned rows' order.
    // Every returned row is fetched: SQLite finishes the statement's write only when stepped to its end.
    long long id = 0, event = 0, person = 0;
    soci::statement st = (c_.sql.prepare << insert.text() + " RETURNING id, event_id, contact_id", soci::into(id),
                          soci::into(event), soci::into(person));
    st.execute();
    std::map<std::pair<Id, Id>, Id> byPerson;
    while (st.fetch()) byPerson[{static_cast<Id>(event), static_cast<Id>(person)}] = static_cast<Id>(id);
    for (const auto& r : registrations) ids.push_back(byPerson.at({r.event_id, r.contact_id}));
  });
  return ids;
}

void SociRegistrationRepository::update(const Registration& r) {
  guarded(c_, [&] {
    // What the stored row shows before the change (feedsShowAlike), locked as the UPDATE below would lock
    // it; the event and the organisation are not written here, so they stay the new value's.
    Registration before = r;
    {
      long long key = r.id, storedContact = 0;
      std::string storedStatus;
      std::tm storedCancelled{};
      soci::indicator cancelledAtInd = soci::i_null;
      c_.sql << std::string("SELECT contact_id, status, cancelled_at FROM registrations WHERE id = :id") +
                    (c_.backend == Backend::mysql ? " FOR UPDATE" : ""),
          soci::use(key), soci::into(storedContact), soci::into(storedStatus),
          soci::into(storedCancelled, cancelledAtInd);
      if (!c_.sql.got_data()) return;  // no such registration: nothing to write
      before.contact_id = storedContact;
      before.status = registrationStatusFrom(storedStatus).value_or(RegistrationStatus::cancelled);
      before.cancelled_at.reset();
      if (cancelledAtInd != soci::i_null) before.cancelled_at = fromTm(storedCancelled);
    }
    long long id = r.id, contact = r.contact_id;
    std::string status = toString(r.status);
    std::tm updated = toTm(r.updated_at);
    std::tm cancelled = r.cancelled_at ? toTm(*r.cancelled_at) : std::tm{};
    std::tm checkedIn = r.checked_in_at ? toTm(*r.checked_in_at) : std::tm{};
    soci::indicator cancelledInd = r.cancelled_at ? soci::i_ok : soci::i_null;
    soci::indicator checkedInInd = r.checked_in_at ? soci::i_ok : soci::i_null;
    auto [cancelledBy, cancelledByInd] = optionalValue<long long>(r.cancelled_by);
    auto [checkedInBy, checkedInByInd] = optionalValue<long long>(r.checked_in_by);
    c_.sql << "UPDATE registrations SET contact_id = :c, status = :s, cancelled_at = :ca, cancelled_by = :cb, "
              "checked_in_at = :ci, checked_in_by = :cib, updated_at = :u, version = version + 1 WHERE id = :id",
        soci::use(contact), soci::use(status), soci::use(cancelled, cancelledInd),
        soci::use(cancelledBy, cancelledByInd), soci::use(checkedIn, checkedInInd),
        soci::use(checkedInBy, checkedInByInd), soci::use(updated), soci::use(id);
    // The organisation's latest attendance moves only with an attendance.
    if (before.status == RegistrationStatus::attended || r.status == RegistrationStatus::attended)
      refreshLastAttendedOfOrganisation(c_, r.organisation_id);
    // Kept feeds and events pages are current while the events' revision is unchanged. Raise it when a
    // feed shows the change (a seat passed to a colleague changes no count, but two people's feeds), and
    // only then: a check-in morning would otherwise throw away every kept feed and page (issue 17).
    if (!feedsShowAlike(before, r)) bumpEventListRevision(c_, r.event_id);
  });
}

void SociRegistrationRepository::record(const RegistrationChange& change) {
  guarded(c_, [&] {
    long long registration = change.registration_id, event = change.event_id;
    std::tm at = toTm(change.at);
    auto [user, userInd] = optionalValue<long long>(change.user_id);
    std::string from = change.from_status ? toString(*change.from_status) : "";
    std::string to = change.to_status ? toString(*change.to_status) : "";
    soci::indicator fromInd = change.from_status ? soci::i_ok : soci::i_null;
    soci::indicator toInd = change.to_status ? soci::i_ok : soci::i_null;
    auto [fromContact, fromContactInd] = optionalValue<long long>(change.from_contact_id);
    auto [toContact, toContactInd] = optionalValue<long long>(change.to_contact_id);
    c_.sql << "INSERT INTO registration_changes (registration_id, event_id, at, user_id, action, from_status, "
              "to_status, from_contact_id, to_contact_id) VALUES (:r, :e, :at, :u, :a, :fs, :ts, :fc, :tc)",
        soci::use(registration), soci::use(event), soci::use(at), soci::use(user, userInd), soci::use(change.action),
        soci::use(from, fromInd), soci::use(to, toInd), soci::use(fromContact, fromContactInd),
        soci::use(toContact, toContactInd);
  });
}

void SociRegistrationRepository::recordMany(const std::vector<RegistrationChange>& changes) {
  if (changes.empty()) return;
  guarded(c_, [&] {
    InsertText insert(c_.backend,
                      "INSERT INTO registration_changes (registration_id, event_id, at, user_id, action, from_status, "
                      "to_status, from_contact_id, to_contact_id) VALUES ");
    const auto status = [](const std::optional<RegistrationStatus>& s) {
      return s ? std::optional<std::string>(toString(*s)) : std::nullopt;
    };
    for (const auto& change : changes) {
      insert.beginRow();
      insert.integer(change.registration_id);
      insert.integer(change.event_id);
      insert.time(change.at);
      insert.integerOrNull(change.user_id);
      insert.text(change.action);
      insert.textOrNull(status(change.from_status));
      insert.textOrNull(status(change.to_status));
      insert.integerOrNull(change.from_contact_id);
      insert.integerOrNull(change.to_contact_id);
      insert.endRow();
    }
    c_.sql << insert.text();
  });
}

std::vector<RegistrationChange> SociRegistrationRepository::history(Id registrationId) {
  return guarded(c_, [&] {
    std::vector<RegistrationChange> out;
    long long key = registrationId;
    long long id = 0, registration = 0, event = 0, user = 0, fromContact = 0, toContact = 0;
    std::tm at{};
    std::string action, from, to;
    soci::indicator userInd{}, fromInd{}, toInd{}, fromContactInd{}, toContactInd{};
    soci::statement st =
        (c_.sql.prepare << "SELECT id, registration_id, event_id, at, user_id, action, from_status, to_status, "
                           "from_contact_id, to_contact_id FROM registration_changes WHERE registration_id = :r "
                           "ORDER BY id",
         soci::use(key), soci::into(id), soci::into(registration), soci::into(event), soci::into(at),
         soci::into(user, userInd), soci::into(action), soci::into(from, fromInd), soci::into(to, toInd),
         soci::into(fromContact, fromContactInd), soci::into(toContact, toContactInd));
    st.execute();
    while (st.fetch()) {
      RegistrationChange c;
      c.id = id;
      c.registration_id = registration;
      c.event_id = event;
      c.at = fromTm(at);
      if (userInd != soci::i_null) c.user_id = user;
      c.action = action;
      if (fromInd != soci::i_null) c.from_status = registrationStatusFrom(from);
      if (toInd != soci::i_null) c.to_status = registrationStatusFrom(to);
      if (fromContactInd != soci::i_null) c.from_contact_id = fromContact;
      if (toContactInd != soci::i_null) c.to_contact_id = toContact;
      out.push_back(c);
    }
    return out;
  });
}

std::vector<std::pair<Id, Id>> SociRegistrationRepository::attendedInSeries(Id seriesId) {
  return guarded(c_, [&] {
    std::vector<std::pair<Id, Id>> out;
    long long key = seriesId, organisation = 0, event = 0;
    soci::statement st = (c_.sql.prepare << "SELECT DISTINCT r.organisation_id, r.event_id FROM registrations r JOIN "
                                            "events e ON e.id = r.event_id WHERE e.series_id = :s AND r.status = "
                                            "'attended'",
                          soci::use(key), soci::into(organisation), soci::into(event));
    st.execute();
    while (st.fetch()) out.emplace_back(organisation, event);
    return out;
  });
}

std::vector<Registration> SociRegistrationRepository::ofContact(Id contactId) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("r.contact_id = " + where.bind(static_cast<long long>(contactId)));
    return select(c_, where, " ORDER BY r.id LIMIT 5000");
  });
}

std::vector<Registration> SociRegistrationRepository::ofOrganisation(Id organisationId, Timestamp eventsEndingAfter,
                                                                     int limit) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("r.organisation_id = " + where.bind(static_cast<long long>(organisationId)));
    where.where(
        "r.event_id IN (SELECT id FROM events WHERE ends_at >= " + where.bind(formatSqlTime(eventsEndingAfter)) + ")");
    return select(c_, where, " ORDER BY r.id LIMIT " + std::to_string(std::max(limit, 0)));
  });
}

}  // namespace brobygger::storage

#include <algorithm>
#include <charconv>
#include <iterator>
#include <map>
#include <stdexcept>

#include "domain/date_time.hpp"
#include "domain/validation.hpp"
#include "storage/columns.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

constexpr const char* kEventOwnColumns =
    "starts_at, ends_at, all_day, registration_opens_at, registration_closes_at, audience, status, "
    "cancellation_reason, series_id, occurrence_start, series_override, revision, confirmed_count, waitlisted_count, "
    "created_at, updated_at, version";

std::vector<std::string> decodeList(const std::string& stored) {
  std::vector<std::string> items;
  std::size_t start = 1;
  while (start < stored.size()) {
    const auto end = stored.find(',', start);
    if (end == std::string::npos) break;
    items.push_back(stored.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

std::string encodeIds(const std::vector<Id>& ids) {
  std::vector<std::string> items;
  items.reserve(ids.size());
  for (const auto id : ids) items.push_back(std::to_string(id));
  return columns::encodeList(items);
}

std::vector<Id> decodeIds(const std::string& stored) {
  std::vector<Id> ids;
  for (const auto& item : decodeList(stored)) ids.push_back(std::stoll(item));
  return ids;
}

std::string encodeLocal(const LocalDateTime& t) { return domain::formatIsoLocal(t); }

// Only this file writes the column: anything else there is damage, not input (an internal error).
LocalDateTime decodeLocal(const std::string& text) {
  const auto t = domain::parseIsoLocal(text);
  if (!t) throw std::runtime_error("a stored wall-clock time is malformed: \"" + text + "\"");
  return *t;
}

// Nullable values bound to and read from statements.
struct OptInt {
  int value = 0;
  soci::indicator ind = soci::i_null;
  OptInt() = default;
  explicit OptInt(std::optional<int> v) : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
  std::optional<int> get() const { return ind == soci::i_null ? std::nullopt : std::optional<int>(value); }
};
struct OptId {
  long long value = 0;
  soci::indicator ind = soci::i_null;
  OptId() = default;
  explicit OptId(std::optional<Id> v) : value(v.value_or(0)), ind(v ? soci::i_ok : soci::i_null) {}
  std::optional<Id> get() const { return ind == soci::i_null ? std::nullopt : std::optional<Id>(value); }
};
struct OptText {
  std::string value;
  soci::indicator ind = soci::i_null;
  OptText() = default;
  explicit OptText(const std::optional<std::string>& v) : value(v.value_or("")), ind(v ? soci::i_ok : soci::i_null) {}
  std::optional<std::string> get() const { return nullable(value, ind); }
};
struct OptTime {
  std::tm value{};
  soci::indicator ind = soci::i_null;
  OptTime() = default;
  explicit OptTime(std::optional<Timestamp> v) : value(v ? toTm(*v) : std::tm{}), ind(v ? soci::i_ok : soci::i_null) {}
  std::optional<Timestamp> get() const {
    return ind == soci::i_null ? std::nullopt : std::optional<Timestamp>(fromTm(value));
  }
};

// An integer column read as its text and parsed with std::from_chars: SOCI's MySQL backend would parse
// each integer through an istringstream, which was the largest single cost of reading 10,000 events for
// a calendar feed (issue 17). SQLite hands the same text over.
struct IntText {
  std::string text;
  soci::indicator ind = soci::i_ok;
  void into(soci::statement& st) { st.exchange(soci::into(text, ind)); }
  long long value() const {
    long long v = 0;
    if (ind != soci::i_null) std::from_chars(text.data(), text.data() + text.size(), v);
    return v;
  }
  template <class T>
  std::optional<T> get() const {
    return ind == soci::i_null ? std::nullopt : std::optional<T>(static_cast<T>(value()));
  }
};

// The columns events and series share (what an event is about, where and for whom), both ways.
constexpr const char* kDetailsColumns =
    "kind, title, description, venue_name, venue_address, venue_municipality_id, online_url, language, tags, "
    "organiser_user_id, capacity, per_organisation_quota, police_district_id, reminder_hours";
constexpr const char* kDetailsBinds =
    ":kind, :title, :description, :venue_name, :venue_address, :venue_municipality_id, :online_url, :language, "
    ":tags, :organiser, :capacity, :quota, :district, :reminder_hours";
constexpr const char* kDetailsAssignments =
    "kind = :kind, title = :title, description = :description, venue_name = :venue_name, venue_address = "
    ":venue_address, venue_municipality_id = :venue_municipality_id, online_url = :online_url, language = :language, "
    "tags = :tags, organiser_user_id = :organiser, capacity = :capacity, per_organisation_quota = :quota, "
    "police_district_id = :district, reminder_hours = :reminder_hours";

struct DetailsFields {
  std::string kind, title, language, tags;
  soci::indicator tags_ind = soci::i_ok;
  OptText description, venue_name, venue_address, online_url;
  OptInt venue_municipality_id, capacity, quota, police_district_id;
  OptId organiser;
  int reminder_hours = kDefaultReminderHours;
  // What into() reads the integer columns into (the members above are what use() binds).
  IntText read_municipality, read_organiser, read_capacity, read_quota, read_district, read_reminder;

  DetailsFields() = default;
  explicit DetailsFields(const EventDetails& d)
      : kind(d.kind),
        title(d.title),
        language(toString(d.language)),
        tags(columns::encodeList(d.tags)),
        description(d.description),
        venue_name(d.venue.name),
        venue_address(d.venue.address),
        online_url(d.online_url),
        venue_municipality_id(d.venue.municipality_id),
        capacity(d.capacity),
        quota(d.per_organisation_quota),
        police_district_id(d.police_district_id),
        organiser(d.organiser_user_id),
        reminder_hours(d.reminder_hours) {}

  void into(soci::statement& st) {
    st.exchange(soci::into(kind));
    st.exchange(soci::into(title));
    st.exchange(soci::into(description.value, description.ind));
    st.exchange(soci::into(venue_name.value, venue_name.ind));
    st.exchange(soci::into(venue_address.value, venue_address.ind));
    read_municipality.into(st);
    st.exchange(soci::into(online_url.value, online_url.ind));
    st.exchange(soci::into(language));
    st.exchange(soci::into(tags, tags_ind));
    read_organiser.into(st);
    read_capacity.into(st);
    read_quota.into(st);
    read_district.into(st);
    read_reminder.into(st);
  }

  void use(soci::statement& st) {
    st.exchange(soci::use(kind, "kind"));
    st.exchange(soci::use(title, "title"));
    st.exchange(soci::use(description.value, description.ind, "description"));
    st.exchange(soci::use(venue_name.value, venue_name.ind, "venue_name"));
    st.exchange(soci::use(venue_address.value, venue_address.ind, "venue_address"));
    st.exchange(soci::use(venue_municipality_id.value, venue_municipality_id.ind, "venue_municipality_id"));
    st.exchange(soci::use(online_url.value, online_url.ind, "online_url"));
    st.exchange(soci::use(language, "language"));
    st.exchange(soci::use(tags, "tags"));
    st.exchange(soci::use(organiser.value, organiser.ind, "organiser"));
    st.exchange(soci::use(capacity.value, capacity.ind, "capacity"));
    st.exchange(soci::use(quota.value, quota.ind, "quota"));
    st.exchange(soci::use(police_district_id.value, police_district_id.ind, "district"));
    st.exchange(soci::use(reminder_hours, "reminder_hours"));
  }

  EventDetails toDomain() const {
    EventDetails d;
    d.kind = kind;
    d.title = title;
    d.description = description.get();
    d.venue = Venue{venue_name.get(), venue_address.get(), read_municipality.get<int>()};
    d.online_url = online_url.get();
    d.language = languageFrom(language).value_or(Language::da);
    d.tags = tags_ind == soci::i_null ? std::vector<std::string>{} : decodeList(tags);
    d.organiser_user_id = read_organiser.get<Id>();
    d.capacity = read_capacity.get<int>();
    d.per_organisation_quota = read_quota.get<int>();
    d.police_district_id = read_district.get<int>();
    d.reminder_hours = static_cast<int>(read_reminder.value());
    return d;
  }
};

// The event row, as read (integers as text: IntText).
struct EventRow {
  IntText id, all_day, series_id, series_override, revision, confirmed, waitlisted, version;
  DetailsFields details;
  std::string audience, status;
  OptText cancellation_reason;
  std::tm starts{}, ends{}, created{}, updated{};
  OptTime opens, closes, occurrence_start;

  void into(soci::statement& st) {
    id.into(st);
    details.into(st);
    st.exchange(soci::into(starts));
    st.exchange(soci::into(ends));
    all_day.into(st);
    st.exchange(soci::into(opens.value, opens.ind));
    st.exchange(soci::into(closes.value, closes.ind));
    st.exchange(soci::into(audience));
    st.exchange(soci::into(status));
    st.exchange(soci::into(cancellation_reason.value, cancellation_reason.ind));
    series_id.into(st);
    st.exchange(soci::into(occurrence_start.value, occurrence_start.ind));
    series_override.into(st);
    revision.into(st);
    confirmed.into(st);
    waitlisted.into(st);
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    version.into(st);
  }

  Event toDomain() const {
    Event e;
    e.id = id.value();
    e.details = details.toDomain();
    e.starts_at = fromTm(starts);
    e.ends_at = fromTm(ends);
    e.all_day = all_day.value() != 0;
    e.registration_opens_at = opens.get();
    e.registration_closes_at = closes.get();
    e.audience = audienceFrom(audience).value_or(Audience::open);
    e.status = eventStatusFrom(status).value_or(EventStatus::draft);
    e.cancellation_reason = cancellation_reason.get();
    e.series_id = series_id.get<Id>();
    e.occurrence_start = occurrence_start.get();
    e.series_override = series_override.value() != 0;
    e.revision = static_cast<int>(revision.value());
    e.confirmed = static_cast<int>(confirmed.value());
    e.waitlisted = static_cast<int>(waitlisted.value());
    e.created_at = fromTm(created);
    e.updated_at = fromTm(updated);
    e.version = static_cast<int>(version.value());
    return e;
  }
};

// The values an insert or update writes, alive for SOCI's references.
struct EventValues {
  DetailsFields details;
  std::string audience, status, search;
  OptText cancellation_reason;
  OptId series_id;
  std::tm starts, ends, created, updated;
  OptTime opens, closes, occurrence_start;
  int all_day, series_override, revision;

  explicit EventValues(const Event& e)
      : details(e.details),
        audience(toString(e.audience)),
        status(toString(e.status)),
        search(columns::eventSearchText(e.details.title, e.details.venue.name)),
        cancellation_reason(e.cancellation_reason),
        series_id(e.series_id),
        starts(toTm(e.starts_at)),
        ends(toTm(e.ends_at)),
        created(toTm(e.created_at)),
        updated(toTm(e.updated_at)),
        opens(e.registration_opens_at),
        closes(e.registration_closes_at),
        occurrence_start(e.occurrence_start),
        all_day(e.all_day ? 1 : 0),
        series_override(e.series_override ? 1 : 0),
        revision(e.revision) {}

  void use(soci::statement& st) {
    details.use(st);
    st.exchange(soci::use(starts, "starts"));
    st.exchange(soci::use(ends, "ends"));
    st.exchange(soci::use(all_day, "all_day"));
    st.exchange(soci::use(opens.value, opens.ind, "opens"));
    st.exchange(soci::use(closes.value, closes.ind, "closes"));
    st.exchange(soci::use(audience, "audience"));
    st.exchange(soci::use(status, "status"));
    st.exchange(soci::use(cancellation_reason.value, cancellation_reason.ind, "reason"));
    st.exchange(soci::use(series_id.value, series_id.ind, "series"));
    st.exchange(soci::use(occurrence_start.value, occurrence_start.ind, "occurrence"));
    st.exchange(soci::use(series_override, "override"));
    st.exchange(soci::use(revision, "revision"));
    st.exchange(soci::use(search, "search"));
    st.exchange(soci::use(updated, "updated"));
  }
};

constexpr const char* kEventAssignments =
    "starts_at = :starts, ends_at = :ends, all_day = :all_day, registration_opens_at = :opens, "
    "registration_closes_at = :closes, audience = :audience, status = :status, cancellation_reason = :reason, "
    "series_id = :series, occurrence_start = :occurrence, series_override = :override, revision = :revision, "
    "search_text = :search, updated_at = :updated";

// The invitation lists of all invited-audience events among `events`, in one query.
void loadInvitations(Connection& c, std::vector<Event>& events) {
  std::string ids;
  for (const auto& event : events)
    if (event.audience == Audience::invited) ids += (ids.empty() ? "" : ",") + std::to_string(event.id);
  if (ids.empty()) return;
  long long eventId = 0, organisation = 0;
  // The ids are integers read from the database, not client input.
  soci::statement st = (c.sql.prepare << "SELECT event_id, organisation_id FROM event_invitations WHERE event_id IN (" +
                                             ids + ") ORDER BY event_id, organisation_id",
                        soci::into(eventId), soci::into(organisation));
  st.execute();
  std::map<long long, std::vector<Id>> byEvent;
  while (st.fetch()) byEvent[eventId].push_back(organisation);
  for (auto& event : events) {
    if (auto it = byEvent.find(event.id); it != byEvent.end()) event.invited_organisation_ids = std::move(it->second);
  }
}

}  // namespace

void bumpEventListRevision(Connection& c, Id eventId) {
  long long slot = static_cast<long long>(eventId % 16);
  c.sql << "UPDATE event_list_revision SET value = value + 1 WHERE slot = :s", soci::use(slot);
}

namespace {

void saveInvitations(Connection& c, const Event& event) {
  long long key = event.id;
  c.sql << "DELETE FROM event_invitations WHERE event_id = :id", soci::use(key);
  for (const auto organisation : event.invited_organisation_ids) {
    long long org = organisation;
    c.sql << "INSERT INTO event_invitations (event_id, organisation_id) VALUES (:e, :o)", soci::use(key),
        soci::use(org);
  }
}

std::vector<Event> selectEvents(Connection& c, const std::string& tail, QueryBuilder& where) {
  auto events = fetchRows<EventRow>(c,
                                    std::string("SELECT id, ") + kDetailsColumns + ", " + kEventOwnColumns +
                                        " FROM events" + where.whereClause() + tail,
                                    where);
  loadInvitations(c, events);
  return events;
}

}  // namespace

std::optional<Event> SociEventRepository::find(Id id) {
  return guarded(c_, [&]() -> std::optional<Event> {
    QueryBuilder where;
    where.where("id = " + where.bind(static_cast<long long>(id)));
    auto events = selectEvents(c_, "", where);
    if (events.empty()) return std::nullopt;
    return events.front();
  });
}

std::optional<Event> SociEventRepository::findForUpdate(Id id) {
  return guarded(c_, [&]() -> std::optional<Event> {
    QueryBuilder where;
    where.where("id = " + where.bind(static_cast<long long>(id)));
    auto events = selectEvents(c_, c_.backend == Backend::mysql ? " FOR UPDATE" : "", where);
    if (events.empty()) return std::nullopt;
    return events.front();
  });
}

namespace {

// Events still running from `from` on (ends_at >= from). Their earliest start, found in the end index
// (covering), bounds the start too, so a query walks the start index from there instead of from the first
// event ever held (at national scale years of past events). False: no such event, nothing to read.
bool stillRunningFrom(Connection& c, QueryBuilder& where, Timestamp from) {
  const std::string day = formatSqlTime(from);
  std::string earliest;
  soci::indicator found = soci::i_null;
  c.sql << "SELECT MIN(starts_at) FROM events WHERE ends_at >= :f", soci::use(day), soci::into(earliest, found);
  if (found != soci::i_ok) return false;
  where.where("ends_at >= " + where.bind(day));
  where.where("starts_at >= " + where.bind(earliest));
  return true;
}

}  // namespace

Page<Event> SociEventRepository::list(const EventQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    if (query.from && !stillRunningFrom(c_, where, *query.from))
      return Page<Event>{{}, 0, query.page.limit, query.page.offset};
    if (query.to) where.where("starts_at < " + where.bind(std::string(formatSqlTime(*query.to))));
    if (query.kind) where.where("kind = " + where.bind(*query.kind));
    if (query.status) where.where("status = " + where.bind(std::string(toString(*query.status))));
    if (query.police_district_id)
      where.where("police_district_id = " + where.bind(static_cast<long long>(*query.police_district_id)));
    if (query.series_id) where.where("series_id = " + where.bind(static_cast<long long>(*query.series_id)));
    if (query.organiser_user_id)
      where.where("organiser_user_id = " + where.bind(static_cast<long long>(*query.organiser_user_id)));
    if (!query.within_districts.empty()) {
      std::string clause = "police_district_id IN (" + columns::integerList(query.within_districts) + ")";
      if (query.within_districts_or_organiser)
        clause += " OR organiser_user_id = " + where.bind(static_cast<long long>(*query.within_districts_or_organiser));
      where.where("(" + clause + ")");
    }
    if (query.q && !query.q->empty())
      where.where("search_text LIKE " + where.bind(containsPattern(foldCase(*query.q))) + " ESCAPE '!'");
    if (query.visible_to_organisation) {
      const auto org = where.bind(static_cast<long long>(*query.visible_to_organisation));
      where.where(
          "status <> 'draft' AND NOT (status = 'cancelled' AND revision = 0) AND (audience = 'open' OR id IN (SELECT "
          "event_id FROM event_invitations WHERE "
          "organisation_id = " +
          org + "))");
    }
    Page<Event> page;
    page.limit = query.page.limit;
    page.offset = query.page.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM events" + where.whereClause(), where);
    if (page.total <= page.offset) return page;
    page.items =
        selectEvents(c_,
                     std::string(query.descending ? " ORDER BY starts_at DESC, id DESC" : " ORDER BY starts_at, id") +
                         " LIMIT " + std::to_string(query.page.limit) + " OFFSET " + std::to_string(query.page.offset),
                     where);
    return page;
  });
}

Id SociEventRepository::insert(const Event& event) {
  return guarded(c_, [&] {
    EventValues v(event);
    soci::statement st(c_.sql);
    v.use(st);
    st.exchange(soci::use(v.created, "created"));
    st.alloc();
    st.prepare(std::string("INSERT INTO events (") + kDetailsColumns +
               ", starts_at, ends_at, all_day, registration_opens_at, registration_closes_at, audience, status, "
               "cancellation_reason, series_id, occurrence_start, series_override, revision, search_text, updated_at, "
               "created_at, version) VALUES (" +
               kDetailsBinds +
               ", :starts, :ends, :all_day, :opens, :closes, :audience, :status, :reason, :series, :occurrence, "
               ":override, :revision, :search, :updated, :created, 1)");
    st.define_and_bind();
    st.execute(true);
    long long id = 0;
    c_.sql.get_last_insert_id("events", id);
    Event saved = event;
    saved.id = id;
    saveInvitations(c_, saved);
    bumpEventListRevision(c_, saved.id);
    return static_cast<Id>(id);
  });
}

bool SociEventRepository::update(const Event& event, int expectedVersion) {
  return guarded(c_, [&] {
    EventValues v(event);
    if (!updateVersioned(c_,
                         std::string("UPDATE events SET ") + kDetailsAssignments + ", " + kEventAssignments +
                             ", version = version + 1 WHERE id = :id AND version = :expected",
                         v, event.id, expectedVersion))
      return false;
    saveInvitations(c_, event);
    bumpEventListRevision(c_, event.id);
    refreshLastAttendedForEvent(c_, event.id);  // its start or status may have moved
    return true;
  });
}

std::vector<Event> SociEventRepository::ofSeries(Id seriesId) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("series_id = " + where.bind(static_cast<long long>(seriesId)));
    return selectEvents(c_, " ORDER BY starts_at, id", where);
  });
}

void SociEventRepository::setCounts(Id eventId, int confirmed, int waitlisted) {
  // Only counts that differ are written, and only they raise the lists' revision (the lists show the
  // counts): a check-in or its undo recounts the same seats and must not throw away every kept events
  // page and calendar feed (issue 17).
  if (c_.backend == Backend::mysql) {
    // The counts and the lists' revision in one statement: this runs under the event's lock for every
    // registration, and each round trip there lengthens the queue of a popular event (issue 17). The
    // condition reads the stored counts before either assignment (a multiple-table UPDATE may assign in
    // any order, so it cannot be an expression in the SET list).
    guarded(c_, [&] {
      long long id = eventId, slot = static_cast<long long>(eventId % 16);
      c_.sql << "UPDATE events e, event_list_revision r SET e.confirmed_count = :c, e.waitlisted_count = :w, "
                "r.value = r.value + 1 WHERE e.id = :id AND r.slot = :s AND (e.confirmed_count <> :c2 OR "
                "e.waitlisted_count <> :w2)",
          soci::use(confirmed), soci::use(waitlisted), soci::use(id), soci::use(slot), soci::use(confirmed),
          soci::use(waitlisted);
    });
    return;
  }
  guarded(c_, [&] {
    long long id = eventId;
    soci::statement st =
        (c_.sql.prepare << "UPDATE events SET confirmed_count = :c, waitlisted_count = :w WHERE id = "
                           ":id AND (confirmed_count <> :c2 OR waitlisted_count <> :w2)",
         soci::use(confirmed), soci::use(waitlisted), soci::use(id), soci::use(confirmed), soci::use(waitlisted));
    st.execute(true);
    if (st.get_affected_rows() > 0) bumpEventListRevision(c_, eventId);
  });
}

std::int64_t SociEventRepository::revision() {
  return guarded(c_, [&] {
    long long value = 0;
    c_.sql << "SELECT SUM(value) FROM event_list_revision", soci::into(value);
    return static_cast<std::int64_t>(value);
  });
}

namespace {

// What a feed's VEVENT is written from (SociEventRepository::forFeed): 13 of the row's 31 columns.
constexpr const char* kFeedColumns =
    "id, title, description, venue_name, venue_address, online_url, starts_at, ends_at, all_day, status, revision, "
    "updated_at, version";

struct FeedEventRow {
  IntText id, all_day, revision, version;
  std::string title, status;
  OptText description, venue_name, venue_address, online_url;
  std::tm starts{}, ends{}, updated{};

  void into(soci::statement& st) {
    id.into(st);
    st.exchange(soci::into(title));
    st.exchange(soci::into(description.value, description.ind));
    st.exchange(soci::into(venue_name.value, venue_name.ind));
    st.exchange(soci::into(venue_address.value, venue_address.ind));
    st.exchange(soci::into(online_url.value, online_url.ind));
    st.exchange(soci::into(starts));
    st.exchange(soci::into(ends));
    all_day.into(st);
    st.exchange(soci::into(status));
    revision.into(st);
    st.exchange(soci::into(updated));
    version.into(st);
  }

  Event toDomain() const {
    Event e;
    e.id = id.value();
    e.details.title = title;
    e.details.description = description.get();
    e.details.venue.name = venue_name.get();
    e.details.venue.address = venue_address.get();
    e.details.online_url = online_url.get();
    e.starts_at = fromTm(starts);
    e.ends_at = fromTm(ends);
    e.all_day = all_day.value() != 0;
    e.status = eventStatusFrom(status).value_or(EventStatus::draft);
    e.revision = static_cast<int>(revision.value());
    e.updated_at = fromTm(updated);
    e.version = static_cast<int>(version.value());
    return e;
  }
};

struct EventVersionRow {
  IntText id, version;
  void into(soci::statement& st) {
    id.into(st);
    version.into(st);
  }
  EventVersion toDomain() const { return {id.value(), static_cast<int>(version.value())}; }
};

// The rows a feed reads (forFeed, feedVersions): false when none can qualify.
bool feedWhere(Connection& c, QueryBuilder& where, const EventQuery& query) {
  if (query.from && !stillRunningFrom(c, where, *query.from)) return false;
  if (query.organiser_user_id)
    where.where("organiser_user_id = " + where.bind(static_cast<long long>(*query.organiser_user_id)));
  if (query.visible_to_organisation) {  // as list() reads it
    const auto org = where.bind(static_cast<long long>(*query.visible_to_organisation));
    where.where(
        "status <> 'draft' AND NOT (status = 'cancelled' AND revision = 0) AND (audience = 'open' OR id IN (SELECT "
        "event_id FROM event_invitations WHERE organisation_id = " +
        org + "))");
  }
  return true;
}

}  // namespace

std::vector<Event> SociEventRepository::forFeed(const EventQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    if (!feedWhere(c_, where, query)) return std::vector<Event>{};
    return fetchRows<FeedEventRow>(c_,
                                   std::string("SELECT ") + kFeedColumns + " FROM events" + where.whereClause() +
                                       " ORDER BY starts_at, id LIMIT " + std::to_string(query.page.limit),
                                   where);
  });
}

std::vector<EventVersion> SociEventRepository::feedVersions(const EventQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    if (!feedWhere(c_, where, query)) return std::vector<EventVersion>{};
    // No order: a caller that gets `limit` rows reads the feed whole (forFeed), which picks them by start.
    return fetchRows<EventVersionRow>(
        c_, "SELECT id, version FROM events" + where.whereClause() + " LIMIT " + std::to_string(query.page.limit),
        where);
  });
}

std::vector<Event> SociEventRepository::forFeed(const std::vector<Id>& ids) {
  return guarded(c_, [&] {
    std::vector<Event> out;
    static constexpr std::size_t kChunk = 500;  // keeps each statement's IN list short
    for (std::size_t at = 0; at < ids.size(); at += kChunk) {
      const std::vector<Id> chunk(ids.begin() + static_cast<std::ptrdiff_t>(at),
                                  ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), at + kChunk)));
      QueryBuilder where;
      // The ids are integers (idList), not text from a client.
      where.where("id IN (" + idList(chunk) + ")");
      auto rows = fetchRows<FeedEventRow>(
          c_, std::string("SELECT ") + kFeedColumns + " FROM events" + where.whereClause(), where);
      std::move(rows.begin(), rows.end(), std::back_inserter(out));
    }
    return out;
  });
}

// ---- series ----

namespace {

constexpr const char* kSeriesOwnColumns =
    "rrule, first_start, duration_minutes, roster, status, materialised_until, created_at, updated_at, version";

struct SeriesRow {
  long long id = 0;
  DetailsFields details;
  std::string rrule, first_start, roster, status, materialised_until;
  int duration = 0, version = 1;
  std::tm created{}, updated{};
  soci::indicator roster_ind = soci::i_ok;

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    details.into(st);
    st.exchange(soci::into(rrule));
    st.exchange(soci::into(first_start));
    st.exchange(soci::into(duration));
    st.exchange(soci::into(roster, roster_ind));
    st.exchange(soci::into(status));
    st.exchange(soci::into(materialised_until));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(version));
  }

  Series toDomain() const {
    Series s;
    s.id = id;
    s.details = details.toDomain();
    s.rrule = rrule;
    s.first_start = decodeLocal(first_start);
    s.duration_minutes = duration;
    s.roster_organisation_ids = roster_ind == soci::i_null ? std::vector<Id>{} : decodeIds(roster);
    s.status = status == "active" ? SeriesStatus::active : SeriesStatus::ended;
    s.materialised_until = decodeLocal(materialised_until);
    s.created_at = fromTm(created);
    s.updated_at = fromTm(updated);
    s.version = version;
    return s;
  }
};

struct SeriesValues {
  DetailsFields details;
  std::string rrule, first_start, roster, status, materialised_until;
  int duration;
  std::tm created, updated;

  explicit SeriesValues(const Series& s)
      : details(s.details),
        rrule(s.rrule),
        first_start(encodeLocal(s.first_start)),
        roster(encodeIds(s.roster_organisation_ids)),
        status(toString(s.status)),
        materialised_until(encodeLocal(s.materialised_until)),
        duration(s.duration_minutes),
        created(toTm(s.created_at)),
        updated(toTm(s.updated_at)) {}

  void use(soci::statement& st) {
    details.use(st);
    st.exchange(soci::use(rrule, "rrule"));
    st.exchange(soci::use(first_start, "first_start"));
    st.exchange(soci::use(duration, "duration"));
    st.exchange(soci::use(roster, "roster"));
    st.exchange(soci::use(status, "status"));
    st.exchange(soci::use(materialised_until, "until"));
    st.exchange(soci::use(updated, "updated"));
  }
};

std::vector<Series> selectSeries(Connection& c, const std::string& tail, QueryBuilder& where) {
  return fetchRows<SeriesRow>(c,
                              std::string("SELECT id, ") + kDetailsColumns + ", " + kSeriesOwnColumns + " FROM series" +
                                  where.whereClause() + tail,
                              where);
}

}  // namespace

std::optional<Series> SociSeriesRepository::find(Id id) {
  return guarded(c_, [&]() -> std::optional<Series> {
    QueryBuilder where;
    where.where("id = " + where.bind(static_cast<long long>(id)));
    auto found = selectSeries(c_, "", where);
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

Page<Series> SociSeriesRepository::list(const PageRequest& request) {
  return guarded(c_, [&] {
    QueryBuilder where;
    Page<Series> page;
    page.limit = request.limit;
    page.offset = request.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM series", where);
    if (page.total > page.offset)
      page.items = selectSeries(
          c_, " ORDER BY id LIMIT " + std::to_string(request.limit) + " OFFSET " + std::to_string(request.offset),
          where);
    return page;
  });
}

std::vector<Series> SociSeriesRepository::active() {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("status = 'active'");
    return selectSeries(c_, " ORDER BY id", where);
  });
}

Id SociSeriesRepository::insert(const Series& series) {
  return guarded(c_, [&] {
    SeriesValues v(series);
    soci::statement st(c_.sql);
    v.use(st);
    st.exchange(soci::use(v.created, "created"));
    st.alloc();
    st.prepare(std::string("INSERT INTO series (") + kDetailsColumns +
               ", rrule, first_start, duration_minutes, roster, status, materialised_until, updated_at, created_at, "
               "version) VALUES (" +
               kDetailsBinds + ", :rrule, :first_start, :duration, :roster, :status, :until, :updated, :created, 1)");
    st.define_and_bind();
    st.execute(true);
    long long id = 0;
    c_.sql.get_last_insert_id("series", id);
    return static_cast<Id>(id);
  });
}

bool SociSeriesRepository::update(const Series& series, int expectedVersion) {
  return guarded(c_, [&] {
    SeriesValues v(series);
    return updateVersioned(c_,
                           std::string("UPDATE series SET ") + kDetailsAssignments +
                               ", rrule = :rrule, first_start = :first_start, duration_minutes = :duration, roster = "
                               ":roster, status = :status, materialised_until = :until, updated_at = :updated, "
                               "version = version + 1 WHERE id = :id AND version = :expected",
                           v, series.id, expectedVersion);
  });
}

}  // namespace brobygger::storage

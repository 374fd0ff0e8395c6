// The engagement overviews' reads, and the one maintained aggregate they rely on: each organisation's
// latest attendance (organisations.last_attended_at), kept in the same transaction as every change that
// can move it.
#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "storage/columns.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

// The statuses under which an event counts in overviews.
constexpr const char* kCountedEvent = "('published', 'completed')";

constexpr const char* kLatestAttendance =
    "(SELECT MAX(e.starts_at) FROM registrations r JOIN events e ON e.id = r.event_id "
    "WHERE r.organisation_id = organisations.id AND r.status = 'attended' AND e.status IN ('published', 'completed'))";

// Rows fetched this many at a time into vectors: one round of driver calls per batch, not per row.
constexpr std::size_t kBatch = 4096;

struct ReportEventRow {
  long long id = 0;
  std::tm starts{};
  std::string kind, status;

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(starts));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(status));
  }
  ReportEvent toDomain() const { return {id, fromTm(starts), kind, status == "completed"}; }
};

struct DormantRow {
  long long id = 0, responsible = 0;
  std::string name, kind;
  int district = 0, municipality = 0, open_follow_ups = 0;
  std::tm last{}, last_activity{};
  soci::indicator last_ind{}, responsible_ind{}, last_activity_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(district));
    st.exchange(soci::into(municipality));
    st.exchange(soci::into(last, last_ind));
    st.exchange(soci::into(responsible, responsible_ind));
    st.exchange(soci::into(last_activity, last_activity_ind));
    st.exchange(soci::into(open_follow_ups));
  }
  DormantOrganisation toDomain() const {
    DormantOrganisation d;
    d.organisation_id = id;
    d.name = name;
    d.kind = kind;
    d.police_district_id = district;
    d.municipality_id = municipality;
    if (last_ind != soci::i_null) d.last_attended_at = fromTm(last);
    if (responsible_ind != soci::i_null) d.responsible_user_id = responsible;
    if (last_activity_ind != soci::i_null) d.last_activity_at = fromTm(last_activity);
    d.open_follow_ups = open_follow_ups;
    return d;
  }
};

struct EventKindRow {
  long long id = 0;
  std::string kind;

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(kind));
  }
  std::pair<long long, std::string> toDomain() const { return {id, kind}; }
};

struct SeatCountRow {
  std::string kind, status;
  long long count = 0;

  void into(soci::statement& st) {
    st.exchange(soci::into(kind));
    st.exchange(soci::into(status));
    st.exchange(soci::into(count));
  }
  EventSeatCount toDomain() const {
    return {kind, registrationStatusFrom(status).value_or(RegistrationStatus::cancelled), static_cast<int>(count)};
  }
};

struct TrainingAttendanceRow {
  long long event = 0, contact = 0, organisation = 0;
  std::string organisation_name;

  void into(soci::statement& st) {
    st.exchange(soci::into(event));
    st.exchange(soci::into(contact));
    st.exchange(soci::into(organisation));
    st.exchange(soci::into(organisation_name));
  }
  TrainingAttendance toDomain() const { return {event, contact, organisation, organisation_name}; }
};

struct AttendedTrainingRow {
  long long registration = 0, event = 0, organisation = 0;
  std::string title, status;
  std::tm starts{}, ends{};
  int all_day = 0;

  void into(soci::statement& st) {
    st.exchange(soci::into(registration));
    st.exchange(soci::into(event));
    st.exchange(soci::into(title));
    st.exchange(soci::into(starts));
    st.exchange(soci::into(ends));
    st.exchange(soci::into(all_day));
    st.exchange(soci::into(status));
    st.exchange(soci::into(organisation));
  }
  AttendedTraining toDomain() const {
    return {registration,
            event,
            title,
            fromTm(starts),
            fromTm(ends),
            all_day != 0,
            eventStatusFrom(status).value_or(EventStatus::completed),
            organisation};
  }
};

// A decimal integer as the drivers hand it over in text.
long long integer(const std::string& text) {
  long long value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

void organisationFilter(QueryBuilder& where, const EngagementFilter& filter) {
  if (filter.organisation_kind) where.where("kind = " + where.bind(*filter.organisation_kind));
  if (filter.police_district_id)
    where.where("police_district_id = " + where.bind(static_cast<long long>(*filter.police_district_id)));
  if (filter.region_id) where.where("region_id = " + where.bind(static_cast<long long>(*filter.region_id)));
  if (filter.municipality_id)
    where.where("municipality_id = " + where.bind(static_cast<long long>(*filter.municipality_id)));
  if (!filter.within_districts.empty())
    where.where("police_district_id IN (" + columns::integerList(filter.within_districts) + ")");
}

}  // namespace

namespace {

// Only the rows whose latest attendance moves are written, and then the organisation pages (which show
// it) are stale: the register's revision moves. Most attendance changes leave it where it was.
std::string changedLatestAttendance(const Connection& c) {
  return std::string(c.backend == Backend::sqlite ? " AND last_attended_at IS NOT "
                                                  : " AND NOT last_attended_at <=> ") +
         kLatestAttendance;
}

void bumpRevisionIfChanged(Connection& c, soci::statement& st) {
  st.execute(true);
  if (st.get_affected_rows() > 0) c.sql << "UPDATE register_revision SET value = value + 1 WHERE id = 1";
}

}  // namespace

void refreshLastAttendedOfOrganisation(Connection& c, Id organisationId) {
  long long id = organisationId;
  soci::statement st = (c.sql.prepare << std::string("UPDATE organisations SET last_attended_at = ") +
                                             kLatestAttendance + " WHERE id = :id" + changedLatestAttendance(c),
                        soci::use(id));
  bumpRevisionIfChanged(c, st);
}

void refreshLastAttendedForEvent(Connection& c, Id eventId) {
  long long id = eventId;
  soci::statement st =
      (c.sql.prepare << std::string("UPDATE organisations SET last_attended_at = ") + kLatestAttendance +
                            " WHERE id IN (SELECT organisation_id FROM registrations WHERE event_id = :id AND status "
                            "= 'attended')" +
                            changedLatestAttendance(c),
       soci::use(id));
  bumpRevisionIfChanged(c, st);
}

void refreshLastAttendedOfAll(Connection& c) {
  soci::statement st = (c.sql.prepare << std::string("UPDATE organisations SET last_attended_at = ") +
                                             kLatestAttendance + " WHERE 1 = 1" + changedLatestAttendance(c));
  bumpRevisionIfChanged(c, st);
}

std::vector<ReportEvent> SociReportRepository::eventsStarting(Timestamp from, Timestamp to) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("starts_at >= " + where.bind(formatSqlTime(from)));
    where.where("starts_at < " + where.bind(formatSqlTime(to)));
    where.where(std::string("status IN ") + kCountedEvent);
    return fetchRows<ReportEventRow>(c_, "SELECT id, starts_at, kind, status FROM events" + where.whereClause(), where);
  });
}

// Integers: SQLite hands them over fastest as integers; SOCI's MySQL backend converts each integer
// through an istringstream (a locale and dynamic_casts per value), so there the columns are fetched as
// text and parsed with `integer`: 2.4x faster.

std::vector<ReportSeat> SociReportRepository::seatsAtEventsStarting(Timestamp from, Timestamp to) {
  return guarded(c_, [&] {
    std::string fromText = formatSqlTime(from), toText = formatSqlTime(to);
    std::vector<ReportSeat> seats;
    const auto outcome = [](char first) {
      return first == 'a' ? SeatOutcome::attended : first == 'n' ? SeatOutcome::no_show : SeatOutcome::booked;
    };
    // The status comes over as its own text, not as a CASE: a computed column has no declared type, and
    // SOCI's SQLite backend then converts each value through text and strtol (a malloc per value);
    // "confirmed", "attended" and "no_show" fit std::string's small buffer, so no allocation at all.
    const std::string sql = std::string(
                                "SELECT r.event_id, r.organisation_id, r.contact_id, r.status "
                                "FROM events e JOIN registrations r ON r.event_id = e.id "
                                "WHERE e.starts_at >= :f AND e.starts_at < :t AND e.status IN ") +
                            kCountedEvent + " AND r.status IN ('confirmed', 'attended', 'no_show')";
    std::vector<std::string> status(kBatch);
    if (c_.backend == Backend::sqlite) {
      std::vector<long long> event(kBatch), organisation(kBatch), contact(kBatch);
      soci::statement st = (c_.sql.prepare << sql, soci::into(event), soci::into(organisation), soci::into(contact),
                            soci::into(status), soci::use(fromText), soci::use(toText));
      st.execute();
      while (st.fetch()) {
        for (std::size_t i = 0; i < event.size(); ++i)
          seats.push_back({event[i], organisation[i], contact[i], outcome(status[i].empty() ? ' ' : status[i][0])});
        for (auto* column : {&event, &organisation, &contact}) column->resize(kBatch);
        status.resize(kBatch);
      }
      return seats;
    }
    std::vector<std::string> event(kBatch), organisation(kBatch), contact(kBatch);
    soci::statement st = (c_.sql.prepare << sql, soci::into(event), soci::into(organisation), soci::into(contact),
                          soci::into(status), soci::use(fromText), soci::use(toText));
    st.execute();
    while (st.fetch()) {
      for (std::size_t i = 0; i < event.size(); ++i)
        seats.push_back({integer(event[i]), integer(organisation[i]), integer(contact[i]),
                         outcome(status[i].empty() ? ' ' : status[i][0])});
      for (auto* column : {&event, &organisation, &contact, &status}) column->resize(kBatch);
    }
    return seats;
  });
}

std::vector<OrganisationProfile> SociReportRepository::organisationProfiles() {
  return guarded(c_, [&] {
    std::vector<std::string> id(kBatch), municipality(kBatch), district(kBatch), region(kBatch);
    std::vector<std::string> kind(kBatch), status(kBatch);
    soci::statement st = (c_.sql.prepare << "SELECT id, kind, municipality_id, police_district_id, region_id, status "
                                            "FROM organisations WHERE status <> 'merged'",
                          soci::into(id), soci::into(kind), soci::into(municipality), soci::into(district),
                          soci::into(region), soci::into(status));
    std::vector<OrganisationProfile> profiles;
    st.execute();
    while (st.fetch()) {
      for (std::size_t i = 0; i < id.size(); ++i)
        profiles.push_back({integer(id[i]), kind[i], static_cast<int>(integer(municipality[i])),
                            static_cast<int>(integer(district[i])), static_cast<int>(integer(region[i])),
                            status[i] == "active"});
      for (auto* column : {&id, &municipality, &district, &region}) column->resize(kBatch);
      kind.resize(kBatch);
      status.resize(kBatch);
    }
    return profiles;
  });
}

std::vector<ReportDialogue> SociReportRepository::dialogue(const std::vector<Timestamp>& boundaries) {
  return guarded(c_, [&] {
    std::vector<ReportDialogue> out;
    if (boundaries.size() < 2) return out;
    // Walks the period's entries of ix_activity_dialogue (occurred_at, organisation_id, event_id),
    // covering, once per time bucket, and hands the plain columns over in batches: no GROUP BY (at
    // national scale a year holds ~160,000 activities of ~36,000 organisations, and SQLite's temporary
    // B-tree for the grouping cost five times the walk) and no computed column (SOCI's SQLite backend
    // passes a column without a declared type through text, a malloc and strtol per value). The domain
    // counts the rows with flat arrays. Event kinds are looked up once for the few events named.
    std::unordered_map<long long, std::string> kindOf;
    std::vector<long long> eventOf;  // per row: its event, or 0
    for (std::size_t bucket = 0; bucket + 1 < boundaries.size(); ++bucket) {
      std::string from = formatSqlTime(boundaries[bucket]), to = formatSqlTime(boundaries[bucket + 1]);
      const std::string sql =
          "SELECT organisation_id, event_id FROM activities WHERE occurred_at >= :f AND occurred_at < :t";
      const auto add = [&](long long organisation, long long event) {
        out.push_back({organisation, static_cast<int>(bucket), {}, 1});
        eventOf.push_back(event);
        if (event != 0) kindOf.try_emplace(event);
      };
      std::vector<soci::indicator> eventIndicator(kBatch);
      if (c_.backend == Backend::sqlite) {
        std::vector<long long> organisation(kBatch), event(kBatch);
        soci::statement st = (c_.sql.prepare << sql, soci::into(organisation), soci::into(event, eventIndicator),
                              soci::use(from), soci::use(to));
        st.execute();
        while (st.fetch()) {
          for (std::size_t i = 0; i < organisation.size(); ++i)
            add(organisation[i], eventIndicator[i] == soci::i_null ? 0 : event[i]);
          organisation.resize(kBatch);
          event.resize(kBatch);
          eventIndicator.resize(kBatch);
        }
      } else {
        std::vector<std::string> organisation(kBatch), event(kBatch);
        soci::statement st = (c_.sql.prepare << sql, soci::into(organisation), soci::into(event, eventIndicator),
                              soci::use(from), soci::use(to));
        st.execute();
        while (st.fetch()) {
          for (std::size_t i = 0; i < organisation.size(); ++i)
            add(integer(organisation[i]), eventIndicator[i] == soci::i_null ? 0 : integer(event[i]));
          organisation.resize(kBatch);
          event.resize(kBatch);
          eventIndicator.resize(kBatch);
        }
      }
    }
    if (kindOf.empty()) return out;
    // The kinds of the events named, 500 ids at a time (integers, so written into the SQL).
    std::vector<long long> ids;
    ids.reserve(kindOf.size());
    for (const auto& entry : kindOf) ids.push_back(entry.first);
    for (std::size_t i = 0; i < ids.size(); i += 500) {
      std::string list;
      for (std::size_t k = i; k < std::min(ids.size(), i + 500); ++k)
        list += (list.empty() ? "" : ",") + std::to_string(ids[k]);
      QueryBuilder none;
      for (auto& row : fetchRows<EventKindRow>(c_, "SELECT id, kind FROM events WHERE id IN (" + list + ")", none))
        kindOf[row.first] = std::move(row.second);
    }
    for (std::size_t i = 0; i < out.size(); ++i)
      if (eventOf[i] != 0) out[i].event_kind = kindOf[eventOf[i]];
    return out;
  });
}

Page<DormantOrganisation> SociReportRepository::dormant(const DormantSelection& selection) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("status = 'active'");
    where.where("(last_attended_at IS NULL OR last_attended_at < " + where.bind(formatSqlTime(selection.cutoff)) + ")");
    organisationFilter(where, selection.filter);
    if (selection.worklist.responsible_user_id)
      where.where("responsible_user_id = " +
                  where.bind(static_cast<long long>(*selection.worklist.responsible_user_id)));
    if (selection.worklist.without_open_follow_up) where.where("open_follow_ups = 0");
    Page<DormantOrganisation> page;
    page.limit = selection.page.limit;
    page.offset = selection.page.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM organisations" + where.whereClause(), where);
    if (page.total <= page.offset) return page;
    const std::string name = c_.backend == Backend::sqlite ? "name COLLATE danish" : "name";
    page.items = fetchRows<DormantRow>(
        c_,
        "SELECT id, name, kind, police_district_id, municipality_id, last_attended_at, responsible_user_id, "
        "last_activity_at, open_follow_ups FROM organisations" +
            where.whereClause() + " ORDER BY last_attended_at, " + name + ", id LIMIT " +
            std::to_string(selection.page.limit) + " OFFSET " + std::to_string(selection.page.offset),
        where);
    return page;
  });
}

std::vector<EventSeatCount> SociReportRepository::seatCounts(Id eventId) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("r.event_id = " + where.bind(static_cast<long long>(eventId)));
    return fetchRows<SeatCountRow>(c_,
                                   "SELECT o.kind, r.status, COUNT(*) FROM registrations r JOIN organisations o ON "
                                   "o.id = r.organisation_id" +
                                       where.whereClause() + " GROUP BY o.kind, r.status",
                                   where);
  });
}

std::vector<TrainingAttendance> SociReportRepository::trainingAttendance(Timestamp from, Timestamp to) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("e.kind = 'training'");
    where.where("e.status = 'completed'");
    where.where("e.starts_at >= " + where.bind(formatSqlTime(from)));
    where.where("e.starts_at < " + where.bind(formatSqlTime(to)));
    where.where("r.status = 'attended'");
    return fetchRows<TrainingAttendanceRow>(
        c_,
        "SELECT r.event_id, r.contact_id, r.organisation_id, o.name FROM events e "
        "JOIN registrations r ON r.event_id = e.id JOIN organisations o ON o.id = r.organisation_id" +
            where.whereClause() + " ORDER BY r.organisation_id, r.contact_id, r.event_id",
        where);
  });
}

std::vector<AttendedTraining> SociReportRepository::trainingsOf(Id contactId) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("r.contact_id = " + where.bind(static_cast<long long>(contactId)));
    where.where("r.status = 'attended'");
    where.where("e.kind = 'training'");
    where.where("e.status IN ('published', 'completed')");
    return fetchRows<AttendedTrainingRow>(
        c_,
        "SELECT r.id, e.id, e.title, e.starts_at, e.ends_at, e.all_day, e.status, r.organisation_id "
        "FROM registrations r JOIN events e ON e.id = r.event_id" +
            where.whereClause() + " ORDER BY e.starts_at DESC, r.id DESC",
        where);
  });
}

}  // namespace brobygger::storage

// The reads behind the timelines and "My work" (docs/outreach.md). Each is one indexed query for the
// newest (or soonest) few rows and one count, never an aggregate over a whole table: a timeline reads
// per source (registrations by organisation or person, follow-ups likewise) its newest offset+limit
// rows, and the service merges them.
#include "storage/columns.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

std::string districtFilter(const std::string& column, const std::vector<int>& districts) {
  return column + " IN (" + columns::integerList(districts) + ")";
}

std::string limitClause(int limit) { return " LIMIT " + std::to_string(limit); }

struct RegistrationItemRow {
  long long id = 0, event_id = 0, contact_id = 0;
  std::tm starts{};
  std::string title, name, status;

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(starts));
    st.exchange(soci::into(event_id));
    st.exchange(soci::into(title));
    st.exchange(soci::into(contact_id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(status));
  }
  TimelineItem toDomain() const {
    TimelineItem item;
    item.type = TimelineType::registration;
    item.id = id;
    item.at = fromTm(starts);
    item.event_id = event_id;
    item.event_title = title;
    item.contact_id = contact_id;
    item.contact_name = name;
    item.registration_status = registrationStatusFrom(status).value_or(RegistrationStatus::confirmed);
    return item;
  }
};

struct FollowUpItemRow {
  long long id = 0, assignee = 0, contact = 0;
  std::tm created{};
  std::string title, due, status;
  soci::indicator contact_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(created));
    st.exchange(soci::into(title));
    st.exchange(soci::into(due));
    st.exchange(soci::into(status));
    st.exchange(soci::into(assignee));
    st.exchange(soci::into(contact, contact_ind));
  }
  TimelineItem toDomain() const {
    TimelineItem item;
    item.type = TimelineType::follow_up;
    item.id = id;
    item.at = fromTm(created);
    item.title = title;
    item.due_on = LocalDate::parse(due).value_or(LocalDate{});
    item.follow_up_status = followUpStatusFrom(status).value_or(FollowUpStatus::open);
    item.assigned_user_id = assignee;
    if (contact_ind != soci::i_null) item.follow_up_contact_id = contact;
    return item;
  }
};

struct WorkFollowUpRow {
  long long id = 0, organisation = 0, contact = 0;
  std::string name, title, due;
  soci::indicator contact_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(organisation));
    st.exchange(soci::into(name));
    st.exchange(soci::into(contact, contact_ind));
    st.exchange(soci::into(title));
    st.exchange(soci::into(due));
  }
  WorkFollowUp toDomain() const {
    WorkFollowUp f;
    f.id = id;
    f.organisation_id = organisation;
    f.organisation_name = name;
    if (contact_ind != soci::i_null) f.contact_id = contact;
    f.title = title;
    f.due_on = LocalDate::parse(due).value_or(LocalDate{});
    return f;
  }
};

struct WorkOrganisationRow {
  long long id = 0;
  std::string name, kind;
  int district = 0, open = 0;
  std::tm activity{}, attended{};
  soci::indicator activity_ind{}, attended_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(district));
    st.exchange(soci::into(activity, activity_ind));
    st.exchange(soci::into(attended, attended_ind));
    st.exchange(soci::into(open));
  }
  WorkOrganisation toDomain() const {
    WorkOrganisation o;
    o.id = id;
    o.name = name;
    o.kind = kind;
    o.police_district_id = district;
    if (activity_ind != soci::i_null) o.last_activity_at = fromTm(activity);
    if (attended_ind != soci::i_null) o.last_attended_at = fromTm(attended);
    o.open_follow_ups = open;
    return o;
  }
};

struct WorkActivityRow {
  long long id = 0, organisation = 0, user = 0;
  std::tm occurred{};
  std::string kind, subject, name;

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(occurred));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(subject));
    st.exchange(soci::into(organisation));
    st.exchange(soci::into(name));
    st.exchange(soci::into(user));
  }
  WorkActivity toDomain() const { return {id, fromTm(occurred), kind, subject, organisation, name, user}; }
};

struct WorkEventRow {
  long long id = 0, registered = 0, attended = 0;
  int district = 0;
  std::tm starts{};
  std::string title, kind, status;
  soci::indicator district_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(title));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(status));
    st.exchange(soci::into(starts));
    st.exchange(soci::into(district, district_ind));
    st.exchange(soci::into(registered));
    st.exchange(soci::into(attended));
  }
  WorkEvent toDomain() const {
    WorkEvent e;
    e.id = id;
    e.title = title;
    e.kind = kind;
    e.status = status;
    e.starts_at = fromTm(starts);
    if (district_ind != soci::i_null) e.police_district_id = district;
    e.registered = static_cast<int>(registered);
    e.attended = static_cast<int>(attended);
    return e;
  }
};

}  // namespace

TimelineSource SociOutreachViewRepository::registrations(TimelineSubject subject, Id id, int newest) {
  return guarded(c_, [&] {
    // ix_registration_organisation (organisation_id, ...) or ix_registration_contact (contact_id).
    QueryBuilder where;
    where.where(std::string(subject == TimelineSubject::organisation ? "r.organisation_id" : "r.contact_id") + " = " +
                where.bind(static_cast<long long>(id)));
    TimelineSource source;
    source.total = static_cast<int>(countRows(c_, "SELECT COUNT(*) FROM registrations r" + where.whereClause(), where));
    if (source.total == 0 || newest <= 0) return source;
    source.items = fetchRows<RegistrationItemRow>(
        c_,
        "SELECT r.id, e.starts_at, r.event_id, e.title, r.contact_id, c.name, r.status FROM registrations r "
        "JOIN events e ON e.id = r.event_id JOIN contacts c ON c.id = r.contact_id" +
            where.whereClause() + " ORDER BY e.starts_at DESC, r.id DESC" + limitClause(newest),
        where);
    return source;
  });
}

TimelineSource SociOutreachViewRepository::followUps(TimelineSubject subject, Id id, int newest) {
  return guarded(c_, [&] {
    // ix_follow_up_organisation (organisation_id, ...) or ix_follow_up_contact (contact_id).
    QueryBuilder where;
    where.where(std::string(subject == TimelineSubject::organisation ? "organisation_id" : "contact_id") + " = " +
                where.bind(static_cast<long long>(id)));
    TimelineSource source;
    source.total = static_cast<int>(countRows(c_, "SELECT COUNT(*) FROM follow_ups" + where.whereClause(), where));
    if (source.total == 0 || newest <= 0) return source;
    source.items = fetchRows<FollowUpItemRow>(
        c_,
        "SELECT id, created_at, title, due_on, status, assigned_user_id, contact_id FROM follow_ups" +
            where.whereClause() + " ORDER BY created_at DESC, id DESC" + limitClause(newest),
        where);
    return source;
  });
}

Page<WorkFollowUp> SociOutreachViewRepository::assignedFollowUps(Id userId, const LocalDate& today, bool overdue,
                                                                 int limit) {
  return guarded(c_, [&] {
    // ix_follow_up_assignee (assigned_user_id, status, due_on, id): the range and its order.
    QueryBuilder where;
    where.where("f.assigned_user_id = " + where.bind(static_cast<long long>(userId)));
    where.where("f.status = 'open'");
    where.where(std::string("f.due_on ") + (overdue ? "< " : ">= ") + where.bind(today.iso()));
    Page<WorkFollowUp> page;
    page.limit = limit;
    page.total = countRows(c_, "SELECT COUNT(*) FROM follow_ups f" + where.whereClause(), where);
    if (page.total == 0) return page;
    page.items = fetchRows<WorkFollowUpRow>(
        c_,
        "SELECT f.id, f.organisation_id, o.name, f.contact_id, f.title, f.due_on FROM follow_ups f "
        "JOIN organisations o ON o.id = f.organisation_id" +
            where.whereClause() + " ORDER BY f.due_on, f.id" + limitClause(limit),
        where);
    return page;
  });
}

Page<WorkOrganisation> SociOutreachViewRepository::notReached(Id userId, Timestamp since, int limit) {
  return guarded(c_, [&] {
    // ix_organisation_responsible (responsible_user_id, status, last_attended_at).
    QueryBuilder where;
    const auto cutoff = formatSqlTime(since);
    where.where("responsible_user_id = " + where.bind(static_cast<long long>(userId)));
    where.where("status = 'active'");
    where.where("(last_attended_at IS NULL OR last_attended_at < " + where.bind(cutoff) + ")");
    where.where("(last_activity_at IS NULL OR last_activity_at < " + where.bind(cutoff) + ")");
    Page<WorkOrganisation> page;
    page.limit = limit;
    page.total = countRows(c_, "SELECT COUNT(*) FROM organisations" + where.whereClause(), where);
    if (page.total == 0) return page;
    // The later of the two is when it was last reached; never reached (both null) first.
    const std::string lastReached =
        "CASE WHEN last_attended_at IS NULL THEN last_activity_at WHEN last_activity_at IS NULL THEN "
        "last_attended_at WHEN last_attended_at > last_activity_at THEN last_attended_at ELSE last_activity_at END";
    const std::string name = c_.backend == Backend::sqlite ? "name COLLATE danish" : "name";
    page.items = fetchRows<WorkOrganisationRow>(
        c_,
        "SELECT id, name, kind, police_district_id, last_activity_at, last_attended_at, open_follow_ups "
        "FROM organisations" +
            where.whereClause() + " ORDER BY " + lastReached + ", " + name + ", id" + limitClause(limit),
        where);
    return page;
  });
}

Page<WorkActivity> SociOutreachViewRepository::activitiesBetween(Timestamp from, Timestamp to,
                                                                 const std::vector<int>& districts, int limit) {
  return guarded(c_, [&] {
    // ix_activity_occurred (occurred_at, id), or ix_activity_district (police_district_id, occurred_at, id).
    QueryBuilder where;
    where.where("a.occurred_at >= " + where.bind(formatSqlTime(from)));
    where.where("a.occurred_at < " + where.bind(formatSqlTime(to)));
    if (!districts.empty()) where.where(districtFilter("a.police_district_id", districts));
    Page<WorkActivity> page;
    page.limit = limit;
    page.total = countRows(c_, "SELECT COUNT(*) FROM activities a" + where.whereClause(), where);
    if (page.total == 0) return page;
    page.items = fetchRows<WorkActivityRow>(
        c_,
        "SELECT a.id, a.occurred_at, a.kind, a.subject, a.organisation_id, o.name, a.user_id FROM activities a "
        "JOIN organisations o ON o.id = a.organisation_id" +
            where.whereClause() + " ORDER BY a.occurred_at DESC, a.id DESC" + limitClause(limit),
        where);
    return page;
  });
}

Page<WorkEvent> SociOutreachViewRepository::eventsStarting(Timestamp from, Timestamp to,
                                                           const std::vector<int>& districts, int limit) {
  return guarded(c_, [&] {
    // ix_event_status_start / ix_event_district_start; the counts per event through
    // ix_registration_event_status.
    QueryBuilder where;
    where.where("e.starts_at >= " + where.bind(formatSqlTime(from)));
    where.where("e.starts_at < " + where.bind(formatSqlTime(to)));
    where.where("e.status IN ('published', 'completed')");
    if (!districts.empty()) where.where(districtFilter("e.police_district_id", districts));
    Page<WorkEvent> page;
    page.limit = limit;
    page.total = countRows(c_, "SELECT COUNT(*) FROM events e" + where.whereClause(), where);
    if (page.total == 0) return page;
    page.items = fetchRows<WorkEventRow>(
        c_,
        "SELECT e.id, e.title, e.kind, e.status, e.starts_at, e.police_district_id, "
        "(SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status IN ('confirmed', 'attended', "
        "'no_show')), "
        "(SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'attended') FROM events e" +
            where.whereClause() + " ORDER BY e.starts_at, e.id" + limitClause(limit),
        where);
    return page;
  });
}

}  // namespace brobygger::storage

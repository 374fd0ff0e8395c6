// The dialogue log and follow-ups, and the organisation columns they keep (last_activity_at,
// open_follow_ups) in the same transaction as the change.
#include <algorithm>
#include <map>

#include "domain/validation.hpp"
#include "storage/columns.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

void refreshOutreachOfOrganisation(Connection& c, Id organisationId) {
  long long id = organisationId;
  c.sql << "UPDATE organisations SET "
           "last_activity_at = (SELECT MAX(a.occurred_at) FROM activities a WHERE a.organisation_id = :o1), "
           "open_follow_ups = (SELECT COUNT(*) FROM follow_ups f WHERE f.organisation_id = :o2 AND f.status = 'open') "
           "WHERE id = :o3",
      soci::use(id), soci::use(id), soci::use(id);
  // Organisation pages show both: a cached page must not outlive them.
  c.sql << "UPDATE register_revision SET value = value + 1 WHERE id = 1";
}

void refreshOutreachOfAll(Connection& c) {
  // One correlated lookup per organisation, each answered by an index on (organisation_id, ...).
  c.sql
      << "UPDATE organisations SET "
         "last_activity_at = (SELECT MAX(a.occurred_at) FROM activities a WHERE a.organisation_id = organisations.id), "
         "open_follow_ups = (SELECT COUNT(*) FROM follow_ups f WHERE f.organisation_id = organisations.id "
         "AND f.status = 'open')";
}

namespace {

constexpr const char* kActivityColumns =
    "id, kind, occurred_at, organisation_id, police_district_id, event_id, user_id, subject, notes, "
    "notes_cleared_at, created_by, created_at, updated_at, version";

struct ActivityRow {
  long long id = 0, organisation_id = 0, event_id = 0, user_id = 0, created_by = 0;
  int district = 0, version = 0;
  std::string kind, subject, notes;
  std::tm occurred{}, cleared{}, created{}, updated{};
  soci::indicator event_ind{}, cleared_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(occurred));
    st.exchange(soci::into(organisation_id));
    st.exchange(soci::into(district));
    st.exchange(soci::into(event_id, event_ind));
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(subject));
    st.exchange(soci::into(notes));
    st.exchange(soci::into(cleared, cleared_ind));
    st.exchange(soci::into(created_by));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(version));
  }

  Activity toDomain() const {
    Activity a;
    a.id = id;
    a.kind = kind;
    a.occurred_at = fromTm(occurred);
    a.organisation_id = organisation_id;
    a.police_district_id = district;
    if (event_ind != soci::i_null) a.event_id = event_id;
    a.user_id = user_id;
    a.subject = subject;
    a.notes = notes;
    if (cleared_ind != soci::i_null) a.notes_cleared_at = fromTm(cleared);
    a.created_by = created_by;
    a.created_at = fromTm(created);
    a.updated_at = fromTm(updated);
    a.version = version;
    return a;
  }
};

struct ActivityValues {
  std::string kind, subject, notes, search;
  std::tm occurred, cleared, created, updated;
  long long organisation_id, event_id, user_id, created_by;
  int district;
  soci::indicator event_ind, cleared_ind;

  explicit ActivityValues(const Activity& a)
      : kind(a.kind),
        subject(a.subject),
        notes(a.notes),
        search(foldCase(a.subject)),
        occurred(toTm(a.occurred_at)),
        cleared(a.notes_cleared_at ? toTm(*a.notes_cleared_at) : std::tm{}),
        created(toTm(a.created_at)),
        updated(toTm(a.updated_at)),
        organisation_id(a.organisation_id),
        event_id(a.event_id.value_or(0)),
        user_id(a.user_id),
        created_by(a.created_by),
        district(a.police_district_id),
        event_ind(a.event_id ? soci::i_ok : soci::i_null),
        cleared_ind(a.notes_cleared_at ? soci::i_ok : soci::i_null) {}
};

void writePeople(Connection& c, Id activityId, const std::vector<Id>& contactIds) {
  long long activity = activityId;
  c.sql << "DELETE FROM activity_contacts WHERE activity_id = :a", soci::use(activity);
  for (const auto contactId : contactIds) {
    long long contact = contactId;
    c.sql << "INSERT INTO activity_contacts (activity_id, contact_id) VALUES (:a, :c)", soci::use(activity),
        soci::use(contact);
  }
}

// Fills in the people named by each activity (one query for the page).
void attachPeople(Connection& c, std::vector<Activity>& activities) {
  if (activities.empty()) return;
  std::string ids;
  std::map<Id, Activity*> byId;
  for (auto& a : activities) {
    ids += (ids.empty() ? "" : ", ") + std::to_string(a.id);
    byId[a.id] = &a;
  }
  long long activity = 0, contact = 0;
  soci::statement st =
      (c.sql.prepare << "SELECT activity_id, contact_id FROM activity_contacts WHERE activity_id IN (" + ids +
                            ") ORDER BY activity_id, contact_id",
       soci::into(activity), soci::into(contact));
  st.execute();
  while (st.fetch()) byId.at(activity)->contact_ids.push_back(contact);
}

std::optional<Id> organisationOfActivity(Connection& c, Id id) {
  long long activity = id, organisation = 0;
  c.sql << "SELECT organisation_id FROM activities WHERE id = :id", soci::use(activity), soci::into(organisation);
  if (!c.sql.got_data()) return std::nullopt;
  return organisation;
}

}  // namespace

std::optional<Activity> SociActivityRepository::find(Id id) {
  return guarded(c_, [&]() -> std::optional<Activity> {
    QueryBuilder where;
    where.where("id = " + where.bind(static_cast<long long>(id)));
    auto rows = fetchRows<ActivityRow>(
        c_, std::string("SELECT ") + kActivityColumns + " FROM activities" + where.whereClause(), where);
    if (rows.empty()) return std::nullopt;
    attachPeople(c_, rows);
    return rows.front();
  });
}

Page<Activity> SociActivityRepository::list(const ActivityQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    if (query.organisation_id)
      where.where("organisation_id = " + where.bind(static_cast<long long>(*query.organisation_id)));
    if (query.contact_id)
      where.where("id IN (SELECT activity_id FROM activity_contacts WHERE contact_id = " +
                  where.bind(static_cast<long long>(*query.contact_id)) + ")");
    if (query.user_id) where.where("user_id = " + where.bind(static_cast<long long>(*query.user_id)));
    if (query.event_id) where.where("event_id = " + where.bind(static_cast<long long>(*query.event_id)));
    if (query.kind) where.where("kind = " + where.bind(*query.kind));
    if (query.police_district_id)
      where.where("police_district_id = " + where.bind(static_cast<long long>(*query.police_district_id)));
    if (!query.within_districts.empty())
      where.where("police_district_id IN (" + columns::integerList(query.within_districts) + ")");
    if (query.from) where.where("occurred_at >= " + where.bind(formatSqlTime(*query.from)));
    if (query.to) where.where("occurred_at < " + where.bind(formatSqlTime(*query.to)));
    if (query.q && !query.q->empty())
      where.where("search_text LIKE " + where.bind(containsPattern(foldCase(*query.q))) + " ESCAPE '!'");

    Page<Activity> page;
    page.limit = query.page.limit;
    page.offset = query.page.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM activities" + where.whereClause(), where);
    if (page.total <= page.offset) return page;
    page.items =
        fetchRows<ActivityRow>(c_,
                               std::string("SELECT ") + kActivityColumns + " FROM activities" + where.whereClause() +
                                   " ORDER BY occurred_at DESC, id DESC LIMIT " + std::to_string(query.page.limit) +
                                   " OFFSET " + std::to_string(query.page.offset),
                               where);
    attachPeople(c_, page.items);
    return page;
  });
}

Id SociActivityRepository::insert(const Activity& a) {
  return guarded(c_, [&] {
    ActivityValues v(a);
    c_.sql << "INSERT INTO activities (kind, occurred_at, organisation_id, police_district_id, event_id, user_id, "
              "subject, notes, search_text, notes_cleared_at, created_by, created_at, updated_at, version) VALUES "
              "(:kind, :occurred, :organisation, :district, :event, :user, :subject, :notes, :search, :cleared, "
              ":created_by, :created, :updated, 1)",
        soci::use(v.kind), soci::use(v.occurred), soci::use(v.organisation_id), soci::use(v.district),
        soci::use(v.event_id, v.event_ind), soci::use(v.user_id), soci::use(v.subject), soci::use(v.notes),
        soci::use(v.search), soci::use(v.cleared, v.cleared_ind), soci::use(v.created_by), soci::use(v.created),
        soci::use(v.updated);
    long long id = 0;
    c_.sql.get_last_insert_id("activities", id);
    writePeople(c_, id, a.contact_ids);
    refreshOutreachOfOrganisation(c_, a.organisation_id);
    return static_cast<Id>(id);
  });
}

bool SociActivityRepository::update(const Activity& a, int expectedVersion) {
  return guarded(c_, [&] {
    const auto previousOrganisation = organisationOfActivity(c_, a.id);
    ActivityValues v(a);
    long long id = a.id;
    soci::statement st =
        (c_.sql.prepare
             << "UPDATE activities SET kind = :kind, occurred_at = :occurred, organisation_id = :organisation, "
                "police_district_id = :district, event_id = :event, user_id = :user, subject = :subject, "
                "notes = :notes, search_text = :search, notes_cleared_at = :cleared, updated_at = :updated, "
                "version = version + 1 WHERE id = :id AND version = :version",
         soci::use(v.kind), soci::use(v.occurred), soci::use(v.organisation_id), soci::use(v.district),
         soci::use(v.event_id, v.event_ind), soci::use(v.user_id), soci::use(v.subject), soci::use(v.notes),
         soci::use(v.search), soci::use(v.cleared, v.cleared_ind), soci::use(v.updated), soci::use(id),
         soci::use(expectedVersion));
    st.execute(true);
    if (st.get_affected_rows() != 1) return false;
    writePeople(c_, a.id, a.contact_ids);
    refreshOutreachOfOrganisation(c_, a.organisation_id);
    if (previousOrganisation && *previousOrganisation != a.organisation_id)
      refreshOutreachOfOrganisation(c_, *previousOrganisation);
    return true;
  });
}

void SociActivityRepository::remove(Id id) {
  guarded(c_, [&] {
    const auto organisation = organisationOfActivity(c_, id);
    if (!organisation) return;
    long long activity = id;
    c_.sql << "UPDATE follow_ups SET activity_id = NULL WHERE activity_id = :a", soci::use(activity);
    c_.sql << "DELETE FROM activity_contacts WHERE activity_id = :a", soci::use(activity);
    c_.sql << "DELETE FROM activities WHERE id = :a", soci::use(activity);
    refreshOutreachOfOrganisation(c_, *organisation);
  });
}

std::vector<Activity> SociActivityRepository::naming(Id contactId) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("id IN (SELECT activity_id FROM activity_contacts WHERE contact_id = " +
                where.bind(static_cast<long long>(contactId)) + ")");
    auto rows = fetchRows<ActivityRow>(c_,
                                       std::string("SELECT ") + kActivityColumns + " FROM activities" +
                                           where.whereClause() + " ORDER BY occurred_at DESC, id DESC",
                                       where);
    attachPeople(c_, rows);
    return rows;
  });
}

std::vector<Activity> SociActivityRepository::ofOrganisationOrNaming(Id organisationId, Id contactId) {
  return guarded(c_, [&] {
    // Two indexed reads joined by UNION, not one `organisation_id = ? OR id IN (...)`: MariaDB answers
    // the OR with a scan of every activity (500,000 at national scale, once per erased person).
    QueryBuilder binds;
    const auto organisation = binds.bind(static_cast<long long>(organisationId));
    const auto contact = binds.bind(static_cast<long long>(contactId));
    const std::string select = std::string("SELECT ") + kActivityColumns + " FROM activities WHERE ";
    auto rows = fetchRows<ActivityRow>(
        c_,
        select + "organisation_id = " + organisation + " UNION " + select +
            "id IN (SELECT activity_id FROM activity_contacts WHERE contact_id = " + contact + ") ORDER BY id",
        binds);
    attachPeople(c_, rows);
    return rows;
  });
}

void SociActivityRepository::rewriteText(Id id, const std::string& subject, const std::string& notes, Timestamp at) {
  guarded(c_, [&] {
    long long activity = id;
    std::string newSubject = subject, newNotes = notes, search = foldCase(subject);
    std::tm updated = toTm(at);
    c_.sql << "UPDATE activities SET subject = :subject, notes = :notes, search_text = :search, "
              "updated_at = :updated, version = version + 1 WHERE id = :id",
        soci::use(newSubject), soci::use(newNotes), soci::use(search), soci::use(updated), soci::use(activity);
  });
}

int SociActivityRepository::forgetContact(Id contactId) {
  return guarded(c_, [&] {
    long long contact = contactId;
    soci::statement st = (c_.sql.prepare << "DELETE FROM activity_contacts WHERE contact_id = :c", soci::use(contact));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

namespace {

constexpr const char* kFollowUpColumns =
    "id, organisation_id, police_district_id, contact_id, activity_id, title, due_on, assigned_user_id, status, "
    "done_at, created_by, created_at, updated_at, version";

struct FollowUpRow {
  long long id = 0, organisation_id = 0, contact_id = 0, activity_id = 0, assigned = 0, created_by = 0;
  int district = 0, version = 0;
  std::string title, due_on, status;
  std::tm done{}, created{}, updated{};
  soci::indicator contact_ind{}, activity_ind{}, done_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(organisation_id));
    st.exchange(soci::into(district));
    st.exchange(soci::into(contact_id, contact_ind));
    st.exchange(soci::into(activity_id, activity_ind));
    st.exchange(soci::into(title));
    st.exchange(soci::into(due_on));
    st.exchange(soci::into(assigned));
    st.exchange(soci::into(status));
    st.exchange(soci::into(done, done_ind));
    st.exchange(soci::into(created_by));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(version));
  }

  FollowUp toDomain() const {
    FollowUp f;
    f.id = id;
    f.organisation_id = organisation_id;
    f.police_district_id = district;
    if (contact_ind != soci::i_null) f.contact_id = contact_id;
    if (activity_ind != soci::i_null) f.activity_id = activity_id;
    f.title = title;
    f.due_on = LocalDate::parse(due_on).value_or(LocalDate{});
    f.assigned_user_id = assigned;
    f.status = followUpStatusFrom(status).value_or(FollowUpStatus::open);
    if (done_ind != soci::i_null) f.done_at = fromTm(done);
    f.created_by = created_by;
    f.created_at = fromTm(created);
    f.updated_at = fromTm(updated);
    f.version = version;
    return f;
  }
};

struct FollowUpValues {
  long long organisation_id, contact_id, activity_id, assigned, created_by;
  int district;
  std::string title, due_on, status;
  std::tm done, created, updated;
  soci::indicator contact_ind, activity_ind, done_ind;

  explicit FollowUpValues(const FollowUp& f)
      : organisation_id(f.organisation_id),
        contact_id(f.contact_id.value_or(0)),
        activity_id(f.activity_id.value_or(0)),
        assigned(f.assigned_user_id),
        created_by(f.created_by),
        district(f.police_district_id),
        title(f.title),
        due_on(f.due_on.iso()),
        status(toString(f.status)),
        done(f.done_at ? toTm(*f.done_at) : std::tm{}),
        created(toTm(f.created_at)),
        updated(toTm(f.updated_at)),
        contact_ind(f.contact_id ? soci::i_ok : soci::i_null),
        activity_ind(f.activity_id ? soci::i_ok : soci::i_null),
        done_ind(f.done_at ? soci::i_ok : soci::i_null) {}
};

std::optional<Id> organisationOfFollowUp(Connection& c, Id id) {
  long long followUp = id, organisation = 0;
  c.sql << "SELECT organisation_id FROM follow_ups WHERE id = :id", soci::use(followUp), soci::into(organisation);
  if (!c.sql.got_data()) return std::nullopt;
  return organisation;
}

}  // namespace

std::optional<FollowUp> SociFollowUpRepository::find(Id id) {
  return guarded(c_, [&]() -> std::optional<FollowUp> {
    QueryBuilder where;
    where.where("id = " + where.bind(static_cast<long long>(id)));
    auto rows = fetchRows<FollowUpRow>(
        c_, std::string("SELECT ") + kFollowUpColumns + " FROM follow_ups" + where.whereClause(), where);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

Page<FollowUp> SociFollowUpRepository::list(const FollowUpQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    if (query.assigned_user_id)
      where.where("assigned_user_id = " + where.bind(static_cast<long long>(*query.assigned_user_id)));
    if (query.status) where.where("status = " + where.bind(std::string(toString(*query.status))));
    if (query.due_before) where.where("due_on < " + where.bind(query.due_before->iso()));
    if (query.organisation_id)
      where.where("organisation_id = " + where.bind(static_cast<long long>(*query.organisation_id)));
    if (query.contact_id) where.where("contact_id = " + where.bind(static_cast<long long>(*query.contact_id)));
    if (query.activity_id) where.where("activity_id = " + where.bind(static_cast<long long>(*query.activity_id)));
    if (query.police_district_id)
      where.where("police_district_id = " + where.bind(static_cast<long long>(*query.police_district_id)));
    if (!query.within_districts.empty())
      where.where("police_district_id IN (" + columns::integerList(query.within_districts) + ")");

    Page<FollowUp> page;
    page.limit = query.page.limit;
    page.offset = query.page.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM follow_ups" + where.whereClause(), where);
    if (page.total <= page.offset) return page;
    page.items =
        fetchRows<FollowUpRow>(c_,
                               std::string("SELECT ") + kFollowUpColumns + " FROM follow_ups" + where.whereClause() +
                                   " ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, due_on, id LIMIT " +
                                   std::to_string(query.page.limit) + " OFFSET " + std::to_string(query.page.offset),
                               where);
    return page;
  });
}

Id SociFollowUpRepository::insert(const FollowUp& f) {
  return guarded(c_, [&] {
    FollowUpValues v(f);
    c_.sql << "INSERT INTO follow_ups (organisation_id, police_district_id, contact_id, activity_id, title, due_on, "
              "assigned_user_id, status, done_at, created_by, created_at, updated_at, version) VALUES "
              "(:organisation, :district, :contact, :activity, :title, :due, :assigned, :status, :done, :created_by, "
              ":created, :updated, 1)",
        soci::use(v.organisation_id), soci::use(v.district), soci::use(v.contact_id, v.contact_ind),
        soci::use(v.activity_id, v.activity_ind), soci::use(v.title), soci::use(v.due_on), soci::use(v.assigned),
        soci::use(v.status), soci::use(v.done, v.done_ind), soci::use(v.created_by), soci::use(v.created),
        soci::use(v.updated);
    long long id = 0;
    c_.sql.get_last_insert_id("follow_ups", id);
    refreshOutreachOfOrganisation(c_, f.organisation_id);
    return static_cast<Id>(id);
  });
}

bool SociFollowUpRepository::update(const FollowUp& f, int expectedVersion) {
  return guarded(c_, [&] {
    const auto previousOrganisation = organisationOfFollowUp(c_, f.id);
    FollowUpValues v(f);
    long long id = f.id;
    soci::statement st =
        (c_.sql.prepare << "UPDATE follow_ups SET organisation_id = :organisation, police_district_id = :district, "
                           "contact_id = :contact, activity_id = :activity, title = :title, due_on = :due, "
                           "assigned_user_id = :assigned, status = :status, done_at = :done, updated_at = :updated, "
                           "version = version + 1 WHERE id = :id AND version = :version",
         soci::use(v.organisation_id), soci::use(v.district), soci::use(v.contact_id, v.contact_ind),
         soci::use(v.activity_id, v.activity_ind), soci::use(v.title), soci::use(v.due_on), soci::use(v.assigned),
         soci::use(v.status), soci::use(v.done, v.done_ind), soci::use(v.updated), soci::use(id),
         soci::use(expectedVersion));
    st.execute(true);
    if (st.get_affected_rows() != 1) return false;
    refreshOutreachOfOrganisation(c_, f.organisation_id);
    if (previousOrganisation && *previousOrganisation != f.organisation_id)
      refreshOutreachOfOrganisation(c_, *previousOrganisation);
    return true;
  });
}

void SociFollowUpRepository::remove(Id id) {
  guarded(c_, [&] {
    const auto organisation = organisationOfFollowUp(c_, id);
    if (!organisation) return;
    long long followUp = id;
    c_.sql << "DELETE FROM follow_ups WHERE id = :f", soci::use(followUp);
    refreshOutreachOfOrganisation(c_, *organisation);
  });
}

std::vector<FollowUp> SociFollowUpRepository::about(Id contactId) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("contact_id = " + where.bind(static_cast<long long>(contactId)));
    return fetchRows<FollowUpRow>(
        c_,
        std::string("SELECT ") + kFollowUpColumns + " FROM follow_ups" + where.whereClause() + " ORDER BY due_on, id",
        where);
  });
}

std::vector<FollowUp> SociFollowUpRepository::ofOrganisationOrAbout(Id organisationId, Id contactId) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("(organisation_id = " + where.bind(static_cast<long long>(organisationId)) +
                " OR contact_id = " + where.bind(static_cast<long long>(contactId)) + ")");
    return fetchRows<FollowUpRow>(
        c_, std::string("SELECT ") + kFollowUpColumns + " FROM follow_ups" + where.whereClause() + " ORDER BY id",
        where);
  });
}

void SociFollowUpRepository::rewriteTitle(Id id, const std::string& title, Timestamp at) {
  guarded(c_, [&] {
    long long followUp = id;
    std::string newTitle = title;
    std::tm updated = toTm(at);
    c_.sql << "UPDATE follow_ups SET title = :title, updated_at = :updated, version = version + 1 WHERE id = :id",
        soci::use(newTitle), soci::use(updated), soci::use(followUp);
  });
}

}  // namespace brobygger::storage

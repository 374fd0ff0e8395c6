#include <type_traits>

#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

// The message with its copies' outbox counts (queued and sending count as queued).
constexpr const char* kSelect =
    "SELECT m.id, m.event_id, m.subject, m.body, m.audience, m.recipients, m.created_by, m.created_at, "
    "COALESCE(SUM(CASE WHEN o.status IN ('queued', 'sending') THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN o.status = 'sent' THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN o.status = 'failed' THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN o.status IN ('skipped', 'superseded') THEN 1 ELSE 0 END), 0) "
    "FROM event_messages m LEFT JOIN outbox o ON o.message_id = m.id";
constexpr const char* kGroup =
    " GROUP BY m.id, m.event_id, m.subject, m.body, m.audience, m.recipients, m.created_by, m.created_at";

struct MessageRow {
  long long id = 0, event = 0, by = 0;
  std::string subject, body, audience;
  int recipients = 0;
  long long queued = 0, sent = 0, failed = 0, skipped = 0;
  std::tm created{};
  soci::indicator by_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(event));
    st.exchange(soci::into(subject));
    st.exchange(soci::into(body));
    st.exchange(soci::into(audience));
    st.exchange(soci::into(recipients));
    st.exchange(soci::into(by, by_ind));
    st.exchange(soci::into(created));
    st.exchange(soci::into(queued));
    st.exchange(soci::into(sent));
    st.exchange(soci::into(failed));
    st.exchange(soci::into(skipped));
  }

  EventMessage toDomain() const {
    EventMessage m;
    m.id = id;
    m.event_id = event;
    m.subject = subject;
    m.body = body;
    m.to = messageAudienceFrom(audience).value_or(MessageAudience::confirmed);
    m.recipients = recipients;
    if (by_ind != soci::i_null) m.created_by = by;
    m.created_at = fromTm(created);
    m.queued = static_cast<int>(queued);
    m.sent = static_cast<int>(sent);
    m.failed = static_cast<int>(failed);
    m.skipped = static_cast<int>(skipped);
    return m;
  }
};

// An announcement with its copies' outbox counts and its sender's name.
constexpr const char* kAnnouncementSelect =
    "SELECT a.id, a.subject, a.body, a.kinds, a.police_district_ids, a.region_ids, a.event_id, a.recipients, "
    "a.created_by, COALESCE(MAX(u.name), ''), a.created_at, "
    "COALESCE(SUM(CASE WHEN o.status IN ('queued', 'sending') THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN o.status = 'sent' THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN o.status = 'failed' THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN o.status IN ('skipped', 'superseded') THEN 1 ELSE 0 END), 0) "
    "FROM announcements a LEFT JOIN users u ON u.id = a.created_by LEFT JOIN outbox o ON o.announcement_id = a.id";
constexpr const char* kAnnouncementGroup =
    " GROUP BY a.id, a.subject, a.body, a.kinds, a.police_district_ids, a.region_ids, a.event_id, a.recipients, "
    "a.created_by, a.created_at";

template <class T>
std::string joinList(const std::vector<T>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += ',';
    if constexpr (std::is_same_v<T, std::string>) out += v;
    else out += std::to_string(v);
  }
  return out;
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const auto end = comma == std::string::npos ? text.size() : comma;
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<int> splitInts(const std::string& text) {
  std::vector<int> out;
  for (const auto& part : splitList(text)) out.push_back(std::stoi(part));
  return out;
}

struct AnnouncementRow {
  long long id = 0, event = 0, by = 0;
  std::string subject, body, kinds, districts, regions, by_name;
  int recipients = 0;
  long long queued = 0, sent = 0, failed = 0, skipped = 0;
  std::tm created{};
  soci::indicator event_ind{}, by_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(subject));
    st.exchange(soci::into(body));
    st.exchange(soci::into(kinds));
    st.exchange(soci::into(districts));
    st.exchange(soci::into(regions));
    st.exchange(soci::into(event, event_ind));
    st.exchange(soci::into(recipients));
    st.exchange(soci::into(by, by_ind));
    st.exchange(soci::into(by_name));
    st.exchange(soci::into(created));
    st.exchange(soci::into(queued));
    st.exchange(soci::into(sent));
    st.exchange(soci::into(failed));
    st.exchange(soci::into(skipped));
  }

  Announcement toDomain() const {
    Announcement a;
    a.id = id;
    a.subject = subject;
    a.body = body;
    a.segment.kinds = splitList(kinds);
    a.segment.police_district_ids = splitInts(districts);
    a.segment.region_ids = splitInts(regions);
    if (event_ind != soci::i_null) a.event_id = event;
    a.recipients = recipients;
    if (by_ind != soci::i_null) a.created_by = by;
    a.created_by_name = by_name;
    a.created_at = fromTm(created);
    a.queued = static_cast<int>(queued);
    a.sent = static_cast<int>(sent);
    a.failed = static_cast<int>(failed);
    a.skipped = static_cast<int>(skipped);
    return a;
  }
};

struct SegmentPersonRow {
  long long id = 0;
  std::string name, organisation, status;
  int has_email = 0, newsletter = 0, erased = 0;

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(organisation));
    st.exchange(soci::into(status));
    st.exchange(soci::into(has_email));
    st.exchange(soci::into(newsletter));
    st.exchange(soci::into(erased));
  }

  SegmentPerson toDomain() const {
    return {id, name, organisation, status == "active", has_email != 0, newsletter != 0, erased != 0};
  }
};

}  // namespace

Id SociEventMessageRepository::insert(const EventMessage& m) {
  return guarded(c_, [&] {
    long long event = m.event_id, by = m.created_by.value_or(0);
    soci::indicator byInd = m.created_by ? soci::i_ok : soci::i_null;
    std::string audience = toString(m.to);
    std::tm created = toTm(m.created_at);
    c_.sql << "INSERT INTO event_messages (event_id, subject, body, audience, recipients, created_by, created_at) "
              "VALUES (:e, :s, :b, :a, :r, :by, :at)",
        soci::use(event), soci::use(m.subject), soci::use(m.body), soci::use(audience), soci::use(m.recipients),
        soci::use(by, byInd), soci::use(created);
    long long id = 0;
    c_.sql.get_last_insert_id("event_messages", id);
    return static_cast<Id>(id);
  });
}

std::optional<EventMessage> SociEventMessageRepository::find(Id id) {
  return guarded(c_, [&]() -> std::optional<EventMessage> {
    QueryBuilder where;
    where.where("m.id = " + where.bind(static_cast<long long>(id)));
    auto rows = fetchRows<MessageRow>(c_, std::string(kSelect) + where.whereClause() + kGroup, where);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

std::vector<EventMessage> SociEventMessageRepository::ofEvent(Id eventId) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("m.event_id = " + where.bind(static_cast<long long>(eventId)));
    return fetchRows<MessageRow>(c_, std::string(kSelect) + where.whereClause() + kGroup + " ORDER BY m.id DESC",
                                 where);
  });
}

Id SociEventMessageRepository::insertAnnouncement(const Announcement& a) {
  return guarded(c_, [&] {
    long long event = a.event_id.value_or(0), by = a.created_by.value_or(0);
    soci::indicator eventInd = a.event_id ? soci::i_ok : soci::i_null;
    soci::indicator byInd = a.created_by ? soci::i_ok : soci::i_null;
    std::string kinds = joinList(a.segment.kinds), districts = joinList(a.segment.police_district_ids),
                regions = joinList(a.segment.region_ids);
    std::tm created = toTm(a.created_at);
    c_.sql << "INSERT INTO announcements (subject, body, kinds, police_district_ids, region_ids, event_id, recipients, "
              "created_by, created_at) VALUES (:s, :b, :k, :d, :r, :e, :n, :by, :at)",
        soci::use(a.subject), soci::use(a.body), soci::use(kinds), soci::use(districts), soci::use(regions),
        soci::use(event, eventInd), soci::use(a.recipients), soci::use(by, byInd), soci::use(created);
    long long id = 0;
    c_.sql.get_last_insert_id("announcements", id);
    return static_cast<Id>(id);
  });
}

void SociEventMessageRepository::setAnnouncementRecipients(Id id, int recipients) {
  guarded(c_, [&] {
    long long key = id;
    c_.sql << "UPDATE announcements SET recipients = :n WHERE id = :id", soci::use(recipients), soci::use(key);
  });
}

std::optional<Announcement> SociEventMessageRepository::findAnnouncement(Id id) {
  return guarded(c_, [&]() -> std::optional<Announcement> {
    QueryBuilder where;
    where.where("a.id = " + where.bind(static_cast<long long>(id)));
    // The text alone, without the counts over its copies: the outbox renders every copy from it, so
    // this runs once per message sent and must not read the announcement's other copies.
    auto rows = fetchRows<AnnouncementRow>(
        c_,
        "SELECT a.id, a.subject, a.body, a.kinds, a.police_district_ids, a.region_ids, a.event_id, a.recipients, "
        "a.created_by, '', a.created_at, 0, 0, 0, 0 FROM announcements a" +
            where.whereClause(),
        where);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

Page<Announcement> SociEventMessageRepository::announcements(const PageRequest& request) {
  return guarded(c_, [&] {
    QueryBuilder where;
    Page<Announcement> page;
    page.limit = request.limit;
    page.offset = request.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM announcements", where);
    if (page.total > page.offset)
      page.items = fetchRows<AnnouncementRow>(c_,
                                              std::string(kAnnouncementSelect) + kAnnouncementGroup +
                                                  " ORDER BY a.id DESC LIMIT " + std::to_string(request.limit) +
                                                  " OFFSET " + std::to_string(request.offset),
                                              where);
    return page;
  });
}

std::vector<SegmentPerson> SociEventMessageRepository::segmentPeople(const Segment& segment) {
  return guarded(c_, [&] {
    QueryBuilder where;
    segmentWhere(where, segment);
    return fetchRows<SegmentPersonRow>(
        c_,
        "SELECT c.id, c.name, o.name, c.status, CASE WHEN c.email IS NULL THEN 0 ELSE 1 END, c.consent_newsletter, "
        "CASE WHEN c.erased_at IS NULL THEN 0 ELSE 1 END FROM contacts c JOIN organisations o ON o.id = "
        "c.organisation_id" +
            where.whereClause() + " ORDER BY c.id",
        where);
  });
}

}  // namespace brobygger::storage

namespace brobygger::storage {

namespace {

struct TemplateRow {
  std::string code, subject_da, body_da, subject_en, body_en;
  std::tm updated{};
  long long by = 0;
  soci::indicator by_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(code));
    st.exchange(soci::into(subject_da));
    st.exchange(soci::into(body_da));
    st.exchange(soci::into(subject_en));
    st.exchange(soci::into(body_en));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(by, by_ind));
  }

  std::optional<MessageTemplate> toDomain() const {
    const auto parsed = templateCodeFrom(code);
    if (!parsed) return std::nullopt;
    MessageTemplate t;
    t.code = *parsed;
    t.texts = {subject_da, body_da, subject_en, body_en};
    t.customised = true;
    t.updated_at = fromTm(updated);
    if (by_ind != soci::i_null) t.updated_by = by;
    return t;
  }
};

}  // namespace

std::vector<MessageTemplate> SociEventMessageRepository::templates() {
  return guarded(c_, [&] {
    QueryBuilder none;
    const auto rows = fetchRows<TemplateRow>(
        c_, "SELECT code, subject_da, body_da, subject_en, body_en, updated_at, updated_by FROM message_templates",
        none);
    std::vector<MessageTemplate> out;
    for (const auto& row : rows)
      if (row) out.push_back(*row);
    return out;
  });
}

void SociEventMessageRepository::saveTemplate(const MessageTemplate& t) {
  guarded(c_, [&] {
    std::string code = toString(t.code);
    std::tm updated = toTm(t.updated_at.value_or(Timestamp{}));
    long long by = t.updated_by.value_or(0);
    soci::indicator byInd = t.updated_by ? soci::i_ok : soci::i_null;
    // Replaced whole: two administrators saving the same template at once meet on the key (MariaDB's
    // deadlock is run again by the write runner; SQLite's writers queue).
    c_.sql << "DELETE FROM message_templates WHERE code = :c", soci::use(code);
    c_.sql << "INSERT INTO message_templates (code, subject_da, body_da, subject_en, body_en, updated_at, updated_by) "
              "VALUES (:c, :sd, :bd, :se, :be, :at, :by)",
        soci::use(code), soci::use(t.texts.subject_da), soci::use(t.texts.body_da), soci::use(t.texts.subject_en),
        soci::use(t.texts.body_en), soci::use(updated), soci::use(by, byInd);
  });
}

}  // namespace brobygger::storage

#include <type_traits>

#include "storage/insert_text.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

constexpr const char* kColumns =
    "id, registration_id, event_id, contact_id, reason, status, attempts, created_at, next_attempt_at, sent_at, "
    "last_error, recipient, user_id, message_id, announcement_id";

struct OutboxRow {
  long long id = 0, registration = 0, event = 0, contact = 0, user = 0, message = 0, announcement = 0;
  std::string reason, status, error, recipient;
  int attempts = 0;
  std::tm created{}, next{}, sent{};
  soci::indicator sent_ind{}, error_ind{}, recipient_ind{}, registration_ind{}, contact_ind{}, user_ind{},
      message_ind{}, event_ind{}, announcement_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(registration, registration_ind));
    st.exchange(soci::into(event, event_ind));
    st.exchange(soci::into(contact, contact_ind));
    st.exchange(soci::into(reason));
    st.exchange(soci::into(status));
    st.exchange(soci::into(attempts));
    st.exchange(soci::into(created));
    st.exchange(soci::into(next));
    st.exchange(soci::into(sent, sent_ind));
    st.exchange(soci::into(error, error_ind));
    st.exchange(soci::into(recipient, recipient_ind));
    st.exchange(soci::into(user, user_ind));
    st.exchange(soci::into(message, message_ind));
    st.exchange(soci::into(announcement, announcement_ind));
  }

  OutboxMessage toDomain() const {
    OutboxMessage m;
    m.id = id;
    m.registration_id = registration_ind == soci::i_null ? 0 : registration;
    m.event_id = event_ind == soci::i_null ? 0 : event;
    m.contact_id = contact_ind == soci::i_null ? 0 : contact;
    if (user_ind != soci::i_null) m.user_id = user;
    if (message_ind != soci::i_null) m.message_id = message;
    if (announcement_ind != soci::i_null) m.announcement_id = announcement;
    m.reason = reason;
    m.status = outboxStatusFrom(status).value_or(OutboxStatus::queued);
    m.attempts = attempts;
    m.created_at = fromTm(created);
    m.next_attempt_at = fromTm(next);
    if (sent_ind != soci::i_null) m.sent_at = fromTm(sent);
    m.last_error = nullable(error, error_ind);
    m.recipient = nullable(recipient, recipient_ind);
    return m;
  }
};

std::vector<OutboxMessage> select(Connection& c, QueryBuilder& where, const std::string& tail) {
  return fetchRows<OutboxRow>(c, std::string("SELECT ") + kColumns + " FROM outbox" + where.whereClause() + tail,
                              where);
}

}  // namespace

void SociOutboxRepository::enqueue(const OutboxMessage& m) {
  guarded(c_, [&] {
    long long registration = m.registration_id, event = m.event_id, contact = m.contact_id,
              user = m.user_id.value_or(0), message = m.message_id.value_or(0);
    soci::indicator registrationInd = m.registration_id ? soci::i_ok : soci::i_null;
    soci::indicator eventInd = m.event_id ? soci::i_ok : soci::i_null;
    soci::indicator contactInd = m.contact_id ? soci::i_ok : soci::i_null;
    soci::indicator userInd = m.user_id ? soci::i_ok : soci::i_null;
    soci::indicator messageInd = m.message_id ? soci::i_ok : soci::i_null;
    std::tm created = toTm(m.created_at), next = toTm(m.next_attempt_at);
    c_.sql << "INSERT INTO outbox (registration_id, event_id, contact_id, user_id, message_id, reason, status, "
              "attempts, created_at, next_attempt_at) VALUES (:r, :e, :c, :u, :m, :reason, 'queued', 0, :created, "
              ":next)",
        soci::use(registration, registrationInd), soci::use(event, eventInd), soci::use(contact, contactInd),
        soci::use(user, userInd), soci::use(message, messageInd), soci::use(m.reason), soci::use(created),
        soci::use(next);
  });
}

void SociOutboxRepository::enqueueMany(const std::vector<OutboxMessage>& messages) {
  if (messages.empty()) return;
  guarded(c_, [&] {
    InsertText insert(c_.backend,
                      "INSERT INTO outbox (registration_id, event_id, contact_id, user_id, message_id, reason, status, "
                      "attempts, created_at, next_attempt_at) VALUES ");
    const auto id = [](Id value) { return value ? std::optional<Id>(value) : std::nullopt; };
    for (const auto& m : messages) {
      insert.beginRow();
      insert.integerOrNull(id(m.registration_id));
      insert.integerOrNull(id(m.event_id));
      insert.integerOrNull(id(m.contact_id));
      insert.integerOrNull(m.user_id);
      insert.integerOrNull(m.message_id);
      insert.text(m.reason);
      insert.text("queued");
      insert.integer(0);
      insert.time(m.created_at);
      insert.time(m.next_attempt_at);
      insert.endRow();
    }
    c_.sql << insert.text();
  });
}

Page<OutboxMessage> SociOutboxRepository::list(const OutboxQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    if (query.status) where.where("status = " + where.bind(std::string(toString(*query.status))));
    if (query.event_id) where.where("event_id = " + where.bind(static_cast<long long>(*query.event_id)));
    Page<OutboxMessage> page;
    page.limit = query.page.limit;
    page.offset = query.page.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM outbox" + where.whereClause(), where);
    if (page.total > page.offset)
      page.items = select(c_, where,
                          " ORDER BY id DESC LIMIT " + std::to_string(query.page.limit) + " OFFSET " +
                              std::to_string(query.page.offset));
    return page;
  });
}

std::vector<OutboxMessage> SociOutboxRepository::claimDue(Timestamp now, Timestamp staleBefore, int max) {
  return guarded(c_, [&] {
    QueryBuilder where;
    const auto nowText = where.bind(formatSqlTime(now));
    const auto staleText = where.bind(formatSqlTime(staleBefore));
    where.where("((status = 'queued' AND next_attempt_at <= " + nowText +
                ") OR (status = 'sending' AND next_attempt_at < " + staleText + "))");
    auto candidates = select(c_, where, " ORDER BY id LIMIT " + std::to_string(max));
    std::vector<OutboxMessage> claimed;
    for (auto& m : candidates) {
      // The claim is a conditional update: of two senders, exactly one changes the row.
      long long id = m.id;
      std::tm claimedAt = toTm(now);
      std::string previous = toString(m.status);
      std::tm previousNext = toTm(m.next_attempt_at);
      soci::statement st =
          (c_.sql.prepare << "UPDATE outbox SET status = 'sending', claimed_at = :at, next_attempt_at "
                             "= :at2 WHERE id = :id AND status = :s AND next_attempt_at = :n",
           soci::use(claimedAt), soci::use(claimedAt), soci::use(id), soci::use(previous), soci::use(previousNext));
      st.execute(true);
      if (st.get_affected_rows() == 1) {
        m.status = OutboxStatus::sending;
        claimed.push_back(m);
      }
    }
    return claimed;
  });
}

void SociOutboxRepository::finish(const OutboxMessage& m) {
  guarded(c_, [&] {
    long long id = m.id;
    std::string status = toString(m.status);
    std::tm next = toTm(m.next_attempt_at);
    std::tm sent = m.sent_at ? toTm(*m.sent_at) : std::tm{};
    soci::indicator sentInd = m.sent_at ? soci::i_ok : soci::i_null;
    std::string error = m.last_error.value_or("").substr(0, 500);
    soci::indicator errorInd = m.last_error ? soci::i_ok : soci::i_null;
    std::string recipient = m.recipient.value_or("");
    soci::indicator recipientInd = m.recipient ? soci::i_ok : soci::i_null;
    c_.sql << "UPDATE outbox SET status = :s, attempts = :a, next_attempt_at = :n, sent_at = :sent, last_error = :e, "
              "recipient = :r WHERE id = :id",
        soci::use(status), soci::use(m.attempts), soci::use(next), soci::use(sent, sentInd), soci::use(error, errorInd),
        soci::use(recipient, recipientInd), soci::use(id);
  });
}

bool SociOutboxRepository::supersededBy(const OutboxMessage& m) {
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("registration_id = " + where.bind(static_cast<long long>(m.registration_id)));
    where.where("contact_id = " + where.bind(static_cast<long long>(m.contact_id)));
    where.where("id > " + where.bind(static_cast<long long>(m.id)));
    where.where("status IN ('queued', 'sending', 'sent')");
    // Only a newer calendar message replaces one: a reminder, a notice or a message never does.
    where.where("once_kind IS NULL AND user_id IS NULL AND message_id IS NULL");
    return countRows(c_, "SELECT COUNT(*) FROM outbox" + where.whereClause(), where) > 0;
  });
}

int SociOutboxRepository::skipQueued(const std::string& why) {
  return guarded(c_, [&] {
    soci::statement st =
        (c_.sql.prepare << "UPDATE outbox SET status = 'skipped', last_error = :why WHERE status = 'queued'",
         soci::use(why));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

int SociOutboxRepository::queueReminders(Timestamp now, Timestamp soonestStart) {
  return guarded(c_, [&] {
    const bool sqlite = c_.backend == Backend::sqlite;
    // The window's end per event: now + reminder_hours, in each dialect's date arithmetic (both store
    // UTC as 'YYYY-MM-DD HH:MM:SS', which compares as text and as DATETIME alike).
    const std::string windowEnd = sqlite ? "datetime(:now2, '+' || e.reminder_hours || ' hours')"
                                         : "DATE_ADD(:now2, INTERVAL e.reminder_hours HOUR)";
    const std::string sql =
        std::string(sqlite ? "INSERT OR IGNORE" : "INSERT IGNORE") +
        " INTO outbox (registration_id, event_id, contact_id, reason, status, attempts, created_at, "
        "next_attempt_at, once_kind) "
        "SELECT r.id, r.event_id, r.contact_id, 'reminder', 'queued', 0, :created, :next, 'reminder' "
        "FROM events e JOIN registrations r ON r.event_id = e.id AND r.status = 'confirmed' "
        "WHERE e.status = 'published' AND e.reminder_hours > 0 AND e.starts_at > :soonest AND e.starts_at <= " +
        windowEnd +
        " AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.once_kind = 'reminder' AND o.event_id = r.event_id "
        "AND o.registration_id = r.id)";
    std::tm created = toTm(now), next = toTm(now), soonest = toTm(soonestStart);
    std::string nowText = formatSqlTime(now);
    soci::statement st = (c_.sql.prepare << sql, soci::use(created, "created"), soci::use(next, "next"),
                          soci::use(soonest, "soonest"), soci::use(nowText, "now2"));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

std::optional<OutboxMessage> SociOutboxRepository::find(Id id) {
  return guarded(c_, [&]() -> std::optional<OutboxMessage> {
    QueryBuilder where;
    where.where("id = " + where.bind(static_cast<long long>(id)));
    auto rows = select(c_, where, "");
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

std::vector<Id> SociOutboxRepository::remindedRegistrations(Id eventId) {
  return guarded(c_, [&] {
    std::vector<Id> out;
    long long event = eventId, registration = 0;
    soci::statement st = (c_.sql.prepare << "SELECT registration_id FROM outbox WHERE once_kind = 'reminder' AND "
                                            "event_id = :e AND registration_id IS NOT NULL",
                          soci::use(event), soci::into(registration));
    st.execute();
    while (st.fetch()) out.push_back(static_cast<Id>(registration));
    return out;
  });
}

bool SociOutboxRepository::requeueFailed(Id id, Timestamp now) {
  return guarded(c_, [&] {
    long long key = id;
    std::tm at = toTm(now);
    soci::statement st = (c_.sql.prepare << "UPDATE outbox SET status = 'queued', attempts = 0, next_attempt_at = :n, "
                                            "claimed_at = NULL WHERE id = :id AND status = 'failed'",
                          soci::use(at), soci::use(key));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

// The segment's organisations: active, and every list given met (any of its values). `o` is organisations.
void segmentWhere(QueryBuilder& where, const Segment& segment) {
  where.where("o.status = 'active'");
  const auto in = [&](const std::string& column, const auto& values) {
    if (values.empty()) return;
    std::string list;
    for (const auto& v : values) {
      if (!list.empty()) list += ", ";
      if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) list += where.bind(v);
      else list += where.bind(static_cast<long long>(v));
    }
    where.where(column + " IN (" + list + ")");
  };
  in("o.kind", segment.kinds);
  in("o.police_district_id", segment.police_district_ids);
  in("o.region_id", segment.region_ids);
}

int SociOutboxRepository::queueAnnouncement(Id announcementId, std::optional<Id> eventId, const Segment& segment,
                                            Timestamp now) {
  return guarded(c_, [&] {
    QueryBuilder where;
    const auto event = eventId ? where.bind(static_cast<long long>(*eventId)) : std::string("NULL");
    const auto announcement = where.bind(static_cast<long long>(announcementId));
    const auto at = where.bind(formatSqlTime(now));
    const auto due = where.bind(formatSqlTime(now));
    segmentWhere(where, segment);
    where.where("c.status = 'active' AND c.erased_at IS NULL AND c.email IS NOT NULL AND c.consent_newsletter = 1");
    // One statement for any number of people: the database does the work, not a loop here.
    const std::string sql =
        "INSERT INTO outbox (event_id, contact_id, announcement_id, reason, status, attempts, created_at, "
        "next_attempt_at) SELECT " +
        event + ", c.id, " + announcement + ", 'announcement', 'queued', 0, " + at + ", " + due +
        " FROM contacts c JOIN organisations o ON o.id = c.organisation_id" + where.whereClause();
    return static_cast<int>(executeRows(c_, sql, where));
  });
}

}  // namespace brobygger::storage

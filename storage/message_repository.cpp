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

}  // namespace brobygger::storage

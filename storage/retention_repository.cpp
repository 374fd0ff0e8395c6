// Retention's queries: whose participation is old enough to unlink, who has been inactive long enough
// to erase, and how much of the audit trail has outlived its period.
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

std::vector<std::pair<Id, int>> SociRetentionRepository::participationEndedBefore(Timestamp cutoff) {
  return guarded(c_, [&] {
    std::string before = formatSqlTime(cutoff);
    std::vector<std::pair<Id, int>> out;
    long long contact = 0, count = 0;
    soci::statement st =
        (c_.sql.prepare << "SELECT r.contact_id, COUNT(*) FROM registrations r "
                           "JOIN events e ON e.id = r.event_id JOIN contacts c ON c.id = r.contact_id "
                           "WHERE c.erased_at IS NULL GROUP BY r.contact_id HAVING MAX(e.ends_at) < :c "
                           "ORDER BY r.contact_id",
         soci::into(contact), soci::into(count), soci::use(before));
    st.execute();
    while (st.fetch()) out.emplace_back(contact, static_cast<int>(count));
    return out;
  });
}

void SociRetentionRepository::moveParticipation(Id from, Id to) {
  guarded(c_, [&] {
    long long a = from, b = to;
    c_.sql << "UPDATE registrations SET contact_id = :to WHERE contact_id = :from", soci::use(b), soci::use(a);
    c_.sql << "UPDATE registration_changes SET from_contact_id = :to WHERE from_contact_id = :from", soci::use(b),
        soci::use(a);
    c_.sql << "UPDATE registration_changes SET to_contact_id = :to WHERE to_contact_id = :from", soci::use(b),
        soci::use(a);
    c_.sql << "UPDATE outbox SET contact_id = :to, recipient = NULL, last_error = NULL WHERE contact_id = :from",
        soci::use(b), soci::use(a);
  });
}

std::vector<Id> SociRetentionRepository::inactiveContacts(Timestamp cutoff) {
  return guarded(c_, [&] {
    std::string before = formatSqlTime(cutoff), before2 = before;
    std::vector<Id> out;
    long long id = 0;
    soci::statement st =
        (c_.sql.prepare
             << "SELECT c.id FROM contacts c WHERE c.erased_at IS NULL AND c.updated_at < :c AND NOT EXISTS "
                "(SELECT 1 FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.contact_id = c.id "
                "AND e.ends_at >= :c2) ORDER BY c.id",
         soci::into(id), soci::use(before), soci::use(before2));
    st.execute();
    while (st.fetch()) out.push_back(id);
    return out;
  });
}

int SociRetentionRepository::auditEntriesBefore(Timestamp cutoff) {
  return guarded(c_, [&] {
    std::string before = formatSqlTime(cutoff);
    long long n = 0;
    c_.sql << "SELECT COUNT(*) FROM audit_log WHERE at < :c", soci::use(before), soci::into(n);
    return static_cast<int>(n);
  });
}

}  // namespace brobygger::storage

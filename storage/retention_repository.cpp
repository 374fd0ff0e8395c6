// Retention's queries: whose participation is old enough to unlink, who has been inactive long enough
// to erase, and how much of the audit trail has outlived its period.
#include "domain/validation.hpp"
#include "storage/columns.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

Id SociRetentionRepository::lastContactId() {
  return guarded(c_, [&] {
    long long id = 0;
    soci::indicator ind{};
    c_.sql << "SELECT MAX(id) FROM contacts", soci::into(id, ind);
    return ind == soci::i_null ? Id{0} : Id{id};
  });
}

std::vector<std::pair<Id, int>> SociRetentionRepository::participationEndedBefore(Timestamp cutoff,
                                                                                  ContactWindow window) {
  return guarded(c_, [&] {
    std::string before = formatSqlTime(cutoff);
    long long first = window.first, last = window.last;
    std::vector<std::pair<Id, int>> out;
    long long contact = 0, count = 0;
    // The window walks ix_registration_contact for its ids only, so each window's grouping is small.
    soci::statement st = (c_.sql.prepare << "SELECT r.contact_id, COUNT(*) FROM registrations r "
                                            "JOIN events e ON e.id = r.event_id JOIN contacts c ON c.id = r.contact_id "
                                            "WHERE r.contact_id BETWEEN :first AND :last AND c.erased_at IS NULL "
                                            "GROUP BY r.contact_id HAVING MAX(e.ends_at) < :c ORDER BY r.contact_id",
                          soci::into(contact), soci::into(count), soci::use(first), soci::use(last), soci::use(before));
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
    bumpEventListRevision(c_, 0);  // registrations moved: kept feeds are built again
  });
}

std::vector<Id> SociRetentionRepository::inactiveContacts(Timestamp cutoff, ContactWindow window) {
  return guarded(c_, [&] {
    std::string before = formatSqlTime(cutoff), before2 = before, before3 = before;
    long long first = window.first, last = window.last;
    std::vector<Id> out;
    long long id = 0;
    // A person named in a dialogue since the cutoff is not inactive either.
    soci::statement st =
        (c_.sql.prepare
             << "SELECT c.id FROM contacts c WHERE c.id BETWEEN :first AND :last AND c.erased_at IS NULL "
                "AND c.updated_at < :c AND NOT EXISTS "
                "(SELECT 1 FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.contact_id = c.id "
                "AND e.ends_at >= :c2) AND NOT EXISTS (SELECT 1 FROM activity_contacts ac JOIN activities a "
                "ON a.id = ac.activity_id WHERE ac.contact_id = c.id AND a.occurred_at >= :c3) ORDER BY c.id",
         soci::into(id), soci::use(first), soci::use(last), soci::use(before), soci::use(before2), soci::use(before3));
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

int SociRetentionRepository::activityNotesBefore(Timestamp cutoff) {
  return guarded(c_, [&] {
    std::string before = formatSqlTime(cutoff);
    long long n = 0;
    c_.sql << "SELECT COUNT(*) FROM activities WHERE occurred_at < :c AND notes_cleared_at IS NULL", soci::use(before),
        soci::into(n);
    return static_cast<int>(n);
  });
}

int SociRetentionRepository::clearActivityNotes(Timestamp cutoff, const std::string& subject, Timestamp at) {
  return guarded(c_, [&] {
    std::string before = formatSqlTime(cutoff), marker = subject, search = foldCase(subject);
    std::tm cleared = toTm(at), updated = toTm(at);
    soci::statement st =
        (c_.sql.prepare << "UPDATE activities SET notes = '', subject = :subject, search_text = :search, "
                           "notes_cleared_at = :cleared, updated_at = :updated, version = version + 1 "
                           "WHERE occurred_at < :c AND notes_cleared_at IS NULL",
         soci::use(marker), soci::use(search), soci::use(cleared), soci::use(updated), soci::use(before));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

}  // namespace brobygger::storage

#include "domain/validation.hpp"
#include "storage/columns.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

constexpr const char* kColumns =
    "id, organisation_id, name, title, email, phone, language, consent_invitations, consent_newsletter, status, "
    "created_at, updated_at, version, consent_updated_at, consent_source, erased_at";

struct ContactRow {
  long long id = 0, organisation_id = 0;
  std::string name, title, email, phone, language, status;
  int invitations = 0, newsletter = 0, version = 0;
  std::tm created{}, updated{}, consent_at{}, erased{};
  std::string consent_source;
  soci::indicator title_ind{}, email_ind{}, phone_ind{}, consent_at_ind{}, consent_source_ind{}, erased_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(organisation_id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(title, title_ind));
    st.exchange(soci::into(email, email_ind));
    st.exchange(soci::into(phone, phone_ind));
    st.exchange(soci::into(language));
    st.exchange(soci::into(invitations));
    st.exchange(soci::into(newsletter));
    st.exchange(soci::into(status));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(version));
    st.exchange(soci::into(consent_at, consent_at_ind));
    st.exchange(soci::into(consent_source, consent_source_ind));
    st.exchange(soci::into(erased, erased_ind));
  }

  Contact toDomain() const {
    Contact c;
    c.id = id;
    c.organisation_id = organisation_id;
    c.name = name;
    c.title = nullable(title, title_ind);
    c.email = nullable(email, email_ind);
    c.phone = nullable(phone, phone_ind);
    c.language = languageFrom(language).value_or(Language::da);
    c.consent.invitations = invitations != 0;
    c.consent.newsletter = newsletter != 0;
    if (consent_at_ind != soci::i_null) c.consent.updated_at = fromTm(consent_at);
    c.consent.source = nullable(consent_source, consent_source_ind);
    if (erased_ind != soci::i_null) c.erased_at = fromTm(erased);
    c.status = recordStatusFrom(status).value_or(RecordStatus::active);
    c.created_at = fromTm(created);
    c.updated_at = fromTm(updated);
    c.version = version;
    return c;
  }
};

struct ContactValues {
  long long organisation_id;
  std::string name, title, email, email_folded, phone, language, status, search, name_key;
  soci::indicator title_ind, email_ind, phone_ind;
  int invitations, newsletter;
  std::tm created, updated, consent_at;
  std::string consent_source;
  soci::indicator consent_at_ind, consent_source_ind;

  explicit ContactValues(const Contact& c)
      : organisation_id(c.organisation_id),
        name(c.name),
        title(c.title.value_or("")),
        email(c.email.value_or("")),
        email_folded(foldCase(email)),
        phone(c.phone.value_or("")),
        language(toString(c.language)),
        status(toString(c.status)),
        search(columns::contactSearchText(c.name, c.email)),
        name_key(nameMatchKey(c.name)),
        title_ind(c.title ? soci::i_ok : soci::i_null),
        email_ind(c.email ? soci::i_ok : soci::i_null),
        phone_ind(c.phone ? soci::i_ok : soci::i_null),
        invitations(c.consent.invitations ? 1 : 0),
        newsletter(c.consent.newsletter ? 1 : 0),
        created(toTm(c.created_at)),
        updated(toTm(c.updated_at)),
        consent_at(c.consent.updated_at ? toTm(*c.consent.updated_at) : std::tm{}),
        consent_source(c.consent.source.value_or("")),
        consent_at_ind(c.consent.updated_at ? soci::i_ok : soci::i_null),
        consent_source_ind(c.consent.source ? soci::i_ok : soci::i_null) {}
};

// MariaDB's columns sort with utf8mb4_danish_ci; SQLite needs the collation named.
std::string orderBy(ContactSort sort, Backend backend) {
  const std::string name = backend == Backend::sqlite ? "name COLLATE danish" : "name";
  switch (sort) {
    case ContactSort::name: return " ORDER BY " + name + ", id";
    case ContactSort::name_desc: return " ORDER BY " + name + " DESC, id DESC";
    case ContactSort::created_at: return " ORDER BY created_at, id";
    case ContactSort::created_at_desc: return " ORDER BY created_at DESC, id DESC";
  }
  return " ORDER BY " + name + ", id";
}

}  // namespace

std::optional<Contact> SociContactRepository::find(Id id) {
  return guarded(c_, [&]() -> std::optional<Contact> {
    QueryBuilder where;
    where.where("id = " + where.bind(static_cast<long long>(id)));
    auto rows =
        fetchRows<ContactRow>(c_, std::string("SELECT ") + kColumns + " FROM contacts" + where.whereClause(), where);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

std::vector<Contact> SociContactRepository::findMany(const std::vector<Id>& ids) {
  if (ids.empty()) return {};
  return guarded(c_, [&] {
    QueryBuilder where;
    where.where("id IN (" + idList(ids) + ")");
    return fetchRows<ContactRow>(c_, std::string("SELECT ") + kColumns + " FROM contacts" + where.whereClause(), where);
  });
}

Page<Contact> SociContactRepository::list(const ContactQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    if (query.organisation_id)
      where.where("organisation_id = " + where.bind(static_cast<long long>(*query.organisation_id)));
    if (!query.within_districts.empty())
      where.where("organisation_id IN (SELECT id FROM organisations WHERE police_district_id IN (" +
                  columns::integerList(query.within_districts) + "))");
    if (query.status != StatusFilter::all)
      where.where("status = " + where.bind(std::string(query.status == StatusFilter::active ? "active" : "archived")));
    if (query.q && !query.q->empty())
      where.where("search_text LIKE " + where.bind(containsPattern(foldCase(*query.q))) + " ESCAPE '!'");

    Page<Contact> page;
    page.limit = query.page.limit;
    page.offset = query.page.offset;
    // The total is kept under the people's revision, read first: 200,000 people are not counted per page.
    // A district-limited list also depends on the organisations' districts (the register's revision); the
    // others do not, so activities and organisation edits leave their totals kept. A search is counted
    // each time: every text typed would be a key of its own and push the busy totals out.
    const auto countSql = "SELECT COUNT(*) FROM contacts" + where.whereClause();
    if (query.q && !query.q->empty()) {
      page.total = countRows(c_, countSql, where);
    } else {
      long long revision = 0;
      c_.sql << (query.within_districts.empty() ? "SELECT SUM(value) FROM contact_list_revision"
                                                : "SELECT (SELECT SUM(value) FROM contact_list_revision) + "
                                                  "(SELECT value FROM register_revision WHERE id = 1)"),
          soci::into(revision);
      page.total = countKept(c_, revision, countSql, where);
    }
    if (page.total <= page.offset) return page;

    page.items = fetchRows<ContactRow>(
        c_,
        std::string("SELECT ") + kColumns + " FROM contacts" + where.whereClause() + orderBy(query.sort, c_.backend) +
            " LIMIT " + std::to_string(query.page.limit) + " OFFSET " + std::to_string(query.page.offset),
        where);
    return page;
  });
}

void bumpContactListRevision(Connection& c, Id contactId) {
  const auto slot = static_cast<unsigned>(contactId % 16);
  if (c.contact_slots_to_raise != nullptr) {
    *c.contact_slots_to_raise = static_cast<std::uint16_t>(*c.contact_slots_to_raise | (1U << slot));
    return;  // raised just before the commit
  }
  long long s = slot;
  c.sql << "UPDATE contact_list_revision SET value = value + 1 WHERE slot = :s", soci::use(s);
}

void flushListRevisions(Connection& c) {
  if (c.contact_slots_to_raise == nullptr || *c.contact_slots_to_raise == 0) return;
  for (long long slot = 0; slot < 16; ++slot) {
    if ((*c.contact_slots_to_raise & (1U << slot)) == 0) continue;
    c.sql << "UPDATE contact_list_revision SET value = value + 1 WHERE slot = :s", soci::use(slot);
  }
  *c.contact_slots_to_raise = 0;
}

std::optional<Id> SociContactRepository::findIdByEmail(const std::string& foldedEmail) {
  return guarded(c_, [&]() -> std::optional<Id> {
    long long id = 0;
    c_.sql << "SELECT id FROM contacts WHERE email_folded = :email", soci::use(foldedEmail), soci::into(id);
    if (!c_.sql.got_data()) return std::nullopt;
    return id;
  });
}

Id SociContactRepository::insert(const Contact& c) {
  return guarded(c_, [&] {
    ContactValues v(c);
    soci::indicator folded_ind = v.email_ind;
    c_.sql << "INSERT INTO contacts (organisation_id, name, title, email, email_folded, phone, language, "
              "consent_invitations, consent_newsletter, status, search_text, created_at, updated_at, version, "
              "consent_updated_at, consent_source, name_key) VALUES "
              "(:organisation, :name, :title, :email, :folded, :phone, :language, :invitations, :newsletter, :status, "
              ":search, :created, :updated, 1, :consent_at, :consent_source, :name_key)",
        soci::use(v.organisation_id), soci::use(v.name), soci::use(v.title, v.title_ind),
        soci::use(v.email, v.email_ind), soci::use(v.email_folded, folded_ind), soci::use(v.phone, v.phone_ind),
        soci::use(v.language), soci::use(v.invitations), soci::use(v.newsletter), soci::use(v.status),
        soci::use(v.search), soci::use(v.created), soci::use(v.updated), soci::use(v.consent_at, v.consent_at_ind),
        soci::use(v.consent_source, v.consent_source_ind), soci::use(v.name_key);
    long long id = 0;
    c_.sql.get_last_insert_id("contacts", id);
    bumpContactListRevision(c_, id);
    return static_cast<Id>(id);
  });
}

bool SociContactRepository::update(const Contact& c, int expectedVersion) {
  return guarded(c_, [&] {
    ContactValues v(c);
    soci::indicator folded_ind = v.email_ind;
    long long id = c.id;
    soci::statement st =
        (c_.sql.prepare << "UPDATE contacts SET organisation_id = :organisation, name = :name, title = :title, "
                           "email = :email, email_folded = :folded, phone = :phone, language = :language, "
                           "consent_invitations = :invitations, consent_newsletter = :newsletter, status = :status, "
                           "search_text = :search, updated_at = :updated, consent_updated_at = :consent_at, "
                           "consent_source = :consent_source, name_key = :name_key, version = version + 1 "
                           "WHERE id = :id AND version = :version",
         soci::use(v.organisation_id), soci::use(v.name), soci::use(v.title, v.title_ind),
         soci::use(v.email, v.email_ind), soci::use(v.email_folded, folded_ind), soci::use(v.phone, v.phone_ind),
         soci::use(v.language), soci::use(v.invitations), soci::use(v.newsletter), soci::use(v.status),
         soci::use(v.search), soci::use(v.updated), soci::use(v.consent_at, v.consent_at_ind),
         soci::use(v.consent_source, v.consent_source_ind), soci::use(v.name_key), soci::use(id),
         soci::use(expectedVersion));
    st.execute(true);
    const bool updated = st.get_affected_rows() == 1;
    if (updated) bumpContactListRevision(c_, c.id);  // status, organisation or name may have changed
    return updated;
  });
}

}  // namespace brobygger::storage

namespace brobygger::storage {

void SociContactRepository::erase(Id id, Timestamp at) {
  guarded(c_, [&] {
    long long contact = id;
    std::tm when = toTm(at);
    // Named: SOCI reads bound values when the statement runs, after a temporary would have died (ASan).
    const std::string erasedName(kErasedName);
    // The person becomes an anonymous participant: the row (and every registration pointing at it)
    // stays, so counts and overviews do not change; nothing that identifies them does.
    c_.sql << "UPDATE contacts SET name = :name, title = NULL, email = NULL, email_folded = NULL, phone = NULL, "
              "consent_invitations = 0, consent_newsletter = 0, consent_updated_at = :at1, consent_source = 'erasure', "
              "status = 'archived', search_text = '', name_key = NULL, erased_at = :at2, updated_at = :at3, "
              "version = version + 1 WHERE id = :id",
        soci::use(erasedName), soci::use(when), soci::use(when), soci::use(when), soci::use(contact);
    bumpContactListRevision(c_, id);  // archived, and no longer found by name
    // Messages to them: no address, no error text that could quote one, and nothing more goes out.
    c_.sql << "UPDATE outbox SET recipient = NULL, last_error = NULL, "
              "status = CASE WHEN status IN ('queued', 'failed', 'sending') THEN 'skipped' ELSE status END "
              "WHERE contact_id = :id",
        soci::use(contact);
  });
}

std::vector<Contact> allContacts(Connection& c) {
  return guarded(c, [&] {
    QueryBuilder none;
    return fetchRows<ContactRow>(
        c, std::string("SELECT ") + kColumns + " FROM contacts WHERE erased_at IS NULL ORDER BY id", none);
  });
}

}  // namespace brobygger::storage

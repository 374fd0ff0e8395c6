#include "domain/validation.hpp"
#include "storage/columns.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

constexpr const char* kColumns =
    "u.id, u.email, u.name, u.role, u.organisation_id, u.status, u.password_hash, u.created_at, u.updated_at, "
    "u.last_login_at, u.version, u.police_district_ids, u.language";

struct UserRow {
  long long id = 0, organisation_id = 0;
  std::string email, name, role, status, password_hash;
  std::tm created{}, updated{}, last_login{};
  int version = 0;
  std::string districts, language;
  soci::indicator organisation_ind{}, last_login_ind{}, districts_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(email));
    st.exchange(soci::into(name));
    st.exchange(soci::into(role));
    st.exchange(soci::into(organisation_id, organisation_ind));
    st.exchange(soci::into(status));
    st.exchange(soci::into(password_hash));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(last_login, last_login_ind));
    st.exchange(soci::into(version));
    st.exchange(soci::into(districts, districts_ind));
    st.exchange(soci::into(language));
  }

  User toDomain() const {
    User u;
    u.id = id;
    u.email = email;
    u.name = name;
    u.role = roleFrom(role).value_or(Role::partner);
    if (organisation_ind != soci::i_null) u.organisation_id = organisation_id;
    u.status = userStatusFrom(status).value_or(UserStatus::disabled);
    u.password_hash = password_hash;
    u.created_at = fromTm(created);
    u.updated_at = fromTm(updated);
    if (last_login_ind != soci::i_null) u.last_login_at = fromTm(last_login);
    u.version = version;
    if (districts_ind != soci::i_null)
      for (const auto& d : columns::decodeList(districts)) u.police_district_ids.push_back(std::stoi(d));
    u.language = languageFrom(language).value_or(Language::da);
    return u;
  }
};

template <class Key>
std::optional<User> findBy(Connection& c, const std::string& column, Key key) {
  return guarded(c, [&]() -> std::optional<User> {
    QueryBuilder where;
    where.where(column + " = " + where.bind(key));
    auto rows = fetchRows<UserRow>(c, std::string("SELECT ") + kColumns + " FROM users u" + where.whereClause(), where);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

}  // namespace

std::optional<User> SociUserRepository::find(Id id) { return findBy(c_, "u.id", static_cast<long long>(id)); }

std::optional<User> SociUserRepository::findByEmail(const std::string& foldedEmail) {
  return findBy(c_, "u.email", foldedEmail);
}

Page<User> SociUserRepository::list(const UserQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    if (query.role) where.where("u.role = " + where.bind(std::string(toString(*query.role))));
    if (query.status) where.where("u.status = " + where.bind(std::string(toString(*query.status))));
    if (query.organisation_id)
      where.where("u.organisation_id = " + where.bind(static_cast<long long>(*query.organisation_id)));
    if (query.q && !query.q->empty()) {
      const auto pattern = containsPattern(foldCase(*query.q));
      where.where("u.search_text LIKE " + where.bind(pattern) + " ESCAPE '!'");
    }
    Page<User> page;
    page.limit = query.page.limit;
    page.offset = query.page.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM users u" + where.whereClause(), where);
    if (page.total <= page.offset) return page;
    // MariaDB's column sorts with utf8mb4_danish_ci; SQLite needs the collation named.
    const std::string name = c_.backend == Backend::sqlite ? "u.name COLLATE danish" : "u.name";
    page.items = fetchRows<UserRow>(c_,
                                    std::string("SELECT ") + kColumns + " FROM users u" + where.whereClause() +
                                        " ORDER BY " + name + ", u.id LIMIT " + std::to_string(query.page.limit) +
                                        " OFFSET " + std::to_string(query.page.offset),
                                    where);
    return page;
  });
}

Id SociUserRepository::insert(const User& u) {
  return guarded(c_, [&] {
    std::string role = toString(u.role), status = toString(u.status);
    long long organisation = u.organisation_id.value_or(0);
    soci::indicator organisation_ind = u.organisation_id ? soci::i_ok : soci::i_null;
    std::tm created = toTm(u.created_at), updated = toTm(u.updated_at);
    const std::string search = columns::userSearchText(u.name, u.email);
    const std::string districts = columns::encodeIds(u.police_district_ids);
    const std::string language = toString(u.language);
    c_.sql << "INSERT INTO users (email, name, role, organisation_id, status, password_hash, search_text, created_at, "
              "updated_at, version, police_district_ids, language) VALUES (:email, :name, :role, :organisation, "
              ":status, :hash, :search, :created, :updated, 1, :districts, :language)",
        soci::use(u.email), soci::use(u.name), soci::use(role), soci::use(organisation, organisation_ind),
        soci::use(status), soci::use(u.password_hash), soci::use(search), soci::use(created), soci::use(updated),
        soci::use(districts), soci::use(language);
    long long id = 0;
    c_.sql.get_last_insert_id("users", id);
    return static_cast<Id>(id);
  });
}

bool SociUserRepository::update(const User& u, int expectedVersion) {
  return guarded(c_, [&] {
    std::string role = toString(u.role), status = toString(u.status);
    long long organisation = u.organisation_id.value_or(0), id = u.id;
    soci::indicator organisation_ind = u.organisation_id ? soci::i_ok : soci::i_null;
    std::tm updated = toTm(u.updated_at);
    const std::string search = columns::userSearchText(u.name, u.email);
    const std::string districts = columns::encodeIds(u.police_district_ids);
    const std::string language = toString(u.language);
    soci::statement st =
        (c_.sql.prepare
             << "UPDATE users SET name = :name, role = :role, organisation_id = :organisation, status = "
                ":status, password_hash = :hash, search_text = :search, updated_at = :updated, "
                "police_district_ids = :districts, language = :language, version = version + 1 WHERE id = :id AND "
                "version = :version",
         soci::use(u.name), soci::use(role), soci::use(organisation, organisation_ind), soci::use(status),
         soci::use(u.password_hash), soci::use(search), soci::use(updated), soci::use(districts), soci::use(language),
         soci::use(id), soci::use(expectedVersion));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

void SociUserRepository::recordLogin(Id id, Timestamp at) {
  guarded(c_, [&] {
    std::tm when = toTm(at);
    long long key = id;
    c_.sql << "UPDATE users SET last_login_at = :at WHERE id = :id", soci::use(when), soci::use(key);
  });
}

void SociSessionRepository::insert(const Session& s) {
  guarded(c_, [&] {
    long long user = s.user_id;
    std::tm created = toTm(s.created_at), expires = toTm(s.expires_at), seen = toTm(s.last_seen_at);
    c_.sql << "INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES "
              "(:hash, :user, :created, :expires, :seen)",
        soci::use(s.token_hash), soci::use(user), soci::use(created), soci::use(expires), soci::use(seen);
  });
}

std::optional<std::pair<Session, User>> SociSessionRepository::findActive(const std::string& tokenHash, Timestamp now) {
  return guarded(c_, [&]() -> std::optional<std::pair<Session, User>> {
    UserRow row;
    std::tm created{}, expires{}, seen{};
    std::tm at = toTm(now);
    std::string hash = tokenHash;
    soci::statement st(c_.sql);
    row.into(st);
    st.exchange(soci::into(created));
    st.exchange(soci::into(expires));
    st.exchange(soci::into(seen));
    st.exchange(soci::use(hash, "hash"));
    st.exchange(soci::use(at, "now"));
    st.alloc();
    st.prepare(std::string("SELECT ") + kColumns +
               ", s.created_at, s.expires_at, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id "
               "WHERE s.token_hash = :hash AND s.revoked_at IS NULL AND s.expires_at > :now AND u.status = 'active'");
    st.define_and_bind();
    if (!st.execute(true)) return std::nullopt;
    Session session;
    session.token_hash = tokenHash;
    session.user_id = row.id;
    session.created_at = fromTm(created);
    session.expires_at = fromTm(expires);
    session.last_seen_at = fromTm(seen);
    return std::make_pair(session, row.toDomain());
  });
}

void SociSessionRepository::revoke(const std::string& tokenHash, Timestamp at) {
  guarded(c_, [&] {
    std::tm when = toTm(at);
    c_.sql << "UPDATE sessions SET revoked_at = :at WHERE token_hash = :hash AND revoked_at IS NULL", soci::use(when),
        soci::use(tokenHash);
  });
}

int SociSessionRepository::revokeAllForUser(Id userId, Timestamp at) {
  return guarded(c_, [&] {
    std::tm when = toTm(at);
    long long user = userId;
    soci::statement st = (c_.sql.prepare << "UPDATE sessions SET revoked_at = :at WHERE user_id = :user AND "
                                            "revoked_at IS NULL AND expires_at > :now",
                          soci::use(when), soci::use(user), soci::use(when));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

int SociSessionRepository::revokeOthers(Id userId, const std::string& keepTokenHash, Timestamp at) {
  return guarded(c_, [&] {
    std::tm when = toTm(at);
    long long user = userId;
    soci::statement st = (c_.sql.prepare << "UPDATE sessions SET revoked_at = :at WHERE user_id = :user AND "
                                            "revoked_at IS NULL AND expires_at > :now AND token_hash <> :keep",
                          soci::use(when), soci::use(user), soci::use(when), soci::use(keepTokenHash));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

void SociSessionRepository::touch(const std::string& tokenHash, Timestamp at) {
  guarded(c_, [&] {
    std::tm when = toTm(at);
    // Never backwards: two requests of one session may touch it in either order.
    c_.sql << "UPDATE sessions SET last_seen_at = :at WHERE token_hash = :hash AND last_seen_at < :at2",
        soci::use(when), soci::use(tokenHash), soci::use(when);
  });
}

int SociSessionRepository::deleteExpired(Timestamp before) {
  return guarded(c_, [&] {
    std::tm when = toTm(before);
    soci::statement st = (c_.sql.prepare << "DELETE FROM sessions WHERE expires_at < :before", soci::use(when));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

void SociLoginAttemptRepository::recordFailure(const std::string& foldedEmail, const std::string& client,
                                               Timestamp at) {
  guarded(c_, [&] {
    std::tm when = toTm(at);
    soci::indicator clientInd = client.empty() ? soci::i_null : soci::i_ok;
    c_.sql << "INSERT INTO login_failures (email_folded, client, at) VALUES (:email, :client, :at)",
        soci::use(foldedEmail), soci::use(client, clientInd), soci::use(when);
  });
}

std::pair<int, std::optional<Timestamp>> SociLoginAttemptRepository::failuresSince(const std::string& foldedEmail,
                                                                                   Timestamp since) {
  return guarded(c_, [&] {
    std::tm from = toTm(since), earliest{};
    int count = 0;
    soci::indicator ind = soci::i_ok;
    c_.sql << "SELECT COUNT(*), MIN(at) FROM login_failures WHERE email_folded = :email AND at >= :since",
        soci::use(foldedEmail), soci::use(from), soci::into(count), soci::into(earliest, ind);
    std::optional<Timestamp> first;
    if (count > 0 && ind != soci::i_null) first = fromTm(earliest);
    return std::make_pair(count, first);
  });
}

std::optional<Timestamp> SociLoginAttemptRepository::latestFailure(const std::string& foldedEmail) {
  return guarded(c_, [&]() -> std::optional<Timestamp> {
    std::tm latest{};
    soci::indicator ind = soci::i_ok;
    c_.sql << "SELECT MAX(at) FROM login_failures WHERE email_folded = :email", soci::use(foldedEmail),
        soci::into(latest, ind);
    if (ind == soci::i_null) return std::nullopt;
    return fromTm(latest);
  });
}

std::pair<int, std::optional<Timestamp>> SociLoginAttemptRepository::failuresFromClientSince(const std::string& client,
                                                                                             Timestamp since) {
  return guarded(c_, [&] {
    std::tm from = toTm(since), earliest{};
    int count = 0;
    soci::indicator ind = soci::i_ok;
    c_.sql << "SELECT COUNT(*), MIN(at) FROM login_failures WHERE client = :client AND at >= :since", soci::use(client),
        soci::use(from), soci::into(count), soci::into(earliest, ind);
    std::optional<Timestamp> first;
    if (count > 0 && ind != soci::i_null) first = fromTm(earliest);
    return std::make_pair(count, first);
  });
}

void SociLoginAttemptRepository::clear(const std::string& foldedEmail) {
  guarded(c_, [&] { c_.sql << "DELETE FROM login_failures WHERE email_folded = :email", soci::use(foldedEmail); });
}

void SociLoginAttemptRepository::forgetBefore(Timestamp before) {
  guarded(c_, [&] {
    std::tm when = toTm(before);
    c_.sql << "DELETE FROM login_failures WHERE at < :before", soci::use(when);
  });
}

}  // namespace brobygger::storage

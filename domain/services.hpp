#pragma once
// Application services: the rules of the register and of access, over the repository interfaces.
#include <chrono>
#include <optional>
#include <string>

#include "domain/error.hpp"
#include "domain/repositories.hpp"

namespace brobygger::domain {

class ReferenceService {
 public:
  explicit ReferenceService(Store& store) : store_(store) {}
  // Reads the reference data from the database; call once at start (and after seeding).
  ReferenceCatalog loadCatalog();
  void seed(const ReferenceData& data);

 private:
  Store& store_;
};

class OrganisationService {
 public:
  OrganisationService(Store& store, const ReferenceCatalog& catalog, const Clock& clock)
      : store_(store), catalog_(catalog), clock_(clock) {}

  Page<Organisation> list(const Actor& actor, OrganisationQuery query);
  // The register's revision: a cached list answer is current while this is unchanged.
  std::int64_t revision();
  Organisation get(const Actor& actor, Id id);
  Organisation create(const Actor& actor, NewOrganisation input);
  Organisation update(const Actor& actor, Id id, const OrganisationChanges& changes,
                      std::optional<int> expectedVersion);
  void archive(const Actor& actor, Id id, std::optional<int> expectedVersion);

 private:
  void validate(UnitOfWork& uow, Organisation& organisation, std::optional<Id> previousResponsible);
  Organisation visible(UnitOfWork& uow, const Actor& actor, Id id);
  Store& store_;
  const ReferenceCatalog& catalog_;
  const Clock& clock_;
};

// What a data-subject access request answers (GDPR art. 15).
struct ContactExport {
  Contact contact;
  std::string organisation_name;
  std::vector<Registration> registrations;
  std::vector<Event> events;  // the events of those registrations
  std::vector<AuditEntry> history;  // every recorded act on the person's data, newest first
};

class ContactService {
 public:
  ContactService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Page<Contact> list(const Actor& actor, ContactQuery query);
  // Contacts of one organisation; the organisation must be visible to the actor.
  Page<Contact> listForOrganisation(const Actor& actor, Id organisationId, ContactQuery query);
  Contact get(const Actor& actor, Id id);
  Contact create(const Actor& actor, NewContact input);
  Contact update(const Actor& actor, Id id, const ContactChanges& changes, std::optional<int> expectedVersion);
  void archive(const Actor& actor, Id id, std::optional<int> expectedVersion);
  // Everything held about a person (admins, officers); the export itself is audited.
  ContactExport exportData(const Actor& actor, Id id);
  // Makes the person an anonymous participant (admins): every personal value goes, irreversibly;
  // registrations and every overview keep their counts; no more mail. Audited as an erasure.
  Contact erase(const Actor& actor, Id id);
  // Erases every person of an organisation that leaves the cooperation; answers how many.
  int eraseOrganisationContacts(const Actor& actor, Id organisationId);

 private:
  void validate(UnitOfWork& uow, const Actor& actor, Contact& contact, std::optional<Id> previousOrganisation);
  Contact visible(UnitOfWork& uow, const Actor& actor, Id id);
  Store& store_;
  const Clock& clock_;
};

struct NewUser {
  std::string email;
  std::string name;
  Role role = Role::officer;
  std::optional<Id> organisation_id;
  std::string password;
};

struct UserChanges {
  Change<std::string> name;
  Change<Role> role;
  Change<std::optional<Id>> organisation_id;
  Change<UserStatus> status;
  Change<std::string> password;
};

struct AuthSettings {
  std::chrono::seconds session_lifetime = std::chrono::hours(12);
  int max_login_failures = 10;
  std::chrono::seconds failure_window = std::chrono::minutes(15);
  std::size_t min_password_length = 12;
};

class UserService {
 public:
  UserService(Store& store, Secrets& secrets, const Clock& clock, AuthSettings settings, SessionCache& sessions)
      : store_(store), secrets_(secrets), clock_(clock), settings_(settings), sessions_(sessions) {}

  Page<User> list(const Actor& actor, const UserQuery& query);
  User get(const Actor& actor, Id id);
  User create(const Actor& actor, NewUser input);
  User update(const Actor& actor, Id id, const UserChanges& changes, std::optional<int> expectedVersion);
  // For the command line and seeding: no actor, same rules.
  User createTrusted(NewUser input);

 private:
  void validate(UnitOfWork& uow, User& user, Violations& violations);
  void checkPassword(Violations& violations, const std::string& password) const;
  Store& store_;
  Secrets& secrets_;
  const Clock& clock_;
  AuthSettings settings_;
  SessionCache& sessions_;
};

struct LoginResult {
  std::string token;
  Timestamp expires_at;
  User user;
};

class AuthService {
 public:
  AuthService(Store& store, Secrets& secrets, const Clock& clock, AuthSettings settings, SessionCache& sessions)
      : store_(store),
        secrets_(secrets),
        clock_(clock),
        settings_(settings),
        sessions_(sessions),
        dummy_hash_(secrets.hashPassword("brobygger timing equaliser")) {}

  LoginResult login(const std::string& email, const std::string& password);
  Authenticated authenticate(const std::string& token);
  void logout(const std::string& token);

 private:
  Store& store_;
  Secrets& secrets_;
  const Clock& clock_;
  AuthSettings settings_;
  SessionCache& sessions_;
  std::string dummy_hash_;
};

}  // namespace brobygger::domain

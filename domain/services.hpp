#pragma once
// Application services: the rules of the register and of access, over the repository interfaces.
#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/policy.hpp"
#include "domain/repositories.hpp"
#include "domain/table.hpp"

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
  // Every organisation the list would show (its page ignored), in batches; answers how many.
  std::int64_t exportList(const Actor& actor, OrganisationQuery query, const RowBatches<Organisation>& sink);
  // The register's revision: a cached list answer is current while this is unchanged.
  std::int64_t revision();
  Organisation get(const Actor& actor, Id id);
  Organisation create(const Actor& actor, NewOrganisation input);
  Organisation update(const Actor& actor, Id id, const OrganisationChanges& changes, std::optional<int> expectedVersion,
                      Action action = Action::update_organisation);
  void archive(const Actor& actor, Id id, std::optional<int> expectedVersion);

  // The rules of an organisation's own fields (normalising them) that every write applies: create,
  // update and import. The checks against other records (CVR taken, responsible user) are the caller's.
  static void checkFields(const ReferenceCatalog& catalog, Organisation& organisation, Violations& violations);
  // What an organisation write changed, for the audit trail.
  static std::vector<FieldChange> auditChanges(const Organisation& before, const Organisation& after);

 private:
  void validate(UnitOfWork& uow, Organisation& organisation, std::optional<Id> previousResponsible);
  Organisation visible(UnitOfWork& uow, const Actor& actor, Id id, Action action);
  Store& store_;
  const ReferenceCatalog& catalog_;
  const Clock& clock_;
};

// What a data-subject access request answers (GDPR art. 15).
struct ContactExport {
  Contact contact;
  std::string organisation_name;
  std::vector<Registration> registrations;
  std::vector<Event> events;                     // the events of those registrations
  std::vector<AuditEntry> history;               // every recorded act on the person's data, newest first
  std::vector<Activity> activities;              // the dialogue log's activities naming the person, newest first
  std::vector<FollowUp> follow_ups;              // follow-ups about the person
  std::map<Id, std::string> organisation_names;  // of the organisations of those activities and follow-ups
};

class ContactService {
 public:
  ContactService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  Page<Contact> list(const Actor& actor, ContactQuery query);
  // Every contact the list would show (its page ignored), in batches; audited as one export.
  std::int64_t exportList(const Actor& actor, ContactQuery query, const RowBatches<Contact>& sink);
  // Contacts of one organisation; the organisation must be visible to the actor.
  Page<Contact> listForOrganisation(const Actor& actor, Id organisationId, ContactQuery query);
  Contact get(const Actor& actor, Id id);
  Contact create(const Actor& actor, NewContact input);
  // Creates the person within a unit of work the caller owns (registering new people is one use case).
  static Contact createIn(UnitOfWork& uow, const Actor& actor, NewContact input, Timestamp now);
  Contact update(const Actor& actor, Id id, const ContactChanges& changes, std::optional<int> expectedVersion,
                 Action action = Action::update_contact);
  void archive(const Actor& actor, Id id, std::optional<int> expectedVersion);
  // Everything held about a person (admins, officers); the export itself is audited.
  ContactExport exportData(const Actor& actor, Id id);
  // Makes the person an anonymous participant (admins): every personal value goes, irreversibly;
  // registrations and every overview keep their counts; no more mail. Audited as an erasure.
  Contact erase(const Actor& actor, Id id);
  // Erases every person of an organisation that leaves the cooperation; answers how many.
  int eraseOrganisationContacts(const Actor& actor, Id organisationId);
  // The erasure within a unit of work the caller owns (a merge erases the person merged away). The
  // dialogue log's text is scrubbed of `contact`'s name, email and phone as given, so a caller may
  // blank values that still belong to someone else.
  static void eraseIn(UnitOfWork& uow, const Actor& actor, const Contact& contact, Timestamp now);

  // The rules of a person's own fields (normalising them: the phone to +45 XXXX XXXX) that every write
  // applies: create, update and import. The organisation and email uniqueness are the caller's.
  static void checkFields(Contact& contact, Violations& violations);
  // What a contact write changed, for the audit trail (personal values left out).
  static std::vector<FieldChange> auditChanges(const Contact& before, const Contact& after);
  // The person if the actor may do `action` on them (a partner its own people, a limited officer those
  // of its districts' organisations); 404 or 403 otherwise.
  static Contact visible(UnitOfWork& uow, const Actor& actor, Id id, Action action);

 private:
  static void validate(UnitOfWork& uow, const Actor& actor, Contact& contact, std::optional<Id> previousOrganisation);
  Store& store_;
  const Clock& clock_;
};

struct NewUser {
  std::string email;
  std::string name;
  Role role = Role::officer;
  std::optional<Id> organisation_id;
  std::string password;
  std::vector<int> police_district_ids{};  // officers only; empty: national
  Language language = Language::da;
};

struct UserChanges {
  Change<std::string> name;
  Change<Role> role;
  Change<std::optional<Id>> organisation_id;
  Change<UserStatus> status;
  Change<std::string> password;
  Change<std::vector<int>> police_district_ids;
  Change<Language> language;
};

// What any signed-in user may change of their own account (PATCH /api/v1/me): never their role,
// organisation, police districts or status, which are an administrator's to set.
struct SelfChanges {
  Change<std::string> name;
  Change<Language> language;
};

struct AuthSettings {
  std::chrono::seconds session_lifetime = std::chrono::hours(12);
  // A session not used for this long ends (zero: only the lifetime ends it).
  std::chrono::seconds session_idle = std::chrono::minutes(30);
  // Throttling per account: after this many failed logins within the window, 429 until the
  // oldest of them leaves it.
  int max_login_failures = 10;
  std::chrono::seconds failure_window = std::chrono::minutes(15);
  // Lockout per account: this many failures within the lockout window lock the account (even
  // for the right password) until `lockout_duration` after the last of them. Zero: no lockout.
  int lockout_failures = 20;
  std::chrono::seconds lockout_window = std::chrono::minutes(60);
  std::chrono::seconds lockout_duration = std::chrono::minutes(30);
  // Throttling per client address: after this many failures from one address within the lockout
  // window, whatever the accounts, 429 for that address. Zero: no limit.
  int max_failures_per_client = 50;
  std::size_t min_password_length = 12;
};

// The password policy, for every way a password is set; the violation names `field`.
void checkPasswordPolicy(Violations& violations, const std::string& field, const std::string& password,
                         const AuthSettings& settings);

class UserService {
 public:
  UserService(Store& store, Secrets& secrets, const Clock& clock, AuthSettings settings, SessionCache& sessions)
      : store_(store), secrets_(secrets), clock_(clock), settings_(settings), sessions_(sessions) {}

  Page<User> list(const Actor& actor, const UserQuery& query);
  std::int64_t exportList(const Actor& actor, UserQuery query, const RowBatches<User>& sink);
  // The active administrators and officers (who may be responsible for an organisation or hold a
  // follow-up), by name.
  std::vector<User> staff(const Actor& actor);
  User get(const Actor& actor, Id id);
  User create(const Actor& actor, NewUser input);
  User update(const Actor& actor, Id id, const UserChanges& changes, std::optional<int> expectedVersion);
  // The signed-in user changes their own display name or language; audited as any change of a user,
  // and no session ends.
  User updateSelf(const Actor& actor, const SelfChanges& changes, std::optional<int> expectedVersion);
  // Ends every live session of the user (admin only); answers how many there were. Other server
  // processes notice within their session cache's lifetime.
  int revokeSessions(const Actor& actor, Id id);
  // For the command line and seeding: no actor, same rules.
  User createTrusted(NewUser input);

 private:
  void validate(UnitOfWork& uow, User& user, Violations& violations);
  // One unit of work that applies the changes (checked against the version), records them and lets the
  // session cache forget the user; ends the user's sessions where the changes say so.
  User change(const Actor& actor, Id id, const UserChanges& changes, std::optional<int> expectedVersion);
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

  // `client` is the address the attempt comes from (empty: unknown), for throttling per address.
  LoginResult login(const std::string& email, const std::string& password, const std::string& client = {});
  Authenticated authenticate(const std::string& token);
  void logout(const std::string& token);
  // The logged-in user changes their own password: the current one must be right (a wrong one
  // counts as a failed login), the new one must meet the policy. Every other session of the user
  // ends; the one with `token` stays.
  void changePassword(const Actor& actor, const std::string& token, const std::string& currentPassword,
                      const std::string& newPassword, const std::string& client = {});

 private:
  // Throws too_many_requests when the account or the client address may not try now.
  void refuseIfThrottled(UnitOfWork& uow, const std::string& foldedEmail, const std::string& client, Timestamp now);
  void recordFailure(UnitOfWork& uow, const std::string& foldedEmail, const std::string& client, Timestamp now);
  // How often a session's last use is written: at most once a minute, and often enough that a
  // session in use never looks idle.
  std::chrono::seconds touchInterval() const;
  Store& store_;
  Secrets& secrets_;
  const Clock& clock_;
  AuthSettings settings_;
  SessionCache& sessions_;
  std::string dummy_hash_;
};

}  // namespace brobygger::domain

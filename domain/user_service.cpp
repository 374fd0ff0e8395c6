#include <algorithm>

#include "domain/audit.hpp"
#include "domain/policy.hpp"
#include "domain/services.hpp"
#include "domain/validation.hpp"
#include "domain/write.hpp"

namespace brobygger::domain {

void checkPasswordPolicy(Violations& violations, const std::string& field, const std::string& password,
                         const AuthSettings& settings) {
  const auto length = utf8Length(password);
  if (!length || *length < settings.min_password_length) {
    violations.add(field, "must be at least " + std::to_string(settings.min_password_length) + " characters");
  } else if (*length > 200) {
    violations.add(field, "must be at most 200 characters");
  }
}

void UserService::validate(UnitOfWork& uow, User& user, Violations& violations) {
  user.name = trim(user.name);
  checkText(violations, "name", user.name, 2, 200);
  if (user.role == Role::partner) {
    if (!user.organisation_id) {
      violations.add("organisation_id", "is required for a partner");
    } else if (!uow.organisations().find(*user.organisation_id)) {
      violations.add("organisation_id", "is not a known organisation");
    }
  } else if (user.organisation_id) {
    violations.add("organisation_id", "only partners belong to an organisation");
  }
  if (!user.police_district_ids.empty()) {
    std::sort(user.police_district_ids.begin(), user.police_district_ids.end());
    user.police_district_ids.erase(std::unique(user.police_district_ids.begin(), user.police_district_ids.end()),
                                   user.police_district_ids.end());
    if (user.role != Role::officer) {
      violations.add("police_district_ids", "only officers are limited to police districts");
    } else {
      const auto reference = uow.reference().load();
      for (const auto district : user.police_district_ids) {
        const bool known = std::any_of(reference.police_districts.begin(), reference.police_districts.end(),
                                       [&](const PoliceDistrict& d) { return d.id == district; });
        if (!known) {
          violations.add("police_district_ids", "holds an unknown police district");
          break;
        }
      }
    }
  }
}

Page<User> UserService::list(const Actor& actor, const UserQuery& query) {
  authorize(actor, Action::list_users);
  auto uow = store_.begin(Access::read);
  return uow->users().list(query);
}

std::int64_t UserService::exportList(const Actor& actor, UserQuery query, const RowBatches<User>& sink) {
  authorize(actor, Action::list_users);
  auto uow = store_.begin(Access::read);
  return readAllPages<User>(
      [&](const PageRequest& page) {
        query.page = page;
        return uow->users().list(query);
      },
      sink);
}

std::vector<User> UserService::staff(const Actor& actor) {
  authorize(actor, Action::list_staff);
  auto uow = store_.begin(Access::read);
  std::vector<User> out;
  UserQuery query;  // in the register's name order
  query.status = UserStatus::active;
  query.page.limit = PageRequest::kMaxLimit;
  for (;;) {
    auto page = uow->users().list(query);
    for (auto& user : page.items)
      if (user.role == Role::admin || user.role == Role::officer) out.push_back(std::move(user));
    query.page.offset += query.page.limit;
    if (query.page.offset >= page.total) break;
  }
  return out;
}

User UserService::get(const Actor& actor, Id id) {
  authorize(actor, Action::read_user);
  auto uow = store_.begin(Access::read);
  auto user = uow->users().find(id);
  if (!user) throwNotFound("User");
  return *user;
}

User UserService::create(const Actor& actor, NewUser input) {
  authorize(actor, Action::create_user);
  return createTrusted(std::move(input));
}

User UserService::createTrusted(NewUser input) {
  Violations emailViolations;
  const auto email = foldCase(trim(input.email));
  if (!isValidEmail(email)) emailViolations.add("email", "is not a valid email address");
  User user;
  user.email = email;
  user.name = std::move(input.name);
  user.role = input.role;
  user.organisation_id = input.organisation_id;
  user.police_district_ids = std::move(input.police_district_ids);
  user.language = input.language;
  user.created_at = user.updated_at = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    auto violations = emailViolations;  // a fresh copy should the work run again
    validate(uow, user, violations);
    checkPasswordPolicy(violations, "password", input.password, settings_);
    violations.throwIfAny();
    if (auto existing = uow.users().findByEmail(email))
      throw DomainError(ErrorCode::conflict, "A user with this email address already exists",
                        {{"email", "already registered"}}, existing->id);
    user.password_hash = secrets_.hashPassword(input.password);
    user.id = uow.users().insert(user);
    // Staff names and emails are personal: recorded as set, not copied.
    std::vector<FieldChange> fields{{"name", true, std::nullopt, std::nullopt},
                                    {"email", true, std::nullopt, std::nullopt},
                                    {"role", false, std::nullopt, std::string(toString(user.role))}};
    uow.audit().record(
        auditEntry(nullptr, user.created_at, AuditAction::create, "user", user.id, {}, std::move(fields)));
    uow.commit();
    return user;
  });
}

User UserService::update(const Actor& actor, Id id, const UserChanges& changes, std::optional<int> expectedVersion) {
  authorize(actor, Action::update_user);
  if (changes.password) {
    Violations violations;
    checkPasswordPolicy(violations, "password", *changes.password, settings_);
    violations.throwIfAny();
  }
  if (id == actor.user_id) {
    Violations self;
    if (changes.role && *changes.role != Role::admin) self.add("role", "administrators cannot demote themselves");
    if (changes.status && *changes.status == UserStatus::disabled)
      self.add("status", "administrators cannot disable themselves");
    self.throwIfAny();
  }
  return change(actor, id, changes, expectedVersion);
}

User UserService::change(const Actor& actor, Id id, const UserChanges& changes, std::optional<int> expectedVersion) {
  return write(store_, [&](UnitOfWork& uow) {
    auto user = uow.users().find(id);
    if (!user) throwNotFound("User");
    if (expectedVersion && *expectedVersion != user->version)
      throw DomainError(ErrorCode::precondition_failed, "The user was changed by someone else; reload it");
    const int loadedVersion = user->version;
    const auto before = *user;
    if (changes.name) user->name = *changes.name;
    if (changes.role) user->role = *changes.role;
    if (changes.organisation_id) user->organisation_id = *changes.organisation_id;
    if (changes.role && *changes.role != Role::partner && !changes.organisation_id) user->organisation_id.reset();
    if (changes.status) user->status = *changes.status;
    if (changes.police_district_ids) user->police_district_ids = *changes.police_district_ids;
    if (changes.language) user->language = *changes.language;
    if (changes.role && *changes.role != Role::officer && !changes.police_district_ids)
      user->police_district_ids.clear();
    Violations violations;
    validate(uow, *user, violations);
    violations.throwIfAny();
    if (changes.password) user->password_hash = secrets_.hashPassword(*changes.password);
    user->updated_at = clock_.now();
    if (!uow.users().update(*user, loadedVersion))
      throw DomainError(ErrorCode::precondition_failed, "The user was changed by someone else; reload it");
    // A new password, a disabled account or a changed role ends every session the user had.
    const bool endSessions =
        changes.password || changes.status || changes.role || changes.organisation_id || changes.police_district_ids;
    if (endSessions) uow.sessions().revokeAllForUser(id, clock_.now());
    std::vector<FieldChange> fields;
    noteChange(fields, "name", before.name, user->name, true);
    noteChange(fields, "role", toString(before.role), toString(user->role));
    noteChange(fields, "status", toString(before.status), toString(user->status));
    noteChange(
        fields, "organisation_id",
        before.organisation_id ? std::optional<std::string>(std::to_string(*before.organisation_id)) : std::nullopt,
        user->organisation_id ? std::optional<std::string>(std::to_string(*user->organisation_id)) : std::nullopt);
    const auto districts = [](const std::vector<int>& ids) {
      std::string out;
      for (const auto d : ids) out += (out.empty() ? "" : ",") + std::to_string(d);
      return out;
    };
    noteChange(fields, "police_district_ids", districts(before.police_district_ids),
               districts(user->police_district_ids));
    noteChange(fields, "language", toString(before.language), toString(user->language));
    if (changes.password) fields.push_back({"password", true, std::nullopt, std::nullopt});
    uow.audit().record(auditEntry(&actor, user->updated_at, AuditAction::update, "user", id, {}, std::move(fields)));
    uow.commit();
    // Whatever changed, this process must not serve the old user from its session cache.
    sessions_.forgetUser(id);
    user->version = loadedVersion + 1;
    return *user;
  });
}

User UserService::updateSelf(const Actor& actor, const SelfChanges& changes, std::optional<int> expectedVersion) {
  authorize(actor, Action::update_self);
  UserChanges own;  // the same change as an administrator's, limited to what a user may set of their own
  own.name = changes.name;
  own.language = changes.language;
  return change(actor, actor.user_id, own, expectedVersion);
}

int UserService::revokeSessions(const Actor& actor, Id id) {
  authorize(actor, Action::revoke_user_sessions);
  return write(store_, [&](UnitOfWork& uow) {
    if (!uow.users().find(id)) throwNotFound("User");
    const int revoked = uow.sessions().revokeAllForUser(id, clock_.now());
    uow.audit().record(auditEntry(&actor, clock_.now(), AuditAction::update, "session", id, {},
                                  {{"sessions_revoked", false, std::nullopt, std::to_string(revoked)}}));
    uow.commit();
    sessions_.forgetUser(id);
    return revoked;
  });
}

}  // namespace brobygger::domain

#include "domain/services.hpp"
#include "domain/validation.hpp"

namespace brobygger::domain {

namespace {

void requireContactAccess(const Actor& actor) {
  if (actor.role == Role::manager) throwForbidden("Managers see aggregates, not people");
}

std::optional<std::string> normaliseOptional(const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  auto trimmed = trim(*value);
  if (trimmed.empty()) return std::nullopt;
  return trimmed;
}

}  // namespace

Contact ContactService::visible(UnitOfWork& uow, const Actor& actor, Id id) {
  requireContactAccess(actor);
  auto found = uow.contacts().find(id);
  if (!found || (actor.isPartner() && actor.organisation_id != found->organisation_id)) throwNotFound("Contact");
  return *found;
}

Page<Contact> ContactService::list(const Actor& actor, ContactQuery query) {
  requireContactAccess(actor);
  if (actor.isPartner()) {
    if (query.organisation_id && query.organisation_id != actor.organisation_id) {
      return Page<Contact>{{}, 0, query.page.limit, query.page.offset};
    }
    query.organisation_id = actor.organisation_id.value_or(-1);
  }
  auto uow = store_.begin(Access::read);
  return uow->contacts().list(query);
}

Page<Contact> ContactService::listForOrganisation(const Actor& actor, Id organisationId, ContactQuery query) {
  requireContactAccess(actor);
  if (actor.isPartner() && actor.organisation_id != organisationId) throwNotFound("Organisation");
  auto uow = store_.begin(Access::read);
  if (!uow->organisations().find(organisationId)) throwNotFound("Organisation");
  query.organisation_id = organisationId;
  return uow->contacts().list(query);
}

Contact ContactService::get(const Actor& actor, Id id) {
  auto uow = store_.begin(Access::read);
  return visible(*uow, actor, id);
}

void ContactService::validate(UnitOfWork& uow, const Actor& actor, Contact& contact,
                              std::optional<Id> previousOrganisation) {
  Violations violations;
  contact.name = trim(contact.name);
  checkText(violations, "name", contact.name, 2, 200);
  contact.title = normaliseOptional(contact.title);
  if (contact.title) checkText(violations, "title", *contact.title, 1, 200);
  contact.email = normaliseOptional(contact.email);
  if (contact.email && !isValidEmail(*contact.email)) violations.add("email", "is not a valid email address");
  contact.phone = normaliseOptional(contact.phone);
  if (contact.phone) {
    if (auto phone = normaliseDanishPhone(*contact.phone)) {
      contact.phone = std::move(phone);
    } else {
      violations.add("phone", "must be a Danish number of 8 digits, e.g. +45 1234 5678");
    }
  }
  if (previousOrganisation != contact.organisation_id) {
    // Partners cannot tell another organisation from a missing one.
    const bool visibleToActor = !actor.isPartner() || actor.organisation_id == contact.organisation_id;
    const auto organisation = visibleToActor ? uow.organisations().find(contact.organisation_id) : std::nullopt;
    if (!organisation) {
      violations.add("organisation_id", "is not a known organisation");
    } else if (organisation->status == RecordStatus::archived) {
      violations.add("organisation_id", "is archived");
    }
  }
  violations.throwIfAny();
  if (contact.email) {
    const auto existing = uow.contacts().findIdByEmail(foldCase(*contact.email));
    if (existing && *existing != contact.id) {
      // Name the existing contact only to someone allowed to see it.
      std::optional<Id> shown;
      if (!actor.isPartner()) {
        shown = existing;
      } else if (auto other = uow.contacts().find(*existing); other && other->organisation_id == actor.organisation_id) {
        shown = existing;
      }
      throw DomainError(ErrorCode::conflict, "A contact with this email address already exists",
                        {{"email", "already registered"}}, shown);
    }
  }
}

Contact ContactService::create(const Actor& actor, NewContact input) {
  requireContactAccess(actor);
  Contact contact;
  contact.organisation_id = input.organisation_id;
  contact.name = std::move(input.name);
  contact.title = std::move(input.title);
  contact.email = std::move(input.email);
  contact.phone = std::move(input.phone);
  contact.language = input.language;
  contact.consent = input.consent;
  contact.created_at = contact.updated_at = clock_.now();
  auto uow = store_.begin(Access::write);
  validate(*uow, actor, contact, std::nullopt);
  contact.id = uow->contacts().insert(contact);
  uow->commit();
  return contact;
}

Contact ContactService::update(const Actor& actor, Id id, const ContactChanges& changes,
                               std::optional<int> expectedVersion) {
  auto uow = store_.begin(Access::write);
  auto contact = visible(*uow, actor, id);
  if (expectedVersion && *expectedVersion != contact.version)
    throw DomainError(ErrorCode::precondition_failed, "The contact was changed by someone else; reload it");
  const int loadedVersion = contact.version;
  const Id previousOrganisation = contact.organisation_id;
  if (changes.organisation_id) contact.organisation_id = *changes.organisation_id;
  if (changes.name) contact.name = *changes.name;
  if (changes.title) contact.title = *changes.title;
  if (changes.email) contact.email = *changes.email;
  if (changes.phone) contact.phone = *changes.phone;
  if (changes.language) contact.language = *changes.language;
  if (changes.consent_invitations) contact.consent.invitations = *changes.consent_invitations;
  if (changes.consent_newsletter) contact.consent.newsletter = *changes.consent_newsletter;
  if (changes.status) contact.status = *changes.status;
  validate(*uow, actor, contact, previousOrganisation);
  contact.updated_at = clock_.now();
  if (!uow->contacts().update(contact, loadedVersion))
    throw DomainError(ErrorCode::precondition_failed, "The contact was changed by someone else; reload it");
  uow->commit();
  contact.version = loadedVersion + 1;
  return contact;
}

void ContactService::archive(const Actor& actor, Id id, std::optional<int> expectedVersion) {
  ContactChanges changes;
  changes.status = RecordStatus::archived;
  update(actor, id, changes, expectedVersion);
}

}  // namespace brobygger::domain

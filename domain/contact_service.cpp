#include <algorithm>
#include <set>

#include "domain/audit.hpp"
#include "domain/audit_service.hpp"
#include "domain/dialogue_privacy.hpp"
#include "domain/policy.hpp"
#include "domain/services.hpp"
#include "domain/validation.hpp"
#include "domain/write.hpp"

namespace brobygger::domain {

namespace {

std::optional<std::string> normaliseOptional(const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  auto trimmed = trim(*value);
  if (trimmed.empty()) return std::nullopt;
  return trimmed;
}

const char* yesNo(bool value) { return value ? "true" : "false"; }

}  // namespace

// What a contact write changed. A person's name, title, email and phone are personal: the trail
// records that they changed, not their values.
std::vector<FieldChange> ContactService::auditChanges(const Contact& before, const Contact& after) {
  std::vector<FieldChange> changes;
  noteChange(changes, "organisation_id", std::to_string(before.organisation_id), std::to_string(after.organisation_id));
  noteChange(changes, "name", before.name, after.name, true);
  noteChange(changes, "title", before.title, after.title, true);
  noteChange(changes, "email", before.email, after.email, true);
  noteChange(changes, "phone", before.phone, after.phone, true);
  noteChange(changes, "language", toString(before.language), toString(after.language));
  noteChange(changes, "consent_invitations", yesNo(before.consent.invitations), yesNo(after.consent.invitations));
  noteChange(changes, "consent_newsletter", yesNo(before.consent.newsletter), yesNo(after.consent.newsletter));
  noteChange(changes, "status", toString(before.status), toString(after.status));
  return changes;
}

namespace {

std::vector<Id> idsOf(const Page<Contact>& page) {
  std::vector<Id> ids;
  for (const auto& c : page.items) ids.push_back(c.id);
  return ids;
}

}  // namespace

Contact ContactService::visible(UnitOfWork& uow, const Actor& actor, Id id, Action action) {
  authorize(actor, action);
  auto found = uow.contacts().find(id);
  if (!found) throwNotFound("Contact");
  Reach reach{found->organisation_id, std::nullopt};
  if (actor.limitedToDistricts()) {
    if (const auto organisation = uow.organisations().find(found->organisation_id))
      reach.police_district_id = organisation->police_district_id;
  }
  authorizeOn(actor, action, reach, "Contact");
  return *found;
}

Page<Contact> ContactService::list(const Actor& actor, ContactQuery query) {
  authorize(actor, Action::list_contacts);
  if (actor.isPartner()) {
    if (query.organisation_id && query.organisation_id != actor.organisation_id) {
      return Page<Contact>{{}, 0, query.page.limit, query.page.offset};
    }
    query.organisation_id = actor.organisation_id.value_or(-1);
  }
  query.within_districts = actor.police_district_ids;
  auto uow = store_.begin(Access::read);
  auto page = uow->contacts().list(query);
  if (!page.items.empty())
    uow->audit().record(
        auditEntry(&actor, clock_.now(), AuditAction::read, "contact_list", query.organisation_id, idsOf(page)));
  return page;
}

std::int64_t ContactService::exportList(const Actor& actor, ContactQuery query, const RowBatches<Contact>& sink) {
  authorize(actor, Action::list_contacts);
  if (actor.isPartner()) {
    if (query.organisation_id && query.organisation_id != actor.organisation_id) return 0;
    query.organisation_id = actor.organisation_id.value_or(-1);
  }
  query.within_districts = actor.police_district_ids;
  auto uow = store_.begin(Access::read);
  std::set<Id> people;
  const auto rows = readAllPages<Contact>(
      [&](const PageRequest& page) {
        query.page = page;
        return uow->contacts().list(query);
      },
      [&](const std::vector<Contact>& batch) {
        for (const auto& c : batch) people.insert(c.id);
        sink(batch);
      });
  if (rows > 0) recordExport(uow->audit(), actor, clock_.now(), "contact_list", query.organisation_id, people);
  return rows;
}

Page<Contact> ContactService::listForOrganisation(const Actor& actor, Id organisationId, ContactQuery query) {
  authorize(actor, Action::list_contacts);
  auto uow = store_.begin(Access::read);
  const auto organisation = uow->organisations().find(organisationId);
  if (!organisation) throwNotFound("Organisation");
  authorizeOn(actor, Action::list_contacts, {organisationId, organisation->police_district_id}, "Organisation");
  query.organisation_id = organisationId;
  auto page = uow->contacts().list(query);
  if (!page.items.empty())
    uow->audit().record(
        auditEntry(&actor, clock_.now(), AuditAction::read, "contact_list", organisationId, idsOf(page)));
  return page;
}

Contact ContactService::get(const Actor& actor, Id id) {
  auto uow = store_.begin(Access::read);
  auto contact = visible(*uow, actor, id, Action::read_contact);
  uow->audit().record(auditEntry(&actor, clock_.now(), AuditAction::read, "contact", id, {id}));
  return contact;
}

void ContactService::checkFields(Contact& contact, Violations& violations) {
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
}

void ContactService::validate(UnitOfWork& uow, const Actor& actor, Contact& contact,
                              std::optional<Id> previousOrganisation) {
  Violations violations;
  checkFields(contact, violations);
  if (previousOrganisation != contact.organisation_id) {
    // Partners cannot tell another organisation from a missing one.
    const bool visibleToActor = !actor.isPartner() || actor.organisation_id == contact.organisation_id;
    auto organisation = visibleToActor ? uow.organisations().find(contact.organisation_id) : std::nullopt;
    if (organisation && !actor.coversDistrict(organisation->police_district_id)) organisation.reset();
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
      const auto sameOrganisation = [&] {
        const auto other = uow.contacts().find(*existing);
        return other && other->organisation_id == actor.organisation_id;
      };
      const std::optional<Id> shown = !actor.isPartner() || sameOrganisation() ? existing : std::nullopt;
      throw DomainError(ErrorCode::conflict, "A contact with this email address already exists",
                        {{"email", "already registered"}}, shown);
    }
  }
}

Contact ContactService::create(const Actor& actor, NewContact input) {
  authorize(actor, Action::create_contact);
  return write(store_, [&](UnitOfWork& uow) {
    auto contact = createIn(uow, actor, input, clock_.now());  // a copy: the work may run again
    uow.commit();
    return contact;
  });
}

Contact ContactService::createIn(UnitOfWork& uow, const Actor& actor, NewContact input, Timestamp now) {
  authorize(actor, Action::create_contact);
  Contact contact;
  contact.organisation_id = input.organisation_id;
  contact.name = std::move(input.name);
  contact.title = std::move(input.title);
  contact.email = std::move(input.email);
  contact.phone = std::move(input.phone);
  contact.language = input.language;
  contact.consent = input.consent;
  contact.created_at = contact.updated_at = now;
  contact.consent.updated_at = contact.created_at;
  contact.consent.source = toString(actor.role);
  validate(uow, actor, contact, std::nullopt);
  contact.id = uow.contacts().insert(contact);
  Contact blank;
  blank.organisation_id = 0;
  blank.name.clear();
  uow.audit().record(auditEntry(&actor, contact.created_at, AuditAction::create, "contact", contact.id, {contact.id},
                                auditChanges(blank, contact)));
  return contact;
}

Contact ContactService::update(const Actor& actor, Id id, const ContactChanges& changes,
                               std::optional<int> expectedVersion, Action action) {
  return write(store_, [&](UnitOfWork& uow) {
    auto contact = visible(uow, actor, id, action);
    if (expectedVersion && *expectedVersion != contact.version)
      throw DomainError(ErrorCode::precondition_failed, "The contact was changed by someone else; reload it");
    const int loadedVersion = contact.version;
    const Id previousOrganisation = contact.organisation_id;
    const auto before = contact;
    if (changes.organisation_id) contact.organisation_id = *changes.organisation_id;
    if (changes.name) contact.name = *changes.name;
    if (changes.title) contact.title = *changes.title;
    if (changes.email) contact.email = *changes.email;
    if (changes.phone) contact.phone = *changes.phone;
    if (changes.language) contact.language = *changes.language;
    if (changes.consent_invitations) contact.consent.invitations = *changes.consent_invitations;
    if (changes.consent_newsletter) contact.consent.newsletter = *changes.consent_newsletter;
    if (changes.status) contact.status = *changes.status;
    if (contact.erased_at)
      throw DomainError(ErrorCode::conflict, "The person was erased; an anonymous participant cannot be edited");
    validate(uow, actor, contact, previousOrganisation);
    contact.updated_at = clock_.now();
    if (contact.consent.invitations != before.consent.invitations ||
        contact.consent.newsletter != before.consent.newsletter) {
      contact.consent.updated_at = contact.updated_at;
      contact.consent.source = toString(actor.role);
    }
    if (!uow.contacts().update(contact, loadedVersion))
      throw DomainError(ErrorCode::precondition_failed, "The contact was changed by someone else; reload it");
    uow.audit().record(auditEntry(&actor, contact.updated_at, AuditAction::update, "contact", contact.id, {contact.id},
                                  auditChanges(before, contact)));
    uow.commit();
    contact.version = loadedVersion + 1;
    return contact;
  });
}

ContactExport ContactService::exportData(const Actor& actor, Id id) {
  auto uow = store_.begin(Access::read);
  ContactExport out;
  out.contact = visible(*uow, actor, id, Action::export_contact);
  if (const auto organisation = uow->organisations().find(out.contact.organisation_id))
    out.organisation_name = organisation->name;
  out.registrations = uow->registrations().ofContact(id);
  for (const auto& r : out.registrations) {
    const bool known =
        std::any_of(out.events.begin(), out.events.end(), [&](const Event& e) { return e.id == r.event_id; });
    if (!known)
      if (auto event = uow->events().find(r.event_id)) out.events.push_back(std::move(*event));
  }
  AuditQuery about;
  about.subject = id;
  about.page = {10000, 0};
  out.history = uow->audit().search(about).items;
  out.activities = uow->activities().naming(id);
  out.follow_ups = uow->followUps().about(id);
  const auto nameOf = [&](Id organisationId) {
    if (out.organisation_names.count(organisationId)) return;
    if (const auto o = uow->organisations().find(organisationId)) out.organisation_names[organisationId] = o->name;
  };
  for (const auto& a : out.activities) nameOf(a.organisation_id);
  for (const auto& f : out.follow_ups) nameOf(f.organisation_id);
  uow->audit().record(auditEntry(&actor, clock_.now(), AuditAction::export_, "contact", id, {id}));
  return out;
}

Contact ContactService::erase(const Actor& actor, Id id) {
  return write(store_, [&](UnitOfWork& uow) {
    const auto contact = visible(uow, actor, id, Action::erase_contact);
    eraseIn(uow, actor, contact, clock_.now());
    auto erased = *uow.contacts().find(id);
    uow.commit();
    return erased;
  });
}

void ContactService::eraseIn(UnitOfWork& uow, const Actor& actor, const Contact& contact, Timestamp now) {
  if (contact.erased_at) return;
  // The dialogue log first, while the person's values are known: out of its activities, and their
  // name, email and phone out of its free text.
  eraseFromDialogue(uow, &actor, contact, now);
  uow.contacts().erase(contact.id, now);
  uow.feeds().revokeFor(FeedOwner::contact, contact.id, now);
  uow.audit().record(auditEntry(&actor, now, AuditAction::erase, "contact", contact.id, {contact.id},
                                {{"name", true, std::nullopt, std::nullopt},
                                 {"title", true, std::nullopt, std::nullopt},
                                 {"email", true, std::nullopt, std::nullopt},
                                 {"phone", true, std::nullopt, std::nullopt}}));
}

int ContactService::eraseOrganisationContacts(const Actor& actor, Id organisationId) {
  authorize(actor, Action::erase_organisation_contacts);
  // One unit of work: every person of the organisation goes, or none does.
  return write(store_, [&](UnitOfWork& uow) {
    const auto organisation = uow.organisations().find(organisationId);
    if (!organisation) throwNotFound("Organisation");
    authorizeOn(actor, Action::erase_organisation_contacts, {organisationId, organisation->police_district_id},
                "Organisation");
    std::vector<Contact> people;
    ContactQuery query;
    query.organisation_id = organisationId;
    query.status = StatusFilter::all;
    query.page = {PageRequest::kMaxLimit, 0};
    for (;;) {
      const auto page = uow.contacts().list(query);
      for (const auto& c : page.items)
        if (!c.erased_at) people.push_back(c);
      if (query.page.offset + query.page.limit >= page.total) break;
      query.page.offset += query.page.limit;
    }
    const auto now = clock_.now();
    for (const auto& person : people) eraseIn(uow, actor, person, now);
    uow.commit();
    return static_cast<int>(people.size());
  });
}

void ContactService::archive(const Actor& actor, Id id, std::optional<int> expectedVersion) {
  ContactChanges changes;
  changes.status = RecordStatus::archived;
  update(actor, id, changes, expectedVersion, Action::archive_contact);
}

}  // namespace brobygger::domain

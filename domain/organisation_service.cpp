#include "domain/audit.hpp"
#include "domain/policy.hpp"
#include "domain/services.hpp"
#include "domain/validation.hpp"
#include "domain/write.hpp"

namespace brobygger::domain {

namespace {

std::optional<std::string> idText(const std::optional<Id>& id) {
  return id ? std::optional<std::string>(std::to_string(*id)) : std::nullopt;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

}  // namespace

// The fields an organisation write changed, old and new (organisations hold no personal data).
std::vector<FieldChange> OrganisationService::auditChanges(const Organisation& before, const Organisation& after) {
  std::vector<FieldChange> changes;
  noteChange(changes, "name", before.name, after.name);
  noteChange(changes, "kind", before.kind, after.kind);
  noteChange(changes, "cvr", before.cvr, after.cvr);
  noteChange(changes, "municipality_id", std::to_string(before.municipality_id), std::to_string(after.municipality_id));
  noteChange(changes, "address", before.address, after.address);
  noteChange(changes, "website", before.website, after.website);
  noteChange(changes, "tags", joined(before.tags), joined(after.tags));
  noteChange(changes, "status", toString(before.status), toString(after.status));
  noteChange(changes, "responsible_user_id", idText(before.responsible_user_id), idText(after.responsible_user_id));
  return changes;
}

namespace {

std::optional<std::string> normaliseOptional(const std::optional<std::string>& value) {
  if (!value) return std::nullopt;
  auto trimmed = trim(*value);
  if (trimmed.empty()) return std::nullopt;
  return trimmed;
}

std::string cvrDigits(const std::string& cvr) {
  std::string digits;
  for (char c : cvr) {
    if (c != ' ') digits.push_back(c);
  }
  return digits;
}

// An officer limited to police districts keeps organisations inside them.
void requireDistrict(const Actor& actor, const Organisation& organisation) {
  if (!actor.coversDistrict(organisation.police_district_id))
    throwInvalid("municipality_id", "is outside your police districts");
}

}  // namespace

Organisation OrganisationService::visible(UnitOfWork& uow, const Actor& actor, Id id, Action action) {
  authorizeUnlessConcealed(actor, action);
  if (!reaches(actor, action, {id, std::nullopt}) && actor.isPartner()) throwNotFound("Organisation");
  auto found = uow.organisations().find(id);
  if (!found) throwNotFound("Organisation");
  // An officer limited to police districts does not see organisations elsewhere.
  authorizeOn(actor, action, {id, found->police_district_id}, "Organisation");
  return *found;
}

Page<Organisation> OrganisationService::list(const Actor& actor, OrganisationQuery query) {
  authorize(actor, Action::list_organisations);
  if (actor.isPartner()) {
    query.only_id = actor.organisation_id.value_or(-1);
    query.status = StatusFilter::all;
  }
  query.within_districts = actor.police_district_ids;
  auto uow = store_.begin(Access::read);
  return uow->organisations().list(query);
}

std::int64_t OrganisationService::exportList(const Actor& actor, OrganisationQuery query,
                                             const RowBatches<Organisation>& sink) {
  authorize(actor, Action::list_organisations);
  if (actor.isPartner()) {
    query.only_id = actor.organisation_id.value_or(-1);
    query.status = StatusFilter::all;
  }
  query.within_districts = actor.police_district_ids;
  auto uow = store_.begin(Access::read);
  return readAllPages<Organisation>(
      [&](const PageRequest& page) {
        query.page = page;
        return uow->organisations().list(query);
      },
      sink);
}

std::int64_t OrganisationService::revision() {
  auto uow = store_.begin(Access::read);
  return uow->organisations().revision();
}

Organisation OrganisationService::get(const Actor& actor, Id id) {
  auto uow = store_.begin(Access::read);
  return visible(*uow, actor, id, Action::read_organisation);
}

void OrganisationService::checkFields(const ReferenceCatalog& catalog, Organisation& organisation,
                                      Violations& violations) {
  organisation.name = trim(organisation.name);
  checkText(violations, "name", organisation.name, 2, 200);
  if (!catalog.hasOrganisationKind(organisation.kind)) violations.add("kind", "is not a known organisation kind");
  organisation.cvr = normaliseOptional(organisation.cvr);
  if (organisation.cvr) {
    organisation.cvr = cvrDigits(*organisation.cvr);
    if (!isValidCvr(*organisation.cvr)) violations.add("cvr", "is not a valid CVR number (8 digits, modulus 11)");
  }
  if (const auto* municipality = catalog.municipality(organisation.municipality_id)) {
    organisation.police_district_id = municipality->police_district_id;
    organisation.region_id = municipality->region_id;
  } else {
    violations.add("municipality_id", "is not a known municipality");
  }
  organisation.address = normaliseOptional(organisation.address);
  if (organisation.address) checkText(violations, "address", *organisation.address, 1, 500, true);
  organisation.website = normaliseOptional(organisation.website);
  if (organisation.website && !isValidHttpUrl(*organisation.website))
    violations.add("website", "must be an http:// or https:// address");
  checkTags(violations, organisation.tags);
}

void OrganisationService::validate(UnitOfWork& uow, Organisation& organisation, std::optional<Id> previousResponsible) {
  Violations violations;
  checkFields(catalog_, organisation, violations);
  // Checked only when set or changed: an officer who later changes role must not block every
  // other edit of the organisations they were responsible for.
  if (organisation.responsible_user_id && organisation.responsible_user_id != previousResponsible) {
    const auto user = uow.users().find(*organisation.responsible_user_id);
    if (!user || (user->role != Role::officer && user->role != Role::admin))
      violations.add("responsible_user_id", "must be an officer or administrator");
  }
  violations.throwIfAny();
  if (organisation.cvr) {
    const auto existing = uow.organisations().findIdByCvr(*organisation.cvr);
    if (existing && *existing != organisation.id)
      throw DomainError(ErrorCode::conflict, "An organisation with this CVR number already exists",
                        {{"cvr", "already registered"}}, *existing);
  }
}

Organisation OrganisationService::create(const Actor& actor, NewOrganisation input) {
  authorize(actor, Action::create_organisation);
  Organisation organisation;
  organisation.name = std::move(input.name);
  organisation.kind = std::move(input.kind);
  organisation.cvr = std::move(input.cvr);
  organisation.municipality_id = input.municipality_id;
  organisation.address = std::move(input.address);
  organisation.website = std::move(input.website);
  organisation.tags = std::move(input.tags);
  organisation.responsible_user_id = input.responsible_user_id;
  organisation.created_at = organisation.updated_at = clock_.now();
  return write(store_, [&](UnitOfWork& uow) {
    validate(uow, organisation, std::nullopt);
    requireDistrict(actor, organisation);
    organisation.id = uow.organisations().insert(organisation);
    Organisation blank;
    blank.municipality_id = 0;
    uow.audit().record(auditEntry(&actor, organisation.created_at, AuditAction::create, "organisation", organisation.id,
                                  {}, auditChanges(blank, organisation)));
    uow.commit();
    return organisation;
  });
}

Organisation OrganisationService::update(const Actor& actor, Id id, const OrganisationChanges& changes,
                                         std::optional<int> expectedVersion, Action action) {
  return write(store_, [&](UnitOfWork& uow) {
    auto organisation = visible(uow, actor, id, action);  // someone else's organisation stays a 404
    if (grantOf(actor, action) == Grant::own) {
      // A partner keeps its own organisation's name and contact details current; classification,
      // status and responsibility stay with the officers.
      Violations violations;
      if (changes.kind) violations.add("kind", "may only be changed by an officer");
      if (changes.cvr) violations.add("cvr", "may only be changed by an officer");
      if (changes.municipality_id) violations.add("municipality_id", "may only be changed by an officer");
      if (changes.tags) violations.add("tags", "may only be changed by an officer");
      if (changes.status) violations.add("status", "may only be changed by an officer");
      if (changes.responsible_user_id) violations.add("responsible_user_id", "may only be changed by an officer");
      violations.throwIfAny();
    }
    if (organisation.status == RecordStatus::merged)
      throw DomainError(ErrorCode::conflict, "The organisation was merged into organisation " +
                                                 std::to_string(organisation.merged_into_id.value_or(0)) +
                                                 "; change that one, or undo the merge");
    if (expectedVersion && *expectedVersion != organisation.version)
      throw DomainError(ErrorCode::precondition_failed, "The organisation was changed by someone else; reload it");
    const int loadedVersion = organisation.version;
    const auto previousResponsible = organisation.responsible_user_id;
    const auto before = organisation;
    if (changes.name) organisation.name = *changes.name;
    if (changes.kind) organisation.kind = *changes.kind;
    if (changes.cvr) organisation.cvr = *changes.cvr;
    if (changes.municipality_id) organisation.municipality_id = *changes.municipality_id;
    if (changes.address) organisation.address = *changes.address;
    if (changes.website) organisation.website = *changes.website;
    if (changes.tags) organisation.tags = *changes.tags;
    if (changes.status) organisation.status = *changes.status;
    if (changes.responsible_user_id) organisation.responsible_user_id = *changes.responsible_user_id;
    validate(uow, organisation, previousResponsible);
    requireDistrict(actor, organisation);
    organisation.updated_at = clock_.now();
    if (!uow.organisations().update(organisation, loadedVersion))
      throw DomainError(ErrorCode::precondition_failed, "The organisation was changed by someone else; reload it");
    uow.audit().record(auditEntry(&actor, organisation.updated_at, AuditAction::update, "organisation", organisation.id,
                                  {}, auditChanges(before, organisation)));
    uow.commit();
    organisation.version = loadedVersion + 1;
    return organisation;
  });
}

void OrganisationService::archive(const Actor& actor, Id id, std::optional<int> expectedVersion) {
  OrganisationChanges changes;
  changes.status = RecordStatus::archived;
  update(actor, id, changes, expectedVersion, Action::archive_organisation);
}

}  // namespace brobygger::domain

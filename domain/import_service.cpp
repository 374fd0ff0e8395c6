#include "domain/import_service.hpp"
#include "domain/write.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include "domain/audit.hpp"
#include "domain/policy.hpp"
#include "domain/services.hpp"
#include "domain/validation.hpp"

namespace brobygger::domain {

// ---- Codes ---------------------------------------------------------------------------------------

const char* toString(ImportKind kind) noexcept {
  return kind == ImportKind::organisations ? "organisations" : "contacts";
}
const char* toString(ImportStatus status) noexcept { return status == ImportStatus::preview ? "preview" : "committed"; }
const char* toString(ImportRowStatus status) noexcept {
  switch (status) {
    case ImportRowStatus::new_: return "new";
    case ImportRowStatus::update: return "update";
    case ImportRowStatus::unchanged: return "unchanged";
    case ImportRowStatus::duplicate: return "duplicate";
    case ImportRowStatus::invalid: return "invalid";
  }
  return "invalid";
}
const char* toString(ImportRowAction action) noexcept {
  switch (action) {
    case ImportRowAction::create: return "create";
    case ImportRowAction::update: return "update";
    case ImportRowAction::skip: return "skip";
  }
  return "skip";
}
const char* toString(MatchBy by) noexcept {
  switch (by) {
    case MatchBy::cvr: return "cvr";
    case MatchBy::email: return "email";
    case MatchBy::name: return "name";
  }
  return "name";
}
std::optional<ImportKind> importKindFrom(std::string_view code) noexcept {
  if (code == "organisations") return ImportKind::organisations;
  if (code == "contacts") return ImportKind::contacts;
  return std::nullopt;
}
std::optional<ImportStatus> importStatusFrom(std::string_view code) noexcept {
  if (code == "preview") return ImportStatus::preview;
  if (code == "committed") return ImportStatus::committed;
  return std::nullopt;
}
std::optional<ImportRowStatus> importRowStatusFrom(std::string_view code) noexcept {
  for (auto s : {ImportRowStatus::new_, ImportRowStatus::update, ImportRowStatus::unchanged, ImportRowStatus::duplicate,
                 ImportRowStatus::invalid})
    if (code == toString(s)) return s;
  return std::nullopt;
}
std::optional<ImportRowAction> importRowActionFrom(std::string_view code) noexcept {
  for (auto a : {ImportRowAction::create, ImportRowAction::update, ImportRowAction::skip})
    if (code == toString(a)) return a;
  return std::nullopt;
}
std::optional<MatchBy> matchByFrom(std::string_view code) noexcept {
  for (auto b : {MatchBy::cvr, MatchBy::email, MatchBy::name})
    if (code == toString(b)) return b;
  return std::nullopt;
}

const std::vector<std::string>& importFields(ImportKind kind) {
  static const std::vector<std::string> organisations{"name", "cvr", "municipality_id", "kind", "address", "website"};
  static const std::vector<std::string> contacts{"name", "email", "phone", "title", "organisation_id"};
  return kind == ImportKind::organisations ? organisations : contacts;
}

// ---- Column mapping ------------------------------------------------------------------------------

std::optional<std::string> fieldForHeader(ImportKind kind, std::string_view header) {
  // Headers compared as names are (case, spacing, punctuation and the Danish letters folded).
  static const std::vector<std::pair<std::string, std::vector<std::string>>> organisationHeaders{
      {"name", {"navn", "name", "organisation", "organisationsnavn", "organisationnavn", "organization"}},
      {"cvr", {"cvr", "cvrnr", "cvrnummer", "cvrno", "cvrnumber"}},
      {"municipality_id",
       {"kommune", "municipality", "kommunenr", "kommunenummer", "kommunekode", "municipalityid", "municipalitycode"}},
      {"kind", {"type", "kind", "art", "organisationstype", "organisationtype"}},
      {"address", {"adresse", "address", "postadresse"}},
      {"website", {"hjemmeside", "website", "web", "url", "www", "webside"}},
  };
  static const std::vector<std::pair<std::string, std::vector<std::string>>> contactHeaders{
      {"name", {"navn", "name", "fuldtnavn", "fullname", "kontaktperson", "contact"}},
      {"email", {"email", "epost", "mail", "emailadresse", "mailadresse", "emailaddress"}},
      {"phone", {"telefon", "phone", "tlf", "tlfnr", "telefonnummer", "mobil", "mobile", "telephone", "phonenumber"}},
      {"title", {"titel", "title", "stilling", "jobtitel", "jobtitle"}},
      {"organisation_id",
       {"organisation", "organization", "organisationid", "virksomhed", "arbejdssted", "cvr", "organisationscvr"}},
  };
  const auto key = nameMatchKey(header);
  for (const auto& [field, names] : kind == ImportKind::organisations ? organisationHeaders : contactHeaders)
    if (std::find(names.begin(), names.end(), key) != names.end()) return field;
  return std::nullopt;
}

namespace {

std::vector<std::optional<std::string>> headerMapping(ImportKind kind, const std::vector<std::string>& columns) {
  std::vector<std::optional<std::string>> mapping;
  std::set<std::string> taken;
  for (const auto& column : columns) {
    auto field = fieldForHeader(kind, column);
    if (field && !taken.insert(*field).second) field.reset();  // the first column of a field wins
    mapping.push_back(field);
  }
  return mapping;
}

// Puts `changes` over `mapping`: every column named must exist, every field be one of the kind's, and
// no field be taken by two columns.
void applyMapping(ImportKind kind, const std::vector<std::string>& columns,
                  std::vector<std::optional<std::string>>& mapping, const ImportMapping& changes) {
  Violations violations;
  const auto& fields = importFields(kind);
  for (const auto& [column, field] : changes) {
    const auto it = std::find(columns.begin(), columns.end(), column);
    if (it == columns.end()) {
      violations.add("mapping", "names no column of the file: " + column);
      continue;
    }
    if (field && std::find(fields.begin(), fields.end(), *field) == fields.end()) {
      violations.add("mapping", "maps " + column + " to " + *field + ", which is not a field of " + toString(kind));
      continue;
    }
    mapping[static_cast<std::size_t>(it - columns.begin())] = field;
  }
  std::set<std::string> seen;
  for (const auto& field : mapping)
    if (field && !seen.insert(*field).second) violations.add("mapping", "maps two columns to " + *field);
  violations.throwIfAny();
}

// ---- Evaluation ----------------------------------------------------------------------------------

bool allDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string withoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '-') out.push_back(c);
  return out;
}

std::optional<int> smallNumber(std::string_view text) {
  if (!allDigits(text) || text.size() > 6) return std::nullopt;
  return std::stoi(std::string(text));
}

// The row's cells by field (trimmed; empty cells count as not given).
std::map<std::string, std::string> givenValues(const std::vector<std::optional<std::string>>& mapping,
                                               const ImportRow& row) {
  std::map<std::string, std::string> values;
  for (std::size_t i = 0; i < mapping.size() && i < row.cells.size(); ++i) {
    if (!mapping[i]) continue;
    auto value = trim(row.cells[i]);
    if (!value.empty()) values[*mapping[i]] = std::move(value);
  }
  return values;
}

const char* kRequired = "is required";

class Evaluator {
 public:
  Evaluator(ImportKind kind, const RegisterSnapshot& snapshot, const ReferenceCatalog& catalog, const Actor& actor)
      : kind_(kind), snapshot_(snapshot), catalog_(catalog), actor_(actor) {
    for (std::size_t i = 0; i < snapshot.organisations.size(); ++i) {
      const auto& o = snapshot.organisations[i];
      organisation_by_id_[o.id] = i;
      if (o.cvr) organisation_by_cvr_.emplace(*o.cvr, i);
      const auto key = nameMatchKey(o.name);
      organisation_by_name_.emplace(std::to_string(o.municipality_id) + "|" + key, i);
      auto [it, fresh] = organisation_by_bare_name_.emplace(key, i);
      if (!fresh) it->second = kAmbiguous;
    }
    for (std::size_t i = 0; i < snapshot.contacts.size(); ++i) {
      const auto& c = snapshot.contacts[i];
      if (c.email) contact_by_email_.emplace(foldCase(*c.email), i);
      contact_by_name_.emplace(std::to_string(c.organisation_id) + "|" + nameMatchKey(c.name), i);
    }
    for (const auto& m : catalog.data().municipalities) {
      municipality_by_name_[nameMatchKey(m.name_da)] = m.id;
      municipality_by_name_[nameMatchKey(m.name_en)] = m.id;
      municipality_by_name_[nameMatchKey(m.code)] = m.id;
    }
    for (const auto& k : catalog.data().organisation_kinds) {
      kind_by_name_[nameMatchKey(k.code)] = k.code;
      kind_by_name_[nameMatchKey(k.name_da)] = k.code;
      kind_by_name_[nameMatchKey(k.name_en)] = k.code;
    }
  }

  void evaluate(ImportRow& row, const std::vector<std::optional<std::string>>& mapping) {
    row.errors.clear();
    row.match.reset();
    row.values = givenValues(mapping, row);
    if (kind_ == ImportKind::organisations) evaluateOrganisation(row);
    else evaluateContact(row);
    if (!row.errors.empty()) row.status = ImportRowStatus::invalid;
    if (!row.decided || !allowed(row.status, row.action)) {
      row.decided = false;
      row.action = defaultAction(row.status);
    }
  }

  // The record a row would write (valid rows only): the matched one with the row's values over it,
  // or a new one.
  const Organisation& organisation() const { return organisation_; }
  const Contact& contact() const { return contact_; }
  std::optional<Organisation> matchedOrganisation() const { return matched_organisation_; }
  std::optional<Contact> matchedContact() const { return matched_contact_; }

  static ImportRowAction defaultAction(ImportRowStatus status) {
    if (status == ImportRowStatus::new_) return ImportRowAction::create;
    if (status == ImportRowStatus::update) return ImportRowAction::update;
    return ImportRowAction::skip;
  }
  static bool allowed(ImportRowStatus status, ImportRowAction action) {
    switch (action) {
      case ImportRowAction::skip: return true;
      case ImportRowAction::create: return status == ImportRowStatus::new_ || status == ImportRowStatus::duplicate;
      case ImportRowAction::update: return status == ImportRowStatus::update || status == ImportRowStatus::duplicate;
    }
    return false;
  }

 private:
  static constexpr std::size_t kAmbiguous = static_cast<std::size_t>(-1);

  void fail(ImportRow& row, std::string field, std::string message) {
    row.errors.push_back({std::move(field), std::move(message)});
  }

  // A row repeating an earlier row of the file (the same CVR, email or name) would write one record
  // twice: the later one is invalid, naming the first.
  bool repeats(ImportRow& row, const std::string& key, const std::string& field) {
    const auto [it, fresh] = seen_.emplace(key, row.line);
    if (fresh) return false;
    fail(row, field, "repeats row " + std::to_string(it->second) + " of the file");
    return true;
  }

  void evaluateOrganisation(ImportRow& row) {
    auto& values = row.values;
    matched_organisation_.reset();
    Organisation candidate;
    std::optional<int> municipality;
    if (const auto it = values.find("municipality_id"); it != values.end()) {
      if (const auto number = smallNumber(it->second); number && catalog_.municipality(*number)) {
        municipality = *number;
      } else if (const auto byName = municipality_by_name_.find(nameMatchKey(it->second));
                 byName != municipality_by_name_.end()) {
        municipality = byName->second;
      } else {
        fail(row, "municipality_id", "is not a known municipality");
      }
      if (municipality) it->second = std::to_string(*municipality);
    }
    if (const auto it = values.find("kind"); it != values.end()) {
      if (const auto found = kind_by_name_.find(nameMatchKey(it->second)); found != kind_by_name_.end()) {
        it->second = found->second;
      } else {
        fail(row, "kind", "is not a known organisation kind");
      }
    }
    std::optional<std::string> cvr;
    if (const auto it = values.find("cvr"); it != values.end()) {
      it->second = withoutSpaces(it->second);
      cvr = it->second;
    }
    // Matching: by CVR; else by name within the municipality.
    if (cvr) {
      if (const auto it = organisation_by_cvr_.find(*cvr); it != organisation_by_cvr_.end()) {
        matched_organisation_ = snapshot_.organisations[it->second];
        row.match = ImportMatch{matched_organisation_->id, MatchBy::cvr};
      }
    }
    if (!row.match && municipality && values.count("name")) {
      const auto key = std::to_string(*municipality) + "|" + nameMatchKey(values["name"]);
      if (const auto it = organisation_by_name_.find(key); it != organisation_by_name_.end()) {
        const auto& found = snapshot_.organisations[it->second];
        // Another CVR is another organisation, whatever its name.
        if (!cvr || !found.cvr || *found.cvr == *cvr) {
          matched_organisation_ = found;
          row.match = ImportMatch{found.id, MatchBy::name};
        }
      }
    }
    if (matched_organisation_) candidate = *matched_organisation_;
    if (values.count("name")) candidate.name = values["name"];
    if (values.count("kind")) candidate.kind = values["kind"];
    if (cvr) candidate.cvr = cvr;
    if (municipality) candidate.municipality_id = *municipality;
    if (values.count("address")) candidate.address = values["address"];
    if (values.count("website")) candidate.website = values["website"];
    if (!matched_organisation_) {
      for (const char* field : {"name", "kind", "municipality_id"}) {
        const bool said =
            std::any_of(row.errors.begin(), row.errors.end(), [&](const auto& e) { return e.field == field; });
        if (!values.count(field) && !said) fail(row, field, kRequired);
      }
    }
    Violations violations;
    OrganisationService::checkFields(catalog_, candidate, violations);
    for (const auto& v : violations.fields()) {
      const bool said =
          std::any_of(row.errors.begin(), row.errors.end(), [&](const auto& e) { return e.field == v.field; });
      const bool missing = (v.field == "kind" || v.field == "municipality_id") && !values.count(v.field);
      if (!said && !missing) row.errors.push_back(v);
    }
    if (candidate.cvr) values["cvr"] = *candidate.cvr;
    if (municipality && !actor_.coversDistrict(candidate.police_district_id))
      fail(row, "municipality_id", "is outside your police districts");
    if (matched_organisation_ && !actor_.coversDistrict(matched_organisation_->police_district_id))
      fail(row, row.match->by == MatchBy::cvr ? "cvr" : "name",
           "matches an organisation outside your police districts");
    organisation_ = candidate;
    if (!row.errors.empty()) return;
    // Another row of the file writing the same organisation.
    if (matched_organisation_ &&
        repeats(row, "o#" + std::to_string(matched_organisation_->id), row.match->by == MatchBy::cvr ? "cvr" : "name"))
      return;
    if (candidate.cvr && repeats(row, "c#" + *candidate.cvr, "cvr")) return;
    if (repeats(row, "n#" + std::to_string(candidate.municipality_id) + "|" + nameMatchKey(candidate.name), "name"))
      return;
    if (!matched_organisation_) {
      row.status = ImportRowStatus::new_;
      return;
    }
    const auto& m = *matched_organisation_;
    const bool same = m.name == candidate.name && m.kind == candidate.kind && m.cvr == candidate.cvr &&
                      m.municipality_id == candidate.municipality_id && m.address == candidate.address &&
                      m.website == candidate.website;
    if (same) row.status = ImportRowStatus::unchanged;
    else row.status = row.match->by == MatchBy::cvr ? ImportRowStatus::update : ImportRowStatus::duplicate;
  }

  void evaluateContact(ImportRow& row) {
    auto& values = row.values;
    matched_contact_.reset();
    std::optional<Organisation> organisation;
    if (const auto it = values.find("organisation_id"); it != values.end()) {
      const auto& given = it->second;
      std::optional<std::size_t> index;
      const auto digits = withoutSpaces(given);
      if (const auto byCvr = organisation_by_cvr_.find(digits);
          allDigits(digits) && byCvr != organisation_by_cvr_.end())
        index = byCvr->second;
      else if (const auto byId = allDigits(digits) && digits.size() < 12 ? organisation_by_id_.find(std::stoll(digits))
                                                                         : organisation_by_id_.end();
               byId != organisation_by_id_.end())
        index = byId->second;
      else if (const auto byName = organisation_by_bare_name_.find(nameMatchKey(given));
               byName != organisation_by_bare_name_.end()) {
        if (byName->second == kAmbiguous)
          fail(row, "organisation_id", "names more than one organisation; give its CVR");
        else index = byName->second;
      }
      if (index) {
        organisation = snapshot_.organisations[*index];
        if (!actor_.coversDistrict(organisation->police_district_id)) organisation.reset();
      }
      if (!organisation && row.errors.empty()) fail(row, "organisation_id", "is not a known organisation");
      if (organisation) it->second = std::to_string(organisation->id);
    }
    if (organisation && organisation->status == RecordStatus::archived) fail(row, "organisation_id", "is archived");
    // Matching: by email (any case); else by name within the organisation.
    if (const auto it = values.find("email"); it != values.end()) {
      if (const auto found = contact_by_email_.find(foldCase(trim(it->second))); found != contact_by_email_.end()) {
        matched_contact_ = snapshot_.contacts[found->second];
        row.match = ImportMatch{matched_contact_->id, MatchBy::email};
      }
    }
    if (!row.match && organisation && values.count("name")) {
      const auto key = std::to_string(organisation->id) + "|" + nameMatchKey(values["name"]);
      if (const auto found = contact_by_name_.find(key); found != contact_by_name_.end()) {
        matched_contact_ = snapshot_.contacts[found->second];
        row.match = ImportMatch{matched_contact_->id, MatchBy::name};
      }
    }
    Contact candidate;
    if (matched_contact_) candidate = *matched_contact_;
    if (organisation) candidate.organisation_id = organisation->id;
    if (values.count("name")) candidate.name = values["name"];
    if (values.count("title")) candidate.title = values["title"];
    // An address that differs only in case is the same address: the register keeps its spelling.
    if (values.count("email") && !(candidate.email && foldCase(*candidate.email) == foldCase(trim(values["email"]))))
      candidate.email = values["email"];
    if (values.count("phone")) candidate.phone = values["phone"];
    if (!matched_contact_) {
      if (!values.count("name")) fail(row, "name", kRequired);
      if (!values.count("organisation_id")) fail(row, "organisation_id", kRequired);
    }
    Violations violations;
    ContactService::checkFields(candidate, violations);
    for (const auto& v : violations.fields()) row.errors.push_back(v);
    if (candidate.phone) values["phone"] = *candidate.phone;
    if (matched_contact_) {
      const auto owner = organisation_by_id_.find(matched_contact_->organisation_id);
      const bool covered = owner != organisation_by_id_.end() &&
                           actor_.coversDistrict(snapshot_.organisations[owner->second].police_district_id);
      if (!covered)
        fail(row, row.match->by == MatchBy::email ? "email" : "name", "matches a person outside your police districts");
    }
    contact_ = candidate;
    if (!row.errors.empty()) return;
    if (matched_contact_ &&
        repeats(row, "p#" + std::to_string(matched_contact_->id), row.match->by == MatchBy::email ? "email" : "name"))
      return;
    if (candidate.email && repeats(row, "e#" + foldCase(*candidate.email), "email")) return;
    if (repeats(row, "n#" + std::to_string(candidate.organisation_id) + "|" + nameMatchKey(candidate.name), "name"))
      return;
    if (!matched_contact_) {
      row.status = ImportRowStatus::new_;
      return;
    }
    const auto& m = *matched_contact_;
    const bool same = m.organisation_id == candidate.organisation_id && m.name == candidate.name &&
                      m.title == candidate.title && m.email == candidate.email && m.phone == candidate.phone;
    if (same) row.status = ImportRowStatus::unchanged;
    else row.status = row.match->by == MatchBy::email ? ImportRowStatus::update : ImportRowStatus::duplicate;
  }

  ImportKind kind_;
  const RegisterSnapshot& snapshot_;
  const ReferenceCatalog& catalog_;
  const Actor& actor_;
  std::unordered_map<Id, std::size_t> organisation_by_id_;
  std::unordered_map<std::string, std::size_t> organisation_by_cvr_;
  std::unordered_map<std::string, std::size_t> organisation_by_name_;       // municipality|name key
  std::unordered_map<std::string, std::size_t> organisation_by_bare_name_;  // name key (contacts' organisation)
  std::unordered_map<std::string, std::size_t> contact_by_email_;
  std::unordered_map<std::string, std::size_t> contact_by_name_;  // organisation|name key
  std::unordered_map<std::string, int> municipality_by_name_;
  std::unordered_map<std::string, std::string> kind_by_name_;
  std::unordered_map<std::string, int> seen_;  // what earlier rows of the file write -> their line
  Organisation organisation_;
  Contact contact_;
  std::optional<Organisation> matched_organisation_;
  std::optional<Contact> matched_contact_;
};

// An import is used by the officer who uploaded it, or an administrator. An import lies in no police
// district (its rows are checked one by one), so a district-limited officer is not kept out of it by
// district: it is in reach, and only the owner check decides (403 for another officer's).
Reach importReach(const Actor& actor, const Import& import) {
  Reach reach;
  if (import.created_by) reach.owners.push_back(*import.created_by);
  if (actor.limitedToDistricts()) reach.police_district_id = actor.police_district_ids.front();
  return reach;
}

FieldChange noted(std::string field, std::optional<std::string> before, std::string after) {
  return {std::move(field), false, std::move(before), std::move(after)};
}

const Actor* auditActor(const Actor& actor) { return actor.user_id == 0 ? nullptr : &actor; }

}  // namespace

void evaluateImportRows(ImportKind kind, const std::vector<std::optional<std::string>>& mapping,
                        std::vector<ImportRow>& rows, const RegisterSnapshot& snapshot, const ReferenceCatalog& catalog,
                        const Actor& actor) {
  Evaluator evaluator(kind, snapshot, catalog, actor);
  for (auto& row : rows) evaluator.evaluate(row, mapping);
}

ImportSummary summarise(const std::vector<ImportRow>& rows) {
  ImportSummary s;
  for (const auto& row : rows) {
    switch (row.status) {
      case ImportRowStatus::new_: ++s.new_; break;
      case ImportRowStatus::update: ++s.update; break;
      case ImportRowStatus::unchanged: ++s.unchanged; break;
      case ImportRowStatus::duplicate: ++s.duplicate; break;
      case ImportRowStatus::invalid: ++s.invalid; break;
    }
  }
  return s;
}

// ---- The use cases -------------------------------------------------------------------------------

Import ImportService::visible(UnitOfWork& uow, const Actor& actor, Id id, Action action) {
  authorize(actor, action);
  auto found = uow.imports().find(id);
  if (!found) throwNotFound("Import");
  authorizeOn(actor, action, importReach(actor, *found), "Import");
  return *found;
}

Import ImportService::preview(const Actor& actor, ImportKind kind, std::string_view file, SheetFormat format,
                              const ImportMapping& mapping, const ImportProgress& progress) {
  authorize(actor, Action::create_import);
  if (progress) progress("reading", 0, 1);
  const auto sheet = reader_.read(file, format);
  if (sheet.rows.empty()) throwInvalid("file", "has a header but no rows");
  Import import;
  import.kind = kind;
  import.created_by = actor.user_id == 0 ? std::nullopt : std::optional<Id>(actor.user_id);
  import.columns = sheet.header;
  import.mapping = headerMapping(kind, sheet.header);
  applyMapping(kind, import.columns, import.mapping, mapping);
  std::vector<ImportRow> rows;
  rows.reserve(sheet.rows.size());
  for (const auto& r : sheet.rows) {
    ImportRow row;
    row.line = r.line;
    row.cells = r.cells;
    row.cells.resize(sheet.header.size());
    rows.push_back(std::move(row));
  }
  return write(store_, [&](UnitOfWork& uow) {
    const auto now = clock_.now();
    uow.imports().expire(now - retention_.preview, now - retention_.committed_rows);
    if (progress) progress("matching", 0, static_cast<std::int64_t>(rows.size()));
    const auto snapshot = uow.imports().snapshot(kind);
    evaluateImportRows(kind, import.mapping, rows, snapshot, catalog_, actor);
    import.rows = static_cast<int>(rows.size());
    import.summary = summarise(rows);
    import.created_at = import.updated_at = now;
    import.id = uow.imports().insert(import);
    if (progress) progress("writing", 0, static_cast<std::int64_t>(rows.size()));
    uow.imports().replaceRows(import.id, rows);
    uow.audit().record(auditEntry(
        auditActor(actor), now, AuditAction::create, "import", import.id, {},
        {noted("kind", std::nullopt, toString(kind)), noted("rows", std::nullopt, std::to_string(import.rows))}));
    uow.commit();
    return import;
  });
}

Import ImportService::get(const Actor& actor, Id id) {
  auto uow = store_.begin(Access::read);
  return visible(*uow, actor, id, Action::read_import);
}

Page<ImportRow> ImportService::rows(const Actor& actor, Id id, const ImportRowQuery& query) {
  auto uow = store_.begin(Access::read);
  const auto import = visible(*uow, actor, id, Action::read_import);
  auto page = uow->imports().rows(id, query);
  // The rows of a contact import are personal data: reading them is audited as a list of people is.
  if (import.kind == ImportKind::contacts && !page.items.empty()) {
    std::vector<Id> people;
    for (const auto& row : page.items)
      if (row.match) people.push_back(row.match->id);
    uow->audit().record(auditEntry(auditActor(actor), clock_.now(), AuditAction::read, "import_rows", id, people));
  }
  return page;
}

std::pair<Import, std::vector<ImportRow>> ImportService::outcome(const Actor& actor, Id id,
                                                                 std::optional<ImportRowStatus> status) {
  ImportRowQuery query;
  query.status = status;
  query.all = true;
  auto page = rows(actor, id, query);
  auto uow = store_.begin(Access::read);
  return {*uow->imports().find(id), std::move(page.items)};
}

Import ImportService::change(const Actor& actor, Id id, const ImportChanges& changes) {
  return write(store_, [&](UnitOfWork& uow) {
    auto import = visible(uow, actor, id, Action::update_import);
    if (import.status != ImportStatus::preview)
      throw DomainError(ErrorCode::conflict, "The import was committed; upload the file again to change it");
    if (changes.mapping) applyMapping(import.kind, import.columns, import.mapping, *changes.mapping);
    ImportRowQuery all;
    all.all = true;
    auto rows = uow.imports().rows(id, all).items;
    // A decision may name only a row of the file and an action its status allows (checked after the
    // new mapping is applied).
    std::map<int, ImportRowAction> decisions;
    for (const auto& [line, action] : changes.actions) decisions[line] = action;
    const auto snapshot = uow.imports().snapshot(import.kind);
    for (auto& row : rows) {
      if (const auto d = decisions.find(row.line); d != decisions.end()) {
        row.action = d->second;
        row.decided = true;
      }
    }
    evaluateImportRows(import.kind, import.mapping, rows, snapshot, catalog_, actor);
    Violations violations;
    for (const auto& decision : decisions) {
      const int line = decision.first;
      const auto action = decision.second;
      const auto row = std::find_if(rows.begin(), rows.end(), [&](const ImportRow& r) { return r.line == line; });
      if (row == rows.end()) violations.add("actions", "row " + std::to_string(line) + " is not a row of the file");
      else if (row->action != action)
        violations.add("actions", "row " + std::to_string(line) + " is " + toString(row->status) + " and cannot be " +
                                      toString(action) + "d");
    }
    violations.throwIfAny();
    import.summary = summarise(rows);
    import.updated_at = clock_.now();
    uow.imports().update(import);
    uow.imports().replaceRows(id, rows);
    uow.commit();
    return import;
  });
}

Import ImportService::commit(const Actor& actor, Id id, const ImportProgress& progress) {
  return write(store_, [&](UnitOfWork& uow) {
    auto import = visible(uow, actor, id, Action::commit_import);
    if (import.status != ImportStatus::preview)
      throw DomainError(ErrorCode::conflict, "The import is already committed");
    ImportRowQuery all;
    all.all = true;
    auto rows = uow.imports().rows(id, all).items;
    // Judged again against the register as it is now, inside the unit of work that writes.
    const auto snapshot = uow.imports().snapshot(import.kind);
    Evaluator evaluator(import.kind, snapshot, catalog_, actor);
    const auto stored = rows;
    std::vector<AuditEntry> written;
    const auto audit = [&](AuditEntry entry) {
      written.push_back(std::move(entry));
      if (written.size() >= 500) {
        uow.audit().recordMany(written);
        written.clear();
      }
    };
    const auto now = clock_.now();
    const auto* who = auditActor(actor);
    const auto total = static_cast<std::int64_t>(rows.size());
    std::int64_t done = 0;
    import.created = import.updated = import.skipped = 0;
    for (auto& row : rows) {
      evaluator.evaluate(row, import.mapping);
      if (progress && ++done % 1000 == 0) progress("writing", done, total);
      if (row.action == ImportRowAction::skip) {
        ++import.skipped;
        continue;
      }
      const bool create = row.action == ImportRowAction::create;
      if (import.kind == ImportKind::organisations) {
        authorize(actor, create ? Action::create_organisation : Action::update_organisation);
        auto o = evaluator.organisation();
        if (create) {
          o.id = 0;
          o.status = RecordStatus::active;
          o.responsible_user_id.reset();
          o.tags.clear();
          o.created_at = o.updated_at = now;
          o.id = uow.organisations().insert(o);
          Organisation blank;
          audit(auditEntry(who, now, AuditAction::create, "organisation", o.id, {},
                           OrganisationService::auditChanges(blank, o)));
          ++import.created;
        } else {
          const auto before = *evaluator.matchedOrganisation();
          o.id = before.id;
          o.updated_at = now;
          if (!uow.organisations().update(o, before.version))
            throw DomainError(ErrorCode::conflict, "An organisation of the import was changed meanwhile; try again");
          audit(auditEntry(who, now, AuditAction::update, "organisation", o.id, {},
                           OrganisationService::auditChanges(before, o)));
          ++import.updated;
        }
      } else {
        authorize(actor, create ? Action::create_contact : Action::update_contact);
        auto c = evaluator.contact();
        if (create) {
          c.id = 0;
          c.status = RecordStatus::active;
          c.erased_at.reset();
          c.language = Language::da;
          c.consent = Consent{};
          c.consent.updated_at = now;
          c.consent.source = toString(actor.role);
          c.created_at = c.updated_at = now;
          c.id = uow.contacts().insert(c);
          Contact blank;
          blank.name.clear();
          audit(auditEntry(who, now, AuditAction::create, "contact", c.id, {c.id},
                           ContactService::auditChanges(blank, c)));
          ++import.created;
        } else {
          const auto before = *evaluator.matchedContact();
          c.id = before.id;
          c.updated_at = now;
          if (!uow.contacts().update(c, before.version))
            throw DomainError(ErrorCode::conflict, "A person of the import was changed meanwhile; try again");
          audit(auditEntry(who, now, AuditAction::update, "contact", c.id, {c.id},
                           ContactService::auditChanges(before, c)));
          ++import.updated;
        }
      }
    }
    uow.audit().recordMany(written);
    import.status = ImportStatus::committed;
    import.summary = summarise(rows);
    import.committed_at = import.updated_at = now;
    uow.imports().update(import);
    // The rows as judged now are the outcome; rewritten only when the register changed since the preview.
    const auto same = [](const ImportRow& a, const ImportRow& b) {
      return a.status == b.status && a.action == b.action && a.decided == b.decided && a.values == b.values &&
             std::equal(a.errors.begin(), a.errors.end(), b.errors.begin(), b.errors.end(),
                        [](const FieldError& x, const FieldError& y) {
                          return x.field == y.field && x.message == y.message;
                        }) &&
             a.match.has_value() == b.match.has_value() &&
             (!a.match || (a.match->id == b.match->id && a.match->by == b.match->by));
    };
    if (!std::equal(rows.begin(), rows.end(), stored.begin(), stored.end(), same)) uow.imports().replaceRows(id, rows);
    uow.audit().record(auditEntry(
        who, now, AuditAction::update, "import", id, {},
        {noted("status", "preview", "committed"), noted("created", std::nullopt, std::to_string(import.created)),
         noted("updated", std::nullopt, std::to_string(import.updated)),
         noted("skipped", std::nullopt, std::to_string(import.skipped))}));
    uow.commit();
    if (progress) progress("writing", total, total);
    return import;
  });
}

}  // namespace brobygger::domain

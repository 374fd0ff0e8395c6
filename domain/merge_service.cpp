#include "domain/merge_service.hpp"
#include "domain/write.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "domain/audit.hpp"
#include "domain/validation.hpp"

namespace brobygger::domain {

const char* toString(MergeKind kind) noexcept { return kind == MergeKind::organisation ? "organisation" : "contact"; }

std::optional<MergeKind> mergeKindFrom(std::string_view code) noexcept {
  if (code == "organisation") return MergeKind::organisation;
  if (code == "contact") return MergeKind::contact;
  return std::nullopt;
}

MergeCounts countMoves(const std::vector<MergeMove>& moves) {
  MergeCounts counts;
  for (const auto& move : moves) {
    if (move.what == "contact") ++counts.contacts;
    else if (move.what == "registration") ++counts.registrations;
    else if (move.what == "activity" || move.what == "activity_link") ++counts.activities;
    else if (move.what == "follow_up") ++counts.follow_ups;
    else if (move.what == "invitation" || move.what == "invitation_dropped") ++counts.invitations;
    else if (move.what == "user") ++counts.users;
    else if (move.what == "roster" || move.what == "roster_dropped") ++counts.roster_places;
    else if (move.what == "field") ++counts.fields;
    else if (move.what == "registration_cancelled") ++counts.registrations_cancelled;
  }
  return counts;
}

namespace {

// Each reason's weight; a pair's score is 1 - prod(1 - weight) over its reasons.
double weightOf(MergeKind kind, std::string_view reason) {
  if (reason == kSameName) return 0.8;
  if (kind == MergeKind::organisation) return reason == kSameWebsite ? 0.5 : 0.4;
  return 0.6;  // same_phone
}

// The order registrations compare in when both people were registered for one event.
int rank(RegistrationStatus status) {
  switch (status) {
    case RegistrationStatus::attended: return 5;
    case RegistrationStatus::confirmed: return 4;
    case RegistrationStatus::waitlisted: return 3;
    case RegistrationStatus::no_show: return 2;
    case RegistrationStatus::cancelled: return 1;
  }
  return 0;
}

std::string idText(Id id) { return std::to_string(id); }

bool emptyText(const std::optional<std::string>& value) { return !value || value->empty(); }

Timestamp undoLimit(Timestamp at) { return at + std::chrono::days(kMergeUndoDays); }

void refuseFrom(const std::string& message) { throwInvalid("from_id", message); }

void recountEvents(UnitOfWork& uow, const std::set<Id>& events) {
  for (const auto eventId : events) {
    const auto [seats, waiting] = uow.registrations().counts(eventId);
    uow.events().setCounts(eventId, seats, waiting);
  }
}

}  // namespace

Page<DuplicatePair> MergeService::duplicates(const Actor& actor, const DuplicateQuery& query) {
  authorize(actor, query.kind == MergeKind::organisation ? Action::list_organisation_duplicates
                                                         : Action::list_contact_duplicates);
  {
    // Keys of rows written before V014 or by the bulk loader are computed once, here.
    write(store_, [&](UnitOfWork& uow) {
      if (uow.merges().fillNameKeys(query.kind) > 0) uow.commit();
    });
  }
  auto uow = store_.begin(Access::read);
  const std::vector<std::string_view> reasons =
      query.kind == MergeKind::organisation ? std::vector<std::string_view>{kSameName, kSameWebsite, kSameAddress}
                                            : std::vector<std::string_view>{kSameName, kSamePhone};
  // At most this many rows per reason: far more than a register holds duplicates, and a bound on work.
  constexpr int kRowLimit = 50000;
  std::map<std::pair<Id, Id>, std::vector<std::string>> pairs;
  for (const auto reason : reasons) {
    const auto rows = uow->merges().sharedKeys(query.kind, reason, actor.police_district_ids, kRowLimit);
    std::size_t start = 0;
    while (start < rows.size()) {
      std::size_t end = start + 1;
      while (end < rows.size() && rows[end].key == rows[start].key) ++end;
      if (end - start <= kMaxGroup) {
        for (std::size_t i = start; i < end; ++i)
          for (std::size_t j = i + 1; j < end; ++j) {
            const auto a = std::min(rows[i].id, rows[j].id), b = std::max(rows[i].id, rows[j].id);
            auto& found = pairs[{a, b}];
            if (std::find(found.begin(), found.end(), reason) == found.end()) found.emplace_back(reason);
          }
      }
      start = end;
    }
  }
  for (const auto& dismissed : uow->merges().dismissals(query.kind)) pairs.erase(dismissed);
  std::vector<DuplicatePair> all;
  all.reserve(pairs.size());
  for (auto& [ids, why] : pairs) {
    double keep = 1.0;
    for (const auto& reason : why) keep *= 1.0 - weightOf(query.kind, reason);
    all.push_back({ids.first, ids.second, std::round((1.0 - keep) * 100.0) / 100.0, std::move(why)});
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& x, const auto& y) { return x.score > y.score; });
  Page<DuplicatePair> page;
  page.limit = query.page.limit;
  page.offset = query.page.offset;
  page.total = static_cast<std::int64_t>(all.size());
  for (auto i = query.page.offset; i < page.total && i < query.page.offset + query.page.limit; ++i)
    page.items.push_back(std::move(all[static_cast<std::size_t>(i)]));
  return page;
}

void MergeService::dismiss(const Actor& actor, MergeKind kind, Id a, Id b) {
  // Whoever may merge a pair may declare that it is not one.
  const auto action = kind == MergeKind::organisation ? Action::merge_organisations : Action::merge_contacts;
  authorize(actor, action);
  if (a == b) throwInvalid("b", "must be another record than a");
  return write(store_, [&](UnitOfWork& uow) {
    for (const auto id : {a, b}) {
      std::optional<int> district;
      if (kind == MergeKind::organisation) {
        const auto found = uow.organisations().find(id);
        if (!found) throwNotFound("Organisation");
        district = found->police_district_id;
      } else {
        const auto found = uow.contacts().find(id);
        if (!found) throwNotFound("Contact");
        if (const auto organisation = uow.organisations().find(found->organisation_id))
          district = organisation->police_district_id;
      }
      authorizeOn(actor, action, {std::nullopt, district},
                  kind == MergeKind::organisation ? "Organisation" : "Contact");
    }
    const auto now = clock_.now();
    uow.merges().dismiss(kind, std::min(a, b), std::max(a, b), actor.user_id, now);
    uow.audit().record(auditEntry(&actor, now, AuditAction::create, "duplicate_dismissal", std::min(a, b), {},
                                  {{"kind", false, std::nullopt, toString(kind)},
                                   {"a", false, std::nullopt, idText(std::min(a, b))},
                                   {"b", false, std::nullopt, idText(std::max(a, b))}}));
    uow.commit();
  });
}

Organisation MergeService::mergeOrganisations(const Actor& actor, Id keptId, Id fromId) {
  authorize(actor, Action::merge_organisations);
  return write(store_, [&](UnitOfWork& uow) {
    const auto visible = [&](Id id) {
      auto found = uow.organisations().find(id);
      if (!found) throwNotFound("Organisation");
      authorizeOn(actor, Action::merge_organisations, {id, found->police_district_id}, "Organisation");
      return *found;
    };
    auto kept = visible(keptId);
    if (fromId == keptId) refuseFrom("must be another organisation than the one kept");
    if (kept.status == RecordStatus::merged)
      throwInvalid("id", "was merged into organisation " + idText(kept.merged_into_id.value_or(0)));
    auto from = visible(fromId);
    if (from.status == RecordStatus::merged)
      refuseFrom("was already merged into organisation " + idText(from.merged_into_id.value_or(0)));
    if (from.kind != kept.kind)
      refuseFrom("is a different kind of organisation (" + from.kind + ", not " + kept.kind + ")");
    const auto now = clock_.now();

    MergeRecord merge;
    merge.kind = MergeKind::organisation;
    merge.kept_id = kept.id;
    merge.from_id = from.id;
    merge.police_district_id = kept.police_district_id;
    merge.from_district_id = from.police_district_id;
    merge.from_status = toString(from.status);
    merge.created_by = actor.user_id;
    merge.created_at = now;
    merge.undo_until = undoLimit(now);
    merge.moves = uow.merges().moveOrganisation(from.id, kept.id);

    // Empty fields of the kept one are filled from the other.
    const auto keptBefore = kept;
    const auto fromBefore = from;
    const auto fill = [&](const char* field, auto& target, const auto& source) {
      if (emptyText(target) && !emptyText(source)) {
        target = source;
        merge.moves.push_back({"field", 0, std::string(field)});
      }
    };
    fill("address", kept.address, from.address);
    fill("website", kept.website, from.website);
    if (!kept.responsible_user_id && from.responsible_user_id) {
      kept.responsible_user_id = from.responsible_user_id;
      merge.moves.push_back({"field", 0, std::string("responsible_user_id")});
    }
    if (kept.tags.empty() && !from.tags.empty()) {
      kept.tags = from.tags;
      merge.moves.push_back({"field", 0, std::string("tags")});
    }
    const bool cvrMoves = !kept.cvr && from.cvr;
    from.status = RecordStatus::merged;
    from.merged_into_id = kept.id;
    from.updated_at = now;
    if (cvrMoves) {
      // The CVR is unique: it leaves the other one first.
      merge.moves.push_back({"from_cvr", 0, *from.cvr});
      merge.moves.push_back({"field", 0, std::string("cvr")});
      kept.cvr = from.cvr;
      from.cvr.reset();
    }
    if (!uow.organisations().update(from, fromBefore.version))
      throw DomainError(ErrorCode::precondition_failed, "The organisation was changed by someone else; reload it");
    kept.updated_at = now;
    if (!uow.organisations().update(kept, keptBefore.version))
      throw DomainError(ErrorCode::precondition_failed, "The organisation was changed by someone else; reload it");
    merge.id = uow.merges().record(merge);

    const auto counts = countMoves(merge.moves);
    std::vector<FieldChange> keptFields{
        {"merged_from", false, std::nullopt, idText(from.id)},
        {"merge_id", false, std::nullopt, idText(merge.id)},
        {"contacts_moved", false, std::nullopt, std::to_string(counts.contacts)},
        {"registrations_moved", false, std::nullopt, std::to_string(counts.registrations)}};
    for (const auto& move : merge.moves)
      if (move.what == "field") keptFields.push_back({*move.value, false, std::nullopt, "filled"});
    uow.audit().record(auditEntry(&actor, now, AuditAction::update, "organisation", kept.id, {}, keptFields));
    uow.audit().record(
        auditEntry(&actor, now, AuditAction::update, "organisation", from.id, {},
                   {{"status", false, fromBefore.status == RecordStatus::archived ? "archived" : "active", "merged"},
                    {"merged_into_id", false, std::nullopt, idText(kept.id)}}));
    auto answer = *uow.organisations().find(kept.id);
    uow.commit();
    return answer;
  });
}

Contact MergeService::mergeContacts(const Actor& actor, Id keptId, Id fromId) {
  authorize(actor, Action::merge_contacts);
  return write(store_, [&](UnitOfWork& uow) {
    const auto visible = [&](Id id) {
      auto found = uow.contacts().find(id);
      if (!found) throwNotFound("Contact");
      const auto organisation = uow.organisations().find(found->organisation_id);
      authorizeOn(
          actor, Action::merge_contacts,
          {found->organisation_id, organisation ? std::optional<int>(organisation->police_district_id) : std::nullopt},
          "Contact");
      return std::make_pair(*found, organisation ? organisation->police_district_id : 0);
    };
    auto [kept, keptDistrict] = visible(keptId);
    if (fromId == keptId) refuseFrom("must be another person than the one kept");
    if (kept.erased_at) throwInvalid("id", "was erased: an anonymous participant cannot be kept");
    auto [from, fromDistrict] = visible(fromId);
    if (from.erased_at) refuseFrom("was erased (perhaps merged already): there is nothing left to merge");
    const auto now = clock_.now();

    // For an event both were registered for, the better registration stays with the kept person.
    std::map<Id, Registration> keptByEvent;
    for (const auto& r : uow.registrations().ofContact(kept.id)) {
      auto [it, fresh] = keptByEvent.emplace(r.event_id, r);
      if (!fresh && rank(r.status) > rank(it->second.status)) it->second = r;
    }
    std::vector<Id> cancel;
    std::set<Id> events;
    for (const auto& r : uow.registrations().ofContact(from.id)) {
      events.insert(r.event_id);
      const auto both = keptByEvent.find(r.event_id);
      if (both == keptByEvent.end()) continue;
      if (rank(r.status) > rank(both->second.status)) cancel.push_back(both->second.id);
      else cancel.push_back(r.id);
    }

    MergeRecord merge;
    merge.kind = MergeKind::contact;
    merge.kept_id = kept.id;
    merge.from_id = from.id;
    merge.police_district_id = keptDistrict;
    merge.from_district_id = fromDistrict;
    merge.from_status = toString(from.status);
    merge.created_by = actor.user_id;
    merge.created_at = now;
    merge.undo_until = undoLimit(now);
    merge.moves = uow.merges().moveContact(from.id, kept.id, cancel);
    recountEvents(uow, events);

    // Empty fields of the kept person are filled from the other; the other is then erased, except for
    // the values the kept person now holds (they are the same person's, and stay in the dialogue log).
    const auto keptBefore = kept;
    const auto fill = [&](const char* field, std::optional<std::string>& target,
                          const std::optional<std::string>& source) {
      if (emptyText(target) && !emptyText(source)) {
        target = source;
        merge.moves.push_back({"field", 0, std::string(field)});
      }
    };
    fill("title", kept.title, from.title);
    fill("phone", kept.phone, from.phone);
    fill("email", kept.email, from.email);
    auto erasable = from;
    if (nameMatchKey(erasable.name) == nameMatchKey(kept.name)) erasable.name.clear();
    if (erasable.email && kept.email && foldCase(*erasable.email) == foldCase(*kept.email)) erasable.email.reset();
    if (erasable.phone && kept.phone && *erasable.phone == *kept.phone) erasable.phone.reset();
    ContactService::eraseIn(uow, actor, erasable, now);
    if (kept.title != keptBefore.title || kept.phone != keptBefore.phone || kept.email != keptBefore.email) {
      kept.updated_at = now;
      if (!uow.contacts().update(kept, keptBefore.version))
        throw DomainError(ErrorCode::precondition_failed, "The person was changed by someone else; reload them");
    }
    merge.id = uow.merges().record(merge);
    const auto counts = countMoves(merge.moves);
    std::vector<FieldChange> fields{
        {"merged_from", false, std::nullopt, idText(from.id)},
        {"merge_id", false, std::nullopt, idText(merge.id)},
        {"registrations_moved", false, std::nullopt, std::to_string(counts.registrations)},
        {"registrations_cancelled", false, std::nullopt, std::to_string(counts.registrations_cancelled)}};
    for (const auto& move : merge.moves)
      if (move.what == "field") fields.push_back({*move.value, true, std::nullopt, std::nullopt});
    uow.audit().record(auditEntry(&actor, now, AuditAction::update, "contact", kept.id, {kept.id, from.id}, fields));
    auto answer = *uow.contacts().find(kept.id);
    uow.commit();
    return answer;
  });
}

Page<MergeRecord> MergeService::list(const Actor& actor, MergeQuery query) {
  authorize(actor, Action::list_merges);
  query.within_districts = actor.police_district_ids;
  auto uow = store_.begin(Access::read);
  auto page = uow->merges().list(query);
  const auto now = clock_.now();
  for (auto& merge : page.items) merge.undoable = !merge.undone_at && now <= merge.undo_until;
  return page;
}

MergeRecord MergeService::undo(const Actor& actor, Id mergeId) {
  authorize(actor, Action::undo_merge);
  return write(store_, [&](UnitOfWork& uow) {
    auto found = uow.merges().find(mergeId);
    if (!found) throwNotFound("Merge");
    auto merge = *found;
    authorizeOn(actor, Action::undo_merge, {std::nullopt, merge.police_district_id}, "Merge");
    authorizeOn(actor, Action::undo_merge, {std::nullopt, merge.from_district_id}, "Merge");
    const auto now = clock_.now();
    if (merge.undone_at) throw DomainError(ErrorCode::conflict, "This merge was already undone");
    if (now > merge.undo_until)
      throw DomainError(ErrorCode::conflict, "A merge can be undone for " + std::to_string(kMergeUndoDays) +
                                                 " days; this one was made on " + auditTime(merge.created_at));
    for (const auto id : {merge.kept_id, merge.from_id})
      if (uow.merges().laterMergeInvolving(merge.kind, id, merge.id))
        throw DomainError(ErrorCode::conflict,
                          "A later merge involves the same records; undo that one first (see the list of merges)");
    std::set<std::string> filled;
    std::optional<std::string> fromCvr;
    for (const auto& move : merge.moves) {
      if (move.what == "field" && move.value) filled.insert(*move.value);
      if (move.what == "from_cvr") fromCvr = move.value;
    }
    uow.merges().moveBack(merge.kind, merge.from_id, merge.kept_id, merge.moves);

    if (merge.kind == MergeKind::organisation) {
      auto kept = *uow.organisations().find(merge.kept_id);
      auto from = *uow.organisations().find(merge.from_id);
      const int keptVersion = kept.version, fromVersion = from.version;
      // The fields the merge filled are emptied again (the kept one's CVR first: it is unique).
      if (filled.count("address")) kept.address.reset();
      if (filled.count("website")) kept.website.reset();
      if (filled.count("responsible_user_id")) kept.responsible_user_id.reset();
      if (filled.count("tags")) kept.tags.clear();
      if (filled.count("cvr")) kept.cvr.reset();
      kept.updated_at = now;
      uow.organisations().update(kept, keptVersion);
      from.status = recordStatusFrom(merge.from_status).value_or(RecordStatus::active);
      from.merged_into_id.reset();
      if (fromCvr) from.cvr = fromCvr;
      from.updated_at = now;
      uow.organisations().update(from, fromVersion);
      uow.audit().record(auditEntry(&actor, now, AuditAction::update, "organisation", from.id, {},
                                    {{"status", false, "merged", merge.from_status},
                                     {"merged_into_id", false, idText(kept.id), std::nullopt},
                                     {"merge_undone", false, std::nullopt, idText(merge.id)}}));
      uow.audit().record(auditEntry(&actor, now, AuditAction::update, "organisation", kept.id, {},
                                    {{"merge_undone", false, std::nullopt, idText(merge.id)}}));
    } else {
      auto kept = *uow.contacts().find(merge.kept_id);
      const int keptVersion = kept.version;
      if (filled.count("title")) kept.title.reset();
      if (filled.count("phone")) kept.phone.reset();
      if (filled.count("email")) kept.email.reset();
      kept.updated_at = now;
      uow.contacts().update(kept, keptVersion);
      std::set<Id> events;
      for (const auto& r : uow.registrations().ofContact(merge.from_id)) events.insert(r.event_id);
      for (const auto& r : uow.registrations().ofContact(merge.kept_id)) events.insert(r.event_id);
      recountEvents(uow, events);
      uow.audit().record(auditEntry(&actor, now, AuditAction::update, "contact", kept.id, {kept.id, merge.from_id},
                                    {{"merge_undone", false, std::nullopt, idText(merge.id)}}));
    }
    uow.merges().markUndone(merge.id, actor.user_id, now);
    uow.audit().record(auditEntry(&actor, now, AuditAction::update, "merge", merge.id, {},
                                  {{"undone", false, std::nullopt, auditTime(now)}}));
    auto answer = *uow.merges().find(merge.id);
    uow.commit();
    return answer;
  });
}

}  // namespace brobygger::domain

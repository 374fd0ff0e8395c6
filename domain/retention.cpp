#include "domain/retention.hpp"

#include <algorithm>
#include "domain/write.hpp"

#include "domain/audit.hpp"
#include "domain/calendar.hpp"
#include "domain/dialogue_privacy.hpp"

namespace brobygger::domain {

std::string clearedActivitySubject(int months) { return "(slettet efter " + std::to_string(months) + " måneder)"; }

Timestamp RetentionService::monthsAgo(int months) const {
  auto local = zone_.toLocal(clock_.now());
  const int n = local.year * 12 + static_cast<int>(local.month) - 1 - months;
  local.year = n / 12;
  local.month = static_cast<unsigned>(n % 12 + 1);
  local.day = std::min(local.day, 28u);  // a day every month has
  return zone_.toUtc(local);
}

RetentionReport RetentionService::run(bool dryRun) {
  const auto now = clock_.now();
  const auto participationCutoff = monthsAgo(policy_.participation_months);
  const auto inactiveCutoff = monthsAgo(policy_.inactive_contact_months);
  RetentionReport report;
  report.dry_run = dryRun;

  // The register is worked through in windows of contact ids (policy_.contacts_per_unit), one unit of
  // work each: each window's queries walk indexes for its ids only and its erasures hold their locks for
  // a moment, so at national scale every statement stays well inside the server's read timeout and
  // registrations go on meanwhile. A failure leaves the windows before it done; the next run carries on.
  // The windows end at the largest id there is now: the anonymous participants this run adds come
  // after it, and are erased already.
  const Id lastId = store_.begin(Access::read)->retention().lastContactId();
  const Id step = std::max(1, policy_.contacts_per_unit);
  for (Id first = 1; first <= lastId; first += step) {
    const ContactWindow window{first, std::min(lastId, first + step - 1)};
    const auto part = write(store_, [&](UnitOfWork& uow) {
      RetentionReport counted;  // counted afresh should the window's work run again

      // People whose latest participation ended before the cutoff: all of it moves to one anonymous
      // participant of the same organisation. One per person, all at once, so every count of people in
      // every overview stays exactly the same.
      for (const auto& [contactId, registrations] :
           uow.retention().participationEndedBefore(participationCutoff, window)) {
        ++counted.people_with_old_participation;
        counted.registrations_unlinked += registrations;
        if (dryRun) continue;
        const auto person = uow.contacts().find(contactId);
        if (!person) continue;
        Contact anonymous;
        anonymous.organisation_id = person->organisation_id;
        anonymous.name = kErasedName;
        anonymous.status = RecordStatus::archived;
        anonymous.consent = {false, false, now, "retention"};
        anonymous.created_at = anonymous.updated_at = now;
        const auto anonymousId = uow.contacts().insert(anonymous);
        uow.contacts().erase(anonymousId, now);
        uow.retention().moveParticipation(contactId, anonymousId);
        uow.audit().record(auditEntry(nullptr, now, AuditAction::update, "contact", contactId, {contactId},
                                      {{"participation", false, std::to_string(registrations) + " registrations",
                                        std::string("unlinked (retention)")}}));
      }

      for (const auto contactId : uow.retention().inactiveContacts(inactiveCutoff, window)) {
        ++counted.inactive_people_erased;
        if (dryRun) continue;
        if (const auto person = uow.contacts().find(contactId)) eraseFromDialogue(uow, nullptr, *person, now);
        uow.contacts().erase(contactId, now);
        uow.feeds().revokeFor(FeedOwner::contact, contactId, now);
        uow.audit().record(auditEntry(nullptr, now, AuditAction::erase, "contact", contactId, {contactId},
                                      {{"retention", false, std::nullopt, std::string("inactive")}}));
      }
      if (!dryRun) uow.commit();
      return counted;
    });
    report.people_with_old_participation += part.people_with_old_participation;
    report.registrations_unlinked += part.registrations_unlinked;
    report.inactive_people_erased += part.inactive_people_erased;
  }

  const auto rest = write(store_, [&](UnitOfWork& uow) {
    RetentionReport counted;
    // The dialogue log's old notes. The subject goes too: a one-line subject names people as often as
    // the notes do ("Møde med Anna om ..."); kind, time and organisation tell the history.
    const auto notesCutoff = monthsAgo(policy_.activity_notes_months);
    counted.activity_notes_cleared = dryRun
                                         ? uow.retention().activityNotesBefore(notesCutoff)
                                         : uow.retention().clearActivityNotes(
                                               notesCutoff, clearedActivitySubject(policy_.activity_notes_months), now);
    if (!dryRun && counted.activity_notes_cleared > 0)
      uow.audit().record(
          auditEntry(nullptr, now, AuditAction::update, "activity", std::nullopt, {},
                     {{"notes", false, std::nullopt,
                       std::to_string(counted.activity_notes_cleared) + " activities emptied (retention)"}}));

    // Merge journals past the undo window: nothing can be undone from them any more (docs/privacy.md).
    if (!dryRun) counted.merge_journals_removed = uow.merges().purgeBefore(now - std::chrono::days(kMergeUndoDays));

    const auto auditCutoff = monthsAgo(policy_.audit_months);
    counted.audit_entries_removed = uow.retention().auditEntriesBefore(auditCutoff);
    if (!dryRun) {
      uow.audit().purgeBefore(auditCutoff);
      uow.commit();
    }
    return counted;
  });
  report.activity_notes_cleared = rest.activity_notes_cleared;
  report.merge_journals_removed = rest.merge_journals_removed;
  report.audit_entries_removed = rest.audit_entries_removed;
  return report;
}

}  // namespace brobygger::domain

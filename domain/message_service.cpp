#include "domain/message_service.hpp"

#include <set>

#include "domain/audit.hpp"
#include "domain/date_time.hpp"
#include "domain/event_services.hpp"
#include "domain/policy.hpp"
#include "domain/validation.hpp"
#include "domain/write.hpp"

namespace brobygger::domain {

namespace {

std::vector<RegistrationStatus> statusesFor(MessageAudience to) {
  switch (to) {
    case MessageAudience::confirmed: return {RegistrationStatus::confirmed};
    case MessageAudience::waitlisted: return {RegistrationStatus::waitlisted};
    case MessageAudience::attended: return {RegistrationStatus::attended};
    case MessageAudience::registered:
      return {RegistrationStatus::confirmed, RegistrationStatus::waitlisted, RegistrationStatus::attended,
              RegistrationStatus::no_show};
    case MessageAudience::invited: return {};
  }
  return {};
}

Event visibleEvent(UnitOfWork& uow, const Actor& actor, Id eventId, Action action) {
  authorizeUnlessConcealed(actor, action);
  const auto event = uow.events().find(eventId);
  if (!event || !EventService::visibleTo(actor, *event)) throwNotFound("Event");
  authorize(actor, action);
  return *event;
}

// The subject and body checks shared by event messages and announcements.
void checkMessageText(Violations& violations, const std::string& subject, const std::string& body,
                      bool eventPlaceholders) {
  if (subject.empty()) violations.add("subject", "must not be empty");
  else checkText(violations, "subject", subject, 1, kMaxMessageSubjectChars);
  checkPlaceholders(violations, "subject", subject, eventPlaceholders);
  if (trim(body).empty()) {
    violations.add("body", "must not be empty");
  } else if (body.size() > kMaxMessageBodyBytes) {
    violations.add("body", "must be at most 50 KiB (51200 bytes)");
  } else {
    checkText(violations, "body", body, 1, kMaxMessageBodyBytes, true);
    checkPlaceholders(violations, "body", body, eventPlaceholders);
  }
}

}  // namespace

PlaceholderValues placeholderValues(const TimeZone& zone, const Event& event, const std::string& name,
                                    const std::string& organisation) {
  PlaceholderValues v;
  v.name = name;
  v.event_title = event.details.title;
  v.starts_at = formatDanishDateTime(zone.toLocal(event.starts_at));
  v.venue = event.details.venue.name.value_or(event.details.online_url.value_or(""));
  v.organisation = organisation;
  return v;
}

MessagePlan MessageService::send(const Actor& actor, Id eventId, const MessageDraft& draft) {
  // A dry run only reads (and records the read); a send is one writing unit of work, run again should
  // the database refuse it at commit.
  const auto work = [&](UnitOfWork& uow) -> MessagePlan {
    const auto event = visibleEvent(uow, actor, eventId, Action::send_event_message);

    Violations violations;
    const auto subject = trim(draft.subject);
    checkMessageText(violations, subject, draft.body, true);
    if (!draft.to) violations.add("to", "must be confirmed, waitlisted, attended, registered or invited");
    violations.throwIfAny();

    // Who the audience names: each person once, with the registration the message is about (if any).
    struct Candidate {
      Contact contact;
      Id registration_id = 0;
    };
    std::vector<Candidate> candidates;
    std::set<Id> seen;
    if (*draft.to == MessageAudience::invited) {
      for (const auto organisationId : event.invited_organisation_ids) {
        ContactQuery query;
        query.organisation_id = organisationId;
        query.page.limit = 200;
        for (query.page.offset = 0;; query.page.offset += query.page.limit) {
          const auto page = uow.contacts().list(query);
          for (const auto& c : page.items)
            if (seen.insert(c.id).second) candidates.push_back({c, 0});
          if (page.items.size() < static_cast<std::size_t>(query.page.limit)) break;
        }
      }
    } else {
      for (const auto status : statusesFor(*draft.to))
        for (const auto& r : uow.registrations().withStatus(event.id, status))
          if (seen.insert(r.contact_id).second)
            if (const auto c = uow.contacts().find(r.contact_id)) candidates.push_back({*c, r.id});
    }

    MessagePlan plan;
    std::vector<Id> subjects;
    for (const auto& [contact, registrationId] : candidates) {
      subjects.push_back(contact.id);
      std::string why;
      if (contact.erased_at) why = "erased";
      else if (!contact.email) why = "no_email";
      else if (!contact.consent.invitations) why = "no_consent";
      if (!why.empty()) {
        plan.excluded.push_back({contact.id, contact.erased_at ? std::string() : contact.name, why});
        continue;
      }
      const auto organisation = uow.organisations().find(contact.organisation_id);
      plan.recipients.push_back({contact.id, registrationId, contact.name, organisation ? organisation->name : ""});
    }
    if (plan.recipients.empty()) throwInvalid("to", "names nobody who can be written to");
    const auto& first = plan.recipients.front();
    const auto values = placeholderValues(zone_, event, first.name, first.organisation);
    plan.sample_subject = fillPlaceholders(subject, values);
    plan.sample_body = fillPlaceholders(draft.body, values);

    const auto now = clock_.now();
    if (draft.dry_run) {
      // Names of people were read: recorded as a read of the event's people.
      uow.audit().record(auditEntry(&actor, now, AuditAction::read, "event", event.id, subjects, {}));
      return plan;
    }
    EventMessage message;
    message.event_id = event.id;
    message.subject = subject;
    message.body = draft.body;
    message.to = *draft.to;
    message.recipients = static_cast<int>(plan.recipients.size());
    message.created_by = actor.user_id;
    message.created_at = now;
    plan.id = uow.messages().insert(message);
    for (const auto& r : plan.recipients) {
      OutboxMessage copy;
      copy.registration_id = r.registration_id;
      copy.event_id = event.id;
      copy.contact_id = r.contact_id;
      copy.message_id = plan.id;
      copy.reason = "message";
      copy.created_at = copy.next_attempt_at = now;
      uow.outbox().enqueue(copy);
    }
    uow.audit().record(auditEntry(
        &actor, now, AuditAction::create, "event_message", plan.id, subjects,
        {{"subject", false, std::nullopt, subject}, {"to", false, std::nullopt, std::string(toString(*draft.to))}}));
    uow.commit();
    return plan;
  };
  if (draft.dry_run) {
    auto uow = store_.begin(Access::read);
    return work(*uow);
  }
  return write(store_, work);
}

std::vector<EventMessage> MessageService::history(const Actor& actor, Id eventId) {
  auto uow = store_.begin(Access::read);
  const auto event = visibleEvent(*uow, actor, eventId, Action::read_event_messages);
  return uow->messages().ofEvent(event.id);
}

ReminderPlan MessageService::reminderPlan(const Actor& actor, Id eventId) {
  auto uow = store_.begin(Access::read);
  const auto event = visibleEvent(*uow, actor, eventId, Action::read_event_messages);
  ReminderPlan plan;
  plan.reminder_hours = event.details.reminder_hours;
  if (event.details.reminder_hours > 0)
    plan.due_at = event.starts_at - std::chrono::hours(event.details.reminder_hours);
  const auto reminded = uow->outbox().remindedRegistrations(event.id);
  const std::set<Id> remindedSet(reminded.begin(), reminded.end());
  std::vector<Id> subjects;
  for (const auto& r : uow->registrations().withStatus(event.id, RegistrationStatus::confirmed)) {
    const auto contact = uow->contacts().find(r.contact_id);
    if (!contact) continue;
    subjects.push_back(contact->id);
    std::string why;
    if (contact->erased_at) why = "erased";
    else if (!contact->email) why = "no_email";
    else if (!contact->consent.invitations) why = "no_consent";
    if (!why.empty()) {
      plan.excluded.push_back({contact->id, contact->erased_at ? std::string() : contact->name, why});
      continue;
    }
    const auto organisation = uow->organisations().find(contact->organisation_id);
    plan.recipients.push_back(
        {contact->id, contact->name, organisation ? organisation->name : "", remindedSet.count(r.id) > 0});
  }
  // Names of people were read: recorded as a read of the event's people.
  uow->audit().record(auditEntry(&actor, clock_.now(), AuditAction::read, "event", event.id, subjects, {}));
  return plan;
}

AnnouncementPlan MessageService::announce(const Actor& actor, AnnouncementDraft draft) {
  authorize(actor, Action::send_announcement);
  const auto work = [&](UnitOfWork& uow) -> AnnouncementPlan {
    Violations violations;
    const auto subject = trim(draft.subject);
    checkMessageText(violations, subject, draft.body, draft.event_id.has_value());
    auto& segment = draft.segment;
    if (segment.kinds.size() > kMaxSegmentValues) violations.add("organisations.kind", "must name at most 100 kinds");
    if (segment.police_district_ids.size() > kMaxSegmentValues)
      violations.add("organisations.police_district_id", "must name at most 100 police districts");
    if (segment.region_ids.size() > kMaxSegmentValues)
      violations.add("organisations.region_id", "must name at most 100 regions");
    // An officer limited to districts writes only to organisations there.
    if (actor.limitedToDistricts()) {
      for (const auto district : segment.police_district_ids)
        if (!actor.coversDistrict(district)) {
          violations.add("organisations.police_district_id",
                         "names police district " + std::to_string(district) + ", outside your districts");
          break;
        }
      if (segment.police_district_ids.empty()) segment.police_district_ids = actor.police_district_ids;
    }
    std::optional<Event> event;
    if (draft.event_id) {
      event = uow.events().find(*draft.event_id);
      if (!event || !EventService::visibleTo(actor, *event)) violations.add("event_id", "names no event you can see");
    }
    violations.throwIfAny();

    const auto now = clock_.now();
    const auto valuesFor = [&](const std::string& name, const std::string& organisation) {
      if (event) return placeholderValues(zone_, *event, name, organisation);
      PlaceholderValues v;
      v.name = name;
      v.organisation = organisation;
      return v;
    };
    AnnouncementPlan plan;
    if (draft.dry_run) {
      constexpr std::size_t kSample = 20;
      std::vector<Id> shown;
      for (const auto& p : uow.messages().segmentPeople(segment)) {
        std::string why;
        if (p.erased) why = "erased";
        else if (!p.active) why = "inactive";
        else if (!p.has_email) why = "no_email";
        else if (!p.newsletter) why = "no_consent";
        if (!why.empty()) {
          plan.excluded.push_back({p.contact_id, p.erased ? std::string() : p.name, why});
          shown.push_back(p.contact_id);
          continue;
        }
        ++plan.recipients;
        if (plan.sample.size() < kSample) {
          plan.sample.push_back({p.contact_id, 0, p.name, p.organisation});
          shown.push_back(p.contact_id);
        }
      }
      if (plan.recipients == 0) throwInvalid("organisations", "names nobody who can be written to");
      const auto values = valuesFor(plan.sample.front().name, plan.sample.front().organisation);
      plan.sample_subject = fillPlaceholders(subject, values);
      plan.sample_body = fillPlaceholders(draft.body, values);
      // Names of people were shown: recorded as a read of them.
      uow.audit().record(auditEntry(&actor, now, AuditAction::read, "announcement_segment", std::nullopt, shown));
      return plan;
    }
    Announcement announcement;
    announcement.subject = subject;
    announcement.body = draft.body;
    announcement.segment = segment;
    announcement.event_id = draft.event_id;
    announcement.created_by = actor.user_id;
    announcement.created_at = now;
    plan.id = uow.messages().insertAnnouncement(announcement);
    plan.recipients = uow.outbox().queueAnnouncement(plan.id, draft.event_id, segment, now);
    // Throwing before the commit rolls back the announcement too: nothing is queued.
    if (plan.recipients == 0) throwInvalid("organisations", "names nobody who can be written to");
    uow.messages().setAnnouncementRecipients(plan.id, plan.recipients);
    uow.audit().record(auditEntry(&actor, now, AuditAction::create, "announcement", plan.id, {},
                                  {{"subject", false, std::nullopt, subject},
                                   {"recipients", false, std::nullopt, std::to_string(plan.recipients)}}));
    uow.commit();
    return plan;
  };
  if (draft.dry_run) {
    auto uow = store_.begin(Access::read);
    return work(*uow);
  }
  return write(store_, work);
}

Page<Announcement> MessageService::announcements(const Actor& actor, const PageRequest& page) {
  authorize(actor, Action::list_announcements);
  auto uow = store_.begin(Access::read);
  return uow->messages().announcements(page);
}

}  // namespace brobygger::domain

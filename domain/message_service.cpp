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
    if (subject.empty()) violations.add("subject", "must not be empty");
    else checkText(violations, "subject", subject, 1, kMaxMessageSubjectChars);
    checkPlaceholders(violations, "subject", subject);
    if (trim(draft.body).empty()) {
      violations.add("body", "must not be empty");
    } else if (draft.body.size() > kMaxMessageBodyBytes) {
      violations.add("body", "must be at most 50 KiB (51200 bytes)");
    } else {
      checkText(violations, "body", draft.body, 1, kMaxMessageBodyBytes, true);
      checkPlaceholders(violations, "body", draft.body);
    }
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

}  // namespace brobygger::domain

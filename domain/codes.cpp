// String codes of the domain's enumerations, as they appear in the API and the database.
#include <string_view>

#include "domain/contact.hpp"
#include "domain/types.hpp"
#include "domain/user.hpp"

namespace brobygger::domain {

const char* toString(RecordStatus status) noexcept {
  switch (status) {
    case RecordStatus::active: return "active";
    case RecordStatus::archived: return "archived";
    case RecordStatus::merged: return "merged";
  }
  return "active";
}

std::optional<RecordStatus> recordStatusFrom(std::string_view code) noexcept {
  if (code == "active") return RecordStatus::active;
  if (code == "archived") return RecordStatus::archived;
  if (code == "merged") return RecordStatus::merged;
  return std::nullopt;
}

const char* toString(Role role) noexcept {
  switch (role) {
    case Role::admin: return "admin";
    case Role::officer: return "officer";
    case Role::manager: return "manager";
    case Role::partner: return "partner";
  }
  return "officer";
}

std::optional<Role> roleFrom(std::string_view code) noexcept {
  if (code == "admin") return Role::admin;
  if (code == "officer") return Role::officer;
  if (code == "manager") return Role::manager;
  if (code == "partner") return Role::partner;
  return std::nullopt;
}

const char* toString(UserStatus status) noexcept { return status == UserStatus::active ? "active" : "disabled"; }

std::optional<UserStatus> userStatusFrom(std::string_view code) noexcept {
  if (code == "active") return UserStatus::active;
  if (code == "disabled") return UserStatus::disabled;
  return std::nullopt;
}

const char* toString(Language language) noexcept { return language == Language::da ? "da" : "en"; }

std::optional<Language> languageFrom(std::string_view code) noexcept {
  if (code == "da") return Language::da;
  if (code == "en") return Language::en;
  return std::nullopt;
}

}  // namespace brobygger::domain

#include "domain/event.hpp"

namespace brobygger::domain {

const char* toString(EventStatus status) noexcept {
  switch (status) {
    case EventStatus::draft: return "draft";
    case EventStatus::published: return "published";
    case EventStatus::cancelled: return "cancelled";
    case EventStatus::completed: return "completed";
  }
  return "draft";
}

std::optional<EventStatus> eventStatusFrom(std::string_view code) noexcept {
  if (code == "draft") return EventStatus::draft;
  if (code == "published") return EventStatus::published;
  if (code == "cancelled") return EventStatus::cancelled;
  if (code == "completed") return EventStatus::completed;
  return std::nullopt;
}

const char* toString(Audience audience) noexcept { return audience == Audience::open ? "open" : "invited"; }

std::optional<Audience> audienceFrom(std::string_view code) noexcept {
  if (code == "open") return Audience::open;
  if (code == "invited") return Audience::invited;
  return std::nullopt;
}

const char* toString(RegistrationStatus status) noexcept {
  switch (status) {
    case RegistrationStatus::confirmed: return "confirmed";
    case RegistrationStatus::waitlisted: return "waitlisted";
    case RegistrationStatus::cancelled: return "cancelled";
    case RegistrationStatus::attended: return "attended";
    case RegistrationStatus::no_show: return "no_show";
  }
  return "confirmed";
}

std::optional<RegistrationStatus> registrationStatusFrom(std::string_view code) noexcept {
  if (code == "confirmed") return RegistrationStatus::confirmed;
  if (code == "waitlisted") return RegistrationStatus::waitlisted;
  if (code == "cancelled") return RegistrationStatus::cancelled;
  if (code == "attended") return RegistrationStatus::attended;
  if (code == "no_show") return RegistrationStatus::no_show;
  return std::nullopt;
}

const char* toString(SeriesStatus status) noexcept { return status == SeriesStatus::active ? "active" : "ended"; }

}  // namespace brobygger::domain

#include "domain/session.hpp"

namespace brobygger::domain {

const char* toString(FeedOwner owner) noexcept {
  switch (owner) {
    case FeedOwner::contact: return "contact";
    case FeedOwner::organisation: return "organisation";
    case FeedOwner::user: return "user";
  }
  return "contact";
}

}  // namespace brobygger::domain

#include "domain/outbox.hpp"

namespace brobygger::domain {

const char* toString(OutboxStatus status) noexcept {
  switch (status) {
    case OutboxStatus::queued: return "queued";
    case OutboxStatus::sending: return "sending";
    case OutboxStatus::sent: return "sent";
    case OutboxStatus::failed: return "failed";
    case OutboxStatus::superseded: return "superseded";
    case OutboxStatus::skipped: return "skipped";
  }
  return "queued";
}

std::optional<OutboxStatus> outboxStatusFrom(std::string_view code) noexcept {
  for (auto s : {OutboxStatus::queued, OutboxStatus::sending, OutboxStatus::sent, OutboxStatus::failed,
                 OutboxStatus::superseded, OutboxStatus::skipped})
    if (code == toString(s)) return s;
  return std::nullopt;
}

}  // namespace brobygger::domain

#include "domain/outreach.hpp"

namespace brobygger::domain {

const char* toString(FollowUpStatus status) noexcept {
  switch (status) {
    case FollowUpStatus::open: return "open";
    case FollowUpStatus::done: return "done";
    case FollowUpStatus::cancelled: return "cancelled";
  }
  return "open";
}

std::optional<FollowUpStatus> followUpStatusFrom(std::string_view code) noexcept {
  for (const auto s : {FollowUpStatus::open, FollowUpStatus::done, FollowUpStatus::cancelled})
    if (code == toString(s)) return s;
  return std::nullopt;
}

}  // namespace brobygger::domain

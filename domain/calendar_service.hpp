#pragma once
// Calendar downloads, attendee invitations (iTIP) and subscribable feeds, as documents the adapter
// writes out. Rules: /work/shared/CALENDAR-RULES.md, summarised in docs/calendar.md.
#include <chrono>
#include <optional>
#include <string>

#include "domain/calendar.hpp"
#include "domain/calendar_document.hpp"
#include "domain/repositories.hpp"
#include "domain/session.hpp"

namespace brobygger::domain {

struct CalendarSettings {
  std::string uid_domain = "brobygger.dk";
  // Organizer of invitations when an event has no organiser with an email.
  CalendarPerson mailbox{"arrangementer@brobygger.dk", "Brobygger"};
  std::chrono::days keep_cancelled{30};  // cancelled events stay in feeds this long
  std::chrono::days feed_history{180};   // feeds reach this far back
};

class CalendarService {
 public:
  CalendarService(Store& store, const Clock& clock, const TimeZone& zone, Secrets& secrets,
                  CalendarSettings settings = {})
      : store_(store), clock_(clock), zone_(zone), secrets_(secrets), settings_(std::move(settings)) {}

  // The event for download: no method, no attendees; an occurrence of a series gives the whole series
  // (one VEVENT with RRULE, EXDATEs for cancelled occurrences, overrides for changed ones).
  CalendarDocument eventDownload(const Actor& actor, Id eventId);
  // The attendee's iTIP message: REQUEST while registered, CANCEL once the registration or the event
  // is cancelled. Not while on the waiting list (not found).
  CalendarDocument invitation(const Actor& actor, Id registrationId);
  // The same for the mail sender, without an actor: for `contactId` when it is not (any more) the
  // registration's person (a substitution), a CANCEL. Nothing when there is nobody to write to.
  std::optional<CalendarDocument> invitationFor(UnitOfWork& uow, const Registration& registration,
                                                const Contact& contact);
  // A subscribed feed by its token; nothing for an unknown or revoked token.
  std::optional<CalendarDocument> feed(const std::string& token);

  // The feed token of a contact, an organisation or a user, created on first use.
  std::string feedToken(const Actor& actor, FeedOwner owner, Id ownerId);
  // A new token; the old one stops working.
  std::string rotateFeed(const Actor& actor, FeedOwner owner, Id ownerId);
  // The caller's own feed (officers and admins: the events they organise; a partner: its
  // organisation's); none for managers.
  std::optional<std::string> ownFeedToken(const Actor& actor);
  std::string rotateOwnFeed(const Actor& actor);

 private:
  void checkFeedAccess(UnitOfWork& uow, const Actor& actor, FeedOwner owner, Id ownerId, bool rotate);
  static std::pair<FeedOwner, Id> ownFeed(const Actor& actor);
  CalendarEntry entryFor(const Event& event, Timestamp now) const;
  std::vector<CalendarEntry> seriesEntries(UnitOfWork& uow, const Event& occurrence, Timestamp now) const;
  bool keepInFeed(const Event& event, Timestamp now) const;
  Store& store_;
  const Clock& clock_;
  const TimeZone& zone_;
  Secrets& secrets_;
  CalendarSettings settings_;
};

}  // namespace brobygger::domain

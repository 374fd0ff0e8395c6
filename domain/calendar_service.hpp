#pragma once
// Calendar downloads, attendee invitations (iTIP) and subscribable feeds, as documents the adapter
// writes out. Rules: /work/shared/CALENDAR-RULES.md, summarised in docs/calendar.md.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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
  // A feed reads at most this many events, and this many of an organisation's registrations. A feed that
  // reaches either is never kept (FeedStamp::valid_until); tests set a small one.
  int feed_limit = 20000;
};

// Whether a registration changed from `before` to `after` shows alike in every calendar feed (readFeed):
// whose it is (a person's feed), and whether it is waiting (in its organisation's feed, not in the
// person's), withdrawn (in neither, but a CANCELLED copy in the person's feed for a while after
// `cancelled_at`) or holding a seat (confirmed, attended and no-show look alike). Nothing else of a
// registration shows in a kept answer: the events lists show only the counts, which setCounts keeps.
// RegistrationRepository::update raises the events' revision only when this is false, so a busy
// check-in morning (confirmed -> attended and back) keeps every kept feed and events page (issue 17).
// Keep in step with readFeed.
bool feedsShowAlike(const Registration& before, const Registration& after);

// What a subscribed feed's file depends on besides the rows of its events, read on every fetch: a file
// written while all of it was the same is still the feed, so a caller may keep written feeds (issue 17).
struct FeedStamp {
  // The events' revision (EventRepository::revision): raised in the same transaction by every write to an
  // event or its invitations, by every change of its counts, and by every registration change a feed
  // shows (feedsShowAlike), so it covers every row a feed is built from.
  std::int64_t events_revision = 0;
  std::string name;  // the owner's name: the feed's X-WR-CALNAME
  // The first moment one of the feed's events leaves it by time alone (it ended longer ago than the
  // feed reaches back, or it was cancelled longer ago than cancelled events stay). Nothing enters a feed
  // by time alone while none of its reads reached its limit. One that did (more events or registrations
  // qualify than CalendarSettings::feed_limit) may take in the next event whenever a row it read leaves
  // the window, including rows it read but does not show (a draft, a long-cancelled event, a cancelled
  // registration): its stamp holds for no later moment (valid_until is when it was read), so it is
  // written afresh on every fetch and never kept.
  Timestamp valid_until{};
};

// What a feed's document was written from, for a caller that keeps it (readFeed's `known`): the version of
// every event row it weighed, shown or not, by id. Only a user's and an organisation's feeds have it: they
// are built from event rows alone, so an event whose version is unchanged shows as before. A person's feed
// (one person's registrations, and what each shows depends on them) is read whole each time.
struct FeedSource {
  Id event_id = 0;
  int version = 0;
  int entry = -1;  // its entry in the document, or -1 when the event is not shown
};
using FeedSources = std::vector<FeedSource>;  // by event id

struct FeedRead {
  FeedStamp stamp;
  Timestamp at{};  // when it was read: the DTSTAMP of a file served now
  // Nothing when the stamp the caller knows still holds: then the events were not read.
  std::shared_ptr<const CalendarDocument> document;
  std::shared_ptr<const FeedSources> sources;  // with the document of a user's or an organisation's feed
};

// What a caller keeps of its last read of a feed (readFeed). A stamp alone saves reading an unchanged
// feed again; with the document and its sources, a changed feed reads only the events whose version
// changed (and an organisation's registrations), and takes the others' entries from the document.
struct FeedKnown {
  FeedKnown() = default;
  FeedKnown(FeedStamp known) : stamp(std::move(known)) {}  // NOLINT(google-explicit-constructor)
  FeedKnown(FeedStamp known, std::shared_ptr<const CalendarDocument> written,
            std::shared_ptr<const FeedSources> weighed)
      : stamp(std::move(known)), document(std::move(written)), sources(std::move(weighed)) {}
  FeedStamp stamp;
  std::shared_ptr<const CalendarDocument> document;
  std::shared_ptr<const FeedSources> sources;
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
  // The same with its stamp; with `known` (what the caller keeps of its last read of this token) the events
  // are read only when something the feed shows may have changed, and then, given the last document and
  // its sources, only those whose rows changed. The token and its owner are always read (a revoked token
  // or an inactive owner is never served from a kept file).
  std::optional<FeedRead> readFeed(const std::string& token, const std::optional<FeedKnown>& known);

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

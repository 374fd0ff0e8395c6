#pragma once
// The rules of events, series and registrations.
#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.hpp"
#include "domain/error.hpp"
#include "domain/repositories.hpp"
#include "domain/services.hpp"
#include "domain/table.hpp"

namespace brobygger::domain {

struct EventRules {
  std::chrono::hours max_duration{24 * 31};     // one event lasts at most a month
  std::chrono::hours check_in_opens_before{2};  // check-in opens this long before the start
  std::chrono::hours registration_opens_max_before{24 * 366};
  std::chrono::days series_horizon{366};         // occurrences exist this far ahead
  std::size_t max_occurrences_per_series = 400;  // made at most per series in one run (the rest next run)
};

class EventService {
 public:
  EventService(Store& store, const ReferenceCatalog& catalog, const Clock& clock, const TimeZone& zone,
               EventRules rules = {})
      : store_(store), catalog_(catalog), clock_(clock), zone_(zone), rules_(rules) {}

  Page<Event> list(const Actor& actor, EventQuery query);
  // The events' revision: a cached list page is current while this is unchanged (every server process).
  std::int64_t listRevision();
  std::int64_t exportList(const Actor& actor, EventQuery query, const RowBatches<Event>& sink);
  Event get(const Actor& actor, Id id);
  Event create(const Actor& actor, NewEvent input);
  Event update(const Actor& actor, Id id, const EventChanges& changes, std::optional<int> expectedVersion);
  Event publish(const Actor& actor, Id id, std::optional<int> expectedVersion);
  Event cancel(const Actor& actor, Id id, const std::string& reason, std::optional<int> expectedVersion);
  // After the end: unchecked confirmed registrations become no-shows and the event completed.
  Event close(const Actor& actor, Id id, std::optional<int> expectedVersion);

  // Shared with the series and registration services.
  static bool visibleTo(const Actor& actor, const Event& event);
  void validate(UnitOfWork& uow, Event& event, const Event* before);
  static void cancelInside(UnitOfWork& uow, Event& event, const std::string& reason, Timestamp now,
                           std::optional<Id> by);

 private:
  Event visible(UnitOfWork& uow, const Actor& actor, Id id);
  // The event for `action`: found and visible to the actor (404), then its role checked (403);
  // `lock` reads it for update.
  Event reach(UnitOfWork& uow, const Actor& actor, Id id, Action action, bool lock);
  Store& store_;
  const ReferenceCatalog& catalog_;
  const Clock& clock_;
  const TimeZone& zone_;
  EventRules rules_;
};

struct RegistrationOutcome {
  Id contact_id = 0;
  std::optional<Registration> registration;
  std::optional<DomainError> problem;
};

// The answer to one request to register people: each person's outcome, or why the whole request
// failed (the event not found, the database unavailable).
struct RegistrationAnswer {
  std::vector<RegistrationOutcome> outcomes;
  std::exception_ptr error;
};
using RegistrationReply = std::function<void(RegistrationAnswer)>;

class RegistrationService {
 public:
  RegistrationService(Store& store, const Clock& clock);

  Page<Registration> list(const Actor& actor, RegistrationQuery query);
  // Every registration of the event the list would show, in batches; audited as one export.
  std::int64_t exportList(const Actor& actor, RegistrationQuery query, const RowBatches<Registration>& sink);
  Registration get(const Actor& actor, Id id);
  // One person; throws the person's problem.
  Registration registerOne(const Actor& actor, Id eventId, Id contactId);
  // Several people of one request; each succeeds or fails on its own, in request order (so the
  // waiting list follows it).
  std::vector<RegistrationOutcome> registerMany(const Actor& actor, Id eventId, const std::vector<Id>& contactIds);
  // One use case in one unit of work: registers known people and creates-and-registers new ones
  // (after the known, in request order). A new person is created only if they are registered too.
  std::vector<RegistrationOutcome> registerPeople(const Actor& actor, Id eventId, const std::vector<Id>& contactIds,
                                                  std::vector<NewContact> newContacts);
  // The same use case for a caller that can take its answer later (the HTTP edge, issue 17): the
  // request's own problems (its role, too many or no people) are thrown at once, before anything is
  // queued; otherwise `reply` is called exactly once, on this thread or another, possibly before this
  // returns. Known people only join the event's lane: whichever caller leads the lane decides the
  // requests waiting in it together and answers each, so a waiting request holds no thread.
  void registerPeople(const Actor& actor, Id eventId, std::vector<Id> contactIds, std::vector<NewContact> newContacts,
                      RegistrationReply reply);
  // The attendance list of an event (staff): every registration but the cancelled, read page by page
  // within one unit of work and audited as an export; at most `maxRows`.
  struct Attendance {
    Event event;
    std::vector<Registration> rows;
  };
  Attendance attendance(const Actor& actor, Id eventId, std::size_t maxRows);
  // `expectedVersion`: the client's If-Match (412 when stale).
  Registration cancel(const Actor& actor, Id id, std::optional<int> expectedVersion = std::nullopt);
  Registration substitute(const Actor& actor, Id id, Id newContactId,
                          std::optional<int> expectedVersion = std::nullopt);
  Registration checkIn(const Actor& actor, Id id, std::optional<int> expectedVersion = std::nullopt,
                       const EventRules& rules = {});
  // A check-in made by mistake: attended becomes confirmed again while the event is open for check-in, or
  // no-show once it has been closed (as closing would have made it). Idempotent like the check-in.
  Registration undoCheckIn(const Actor& actor, Id id, std::optional<int> expectedVersion = std::nullopt);
  std::vector<RegistrationChange> history(const Actor& actor, Id id);
  // Confirms waiting people in arrival order while seats and quotas allow; the event row must be
  // locked. Refreshes the event's counts.
  static void promoteWaiting(UnitOfWork& uow, Event& event, Timestamp now);
  // Records a step in the registration's history and in the audit trail (same unit of work).
  static void recordStep(UnitOfWork& uow, const RegistrationChange& step, Id contactId);
  // Recounts seats taken and waiting people and stores them on the event.
  static void refreshCounts(UnitOfWork& uow, Event& event);
  // Queues the person's invitation email (iMIP) in the same transaction as the change.
  static void queueInvitation(UnitOfWork& uow, const Registration& registration, const std::string& reason,
                              Timestamp now, std::optional<Id> contactId = std::nullopt);
  // Queues a message to everyone holding a seat (a material change or the event's cancellation).
  static void queueForSeatHolders(UnitOfWork& uow, Id eventId, const std::string& reason, Timestamp now);
  // The registration and its event if the actor may do `action` on it (a partner its own people's, a
  // limited officer those at its districts' events); 404 or 403 otherwise.
  static std::pair<Registration, Event> visible(UnitOfWork& uow, const Actor& actor, Id id, bool forUpdate,
                                                Action action);

 private:
  struct Person {
    std::optional<Contact> contact;
    std::string organisation_name;
  };
  class Seating;  // one unit of work's seat decisions at a locked event
  struct SeatRequest;
  class SeatLanes;  // concurrent requests for one event combined into one unit of work
  static std::map<Id, Person> readPeople(UnitOfWork& uow, const std::vector<Id>& ids);
  // `locked` is called once the event's row is locked (the lane then lets the next group gather).
  void decide(UnitOfWork& uow, Id eventId, const std::vector<SeatRequest*>& group, Timestamp now,
              const std::function<void()>& locked);
  void settle(Id eventId, const std::vector<SeatRequest*>& group, const std::function<void()>& locked);
  // A request that also creates people: decided on its own, in a unit of work of its own (not in a lane).
  std::vector<RegistrationOutcome> registerWithNewPeople(const Actor& actor, Id eventId,
                                                         const std::vector<Id>& contactIds,
                                                         std::vector<NewContact> newContacts);
  // Whether the event takes this person now (status, and for partners the window and invitation).
  static void checkEligible(const Actor& actor, const Event& event, const Contact& contact, Timestamp now);
  Store& store_;
  const Clock& clock_;
  std::shared_ptr<SeatLanes> lanes_;
};

class SeriesService {
 public:
  SeriesService(Store& store, EventService& events, const Clock& clock, const TimeZone& zone,
                const Recurrence& recurrence, EventRules rules = {})
      : store_(store), events_(events), clock_(clock), zone_(zone), recurrence_(recurrence), rules_(rules) {}

  Page<Series> list(const Actor& actor, const PageRequest& page);
  std::int64_t exportList(const Actor& actor, const RowBatches<Series>& sink);
  Series get(const Actor& actor, Id id);
  Series create(const Actor& actor, NewSeries input);
  Series update(const Actor& actor, Id id, const SeriesChanges& changes, std::optional<int> expectedVersion);
  // Cancels the occurrences from `fromEventId` on (all future ones if nothing) and ends the series.
  Series cancelRest(const Actor& actor, Id id, std::optional<Id> fromEventId, const std::string& reason);
  std::vector<SeriesAttendance> attendance(const Actor& actor, Id id);
  // Per roster member: occurrences held so far (completed, or published and ended) and attended.
  static std::vector<SeriesAttendance> attendanceOf(UnitOfWork& uow, const Series& series, Timestamp now);
  // Materialises occurrences up to the horizon for every active series (run daily and at start) and
  // answers how many were made. A series that cannot be extended does not hold up the others: the
  // first such problem is thrown once every series has been tried.
  int extendHorizons();

 private:
  int materialise(UnitOfWork& uow, Series& series, Timestamp now);
  // An occurrence as the series would make it on its first date, for checking the series' defaults.
  Event occurrenceTemplate(const Series& series) const;
  // Checks the defaults like an event's (roster as invitations) and normalises them (trimmed title,
  // police district from the venue). `before`: the series as it was, so an unchanged organiser is
  // not checked again.
  void checkDefaults(UnitOfWork& uow, Series& series, const Series* before);
  Store& store_;
  EventService& events_;
  const Clock& clock_;
  const TimeZone& zone_;
  const Recurrence& recurrence_;
  EventRules rules_;
};

}  // namespace brobygger::domain

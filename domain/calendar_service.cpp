#include "domain/calendar_service.hpp"
#include "domain/audit.hpp"
#include "domain/policy.hpp"
#include "domain/write.hpp"

#include <algorithm>
#include <map>

#include "domain/date_time.hpp"
#include "domain/event_services.hpp"

namespace brobygger::domain {

namespace {

std::string location(const Venue& venue) {
  std::string text = venue.name.value_or("");
  if (venue.address) {
    std::string address = *venue.address;
    std::replace(address.begin(), address.end(), '\n', ',');
    std::string spaced;
    for (char c : address) {
      spaced += c;
      if (c == ',') spaced += ' ';
    }
    text += (text.empty() ? "" : ", ") + spaced;
  }
  return text;
}

EntryStatus statusOf(EventStatus status) {
  switch (status) {
    case EventStatus::cancelled: return EntryStatus::cancelled;
    case EventStatus::draft: return EntryStatus::tentative;
    case EventStatus::published:
    case EventStatus::completed: return EntryStatus::confirmed;
  }
  return EntryStatus::none;
}

// "FREQ=...;COUNT=4" without COUNT and UNTIL, then ";UNTIL=<local wall clock>".
std::string ruleUntil(const std::string& rrule, const LocalDateTime& until) {
  std::string out;
  std::size_t start = 0;
  while (start <= rrule.size()) {
    auto end = rrule.find(';', start);
    if (end == std::string::npos) end = rrule.size();
    const auto part = rrule.substr(start, end - start);
    if (!part.empty() && part.rfind("COUNT=", 0) != 0 && part.rfind("UNTIL=", 0) != 0)
      out += (out.empty() ? "" : ";") + part;
    start = end + 1;
  }
  return out + ";UNTIL=" + formatBasicLocal(until);
}

}  // namespace

CalendarEntry CalendarService::entryFor(const Event& event, Timestamp now) const {
  CalendarEntry entry;
  entry.uid = "event-" + std::to_string(event.id) + "@" + settings_.uid_domain;
  entry.sequence = event.revision;
  entry.stamp = now;
  entry.starts_at = event.starts_at;
  entry.ends_at = event.ends_at;
  entry.all_day = event.all_day;
  entry.summary = event.details.title;
  entry.description = event.details.description;
  if (auto where = location(event.details.venue); !where.empty()) entry.location = where;
  entry.url = event.details.online_url;
  entry.status = statusOf(event.status);
  entry.last_modified = event.updated_at;
  return entry;
}

std::vector<CalendarEntry> CalendarService::seriesEntries(UnitOfWork& uow, const Event& occurrence,
                                                          Timestamp now) const {
  const auto series = uow.series().find(*occurrence.series_id);
  if (!series) return {entryFor(occurrence, now)};
  auto occurrences = uow.events().ofSeries(series->id);
  const auto duration = std::chrono::minutes(series->duration_minutes);
  // Where the rule puts each occurrence now: its date at the series' current time of day.
  auto ruleStart = [&](const Event& e) {
    auto local = zone_.toLocal(e.occurrence_start.value_or(e.starts_at));
    local.hour = series->first_start.hour;
    local.minute = series->first_start.minute;
    return zone_.toUtc(local);
  };
  CalendarEntry master;
  master.uid = "series-" + std::to_string(series->id) + "@" + settings_.uid_domain;
  master.stamp = now;
  master.starts_at = zone_.toUtc(series->first_start);
  master.ends_at = master.starts_at + duration;
  master.summary = series->details.title;
  master.description = series->details.description;
  if (auto where = location(series->details.venue); !where.empty()) master.location = where;
  master.url = series->details.online_url;
  master.status = EntryStatus::confirmed;
  master.rrule = series->rrule;
  master.last_modified = series->updated_at;
  std::vector<CalendarEntry> overrides;
  std::optional<LocalDateTime> lastHeld;
  for (const auto& e : occurrences) {
    master.sequence = std::max(master.sequence, e.revision);
    const auto expected = ruleStart(e);
    if (e.status == EventStatus::cancelled || e.status == EventStatus::draft) {
      master.exdates.push_back(expected);
      continue;
    }
    lastHeld = zone_.toLocal(expected);
    const bool differs = e.starts_at != expected || e.ends_at != expected + duration ||
                         e.details.title != series->details.title ||
                         e.details.description != series->details.description ||
                         e.details.venue != series->details.venue || e.details.online_url != series->details.online_url;
    if (differs) {
      auto entry = entryFor(e, now);
      entry.uid = master.uid;
      entry.recurrence_id = expected;
      overrides.push_back(std::move(entry));
    }
  }
  if (series->status == SeriesStatus::ended) {
    if (!lastHeld) {  // nothing of it happens any more
      master.status = EntryStatus::cancelled;
      master.rrule.reset();
      master.exdates.clear();
      return {master};
    }
    master.rrule = ruleUntil(series->rrule, *lastHeld);
    // Cancelled occurrences after the end are outside the rule now.
    std::erase_if(master.exdates, [&](Timestamp t) { return zone_.toLocal(t) > *lastHeld; });
  }
  std::vector<CalendarEntry> entries{master};
  entries.insert(entries.end(), overrides.begin(), overrides.end());
  return entries;
}

CalendarDocument CalendarService::eventDownload(const Actor& actor, Id eventId) {
  authorize(actor, Action::download_event_calendar);
  auto uow = store_.begin(Access::read);
  const auto event = uow->events().find(eventId);
  if (!event || !EventService::visibleTo(actor, *event)) throwNotFound("Event");
  CalendarDocument document;
  const auto now = clock_.now();
  document.entries =
      event->series_id ? seriesEntries(*uow, *event, now) : std::vector<CalendarEntry>{entryFor(*event, now)};
  return document;
}

CalendarDocument CalendarService::invitation(const Actor& actor, Id registrationId) {
  authorize(actor, Action::download_invitation);
  auto uow = store_.begin(Access::read);
  const auto registration = uow->registrations().find(registrationId);
  if (!registration || (actor.isPartner() &&
                        !reaches(actor, Action::download_invitation, {registration->organisation_id, std::nullopt})))
    throwNotFound("Registration");
  const auto event = uow->events().find(registration->event_id);
  if (!event || !EventService::visibleTo(actor, *event)) throwNotFound("Registration");
  if (registration->status == RegistrationStatus::waitlisted)
    throw DomainError(ErrorCode::not_found, "No invitation while the person is on the waiting list");
  const auto contact = uow->contacts().find(registration->contact_id);
  if (!contact || !contact->email) throw DomainError(ErrorCode::not_found, "The person has no email address to invite");
  auto document = *invitationFor(*uow, *registration, *contact);
  // The invitation names the person and their address: a read of personal data.
  uow->audit().record(auditEntry(&actor, clock_.now(), AuditAction::read, "invitation", registrationId, {contact->id}));
  return document;
}

std::optional<CalendarDocument> CalendarService::invitationFor(UnitOfWork& uow, const Registration& registration,
                                                               const Contact& contact) {
  if (!contact.email) return std::nullopt;
  const auto event = uow.events().find(registration.event_id);
  if (!event) return std::nullopt;
  const auto now = clock_.now();
  auto entry = entryFor(*event, now);
  // SEQUENCE: the event's revision plus this person's own changes on it (each cancellation and each
  // new registration after one), so every message is above the last one the person received.
  int ownChanges = -1;
  for (const auto& r : uow.registrations().ofContact(contact.id)) {
    if (r.event_id != event->id) continue;
    ownChanges += 1 + (r.status == RegistrationStatus::cancelled ? 1 : 0);
  }
  const bool handedOver = registration.contact_id != contact.id;  // gave the seat to a colleague
  entry.sequence = event->revision + std::max(0, ownChanges) + (handedOver ? 1 : 0);
  CalendarDocument document;
  const bool eventCancelled = event->status == EventStatus::cancelled;
  if (eventCancelled || handedOver || registration.status == RegistrationStatus::cancelled) {
    document.method = CalendarMethod::cancel;
    // Only a cancelled event says STATUS:CANCELLED; one person's withdrawal must not.
    entry.status = eventCancelled ? EntryStatus::cancelled : EntryStatus::none;
  } else {
    document.method = CalendarMethod::request;
    entry.status = EntryStatus::confirmed;
  }
  CalendarPerson organizer = settings_.mailbox;
  if (event->details.organiser_user_id) {
    if (const auto user = uow.users().find(*event->details.organiser_user_id); user && user->email != *contact.email)
      organizer = {user->email, user->name};
  }
  entry.organizer = organizer;
  entry.attendees.push_back({{*contact.email, contact.name}, true, false});
  document.entries.push_back(std::move(entry));
  return document;
}

namespace {

// How a registration shows in the feeds (readFeed): a person's feed leaves out the waiting and shows a
// withdrawn registration's event as CANCELLED for a while; an organisation's feed leaves out the withdrawn
// and shows the waiting. Confirmed, attended and no-show show alike: the event.
int feedClass(RegistrationStatus status) {
  switch (status) {
    case RegistrationStatus::confirmed:
    case RegistrationStatus::attended:
    case RegistrationStatus::no_show: return 0;
    case RegistrationStatus::waitlisted: return 1;
    case RegistrationStatus::cancelled: return 2;
  }
  return 3;
}

}  // namespace

bool feedsShowAlike(const Registration& before, const Registration& after) {
  if (before.event_id != after.event_id || before.contact_id != after.contact_id ||
      before.organisation_id != after.organisation_id || feedClass(before.status) != feedClass(after.status))
    return false;
  // A withdrawn registration's CANCELLED copy stays in the person's feed until `cancelled_at` + 30 days.
  return after.status != RegistrationStatus::cancelled || before.cancelled_at == after.cancelled_at;
}

bool CalendarService::keepInFeed(const Event& event, Timestamp now) const {
  if (event.status == EventStatus::draft) return false;
  if (event.status == EventStatus::cancelled)
    return event.revision > 0 && event.updated_at + settings_.keep_cancelled >= now;
  return true;
}

std::optional<CalendarDocument> CalendarService::feed(const std::string& token) {
  auto read = readFeed(token, std::nullopt);
  if (!read) return std::nullopt;
  return *read->document;
}

std::optional<FeedRead> CalendarService::readFeed(const std::string& token, const std::optional<FeedKnown>& known) {
  if (token.empty() || token.size() > 200) return std::nullopt;
  auto uow = store_.begin(Access::read);
  // The revision first: a change committed after this read raises it again, so a file written from what
  // is read below is never taken for newer than it is.
  FeedRead read;
  read.stamp.events_revision = uow->events().revision();
  const auto feed = uow->feeds().findByToken(token);
  if (!feed) return std::nullopt;
  std::optional<Contact> contact;
  std::optional<Organisation> organisation;
  std::optional<User> user;
  switch (feed->owner) {
    case FeedOwner::contact:
      contact = uow->contacts().find(feed->owner_id);
      if (!contact) return std::nullopt;
      read.stamp.name = contact->name;
      break;
    case FeedOwner::organisation:
      organisation = uow->organisations().find(feed->owner_id);
      if (!organisation) return std::nullopt;
      read.stamp.name = organisation->name;
      break;
    case FeedOwner::user:
      user = uow->users().find(feed->owner_id);
      if (!user || user->status != UserStatus::active) return std::nullopt;
      read.stamp.name = user->name;
      break;
  }
  const auto now = clock_.now();
  read.at = now;
  if (known && known->stamp.events_revision == read.stamp.events_revision && known->stamp.name == read.stamp.name &&
      now < known->stamp.valid_until) {
    read.stamp.valid_until = known->stamp.valid_until;
    return read;
  }
  const auto since = now - settings_.feed_history;
  auto& validUntil = read.stamp.valid_until;
  validUntil = Timestamp::max();
  // Until when an event kept now stays in the feed (keepInFeed and the `since` of the queries).
  auto staysUntil = [&](const Event& e) {
    validUntil = std::min(validUntil, e.ends_at + settings_.feed_history);
    if (e.status == EventStatus::cancelled) validUntil = std::min(validUntil, e.updated_at + settings_.keep_cancelled);
  };
  std::map<Id, Event> events;
  // Every event row weighed, shown or not (FeedSources), for a user's and an organisation's feed.
  std::map<Id, FeedSource> weighed;
  // Moved in from the lists (a feed may hold 20,000 events). It takes the place of a withdrawn
  // registration's CANCELLED copy of the same event: a person registered again holds a seat.
  auto addEvent = [&](Event e) {
    weighed[e.id] = {e.id, e.version, -1};
    if (e.ends_at >= since && keepInFeed(e, now)) {
      staysUntil(e);
      const auto id = e.id;
      events.insert_or_assign(id, std::move(e));
    }
  };
  // A read that reached its limit left rows out that may come in as soon as a row it read leaves the window
  // (a draft or a long-cancelled event counts against the limit too): such a feed holds for no later moment.
  const auto limit = static_cast<std::size_t>(settings_.feed_limit);
  bool limited = false;
  auto limitedRead = [&](auto rows) {
    if (rows.size() >= limit) limited = true;
    return rows;
  };
  // Entries taken over from the known document: an event whose row is unchanged shows as it did. The known
  // stamp held until the first of them leaves the feed by time, and it has not passed.
  std::map<Id, const CalendarEntry*> kept;
  const bool fromKnown = known && known->document && known->sources && now < known->stamp.valid_until;
  // A user's or an organisation's feed: the rows of `query` and the events `registered` (read whole). With a
  // known document, the rows of `query` are compared by version first: only the changed and new ones are
  // read whole, the others' entries are taken over.
  auto readEvents = [&](const EventQuery& query, std::vector<Id> registered) {
    const auto current = fromKnown ? uow->events().feedVersions(query) : std::vector<EventVersion>{};
    if (fromKnown && current.size() < limit) {
      validUntil = known->stamp.valid_until;
      const auto& sources = *known->sources;
      for (const auto& row : current) {
        const auto it = std::lower_bound(sources.begin(), sources.end(), row.id,
                                         [](const FeedSource& s, Id id) { return s.event_id < id; });
        if (it == sources.end() || it->event_id != row.id || it->version != row.version) {
          registered.push_back(row.id);
          continue;
        }
        weighed[row.id] = {row.id, row.version, -1};
        if (it->entry >= 0) kept[row.id] = &known->document->entries.at(static_cast<std::size_t>(it->entry));
      }
    } else {
      for (auto& e : limitedRead(uow->events().forFeed(query))) addEvent(std::move(e));
    }
    std::sort(registered.begin(), registered.end());
    registered.erase(std::unique(registered.begin(), registered.end()), registered.end());
    for (auto& e : uow->events().forFeed(registered)) {
      kept.erase(e.id);
      addEvent(std::move(e));
    }
  };
  CalendarDocument document;
  document.name = "Brobygger: " + read.stamp.name;
  switch (feed->owner) {
    case FeedOwner::contact: {
      // What shows of each registration here and below: feedsShowAlike. A person's registrations are read
      // whatever their events' times (the first 5,000 by id), so time takes nothing in here.
      // SEQUENCE as the person's invitations count it (invitationFor): the event's revision plus each
      // withdrawal and each registration after one, so registering again after a withdrawal is above
      // the CANCELLED copy the calendars got.
      std::map<Id, int> ownChanges;
      for (const auto& r : uow->registrations().ofContact(contact->id)) {
        ownChanges[r.event_id] += 1 + (r.status == RegistrationStatus::cancelled ? 1 : 0);
        if (r.status == RegistrationStatus::waitlisted) continue;
        const auto e = uow->events().find(r.event_id);
        // A withdrawn registration keeps the event for a while, cancelled, so calendars drop it.
        if (!e) continue;
        if (r.status == RegistrationStatus::cancelled) {
          if (r.cancelled_at && *r.cancelled_at + settings_.keep_cancelled >= now && e->ends_at >= since) {
            auto copy = *e;
            copy.status = EventStatus::cancelled;
            validUntil =
                std::min({validUntil, *r.cancelled_at + settings_.keep_cancelled, e->ends_at + settings_.feed_history});
            events.emplace(copy.id, copy);  // not over a registration of the same event that holds a seat
          }
          continue;
        }
        addEvent(*e);
      }
      for (auto& [id, event] : events) event.revision += std::max(0, ownChanges[id] - 1);
      break;
    }
    case FeedOwner::organisation: {
      // The events of its registrations that are not withdrawn, and the events it may register for.
      std::vector<Id> registered;
      for (const auto& r :
           limitedRead(uow->registrations().ofOrganisation(organisation->id, since, settings_.feed_limit)))
        if (r.status != RegistrationStatus::cancelled) registered.push_back(r.event_id);
      EventQuery open;
      open.visible_to_organisation = organisation->id;
      open.from = since;
      open.page.limit = settings_.feed_limit;  // one query: paging with OFFSET would rescan the rows before
      readEvents(open, std::move(registered));
      break;
    }
    case FeedOwner::user: {
      EventQuery mine;
      mine.organiser_user_id = user->id;
      mine.from = since;
      mine.page.limit = settings_.feed_limit;
      readEvents(mine, {});
      break;
    }
  }
  if (limited) validUntil = now;  // never kept (FeedStamp::valid_until)
  // The entries by event id: the ones read now and the ones taken over.
  document.entries.reserve(events.size() + kept.size());
  auto next = events.begin();
  auto take = kept.begin();
  while (next != events.end() || take != kept.end()) {
    Id id = 0;
    if (take == kept.end() || (next != events.end() && next->first < take->first)) {
      id = next->first;
      document.entries.push_back(entryFor(next->second, now));
      ++next;
    } else {
      id = take->first;
      document.entries.push_back(*take->second);
      document.entries.back().stamp = now;
      ++take;
    }
    if (const auto it = weighed.find(id); it != weighed.end())
      it->second.entry = static_cast<int>(document.entries.size() - 1);
  }
  if (feed->owner != FeedOwner::contact) {
    auto sources = std::make_shared<FeedSources>();
    sources->reserve(weighed.size());
    for (const auto& [id, source] : weighed) sources->push_back(source);
    read.sources = std::move(sources);
  }
  read.document = std::make_shared<const CalendarDocument>(std::move(document));
  return read;
}

void CalendarService::checkFeedAccess(UnitOfWork& uow, const Actor& actor, FeedOwner owner, Id ownerId, bool rotate) {
  switch (owner) {
    case FeedOwner::user:
      authorize(actor, rotate ? Action::rotate_own_feed : Action::read_self);
      if (actor.user_id != ownerId) throwNotFound("Feed");
      return;
    case FeedOwner::organisation: {
      const auto action = rotate ? Action::rotate_organisation_feed : Action::read_organisation_feed;
      authorize(actor, action);
      const auto organisation = uow.organisations().find(ownerId);
      if (!organisation) throwNotFound("Organisation");
      authorizeOn(actor, action, {ownerId, organisation->police_district_id}, "Organisation");
      return;
    }
    case FeedOwner::contact: {
      const auto action = rotate ? Action::rotate_contact_feed : Action::read_contact_feed;
      authorize(actor, action);
      const auto contact = uow.contacts().find(ownerId);
      if (!contact) throwNotFound("Contact");
      Reach reach{contact->organisation_id, std::nullopt};
      if (const auto organisation = uow.organisations().find(contact->organisation_id))
        reach.police_district_id = organisation->police_district_id;
      authorizeOn(actor, action, reach, "Contact");
      return;
    }
  }
}

std::pair<FeedOwner, Id> CalendarService::ownFeed(const Actor& actor) {
  // Officers subscribe to the events they organise, partners to their organisation's calendar.
  if (actor.isPartner()) return {FeedOwner::organisation, actor.organisation_id.value_or(0)};
  return {FeedOwner::user, actor.user_id};
}

std::optional<std::string> CalendarService::ownFeedToken(const Actor& actor) {
  if (!permits(actor, Action::rotate_own_feed)) return std::nullopt;  // managers have no feed
  const auto [owner, ownerId] = ownFeed(actor);
  return feedToken(actor, owner, ownerId);
}

std::string CalendarService::rotateOwnFeed(const Actor& actor) {
  authorize(actor, Action::rotate_own_feed);
  const auto [owner, ownerId] = ownFeed(actor);
  return rotateFeed(actor, owner, ownerId);
}

std::string CalendarService::feedToken(const Actor& actor, FeedOwner owner, Id ownerId) {
  {
    auto uow = store_.begin(Access::read);
    checkFeedAccess(*uow, actor, owner, ownerId, false);
    if (const auto existing = uow->feeds().findFor(owner, ownerId)) return existing->token;
  }
  return write(store_, [&](UnitOfWork& uow) {
    if (const auto existing = uow.feeds().findFor(owner, ownerId)) return existing->token;  // made meanwhile
    CalendarFeed feed{0, secrets_.newToken(), owner, ownerId, clock_.now()};
    uow.feeds().insert(feed);
    uow.commit();
    return feed.token;
  });
}

std::string CalendarService::rotateFeed(const Actor& actor, FeedOwner owner, Id ownerId) {
  return write(store_, [&](UnitOfWork& uow) {
    checkFeedAccess(uow, actor, owner, ownerId, true);
    const auto now = clock_.now();
    uow.feeds().revokeFor(owner, ownerId, now);
    CalendarFeed feed{0, secrets_.newToken(), owner, ownerId, now};
    uow.feeds().insert(feed);
    // The token is the feed's only credential: the trail records that it changed, never its value.
    uow.audit().record(auditEntry(&actor, now, AuditAction::update, std::string("calendar_feed_") + toString(owner),
                                  ownerId, owner == FeedOwner::contact ? std::vector<Id>{ownerId} : std::vector<Id>{},
                                  {{"token", true, std::nullopt, std::nullopt}}));
    uow.commit();
    return feed.token;
  });
}

}  // namespace brobygger::domain

#include <algorithm>
#include <memory>

#include "api/content_tag.hpp"
#include "api/feed_cache.hpp"
#include "api/route_support.hpp"
#include "domain/date_time.hpp"

namespace brobygger::api {

namespace {

const char* methodName(domain::CalendarMethod method) {
  switch (method) {
    case domain::CalendarMethod::request: return "REQUEST";
    case domain::CalendarMethod::cancel: return "CANCEL";
    case domain::CalendarMethod::none: break;
  }
  return nullptr;
}

void writeCalendar(RequestContext& c, HttpResponse& response, const domain::CalendarDocument& document,
                   const std::string& filename) {
  response.status = 200;
  const auto* method = methodName(document.method);
  response.content_type =
      std::string("text/calendar; ") + (method ? std::string("method=") + method + "; " : "") + "charset=UTF-8";
  response.body = c.services.calendar_writer.write(document);
  response.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
}

// "20261206T172000Z", as libical writes a UTC DTSTAMP.
std::string basicUtc(domain::Timestamp t) {
  std::string out;
  for (const char ch : domain::formatIsoUtc(t))
    if (ch != '-' && ch != ':') out += ch;
  return out;
}

// A feed written, with its ETag (over the content without its DTSTAMP values: DTSTAMP changes with every
// answer) and where its DTSTAMP values are, so that a kept copy can be served with the time of its
// answer. No positions (so it is not kept) if a value is not of the width a UTC DTSTAMP has.
std::shared_ptr<FeedFile> writtenFeed(RequestContext& c, const domain::FeedRead& read) {
  auto file = std::make_shared<FeedFile>();
  file->read = {read.stamp, read.document, read.sources};
  auto written = c.services.calendar_writer.writeStamped(*read.document);
  file->body = std::move(written.text);
  file->stamps = std::move(written.stamps);
  const auto width = basicUtc(read.at).size();
  file->tag = contentTagOutside(file->body, file->stamps, width);
  const bool uniform = std::all_of(file->stamps.begin(), file->stamps.end(), [&](std::size_t value) {
    return value + width + 2 <= file->body.size() && file->body.compare(value + width, 2, "\r\n") == 0;
  });
  if (!uniform) file->stamps.clear();
  // Last-Modified: the newest change among the feed's events (HTTP date, RFC 9110).
  domain::Timestamp newest{};
  for (const auto& entry : read.document->entries) newest = std::max(newest, entry.last_modified);
  if (newest.time_since_epoch().count() > 0) file->last_modified = domain::formatHttpDate(newest);
  return file;
}

std::string feedUrl(const RequestContext& c, const std::string& token) {
  return c.settings.public_url + "/calendar/" + token + ".ics";
}

}  // namespace

void addCalendarRoutes(Router& router) {
  router.add("GET", "/api/v1/events/{id}/calendar.ics", domain::Action::download_event_calendar,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               writeCalendar(c, response, c.services.calendar.eventDownload(c.actor(), id),
                             "brobygger-event-" + std::to_string(id) + ".ics");
             });

  router.add("GET", "/api/v1/registrations/{id}/invitation.ics", domain::Action::download_invitation,
             [](RequestContext& c, HttpResponse& response) {
               const auto id = c.id();
               writeCalendar(c, response, c.services.calendar.invitation(c.actor(), id),
                             "brobygger-invitation-" + std::to_string(id) + ".ics");
             });

  // Subscribed feeds: the token is the only credential. Polling clients revalidate with the ETag. Written
  // feeds are kept per token while their stamp holds (api/feed_cache.hpp): a repeated fetch or a
  // revalidation then reads three small rows and writes nothing; a file served from there gets this
  // answer's DTSTAMP, as a newly written one would.
  router.add("GET", "/calendar/{token}.ics", domain::Action::read_feed, [](RequestContext& c, HttpResponse& response) {
    auto& files = c.services.calendar_feeds;
    const auto token = c.params.at("token");
    auto file = files.find(token);
    auto read = c.services.calendar.readFeed(token, file ? std::optional(file->read) : std::nullopt);
    if (!read) throw domain::DomainError(domain::ErrorCode::not_found, "No such calendar feed");
    if (read->document) {
      file = writtenFeed(c, *read);
      // A feed at its limit holds for no later moment (domain::FeedStamp::valid_until): not kept.
      const bool holds = read->stamp.valid_until > read->at;
      if (!holds) files.forget(token);
      else if (!file->stamps.empty() || read->document->entries.empty()) files.keep(token, file);
    }
    response.header("ETag", file->tag);
    response.header("Cache-Control", "private, max-age=300");
    if (!file->last_modified.empty()) response.header("Last-Modified", file->last_modified);
    response.content_type = "text/calendar; charset=UTF-8";
    if (c.request.header("if-none-match") == file->tag) {
      response.status = 304;
      return;
    }
    response.status = 200;
    response.body = file->body;
    // DTSTAMP: when this file is served (every value has the same width).
    const auto now = basicUtc(read->at);
    for (const auto at : file->stamps) response.body.replace(at, now.size(), now);
  });

  router.add(
      "POST", "/api/v1/me/calendar-feed/rotate", domain::Action::rotate_own_feed,
      [](RequestContext& c, HttpResponse& response) {
        writeJson(response, 200, {{"calendar_feed_url", feedUrl(c, c.services.calendar.rotateOwnFeed(c.actor()))}});
      });
  router.add("POST", "/api/v1/contacts/{id}/calendar-feed/rotate", domain::Action::rotate_contact_feed,
             [](RequestContext& c, HttpResponse& response) {
               const auto token = c.services.calendar.rotateFeed(c.actor(), domain::FeedOwner::contact, c.id());
               writeJson(response, 200, {{"calendar_feed_url", feedUrl(c, token)}});
             });
  router.add("POST", "/api/v1/organisations/{id}/calendar-feed/rotate", domain::Action::rotate_organisation_feed,
             [](RequestContext& c, HttpResponse& response) {
               const auto token = c.services.calendar.rotateFeed(c.actor(), domain::FeedOwner::organisation, c.id());
               writeJson(response, 200, {{"calendar_feed_url", feedUrl(c, token)}});
             });
  router.add("GET", "/api/v1/contacts/{id}/calendar-feed", domain::Action::read_contact_feed,
             [](RequestContext& c, HttpResponse& response) {
               const auto token = c.services.calendar.feedToken(c.actor(), domain::FeedOwner::contact, c.id());
               writeJson(response, 200, {{"calendar_feed_url", feedUrl(c, token)}});
             });
  router.add("GET", "/api/v1/organisations/{id}/calendar-feed", domain::Action::read_organisation_feed,
             [](RequestContext& c, HttpResponse& response) {
               const auto token = c.services.calendar.feedToken(c.actor(), domain::FeedOwner::organisation, c.id());
               writeJson(response, 200, {{"calendar_feed_url", feedUrl(c, token)}});
             });
}

}  // namespace brobygger::api

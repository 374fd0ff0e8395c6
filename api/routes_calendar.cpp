#include <algorithm>

#include "api/content_tag.hpp"
#include "api/route_support.hpp"

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

  // Subscribed feeds: the token is the only credential. Polling clients revalidate with the ETag.
  router.add("GET", "/calendar/{token}.ics", domain::Action::read_feed, [](RequestContext& c, HttpResponse& response) {
    const auto token = c.params.at("token");
    const auto document = c.services.calendar.feed(token);
    if (!document) throw domain::DomainError(domain::ErrorCode::not_found, "No such calendar feed");
    auto body = c.services.calendar_writer.write(*document);
    // DTSTAMP changes with every request; the ETag is taken over the content without it.
    const std::string tag = contentTagOfLines(body, "DTSTAMP:");
    response.header("ETag", tag);
    response.header("Cache-Control", "private, max-age=300");
    // Last-Modified: the newest change among the feed's events (HTTP date, RFC 9110).
    domain::Timestamp newest{};
    for (const auto& entry : document->entries) newest = std::max(newest, entry.last_modified);
    if (newest.time_since_epoch().count() > 0) response.header("Last-Modified", domain::formatHttpDate(newest));
    if (c.request.header("if-none-match") == tag) {
      response.status = 304;
      response.content_type = "text/calendar; charset=UTF-8";
      return;
    }
    response.status = 200;
    response.content_type = "text/calendar; charset=UTF-8";
    response.body = std::move(body);
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

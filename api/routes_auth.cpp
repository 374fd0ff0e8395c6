#include "api/route_support.hpp"

namespace brobygger::api {

namespace {

std::string sessionCookie(const ApplicationSettings& settings, const std::string& value, long long maxAge) {
  return std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(maxAge) + (settings.secure_cookies ? "; Secure" : "");
}

}  // namespace

void addAuthRoutes(Router& router) {
  router.add("POST", "/api/v1/auth/login", Auth::none, [](RequestContext& c, HttpResponse& response) {
    JsonFields body(c.request.body);
    body.require("email");
    body.require("password");
    const auto email = body.string("email");
    const auto password = body.string("password");
    body.finish();
    const auto result = c.services.auth.login(*email, *password);
    writeJson(response, 200,
              {{"token", result.token}, {"expires_at", formatTimestamp(result.expires_at)}, {"user", toJson(result.user)}});
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    response.header("Set-Cookie", sessionCookie(c.settings, result.token, (result.expires_at - now).count()));
  });
  router.add("POST", "/api/v1/auth/logout", Auth::required, [](RequestContext& c, HttpResponse& response) {
    c.services.auth.logout(c.token);
    response.status = 204;
    response.header("Set-Cookie", sessionCookie(c.settings, "", 0));
  });
  router.add("GET", "/api/v1/me", Auth::required, [](RequestContext& c, HttpResponse& response) {
    auto me = toJson(c.auth->user);
    // Officers subscribe to the events they organise, partners to their organisation's calendar.
    const auto& actor = c.actor();
    if (actor.isStaff() || actor.isPartner()) {
      const auto owner = actor.isPartner() ? domain::FeedOwner::organisation : domain::FeedOwner::user;
      const auto ownerId = actor.isPartner() ? actor.organisation_id.value_or(0) : actor.user_id;
      me["calendar_feed_url"] =
          c.settings.public_url + "/calendar/" + c.services.calendar.feedToken(actor, owner, ownerId) + ".ics";
    }
    writeJson(response, 200, me);
  });
}

}  // namespace brobygger::api

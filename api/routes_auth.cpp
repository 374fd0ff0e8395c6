#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "api/route_support.hpp"

namespace brobygger::api {

namespace {

// An address in its canonical text form (IPv4-mapped IPv6 as IPv4); nothing when it is none.
std::optional<std::string> canonicalAddress(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return std::nullopt;
  text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  char out[INET6_ADDRSTRLEN] = {};
  in_addr v4{};
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1 && inet_ntop(AF_INET, &v4, out, sizeof out)) return std::string(out);
  in6_addr v6{};
  if (inet_pton(AF_INET6, text.c_str(), &v6) != 1) return std::nullopt;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    std::memcpy(&v4, v6.s6_addr + 12, 4);
    if (inet_ntop(AF_INET, &v4, out, sizeof out)) return std::string(out);
    return std::nullopt;
  }
  if (!inet_ntop(AF_INET6, &v6, out, sizeof out)) return std::nullopt;
  return std::string(out);
}

// The address login throttling counts: the peer's, or, when the peer is a trusted reverse proxy,
// the nearest address in X-Forwarded-For (from the right) that is not one of ours. An IPv6 client
// counts by its /64 network, as one subscriber usually holds a whole one. Empty when unknown.
std::string clientAddress(const RequestContext& c) {
  const auto& proxies = c.settings.trusted_proxies;
  const auto trusted = [&](const std::string& a) {
    return std::find(proxies.begin(), proxies.end(), a) != proxies.end();
  };
  auto address = canonicalAddress(c.request.remote);
  if (!address) return {};
  if (trusted(*address)) {
    if (const auto forwarded = c.request.header("x-forwarded-for")) {
      std::string_view rest = *forwarded;
      while (!rest.empty()) {
        const auto comma = rest.rfind(',');
        const auto hop = canonicalAddress(std::string(comma == std::string_view::npos ? rest : rest.substr(comma + 1)));
        if (!hop) break;  // garbage: keep the last address we could trust
        address = hop;
        if (!trusted(*hop) || comma == std::string_view::npos) break;
        rest = rest.substr(0, comma);
      }
    }
  }
  in6_addr v6{};
  if (address->find(':') != std::string::npos && inet_pton(AF_INET6, address->c_str(), &v6) == 1) {
    std::memset(v6.s6_addr + 8, 0, 8);
    char out[INET6_ADDRSTRLEN] = {};
    if (inet_ntop(AF_INET6, &v6, out, sizeof out)) return std::string(out) + "/64";
  }
  return *address;
}

std::string sessionCookie(const ApplicationSettings& settings, const std::string& value, long long maxAge) {
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(maxAge) +
         (settings.secure_cookies ? "; Secure" : "");
}

}  // namespace

void addAuthRoutes(Router& router) {
  router.add("POST", "/api/v1/auth/login", domain::Action::login, [](RequestContext& c, HttpResponse& response) {
    JsonFields body(c.request.body);
    body.require("email");
    body.require("password");
    const auto email = body.string("email");
    const auto password = body.string("password");
    body.finish();
    const auto result = c.services.auth.login(*email, *password, clientAddress(c));
    writeJson(response, 200,
              {{"token", result.token},
               {"expires_at", formatIsoTimestamp(result.expires_at, c.services.zone)},
               {"user", toJson(result.user, c.services.zone)}});
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    response.header("Set-Cookie", sessionCookie(c.settings, result.token, (result.expires_at - now).count()));
  });
  router.add("POST", "/api/v1/auth/logout", domain::Action::logout, [](RequestContext& c, HttpResponse& response) {
    c.services.auth.logout(c.token);
    response.status = 204;
    response.header("Set-Cookie", sessionCookie(c.settings, "", 0));
  });
  router.add("GET", "/api/v1/me", domain::Action::read_self, [](RequestContext& c, HttpResponse& response) {
    auto me = toJson(c.auth->user, c.services.zone);
    if (const auto token = c.services.calendar.ownFeedToken(c.actor()))
      me["calendar_feed_url"] = c.settings.public_url + "/calendar/" + *token + ".ics";
    writeJson(response, 200, me);
  });
  // One's own display name and language (never role, organisation or districts: unknown fields, 422).
  router.add("PATCH", "/api/v1/me", domain::Action::update_self, [](RequestContext& c, HttpResponse& response) {
    JsonFields body(c.request.body);
    domain::SelfChanges changes;
    changes.name = body.string("name");
    changes.language = readLanguage(body);
    body.finish();
    const auto user = c.services.users.updateSelf(c.actor(), changes, c.ifMatch());
    writeResource(response, 200, toJson(user, c.services.zone), user.version);
  });
  router.add("POST", "/api/v1/me/password", domain::Action::change_own_password,
             [](RequestContext& c, HttpResponse& response) {
               JsonFields body(c.request.body);
               body.require("current_password");
               body.require("new_password");
               const auto current = body.string("current_password");
               const auto replacement = body.string("new_password");
               body.finish();
               c.services.auth.changePassword(c.actor(), c.token, *current, *replacement, clientAddress(c));
               response.status = 204;
             });
}

}  // namespace brobygger::api

#include "api/router.hpp"

#include <algorithm>

namespace brobygger::api {

void Router::add(std::string method, std::string pattern, domain::Action action, Handler handler) {
  Route route{std::move(method), std::move(pattern), {}, action, std::move(handler)};
  route.parts = *splitPath(route.pattern);
  routes_.push_back(std::move(route));
}

void Router::add(std::string method, std::string pattern, domain::Action action, BodyRule body, Handler handler) {
  add(std::move(method), std::move(pattern), action, std::move(handler));
  routes_.back().body = std::move(body);
}

Router::Match Router::match(const std::string& method, const std::vector<std::string>& segments) const {
  Match result;
  for (const auto& route : routes_) {
    if (route.parts.size() != segments.size()) continue;
    Params params;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& part = route.parts[i];
      const auto close = part.find('}');
      if (part.size() > 2 && part.front() == '{' && close != std::string::npos) {
        // "{name}" or "{name}.suffix": the segment must end with the suffix, which is not captured.
        const auto suffix = part.substr(close + 1);
        const auto& segment = segments[i];
        if (segment.size() <= suffix.size() ||
            segment.compare(segment.size() - suffix.size(), suffix.size(), suffix) != 0) {
          ok = false;
        } else {
          params[part.substr(1, close - 1)] = segment.substr(0, segment.size() - suffix.size());
        }
      } else {
        ok = part == segments[i];
      }
    }
    if (!ok) continue;
    const bool methodMatches = route.method == method || (method == "HEAD" && route.method == "GET");
    if (methodMatches) {
      result.route = &route;
      result.params = std::move(params);
      result.allowed.clear();
      return result;
    }
    if (std::find(result.allowed.begin(), result.allowed.end(), route.method) == result.allowed.end()) {
      result.allowed.push_back(route.method);
      if (route.method == "GET") result.allowed.emplace_back("HEAD");
    }
  }
  return result;
}

}  // namespace brobygger::api

#pragma once
// Routes by method and path pattern ("/api/v1/organisations/{id}") over decoded segments. Knows every
// route, so the server can answer 405 with Allow and print its table (`brobygger routes`).
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "api/http.hpp"
#include "domain/policy.hpp"

namespace brobygger::api {

struct RequestContext;
using Params = std::map<std::string, std::string>;
using Handler = std::function<void(RequestContext&, HttpResponse&)>;

// What a route accepts as its body: by default JSON within the application's limit; an upload names
// its own media types and limit.
struct BodyRule {
  std::size_t max_bytes = 0;       // 0: the application's max_body_bytes
  std::vector<std::string> types;  // empty: application/json (and merge-patch)
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> parts;  // literal segments, or "{name}"
  // The use case the route serves: its row in the domain's policy table says whether a session is
  // needed and which roles may call it.
  domain::Action action;
  Handler handler;
  BodyRule body{};
};

class Router {
 public:
  void add(std::string method, std::string pattern, domain::Action action, Handler handler);
  void add(std::string method, std::string pattern, domain::Action action, BodyRule body, Handler handler);

  struct Match {
    const Route* route = nullptr;
    Params params;
    std::vector<std::string> allowed;  // methods that match the path, when the method does not
  };
  Match match(const std::string& method, const std::vector<std::string>& segments) const;
  const std::vector<Route>& routes() const noexcept { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace brobygger::api

#include "api/metrics.hpp"

#include <arpa/inet.h>

#include <cstring>
#include <sstream>

namespace brobygger::api {

namespace {

// Label values are route templates, methods and codes of our own; escaped anyway as the format asks.
std::string escaped(std::string_view value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string number(double v) {
  std::ostringstream out;
  out.precision(10);
  out << v;
  return out.str();
}

}  // namespace

void Metrics::record(std::string_view method, std::string_view route, int status, std::chrono::microseconds took) {
  const double seconds = static_cast<double>(took.count()) / 1e6;
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  const std::lock_guard lock(mutex_);
  ++requests_[{std::string(method), std::string(route), status}];
  auto& l = latency_[{std::string(method), std::string(route)}];
  if (bucket < kBuckets.size()) ++l.buckets[bucket];
  ++l.count;
  l.sum += seconds;
}

void Metrics::addGauges(std::function<std::vector<GaugeFamily>()> source) {
  const std::lock_guard lock(mutex_);
  gauges_.push_back(std::move(source));
}

std::string Metrics::render(std::string_view version) const {
  std::ostringstream out;
  std::vector<std::function<std::vector<GaugeFamily>()>> sources;
  {
    const std::lock_guard lock(mutex_);
    out << "# HELP brobygger_http_requests_total Requests answered, by method, route template and status.\n"
           "# TYPE brobygger_http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
      const auto& [method, route, status] = key;
      out << "brobygger_http_requests_total{method=\"" << escaped(method) << "\",route=\"" << escaped(route)
          << "\",status=\"" << status << "\"} " << count << "\n";
    }
    out << "# HELP brobygger_http_request_duration_seconds Time from reading a request to its answer, by route.\n"
           "# TYPE brobygger_http_request_duration_seconds histogram\n";
    for (const auto& [key, l] : latency_) {
      const auto labels = "method=\"" + escaped(key.first) + "\",route=\"" + escaped(key.second) + "\"";
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += l.buckets[i];
        out << "brobygger_http_request_duration_seconds_bucket{" << labels << ",le=\"" << number(kBuckets[i]) << "\"} "
            << cumulative << "\n";
      }
      out << "brobygger_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << l.count << "\n";
      out << "brobygger_http_request_duration_seconds_sum{" << labels << "} " << number(l.sum) << "\n";
      out << "brobygger_http_request_duration_seconds_count{" << labels << "} " << l.count << "\n";
    }
    sources = gauges_;
  }
  // Gauges are read outside the lock: a source may ask the database.
  for (const auto& source : sources) {
    for (const auto& family : source()) {
      out << "# HELP " << family.name << " " << family.help << "\n# TYPE " << family.name << " " << family.type << "\n";
      for (const auto& [labels, value] : family.samples)
        out << family.name << (labels.empty() ? "" : "{" + labels + "}") << " " << number(value) << "\n";
    }
  }
  out << "# HELP brobygger_build_info The running build.\n# TYPE brobygger_build_info gauge\n"
      << "brobygger_build_info{version=\"" << escaped(version) << "\"} 1\n";
  return out.str();
}

bool addressAllowed(const std::string& address, const std::vector<std::string>& allowed) {
  unsigned char client[16]{};
  int family = 0;
  std::string text = address;
  if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (inet_pton(AF_INET, text.c_str(), client) == 1) {
    family = AF_INET;
  } else if (inet_pton(AF_INET6, text.c_str(), client) == 1) {
    family = AF_INET6;
    // An IPv4 client on a dual-stack socket (::ffff:a.b.c.d) counts as that IPv4 address.
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(client, mapped, 12) == 0) {
      std::memmove(client, client + 12, 4);
      family = AF_INET;
    }
  } else {
    return false;
  }
  for (const auto& entry : allowed) {
    const auto slash = entry.find('/');
    const auto base = entry.substr(0, slash);
    unsigned char net[16]{};
    int netFamily = 0;
    if (inet_pton(AF_INET, base.c_str(), net) == 1) netFamily = AF_INET;
    else if (inet_pton(AF_INET6, base.c_str(), net) == 1) netFamily = AF_INET6;
    if (netFamily != family) continue;
    const int width = family == AF_INET ? 32 : 128;
    int prefix = width;
    if (slash != std::string::npos) {
      try {
        prefix = std::stoi(entry.substr(slash + 1));
      } catch (...) {
        continue;
      }
      if (prefix < 0 || prefix > width) continue;
    }
    bool match = true;
    for (int bit = 0; bit < prefix && match; ++bit) {
      const auto byte = static_cast<std::size_t>(bit / 8);
      const auto mask = static_cast<unsigned char>(0x80u >> (bit % 8));
      match = (client[byte] & mask) == (net[byte] & mask);
    }
    if (match) return true;
  }
  return false;
}

}  // namespace brobygger::api

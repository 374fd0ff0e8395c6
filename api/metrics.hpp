#pragma once
// What `/metrics` shows, in Prometheus' text format: requests by method, route template and status,
// their latency as histograms per route, and gauges read when scraped (the request queue, the database
// pool, the outbox). Recording is one short lock per request; route templates keep the label set
// small (never a path with ids or a query).
#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace brobygger::api {

// A family read at scrape time: name, help, value per label set ("" for none), and its type ("gauge",
// or "counter" for totals kept elsewhere).
struct GaugeFamily {
  std::string name;
  std::string help;
  std::vector<std::pair<std::string, double>> samples;  // labels as `key="value",...` (no braces), value
  std::string type = "gauge";
};

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

  void record(std::string_view method, std::string_view route, int status, std::chrono::microseconds took);
  // Adds the gauges read at scrape time.
  void addGauges(std::function<std::vector<GaugeFamily>()> source);
  // The exposition: counters, histograms, the gauges, and `brobygger_build_info`.
  std::string render(std::string_view version) const;

 private:
  struct Latency {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // per bucket, not cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Latency> latency_;
  std::vector<std::function<std::vector<GaugeFamily>()>> gauges_;
};

// True when `address` (a client's IPv4 or IPv6 address as text) is in `allowed`: exact addresses or
// CIDR blocks ("10.0.0.0/8", "fd00::/8"). Anything that does not parse is not allowed.
bool addressAllowed(const std::string& address, const std::vector<std::string>& allowed);

}  // namespace brobygger::api

-- wrk script for the soak: a mix of the web admin's reads and one write, keep-alive, as one officer.
-- Counts answers by class; 5xx are reported (a soak must have none).
local token = os.getenv("BENCH_TOKEN")
local event = os.getenv("BENCH_EVENT")
local paths = {
  "/api/v1/organisations?limit=50", "/api/v1/events?limit=50", "/api/v1/contacts?limit=50", "/api/v1/me",
  "/api/v1/reports/engagement?group_by=police_district", "/api/v1/activities?limit=50", "/api/v1/me/work",
  "/api/v1/events/" .. event .. "/registrations?limit=50",
}
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init()
  fivexx = 0
  fourxx = 0
  counter = 0
end

function request()
  counter = counter + 1
  local headers = {["Authorization"] = "Bearer " .. token, ["Connection"] = "keep-alive"}
  if counter % 10 == 0 then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/v1/organisations", headers,
      string.format('{"name":"Soak %d-%d","kind":"foundation","municipality_id":101}', math.random(1e9), counter))
  end
  return wrk.format("GET", paths[(counter % #paths) + 1], headers)
end

function response(status)
  if status >= 500 then fivexx = fivexx + 1 elseif status >= 400 then fourxx = fourxx + 1 end
end

function done(summary, latency, requests)
  local total, refused = 0, 0
  for _, t in ipairs(threads) do
    total = total + t:get("fivexx")
    refused = refused + t:get("fourxx")
  end
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d fivexx=%d fourxx=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, total, refused,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

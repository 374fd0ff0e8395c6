-- wrk script: each request registers the next unused contact. Contacts come from the id range
-- [BENCH_FIRST_CONTACT, BENCH_FIRST_CONTACT + BENCH_CONTACTS); each wrk thread takes its own slice, so
-- no (event, contact) pair repeats. With BENCH_EVENTS > 1 the requests spread over the events
-- BENCH_FIRST_EVENT.. in turn; otherwise they all go to BENCH_FIRST_EVENT.
local first_contact = tonumber(os.getenv("BENCH_FIRST_CONTACT"))
local contacts = tonumber(os.getenv("BENCH_CONTACTS"))
local first_event = tonumber(os.getenv("BENCH_FIRST_EVENT"))
local events = tonumber(os.getenv("BENCH_EVENTS") or "1")
local threads = tonumber(os.getenv("BENCH_THREADS_WRK") or "2")
local token = os.getenv("BENCH_TOKEN")

local counter = 0
local slice_start = 0

function setup(thread)
  thread:set("slice", setup_index or 0)
  setup_index = (setup_index or 0) + 1
end

function init(args)
  slice_start = (slice or 0) * math.floor(contacts / threads)
end

function request()
  local contact = first_contact + slice_start + counter
  local event = first_event + (counter % events)
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Connection"] = "keep-alive",
  }
  return wrk.format("POST", "/api/v1/events/" .. event .. "/registrations", headers,
    '{"contact_id":' .. contact .. '}')
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status +
                 summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors))
end

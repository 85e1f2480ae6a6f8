-- wrk prints the 50th, 75th, 90th and 99th percentiles; make bench also needs the 95th.
-- One line at the end of the run, read by scripts/bench_report.py's parse_wrk().
--
-- With SHOAL_SEARCH_WORDS set (words separated by spaces), every request is a search for a
-- different pair of those words, so that no answer is served from a cache. Each of two runs
-- (SHOAL_SEARCH_RUN=0 for the warm-up, 1 for the measurement) and each of their two threads
-- starts at its own quarter of the list of pairs.
local words = {}
for word in (os.getenv("SHOAL_SEARCH_WORDS") or ""):gmatch("%S+") do
  table.insert(words, word)
end

if #words > 0 then
  local threads = 0
  local run = tonumber(os.getenv("SHOAL_SEARCH_RUN") or "0")
  setup = function(thread)
    thread:set("offset", (run * 2 + threads) * math.floor(#words * #words / 4))
    threads = threads + 1
  end
  local n = 0
  request = function()
    local k = ((offset or 0) + n) % (#words * #words)
    n = n + 1
    local first = words[(k % #words) + 1]
    local second = words[(math.floor(k / #words) % #words) + 1]
    return wrk.format("GET", "/search/?query=" .. first .. "+" .. second)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "shoal-bench p50_us=%d p95_us=%d p99_us=%d requests=%d errors=%d\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, e.connect + e.read + e.write + e.timeout + e.status))
end

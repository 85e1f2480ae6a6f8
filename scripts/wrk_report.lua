-- wrk prints the 50th, 75th, 90th and 99th percentiles; make bench also needs the 95th.
-- One line at the end of the run, read by scripts/bench_report.py's parse_wrk().
--
-- With SHOAL_SEARCH_WORDS set (words separated by spaces), every request asks a question
-- nobody asked before, so that no answer is served from a cache:
-- - a search (SHOAL_SEARCH_PATH, default "/search/?query=") for a new pair of those words;
-- - with SHOAL_SEARCH_PREFIX=1 (autocomplete), a word and the first 3, 4 or 5 letters of
--   another word: "/search/autocomplete/?query=Ashby+Bram".
-- Each run (SHOAL_SEARCH_RUN: 0 and 1 for the warm-up and the measurement with the page cache
-- off, 2 and 3 with it on) and each of their two threads starts at its own eighth of the list
-- of pairs, so that no run asks what an earlier one asked (its answer would be kept).
local words = {}
for word in (os.getenv("SHOAL_SEARCH_WORDS") or ""):gmatch("%S+") do
  table.insert(words, word)
end

-- The second word of each pair: the words themselves, or every distinct prefix of 3 to 5
-- letters of them (so that no two requests ask for the same thing).
local function second_words(prefixes)
  if not prefixes then
    return words
  end
  local found, seen = {}, {}
  for _, word in ipairs(words) do
    for length = 3, 5 do
      local prefix = word:sub(1, length)
      if #prefix == length and not seen[prefix:lower()] then
        seen[prefix:lower()] = true
        table.insert(found, prefix)
      end
    end
  end
  return found
end

if #words > 0 then
  local base = os.getenv("SHOAL_SEARCH_PATH") or "/search/?query="
  local seconds = second_words(os.getenv("SHOAL_SEARCH_PREFIX") == "1")
  local pairs_count = #words * #seconds
  local threads = 0
  local run = tonumber(os.getenv("SHOAL_SEARCH_RUN") or "0")
  setup = function(thread)
    thread:set("offset", (run * 2 + threads) * math.floor(pairs_count / 8))
    threads = threads + 1
  end
  local n = 0
  request = function()
    local k = ((offset or 0) + n) % pairs_count
    n = n + 1
    local first = words[(k % #words) + 1]
    local second = seconds[(math.floor(k / #words) % #seconds) + 1]
    return wrk.format("GET", base .. first .. "+" .. second)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "shoal-bench p50_us=%d p95_us=%d p99_us=%d requests=%d errors=%d\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, e.connect + e.read + e.write + e.timeout + e.status))
end

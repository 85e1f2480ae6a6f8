-- wrk prints the 50th, 75th, 90th and 99th percentiles; make bench also needs the 95th.
-- One line at the end of the run, read by scripts/bench_report.py's parse_wrk().
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "shoal-bench p50_us=%d p95_us=%d p99_us=%d requests=%d errors=%d\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, e.connect + e.read + e.write + e.timeout + e.status))
end

-- wrk script for bench/hardening.sh: GET the commune page (PAGE_PATH) with a harmless query string,
-- ?bench=<PHASE>-<thread>-<n>, part of the output cache's key. With VARY > 0, n cycles through VARY
-- values per wrk thread: each value is rendered once, then served from the cache, so the cache does not
-- answer every time; with VARY = 0 every request is distinct, hence rendered.
-- The done hook prints one "bench_result" line that the script parses.
local path = os.getenv("PAGE_PATH") or "/communes/42218-saint-etienne"
local phase = os.getenv("PHASE") or "p"
local vary = tonumber(os.getenv("VARY") or "100")
local counter = 0

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
end

function init(args)
    n = 0
end

function request()
    n = n + 1
    local value = n
    if vary > 0 then
        value = n % vary
    end
    return wrk.format("GET", path .. "?bench=" .. phase .. "-" .. id .. "-" .. value)
end

function done(summary, latency, requests)
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format("bench_result requests=%d rps=%.2f avg_ms=%.2f p95_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
        summary.requests, summary.requests / (summary.duration / 1e6), latency.mean / 1000,
        latency:percentile(95.0) / 1000, latency:percentile(99.0) / 1000, summary.errors.status, errors))
end

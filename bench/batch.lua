-- wrk script for bench/hardening.sh: anonymous clients asking, again and again, for the largest letter
-- batch the public may ask for (BATCH_BODY, JSON). Answers are counted by status: 200 (a ZIP), 503 (the
-- global render limiter said to come back), anything else. The done hook prints one "batch_result" line.
local path = "/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letter-batches"
local body = os.getenv("BATCH_BODY")
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    ok = 0
    busy = 0
    other = 0
end

function request()
    return wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
    if status == 200 then
        ok = ok + 1
    elseif status == 503 then
        busy = busy + 1
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local o, b, x = 0, 0, 0
    for _, thread in ipairs(threads) do
        o = o + thread:get("ok")
        b = b + thread:get("busy")
        x = x + thread:get("other")
    end
    io.write(string.format("batch_result ok=%d busy=%d other=%d bytes=%d seconds=%.1f p50_ms=%.0f max_ms=%.0f\n",
        o, b, x, summary.bytes, summary.duration / 1e6, latency:percentile(50.0) / 1000, latency.max / 1000))
end

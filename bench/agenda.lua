-- wrk script for bench/agenda.sh: the agenda as visitors and machines read it, with varied queries so that
-- no cached answer is measured by accident.
-- MODE=page: /agenda with a département, a kind, the month view or the list (half of the time a filter);
-- MODE=api: /api/v1/events?territory=departement:42 with a window (from, to) moved by a day or more;
-- MODE=ics: /agenda.ics?v=N, made-up queries an attacker would send to force renderings (the feed must ignore them).
-- done() prints p50/p95/p99 and the non-2xx count.
local mode = os.getenv("MODE") or "page"
local departements = { "42", "69", "13", "33", "59", "75", "2A", "974", "06", "31", "38", "43" }
local kinds = { "information-meeting", "inter-collective-meeting", "debate", "screening", "postering", "leafleting", "rally", "council-session", "workshop", "other" }
local counter = 0
local threads = {}

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

function init(args)
    math.randomseed(os.time() + id * 7919)
    n = 0
    bad = 0
end

local function pick(list) return list[math.random(#list)] end

local function day(offset)
    return os.date("!%Y-%m-%d", os.time() + offset * 86400)
end

function request()
    n = n + 1
    local path
    if mode == "api" then
        local start = math.random(0, 60)
        path = "/api/v1/events?territory=departement:42&from=" .. day(start) .. "&to=" .. day(start + math.random(7, 90))
        if math.random(4) == 1 then path = path .. "&kind=" .. pick(kinds) end
    elseif mode == "ics" then
        path = "/agenda.ics?v=" .. id .. "-" .. n .. "-" .. math.random(1000000)
    else
        path = "/agenda?departement=" .. pick(departements)
        local r = math.random(4)
        if r == 1 then path = path .. "&type=" .. pick(kinds)
        elseif r == 2 then path = path .. "&vue=mois&mois=" .. os.date("!%Y-%m", os.time() + math.random(0, 5) * 30 * 86400) end
        path = path .. "&v=" .. math.random(1000000)
    end
    return wrk.format("GET", path)
end

function response(status, headers, body)
    if status < 200 or status > 299 then bad = bad + 1 end
end

function done(summary, latency, requests)
    local errors = 0
    for _, thread in ipairs(threads) do errors = errors + (thread:get("bad") or 0) end
    io.write(string.format("RESULT p50 %.1fms\n", latency:percentile(50.0) / 1000))
    io.write(string.format("RESULT p95 %.1fms\n", latency:percentile(95.0) / 1000))
    io.write(string.format("RESULT p99 %.1fms\n", latency:percentile(99.0) / 1000))
    io.write(string.format("RESULT requests %d\n", summary.requests))
    io.write(string.format("RESULT non2xx %d\n", errors))
end

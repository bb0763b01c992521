-- wrk script for bench/press.sh: the observatoire's HTML list as a press peak uses it.
-- MODE=search: a search word (WORDS, one per line) with, half of the time, a filter (département,
-- status, technology) and a sort, and a page among the first three;
-- MODE=pages: /observatoire?page=N, N drawn from 1 to LAST_PAGE, in a random offered sort.
-- done() prints p50/p95/p99 (wrk's latency distribution covers every request) and the non-2xx count.
local mode = os.getenv("MODE") or "search"
local last_page = tonumber(os.getenv("LAST_PAGE") or "50")
local sorts = { "recent", "title", "cameras", "budget", "status-date", "id" }
local departements = { "13", "33", "42", "59", "69", "75", "2A", "974", "06", "31" }
local statuses = { "announced", "deployed", "suspended", "abandoned", "experimented", "awarded" }
local technologies = { "vsa", "facial-recognition", "drones", "alpr", "sound-sensors", "cctv" }
local counter = 0
local threads = {}

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

function init(args)
    words = {}
    for line in io.lines(os.getenv("WORDS")) do
        if #line > 0 then table.insert(words, line) end
    end
    math.randomseed(os.time() + id * 7919)
    bad = 0
end

local function pick(list) return list[math.random(#list)] end

local function encode(s)
    return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
    local path
    if mode == "pages" then
        path = "/observatoire?sort=" .. pick(sorts) .. "&page=" .. math.random(last_page)
    else
        path = "/observatoire?q=" .. encode(pick(words))
        local r = math.random(6)
        if r == 1 then path = path .. "&departement=" .. pick(departements)
        elseif r == 2 then path = path .. "&status=" .. pick(statuses)
        elseif r == 3 then path = path .. "&technology=" .. pick(technologies) end
        if math.random(2) == 1 then path = path .. "&sort=" .. pick(sorts) end
        local page = math.random(6)
        if page <= 3 and page > 1 then path = path .. "&page=" .. page end
    end
    return wrk.format("GET", path)
end

function response(status, headers, body)
    if status < 200 or status > 299 then bad = bad + 1 end
end

function done(summary, latency, requests)
    local errors = 0
    for _, thread in ipairs(threads) do errors = errors + (thread:get("bad") or 0) end
    local seconds = summary.duration / 1e6
    io.write(string.format("RESULT requests %d\nRESULT rps %.1f\nRESULT p50_ms %.1f\nRESULT p95_ms %.1f\nRESULT p99_ms %.1f\nRESULT non2xx %d\n",
        summary.requests, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end

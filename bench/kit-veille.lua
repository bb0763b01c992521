-- wrk script for bench/kit-veille.sh: the campaign kit as visitors and machines read it, with varied
-- queries so that no single cached answer is measured by accident.
-- MODE=list:  /kit with a kind, a language and a print format (each present half of the time), plus a
--             made-up parameter (v=…) that the output cache must ignore rather than render again;
-- MODE=pages: a resource page taken at random among PATHS (a file, one path a line: every listed resource);
-- MODE=api:   /api/v1/kit with the same filters (kind, language, format), one request in four a resource's
--             document /api/v1/kit/{id} (ids from PATHS).
-- done() prints p50/p95/p99, the request count and the non-2xx count.
local mode = os.getenv("MODE") or "list"
local kinds = { "brochure", "poster", "leaflet", "sticker", "visual", "letter-template", "legal-guide", "slides", "video", "other" }
local languages = { "fr", "en", "es", "de", "it", "ar", "br", "oc", "eu", "ca", "co" }
local formats = { "A0", "A1", "A2", "A3", "A4", "A5", "A6" }
local counter = 0
local threads = {}
local paths = {}
local ids = {}

local file = io.open(os.getenv("PATHS") or "", "r")
if file then
    for line in file:lines() do
        if line ~= "" then
            table.insert(paths, line)
            table.insert(ids, line:match("^/kit/(%d+)"))
        end
    end
    file:close()
end

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

local function filters(kind, language, format)
    local query = {}
    if math.random(2) == 1 then table.insert(query, kind .. "=" .. pick(kinds)) end
    if math.random(2) == 1 then table.insert(query, language .. "=" .. pick(languages)) end
    if math.random(2) == 1 then table.insert(query, format .. "=" .. pick(formats)) end
    return table.concat(query, "&")
end

function request()
    n = n + 1
    local path
    if mode == "pages" and #paths > 0 then
        path = pick(paths)
    elseif mode == "api" then
        if #ids > 0 and math.random(4) == 1 then
            path = "/api/v1/kit/" .. pick(ids)
        else
            path = "/api/v1/kit?" .. filters("kind", "language", "format")
        end
    else
        path = "/kit?" .. filters("type", "langue", "format") .. "&v=" .. math.random(1000000)
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
    io.write(string.format("RESULT rps %.0f\n", summary.requests / (summary.duration / 1000000)))
    io.write(string.format("RESULT non2xx %d\n", errors))
end

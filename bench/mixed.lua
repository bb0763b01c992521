-- wrk script for bench/cluster.sh: a mixed workload through nginx, each request drawn at random among
-- the kinds below with these weights, its target drawn from POOL (a file of "kind<TAB>value" lines
-- that the script fills from the database: commune paths, dossier paths, search and API query
-- strings, territories to write to). Letters are POSTed with the API token (TOKEN), so that the
-- per-client limit of public writes does not apply; one letter in LETTER_PDF_EVERY is a PDF, the others
-- plain text (a PDF takes a permit of the render limiter, sized for the machine's cores).
--
-- The response hook counts statuses (slower than plain wrk, which is accepted) and the 5xx per second
-- of wall clock, so that the script can say which phase (instance killed, PostgreSQL restarted) they
-- fell in. done() prints "RESULT key value" lines for the script, and a readable summary.
local weights = {
    { "commune", 30 },
    { "dossier", 30 },
    { "search", 20 },
    { "api", 15 },
    { "letter", 5 },
}
local token = os.getenv("TOKEN") or ""
local pdf_every = tonumber(os.getenv("LETTER_PDF_EVERY") or "5")
local paragraph = "Habitante de la commune, je refuse que nos rues deviennent le terrain d'essai de logiciels de surveillance."
local threads = {}
local counter = 0

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

function init(args)
    pool = {}
    for _, w in ipairs(weights) do pool[w[1]] = {} end
    for line in io.lines(os.getenv("POOL")) do
        local kind, value = line:match("^(%a+)\t(.+)$")
        if kind and pool[kind] then table.insert(pool[kind], value) end
    end
    total_weight = 0
    for _, w in ipairs(weights) do
        if #pool[w[1]] == 0 then error("POOL has no line of kind " .. w[1]) end
        total_weight = total_weight + w[2]
    end
    math.randomseed(os.time() + id * 7919)
    n = 0
    statuses = {}
    errors_by_second = {}
end

local function pick(list) return list[math.random(#list)] end

-- RATE (requests/s for the whole run, all connections together; unset: as fast as the server answers):
-- each connection waits a random time around CONNECTIONS / RATE seconds before its next request, so the
-- load is the peak a projection names rather than whatever saturates the machine.
local rate = tonumber(os.getenv("RATE") or "")
local connections = tonumber(os.getenv("CONNECTIONS") or "16")
if rate and rate > 0 then
    function delay()
        return math.floor(1000 * connections / rate * (0.5 + math.random()))
    end
end

function request()
    n = n + 1
    local r = math.random(total_weight)
    local kind
    for _, w in ipairs(weights) do
        if r <= w[2] then kind = w[1] break end
        r = r - w[2]
    end
    local value = pick(pool[kind])
    if kind == "letter" then
        local format = (n % pdf_every == 0) and "pdf" or "txt"
        local body = '{"territory":"' .. value .. '","senderName":"Collectif Bench","senderKind":"collective","format":"'
            .. format .. '","personalParagraph":"' .. paragraph .. '"}'
        return wrk.format("POST", "/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters", {
            ["Content-Type"] = "application/json",
            ["Authorization"] = "Bearer " .. token,
        }, body)
    end
    return wrk.format("GET", value)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status >= 500 then
        local second = os.time()
        errors_by_second[second] = (errors_by_second[second] or 0) + 1
    end
end

function done(summary, latency, requests)
    local seconds = summary.duration / 1000000
    local merged, by_second = {}, {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do merged[status] = (merged[status] or 0) + count end
        for second, count in pairs(thread:get("errors_by_second")) do by_second[second] = (by_second[second] or 0) + count end
    end
    local e = summary.errors
    io.write(string.format("RESULT requests %d\n", summary.requests))
    io.write(string.format("RESULT seconds %.1f\n", seconds))
    io.write(string.format("RESULT rps %.1f\n", summary.requests / seconds))
    for _, p in ipairs({ 50, 95, 99 }) do
        io.write(string.format("RESULT p%d_ms %.1f\n", p, latency:percentile(p) / 1000))
    end
    io.write(string.format("RESULT max_ms %.1f\n", latency.max / 1000))
    io.write(string.format("RESULT socket_errors connect=%d,read=%d,write=%d,timeout=%d\n", e.connect, e.read, e.write, e.timeout))
    local list = {}
    for status, count in pairs(merged) do table.insert(list, status .. "=" .. count) end
    table.sort(list)
    io.write("RESULT statuses " .. table.concat(list, ",") .. "\n")
    for second, count in pairs(by_second) do io.write(string.format("ERRORS5XX %d %d\n", second, count)) end
end

-- wrk script for bench/carte.sh: the alternative to tiles that issue 18 asks to measure, a layer as GeoJSON
-- per département (the map would load the départements in view, whole). DATASET=dossiers: the API's
-- /api/v1/dossiers.geojson?departement=XX&limit=1000 (its largest page); DATASET=cameras:
-- /api/v1/osm/cameras.geojson?territory=departement:XX. Any of the 96 metropolitan départements.
-- done() prints p50/p95/p99, the non-2xx count and the mean size of an answer.
local dataset = os.getenv("DATASET") or "dossiers"
local counter = 0
local threads = {}
local codes = { "2A", "2B" }
for i = 1, 95 do
    if i ~= 20 then table.insert(codes, string.format("%02d", i)) end
end

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

function init(args)
    math.randomseed(os.time() + id * 7919)
    bad = 0
    bytes = 0
    answers = 0
end

function request()
    local code = codes[math.random(#codes)]
    if dataset == "cameras" then
        return wrk.format("GET", "/api/v1/osm/cameras.geojson?territory=departement:" .. code)
    end
    return wrk.format("GET", "/api/v1/dossiers.geojson?departement=" .. code .. "&limit=1000")
end

function response(status, headers, body)
    if status ~= 200 then bad = bad + 1 end
    answers = answers + 1
    bytes = bytes + #body
end

function done(summary, latency, requests)
    local errors, total, count = 0, 0, 0
    for _, t in ipairs(threads) do
        errors = errors + t:get("bad")
        total = total + t:get("bytes")
        count = count + t:get("answers")
    end
    io.write(string.format("requests=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f non200=%d mean_kB=%.0f\n",
        summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
        errors, count > 0 and total / count / 1000 or 0))
end

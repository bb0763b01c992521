-- wrk script for bench/carte.sh: vector tiles of the public map over metropolitan France.
-- MODE=warm: tiles drawn from a fixed set (zooms 5–12), so after the warm-up every answer comes from the
--            tile cache; MODE=cold: any tile over France at zooms 5–12, a quarter of them filtered by status,
--            against the app run with its tile cache off, so each one is drawn from the layer's snapshot.
-- MODE=page: the /carte HTML page with varied filters (see page()).
-- LAYER: dossiers (default) or cameras. done() prints p50/p95/p99 and the non-2xx count.
local mode = os.getenv("MODE") or "warm"
local layer = os.getenv("LAYER") or "dossiers"
local statuses = { "announced", "funded", "awarded", "deployed", "experimented", "suspended", "abandoned", "annulled" }
local counter = 0
local threads = {}

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

-- Metropolitan France: longitude -5.2..9.6, latitude 41.3..51.1.
local function tile(z, lon, lat)
    local n = 2 ^ z
    local x = math.floor((lon + 180) / 360 * n)
    local r = math.rad(lat)
    local y = math.floor((1 - math.log(math.tan(r) + 1 / math.cos(r)) / math.pi) / 2 * n)
    return x, y
end

function init(args)
    math.randomseed(os.time() + id * 7919)
    n = 0
    bad = 0
end

local departements = { "01", "06", "13", "2A", "31", "33", "42", "44", "59", "67", "69", "75", "93", "974" }
local layers = { "dossiers", "cameras", "collectifs", "evenements" }

-- MODE=page: the /carte HTML page itself (its list and choropleth are computed per request), with the
-- filters its form sends: a département, a status, one or two layers.
local function page()
    local query = {}
    local r = math.random(4)
    if r >= 2 then table.insert(query, "departement=" .. departements[math.random(#departements)]) end
    if r == 3 or r == 4 then table.insert(query, "statut=" .. statuses[math.random(#statuses)]) end
    if r == 4 then
        table.insert(query, "couche=" .. layers[math.random(#layers)])
        table.insert(query, "couche=dossiers")
    end
    local path = "/carte"
    if #query > 0 then path = path .. "?" .. table.concat(query, "&") end
    return wrk.format("GET", path)
end

function request()
    n = n + 1
    if mode == "page" then return page() end
    local z, lon, lat
    if mode == "cold" then
        -- Anywhere over France at every zoom from 5 to 12 (the app runs with its tile cache off).
        z = 5 + (n % 8)
        lon = -5.2 + math.random() * 14.8
        lat = 41.3 + math.random() * 9.8
    else
        -- A fixed pseudo-random set: 400 tiles, the same in every thread.
        local k = math.random(400)
        z = 5 + (k % 8)
        lon = -5.2 + ((k * 37) % 148) / 10
        lat = 41.3 + ((k * 53) % 98) / 10
    end
    local x, y = tile(z, lon, lat)
    local path = "/tuiles/" .. layer .. "/" .. z .. "/" .. x .. "/" .. y .. ".mvt"
    if mode == "cold" and n % 4 == 0 then
        -- A quarter of the requests filtered, as the map's form does.
        path = path .. "?statut=" .. statuses[(id + n) % 8 + 1]
    end
    return wrk.format("GET", path)
end

function response(status, headers, body)
    if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
    local errors = 0
    for _, t in ipairs(threads) do errors = errors + t:get("bad") end
    io.write(string.format("requests=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f non200=%d\n",
        summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end

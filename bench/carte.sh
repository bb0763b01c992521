#!/usr/bin/env bash
# The public map under load (issue 18): DOSSIERS dossiers (50,000) from `demo generate` and CAMERAS OSM
# cameras (100,000) from `demo cameras` (helper A's command; without it, inserted here with sqlite3 near
# commune centres), on SQLite; then vector tiles over metropolitan France with 16 clients (bench/carte.lua):
#   1. warm tiles (the same 400 tiles, zooms 5–12, cached)                    goal p95 ≤ 20 ms;
#   2. cold tiles (the tile cache off: every tile drawn from the snapshot)    goal p95 ≤ 200 ms;
#   3. the first build of a layer's snapshot after a start (one request, timed with curl);
#   4. nginx serving one tile's bytes, the ceiling of this machine, in the same run;
#   6. the alternative: each layer as GeoJSON per département (bench/carte-geojson.lua), and the bytes
#      France costs at zoom 5 either way (the choice between tiles and GeoJSON, made on these figures).
#   5. the /carte HTML page with varied filters (MODE=page), 16 clients;
#   5b. the first render of /carte in Debian's Chromium, empty cache, RENDER_RUNS times (bench/CarteRender).
# Appends a dated entry to bench/RESULTS.md. Environment: DOSSIERS, CAMERAS, DURATION (20 s), WARM (10 s),
# SKIP_PUBLISH=1, KEEP_TMP=1, NOTE. Run it only on a quiet machine (it says so when the load is high).
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DOSSIERS="${DOSSIERS:-50000}"
CAMERAS="${CAMERAS:-100000}"
DURATION="${DURATION:-20}"
WARM="${WARM:-10}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$repo_root/bench/out/app"
results_file="$repo_root/bench/RESULTS.md"
log() { printf '[carte] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" -v n="$(nproc)" 'BEGIN { exit !(l > n * 0.5) }'; then
    log "warning: load average $load on $(nproc) cores — the figures will say more about the neighbours than about the map"
fi

tmp="$(mktemp -d -t contrevue-carte.XXXXXX)"
app_pid=""
nginx_pid=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    [[ -n "$app_pid" ]] && { kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; }
    [[ -n "$nginx_pid" ]] && { kill "$nginx_pid" 2>/dev/null || true; }
    [[ $status -ne 0 && -f "$tmp/app.log" ]] && tail -n 30 "$tmp/app.log" >&2
    [[ "${KEEP_TMP:-0}" == 1 ]] && log "kept $tmp" || rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in wrk curl sqlite3 nginx; do
    command -v "$tool" >/dev/null 2>&1 || { log "installing $tool"; apt-get install -y -q "$tool" </dev/null >/dev/null; }
done
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing src/Contrevue (Release) to bench/out/app"
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$app_dir" -nologo -v quiet </dev/null >&2
fi
free_port() { local p; while :; do p=$((20000 + RANDOM % 12000)); ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }; done; }

mkdir -p "$tmp/work"
export Database__Provider=Sqlite ConnectionStrings__Default="Data Source=$tmp/contrevue.db"
cli() { (cd "$tmp/work" && dotnet "$app_dir/Contrevue.dll" "$@") </dev/null; }
sql() { sqlite3 "$tmp/contrevue.db" "$1"; }

log "generating $DOSSIERS dossiers (demo generate: migrations, territories, data)"
cli demo generate --dossiers "$DOSSIERS" >"$tmp/generate.log" 2>&1 || { tail -20 "$tmp/generate.log" >&2; die "demo generate failed"; }
if cli demo cameras --cameras "$CAMERAS" --seed 18 >"$tmp/cameras.log" 2>&1; then
    log "$CAMERAS cameras from demo cameras"
else
    log "demo cameras not available: inserting $CAMERAS cameras with sqlite3 near commune centres"
    sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CAMERAS),
         c AS (SELECT code, departement_code AS dep, centre_latitude AS lat, centre_longitude AS lon, row_number() OVER (ORDER BY code) AS k
               FROM communes WHERE centre_latitude IS NOT NULL),
         m AS (SELECT count(*) AS total FROM c)
         INSERT INTO osm_cameras (node_id, version, latitude, longitude, tags_json, commune_code, departement_code, placement_approximate, area_key, exported_at, imported_at)
         SELECT 9000000000 + i, 1, c.lat + ((abs(random()) % 2000) - 1000) / 100000.0, c.lon + ((abs(random()) % 2000) - 1000) / 100000.0,
                '{\"man_made\":\"surveillance\"}', c.code, c.dep, 0, 'demo', datetime('now'), datetime('now')
         FROM n JOIN m JOIN c ON c.k = (i % m.total) + 1;" \
        || log "could not insert cameras (no commune centres or another schema): measuring the dossiers alone"
fi
log "dossiers: $(sql 'select count(*) from "Dossiers"' 2>/dev/null || echo ?), cameras: $(sql 'select count(*) from osm_cameras' 2>/dev/null || echo ?)"

port=$(free_port)
url="http://127.0.0.1:$port"
start_app() {
    (cd "$tmp/work" && exec dotnet "$app_dir/Contrevue.dll" --urls "$url") >>"$tmp/app.log" 2>&1 </dev/null &
    app_pid=$!
    for _ in $(seq 600); do curl -fs -o /dev/null "$url/healthz" && break; sleep 0.2; done
    curl -fs -o /dev/null "$url/healthz" || die "the app did not start"
}
stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }
start_app

layers="dossiers"
# The TileJSON reads the layer's version only: the snapshot stays unbuilt for the "first tile" measure.
curl -fs -o /dev/null "$url/tuiles/cameras.json" && layers="dossiers cameras"
results=()
for layer in $layers; do
    first=$(curl -fs -o /dev/null -w '%{time_total}' "$url/tuiles/$layer/6/32/22.mvt")
    log "$layer: first tile after start (snapshot build included) ${first}s"
    LAYER=$layer MODE=warm wrk -t2 -c16 -d"${WARM}s" -s "$repo_root/bench/carte.lua" "$url" >/dev/null 2>&1 || true
    LAYER=$layer MODE=warm wrk -t2 -c16 -d"${DURATION}s" --timeout 10s -s "$repo_root/bench/carte.lua" "$url" >"$tmp/warm-$layer.txt" 2>&1
    results+=("| $layer | warm | $(grep -o 'requests=.*' "$tmp/warm-$layer.txt") | goal p95 ≤ 20 ms |")
    results+=("| $layer | first tile after start | ${first} s | |")
done

# The page people open: /carte's HTML with varied filters, same clients.
MODE=page wrk -t2 -c16 -d"${WARM}s" -s "$repo_root/bench/carte.lua" "$url" >/dev/null 2>&1 || true
MODE=page wrk -t2 -c16 -d"${DURATION}s" --timeout 10s -s "$repo_root/bench/carte.lua" "$url" >"$tmp/page.txt" 2>&1
results+=("| /carte (HTML) | varied filters | $(grep -o 'requests=.*' "$tmp/page.txt") | |")

# The alternative the issue names: each layer as GeoJSON per département, same clients. And what France
# costs the browser at zoom 5 either way: the tiles that cover it, or the 96 départements' GeoJSON.
# The dossiers only: `demo cameras` are no OSM data, and the cameras' GeoJSON API leaves them out.
for layer in dossiers; do
    DATASET=$layer wrk -t2 -c16 -d"${WARM}s" --timeout 20s -s "$repo_root/bench/carte-geojson.lua" "$url" >/dev/null 2>&1 || true
    DATASET=$layer wrk -t2 -c16 -d"${DURATION}s" --timeout 20s -s "$repo_root/bench/carte-geojson.lua" "$url" >"$tmp/geojson-$layer.txt" 2>&1
    results+=("| $layer | GeoJSON per département | $(grep -o 'requests=.*' "$tmp/geojson-$layer.txt") | the alternative to tiles |")
    tile_bytes=0
    for x in 15 16; do for y in 10 11 12; do
        tile_bytes=$((tile_bytes + $(curl -fs -o /dev/null -w '%{size_download}' "$url/tuiles/$layer/5/$x/$y.mvt")))
    done; done
    geojson_bytes=0
    for code in 2A 2B $(seq -w 1 95 | grep -vx 20); do
        if [[ $layer == cameras ]]; then path="/api/v1/osm/cameras.geojson?territory=departement:$code"; else path="/api/v1/dossiers.geojson?departement=$code&limit=1000"; fi
        geojson_bytes=$((geojson_bytes + $(curl -fs -o /dev/null -w '%{size_download}' "$url$path")))
    done
    results+=("| $layer | France at zoom 5, bytes the browser loads | tiles (6): $((tile_bytes / 1000)) kB; GeoJSON (96 départements, uncompressed): $((geojson_bytes / 1000)) kB | |")
done

# The map's first render in Chromium (empty cache each run), with these volumes (bench/CarteRender).
log "first render of /carte in Chromium"
dotnet build "$repo_root/bench/CarteRender" -c Release -o "$tmp/render" -nologo -v quiet </dev/null >&2
dotnet "$tmp/render/CarteRender.dll" --base "$url" --runs "${RENDER_RUNS:-5}" >"$tmp/render.txt" 2>&1 || { cat "$tmp/render.txt" >&2; die "the render measure failed"; }
cat "$tmp/render.txt" >&2
results+=("| /carte in Chromium | first render, empty cache | $(grep -o 'first_render_ms.*' "$tmp/render.txt") | goal ≤ 2,000 ms |")

# Cold: the same app with its tile cache off (Carte:TileCacheBytes=0), so that every tile, at every zoom
# from 5 to 12 anywhere over France, is drawn from the layer's snapshot.
stop_app
export Carte__TileCacheBytes=0
start_app
for layer in $layers; do
    curl -fs -o /dev/null "$url/tuiles/$layer/6/32/22.mvt"
    LAYER=$layer MODE=cold wrk -t2 -c16 -d"${DURATION}s" --timeout 10s -s "$repo_root/bench/carte.lua" "$url" >"$tmp/cold-$layer.txt" 2>&1
    results+=("| $layer | cold (tile cache off) | $(grep -o 'requests=.*' "$tmp/cold-$layer.txt") | goal p95 ≤ 200 ms |")
done
unset Carte__TileCacheBytes

# The ceiling: nginx serving one tile's bytes from a file, same clients, same machine.
mkdir -p "$tmp/nginx/html/t"
curl -fs -o "$tmp/nginx/html/t/tile.mvt" "$url/tuiles/dossiers/6/32/22.mvt"
nport=$(free_port)
cat >"$tmp/nginx/nginx.conf" <<NGINX
worker_processes 1; daemon off; pid $tmp/nginx/nginx.pid; error_log $tmp/nginx/error.log;
events { worker_connections 256; }
http { access_log off; server { listen 127.0.0.1:$nport; root $tmp/nginx/html; } }
NGINX
nginx -c "$tmp/nginx/nginx.conf" -p "$tmp/nginx" &
nginx_pid=$!
sleep 1
cat >"$tmp/static.lua" <<'LUA'
function done(summary, latency, requests)
    io.write(string.format("requests=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f\n", summary.requests, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
LUA
wrk -t2 -c16 -d"${DURATION}s" -s "$tmp/static.lua" "http://127.0.0.1:$nport/t/tile.mvt" >"$tmp/nginx.txt" 2>&1
results+=("| nginx | same bytes | $(grep -o 'requests=.*' "$tmp/nginx.txt") | ceiling |")

commit=$(git -C "$repo_root" rev-parse --short HEAD)
{
    printf '\n## %s — public map tiles (bench/carte.sh)\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)"
    printf 'Commit %s; %s cores, %s; dotnet %s; wrk 2 threads, 16 clients, %s s per measure; %s dossiers, %s cameras; load average at start %s. %s\n\n' \
        "$commit" "$(nproc)" "$(free -h | awk '/Mem:/ {print $2}')" "$(dotnet --version)" "$DURATION" "$DOSSIERS" "$CAMERAS" "$load" "${NOTE:-}"
    printf '| Layer | Measure | Result | Goal |\n|---|---|---|---|\n'
    printf '%s\n' "${results[@]}"
} | tee -a "$results_file"

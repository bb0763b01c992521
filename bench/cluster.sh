#!/usr/bin/env bash
# Cluster benchmark (issue 13): two Contrevue instances behind nginx on one PostgreSQL, all on loopback,
# a mixed workload for DURATION seconds, with an instance killed and PostgreSQL restarted during the load.
# See bench/README.md.
#
# What it does:
#  1. publishes the app (Release) to bench/out/app; starts its own PostgreSQL cluster in /tmp on a free
#     port; fills a new database with the app's CLI: `demo generate --dossiers $DOSSIERS --sources
#     $SOURCES` (which also migrates and imports the territories), `admin create`, `token create`;
#  2. starts two instances on loopback (ForwardedHeaders enabled, loopback as known proxy) and nginx
#     load-balancing them with bench/nginx-cluster.conf.example (only its ports replaced);
#  3. loads nginx for DURATION s with `wrk` and bench/mixed.lua: commune pages, dossier pages,
#     /observatoire?q=<word>&<filter>, /api/v1/dossiers?…, PDF/text letters (with the API token);
#  4. meanwhile, a writer (curl, one write a second through nginx): a dossier edit with the token
#     (GET, new title carrying a unique marker, PUT), and every PROPOSAL_EVERY-th second a public dossier
#     proposal without proof of work (under the per-client limit); every write answered 2xx is looked
#     up in the database at the end: "no acknowledged write lost";
#  5. a probe (curl through nginx every 100 ms) times the failover; at DURATION/3 one instance is
#     killed with SIGKILL and restarted KILL_DOWN (10) s later; at 2×DURATION/3 PostgreSQL is restarted
#     (`pg_ctl restart -m fast`) and each instance's /healthz is polled directly until it answers 200;
#  6. RSS of both instances (ps -o rss) at RSS_AT (120 s, or DURATION/4 when shorter) and at the end;
#     prints the figures and appends a dated entry to bench/RESULTS.md.
#
# The issue's reference volume is 50,000 dossiers and 200,000 sources over 600 s:
#   DOSSIERS=50000 SOURCES=200000 bench/cluster.sh
# The default, 10,000 dossiers (40,000 sources), generates in a few minutes on a 2-core machine.
# A quick trial: DURATION=90 DOSSIERS=2000 LABEL="short trial run" bench/cluster.sh
#
# RATE=N holds the load at about N requests/s (wrk's delay hook; unset: as fast as the server answers,
# which saturates a 2-core machine), e.g. RATE=140, the peak of bench/README.md's paper projection.
# WARMUP=S runs the same mix for S seconds before the measured DURATION, unthrottled, without writer or
# fault, so that the bounded caches are full when memory is first read; its RSS is recorded too.
# WARMUP_MODE=steady makes the warm-up the measured load itself (at RATE, with the writer writing), for a
# run whose memory is read in the state a sustained load reaches.
#
# Environment: DURATION (600 s), RATE, WARMUP (0 s), WARMUP_MODE (fill), DOSSIERS (10000), SOURCES (4 × DOSSIERS), CONNECTIONS (16),
# THREADS (2), KILL_DOWN (10 s), RSS_AT, PROPOSAL_EVERY (15 s), LETTER_PDF_EVERY (5), LABEL, NOTE,
# SKIP_PUBLISH=1, KEEP_TMP=1 (keep logs, nginx.conf, wrk output, the writer's log).
# Installs nginx, wrk, curl, jq and postgresql with apt-get when missing, like the other scripts.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DURATION="${DURATION:-600}"
DOSSIERS="${DOSSIERS:-10000}"
SOURCES="${SOURCES:-$(( DOSSIERS * 4 ))}"
export CONNECTIONS="${CONNECTIONS:-16}"
export RATE="${RATE:-}"
WARMUP="${WARMUP:-0}"
WARMUP_MODE="${WARMUP_MODE:-fill}"
[[ "$WARMUP_MODE" == fill || "$WARMUP_MODE" == steady ]] || { echo "WARMUP_MODE is fill or steady" >&2; exit 2; }
THREADS="${THREADS:-2}"
KILL_DOWN="${KILL_DOWN:-10}"
PROPOSAL_EVERY="${PROPOSAL_EVERY:-15}"
export LETTER_PDF_EVERY="${LETTER_PDF_EVERY:-5}"
default_rss_at=120
(( DURATION / 4 < default_rss_at )) && default_rss_at=$(( DURATION / 4 ))
RSS_AT="${RSS_AT:-$default_rss_at}"
KILL_AT=$(( DURATION / 3 ))
PG_RESTART_AT=$(( 2 * DURATION / 3 ))
HEALTH_TIMEOUT_S=180
(( KILL_AT + KILL_DOWN + 5 < PG_RESTART_AT )) || { echo "DURATION too short for the fault injection (at least 60 s)" >&2; exit 2; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$repo_root/bench/out/app"
results_file="$repo_root/bench/RESULTS.md"

log() { printf '[cluster] %s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- Cleanup: every process started here is stopped, whatever happens ---------------------------
tmp=""
app_pids=("" "")
nginx_pid=""
wrk_pid=""
writer_pid=""
probe_pid=""
rss_sampler_pid=""
pg_bin=""
pg_data=""

run_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_process() {
    local pid="$1"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_process "$wrk_pid"
    stop_process "$writer_pid"
    stop_process "$probe_pid"
    stop_process "$rss_sampler_pid"
    stop_process "$nginx_pid"
    stop_process "${app_pids[0]}"
    stop_process "${app_pids[1]}"
    if [[ -n "$pg_data" && -f "$pg_data/postmaster.pid" ]]; then
        run_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
    fi
    if [[ -n "$tmp" && -d "$tmp" ]]; then
        if [[ $status -ne 0 ]]; then
            for file in "$tmp"/app-*.log "$tmp/nginx/error.log"; do
                [[ -f "$file" ]] && { log "last lines of $file:"; tail -n 30 "$file" >&2; }
            done
        fi
        if [[ "${KEEP_TMP:-0}" == 1 ]]; then
            log "temp directory kept: $tmp (PostgreSQL data: $pg_data)"
        else
            rm -rf "$tmp"
            [[ -n "$pg_data" ]] && rm -rf "$pg_data"
        fi
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Tools ---------------------------------------------------------------------------------------
postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install_missing() {
    local missing=()
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v jq >/dev/null 2>&1 || missing+=(jq)
    [[ -z "$(postgres_bin)" ]] && missing+=(postgresql postgresql-contrib)
    [[ ${#missing[@]} -eq 0 ]] && return 0
    log "installing ${missing[*]} with apt-get"
    local sudo=""
    [[ $EUID -ne 0 ]] && sudo="sudo -n"
    $sudo apt-get update -q </dev/null
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}
install_missing
export PATH="$PATH:/usr/sbin:/sbin"
command -v dotnet >/dev/null 2>&1 || die "dotnet is not installed"

# A loopback port nobody listens on, outside the ephemeral range, and not one already taken here.
taken_ports=" "
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 12000))
        if [[ "$taken_ports" != *" $port "* ]] && ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then
            taken_ports+="$port "
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || true; }
# "<heap after the last GC, all generations> <GC committed>" in kB, from instance i's metrics listener.
gc_figures() {
    curl -fs --max-time 5 "http://127.0.0.1:${metrics_ports[$1]}/metrics" 2>/dev/null | awk '
        /^dotnet_gc_last_collection_heap_size_bytes/ { heap += $NF }
        /^dotnet_gc_last_collection_memory_committed_size_bytes/ { committed += $NF }
        END { printf "%d %d", heap / 1024, committed / 1024 }' || echo "0 0"
}

# --- Build, database, data ------------------------------------------------------------------------
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing src/Contrevue (Release) to bench/out/app"
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$app_dir" -nologo -v quiet </dev/null >&2
fi
[[ -f "$app_dir/Contrevue.dll" ]] || die "$app_dir/Contrevue.dll is missing"

tmp="$(mktemp -d -t contrevue-cluster.XXXXXX)"
mkdir -p "$tmp/work" "$tmp/nginx"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
busy_others="$(ps -eo pid=,comm= | awk '$2 ~ /^(dotnet|MSBuild|VBCSCompiler|cc1|cc1plus|rustc|node|java|chromium|csc)$/' | wc -l)"

pg_bin="$(postgres_bin)"
[[ -n "$pg_bin" ]] || die "PostgreSQL is not installed"
pg_port="$(free_port)"
pg_data="$(mktemp -d /tmp/contrevue-cluster-pg.XXXXXX)"
[[ $EUID -eq 0 ]] && chown postgres:postgres "$pg_data"
pg_version="$("$pg_bin/postgres" --version | awk '{ print $3 }')"
log "starting PostgreSQL $pg_version on 127.0.0.1:$pg_port, data in $pg_data"
run_pg "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Default durability settings (fsync on): an acknowledged write must survive the restart for real.
run_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_data -c max_connections=200" start >/dev/null
database="contrevue_cluster"
"$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$database"
psql_q() { psql -X -q -At -h 127.0.0.1 -p "$pg_port" -U postgres -d "$database" -v ON_ERROR_STOP=1 -c "$1"; }

export Database__Provider=Postgres
export ConnectionStrings__Default="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database"
cli() { (cd "$tmp/work" && dotnet "$app_dir/Contrevue.dll" "$@") </dev/null; }

log "generating $DOSSIERS dossiers and $SOURCES sources (demo generate: migrations, territories, data)"
generate_start="$(now_ms)"
cli demo generate --dossiers "$DOSSIERS" --sources "$SOURCES" >"$tmp/generate.log" 2>&1 \
    || { cat "$tmp/generate.log" >&2; die "demo generate failed"; }
generate_s="$(awk -v ms=$(( $(now_ms) - generate_start )) 'BEGIN { printf "%.0f", ms / 1000 }')"
log "generated in ${generate_s} s (whole CLI run)"

log "creating an administrator and an API token (app CLI)"
cli admin create --email bench@example.org --password "$(head -c 18 /dev/urandom | base64 | tr -dc A-Za-z0-9)-Cluster" \
    >"$tmp/admin.log" 2>&1 || { cat "$tmp/admin.log" >&2; die "admin create failed"; }
token="$(cli token create --email bench@example.org --name bench-cluster 2>"$tmp/token.log" | tail -n 1)"
[[ "$token" == cvt_* ]] || { cat "$tmp/token.log" >&2; die "token create gave no token"; }
export TOKEN="$token"

# --- Two instances and nginx ----------------------------------------------------------------------
app_ports=("$(free_port)" "$(free_port)")
# Each instance's Prometheus metrics on a listener of its own: the sampler reads the GC's figures there.
metrics_ports=("$(free_port)" "$(free_port)")
nginx_port="$(free_port)"
nginx_url="http://127.0.0.1:$nginx_port"

start_instance() {
    local i="$1"
    (cd "$tmp/work" && ForwardedHeaders__Enabled=true ForwardedHeaders__KnownProxies__0=127.0.0.1 \
        Metrics__Enabled=true Metrics__Port="${metrics_ports[$i]}" exec dotnet "$app_dir/Contrevue.dll" --urls "http://127.0.0.1:${app_ports[$i]}") >>"$tmp/app-$i.log" 2>&1 </dev/null &
    app_pids[$i]=$!
}

# Polls /healthz of instance i directly until 200; prints the milliseconds waited (or dies).
wait_healthy() {
    local i="$1" timeout_s="$2" start
    start="$(now_ms)"
    while (( $(now_ms) - start < timeout_s * 1000 )); do
        kill -0 "${app_pids[$i]}" 2>/dev/null || die "instance $i exited"
        if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:${app_ports[$i]}/healthz"; then
            echo $(( $(now_ms) - start ))
            return 0
        fi
        sleep 0.1
    done
    die "instance $i was not healthy within ${timeout_s} s"
}

log "starting two instances on 127.0.0.1:${app_ports[0]} and :${app_ports[1]}"
start_instance 0
start_instance 1
start_ms=("" "")
start_ms[0]="$(wait_healthy 0 "$HEALTH_TIMEOUT_S")"
start_ms[1]="$(wait_healthy 1 "$HEALTH_TIMEOUT_S")"
log "healthy after ${start_ms[0]} ms and ${start_ms[1]} ms"

# The example with its three ports replaced, inside a throw-away main configuration.
sed -e "s/127\.0\.0\.1:8081/127.0.0.1:${app_ports[0]}/; s/127\.0\.0\.1:8082/127.0.0.1:${app_ports[1]}/; s/listen 127\.0\.0\.1:8080;/listen 127.0.0.1:$nginx_port;/" \
    "$repo_root/bench/nginx-cluster.conf.example" >"$tmp/nginx/cluster.conf"
grep -q "127.0.0.1:$nginx_port" "$tmp/nginx/cluster.conf" || die "could not set nginx's port in the example"
user_line=""
[[ $EUID -eq 0 ]] && user_line="user $(id -un) $(id -gn);"
cat >"$tmp/nginx/nginx.conf" <<EOF
# Generated by bench/cluster.sh; lives and dies with the benchmark's temp directory.
$user_line
daemon off;
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events {
    worker_connections 4096;
}
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path $tmp/nginx/client_body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    include $tmp/nginx/cluster.conf;
}
EOF
nginx -t -q -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" >&2
nginx -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" </dev/null >"$tmp/nginx/stdout.log" 2>&1 &
nginx_pid=$!
for _ in $(seq 100); do
    curl -fs -o /dev/null --max-time 1 "$nginx_url/healthz" && break
    kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited during start-up"
    sleep 0.05
done

# --- The request pool, from the database -----------------------------------------------------------
pool="$tmp/pool.tsv"
export POOL="$pool"
{
    psql_q "select 'commune' || chr(9) || '/communes/' || code || '-' || slug from communes order by random() limit 2000"
    psql_q "select 'dossier' || chr(9) || '/observatoire/dossiers/' || \"Id\" || '-' || \"Slug\" from dossiers where not \"IsHidden\" order by random() limit 2000"
    psql_q "select 'letter' || chr(9) || code from communes order by random() limit 200"
    departements="$(psql_q "select code from departements order by code" | tr '\n' ' ')"
    words=(vidéosurveillance algorithmique reconnaissance faciale drones caméras police municipale supervision
        urbain plaques stationnement délibération conseil marché préfectoral vigilo briefcam jeux olympiques
        sonores thermiques expérimentation budget subvention contrat autorisation tribunal annulation)
    technologies=(vsa facial-recognition drones alpr sound-sensors thermal-cameras talking-cameras video-verbalisation supervision-centre predictive-policing cctv)
    statuses=(announced funded awarded deployed experimented suspended abandoned annulled)
    read -r -a deps <<<"$departements"
    mapfile -t words < <(printf '%s\n' "${words[@]}" | jq -Rr '@uri')
    for _ in $(seq 400); do
        word="${words[RANDOM % ${#words[@]}]}"
        dep="${deps[RANDOM % ${#deps[@]}]}"
        case $(( RANDOM % 4 )) in
            0) printf 'search\t/observatoire?q=%s\n' "$word" ;;
            1) printf 'search\t/observatoire?q=%s&departement=%s\n' "$word" "$dep" ;;
            2) printf 'search\t/observatoire?q=%s&technology=%s\n' "$word" "${technologies[RANDOM % ${#technologies[@]}]}" ;;
            3) printf 'search\t/observatoire?status=%s&departement=%s&page=%d\n' "${statuses[RANDOM % ${#statuses[@]}]}" "$dep" $(( 1 + RANDOM % 3 )) ;;
        esac
        case $(( RANDOM % 3 )) in
            0) printf 'api\t/api/v1/dossiers?q=%s&departement=%s\n' "$word" "$dep" ;;
            1) printf 'api\t/api/v1/dossiers?technology=%s&status=%s\n' "${technologies[RANDOM % ${#technologies[@]}]}" "${statuses[RANDOM % ${#statuses[@]}]}" ;;
            2) printf 'api\t/api/v1/dossiers?departement=%s&sort=recent&limit=20\n' "$dep" ;;
        esac
    done
} >"$pool"
# Every kind must answer before the load: a 4xx here is a broken pool, not a finding.
for kind in commune dossier search api; do
    path="$(awk -F'\t' -v k="$kind" '$1 == k { print $2; exit }' "$pool")"
    code="$(curl -s -o /dev/null -w '%{http_code}' "$nginx_url$path")"
    [[ "$code" == 200 ]] || die "GET $path answered $code"
done
log "request pool: $(wc -l <"$pool") targets ($(cut -f1 "$pool" | sort | uniq -c | tr -s ' ' | paste -sd, -))"

# --- The writer: one write a second through nginx, each 2xx recorded ----------------------------
run_marker="bench-$(date +%s)"
# How long until an acknowledged edit shows on each instance, asked directly rather than through nginx:
# its dossier page and /observatoire (newest first), both instances at once. The time counted is from the
# acknowledgement to the sending of the first request that showed it: the delay of the eviction reaching
# the instance, not the time a loaded server takes to answer. Prints "instance page_ms list_ms" per
# instance, "down" for one that does not answer (killed, restarting), "never" after 10 s.
fresh_check_one() { # instance id marker acked_ms
    local base="http://127.0.0.1:${app_ports[$1]}" seen_page="" seen_list="" sent
    if ! curl -fs -o /dev/null --max-time 2 "$base/healthz"; then
        echo "$1 down down"; return
    fi
    for _ in $(seq 100); do
        sent="$(now_ms)"
        [[ -z "$seen_page" ]] && curl -s -L --max-time 5 "$base/observatoire/dossiers/$2" | grep -q "$3" && seen_page="$(( sent - $4 ))"
        sent="$(now_ms)"
        [[ -z "$seen_list" ]] && curl -s --max-time 5 "$base/observatoire" | grep -q "$3" && seen_list="$(( sent - $4 ))"
        [[ -n "$seen_page" && -n "$seen_list" ]] && break
        (( $(now_ms) - $4 > 10000 )) && break
        sleep 0.1
    done
    echo "$1 ${seen_page:-never} ${seen_list:-never}"
}
fresh_check() { # id marker acked_ms
    fresh_check_one 0 "$@" & fresh_check_one 1 "$@" & wait
}

writer() {
    # Each edit touches a different dossier, so its marker must still be its title at the end.
    local ids n=0 id code body
    mapfile -t ids < <(psql_q "select \"Id\" from dossiers where not \"IsHidden\" order by random() limit $(( WARMUP + DURATION + 60 ))")
    while :; do
        n=$(( n + 1 ))
        id="${ids[$(( n % ${#ids[@]} ))]}"
        local marker="$run_marker-edit-$n"
        local t0
        t0="$(now_ms)"
        code="$(curl -s -o "$tmp/writer-doc.json" -w '%{http_code}' --max-time 5 -H "Authorization: Bearer $TOKEN" "$nginx_url/api/v1/dossiers/$id" || true)"
        if [[ "$code" == 200 ]] && body="$(jq -c --arg m "$marker" '.title = ("[Fictif] " + $m)' "$tmp/writer-doc.json" 2>/dev/null)"; then
            code="$(curl -s -o "$tmp/writer-last.json" -w '%{http_code}' --max-time 10 -X PUT \
                -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
                --data-binary "$body" "$nginx_url/api/v1/dossiers/$id?reason=bench" || true)"
        else
            code="get-$code"
        fi
        printf 'edit %s %s %s %s\n' "$t0" "$id" "$marker" "$code" >>"$tmp/writes.log"
        [[ "$code" == 2* ]] && { fresh_check "$id" "$marker" "$(now_ms)" >>"$tmp/freshness.log" & }
        [[ "$code" == 2* || "$code" == get-* ]] || cp "$tmp/writer-last.json" "$tmp/writer-refused-$n.json" 2>/dev/null || true
        if [[ -n "$proposal_template" ]] && (( n % PROPOSAL_EVERY == 0 )); then
            marker="$run_marker-proposal-$n"
            body="$(jq -c --arg m "$marker" '{dossier: (. + {title: ("[Fictif] " + $m)}), contributorEmail: "bench@example.org", note: $m}' <<<"$proposal_template")"
            code="$(curl -s -o "$tmp/proposal-last.json" -w '%{http_code}' --max-time 10 -X POST \
                -H 'Content-Type: application/json' --data-binary "$body" "$nginx_url/api/v1/dossier-proposals" || true)"
            printf 'proposal %s - %s %s\n' "$(now_ms)" "$marker" "$code" >>"$tmp/writes.log"
            [[ "$code" == 2* ]] || cp "$tmp/proposal-last.json" "$tmp/proposal-refused-$n.json" 2>/dev/null || true
        fi
        local spent=$(( $(now_ms) - t0 ))
        (( spent < 1000 )) && sleep "$(awk -v ms=$(( 1000 - spent )) 'BEGIN { printf "%.3f", ms / 1000 }')"
    done
}

# A public proposal is a dossier document without ids nor files: one of the generated dossiers,
# fetched before the load (under load, a first request can take seconds on a busy machine).
proposal_template="$(curl -fs --max-time 60 "$nginx_url/api/v1/dossiers/$(psql_q "select min(\"Id\") from dossiers where not \"IsHidden\"")" \
    | jq -c 'del(.id, .slug, .updatedAt, .flags, .hidden)
        | .sources = [(.sources // [])[] | select(.url != null) | del(.id, .sha256, .snapshotSha256)][0:1]' || true)"
[[ "$proposal_template" == \{* ]] || die "could not fetch a dossier to base the public proposals on"

# The probe: a cheap dynamic request through nginx every 100 ms, "epoch_ms status" per line.
probe() {
    while :; do
        printf '%s %s\n' "$(now_ms)" "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$nginx_url/healthz" || true)" >>"$tmp/probe.log"
        sleep 0.1
    done
}

# --- Warm-up ------------------------------------------------------------------------------------
# WARMUP_MODE=fill (the default): the same mix as fast as the server answers, whatever RATE says, without
# writer nor fault: the bounded caches fill soon. WARMUP_MODE=steady: the measured load itself — at RATE,
# with the writer already writing — so that the measured minutes start in the state they would reach
# after WARMUP seconds of that load (cached pages already expired and rendered again, for one).
rss_warm=("" "")
writer_started=""
if (( WARMUP > 0 )); then
    if [[ "$WARMUP_MODE" == steady ]]; then
        writer </dev/null >"$tmp/writer.out" 2>&1 &
        writer_pid=$!; writer_started=1
        log "warm-up: wrk -t$THREADS -c$CONNECTIONS -d${WARMUP}s at ${RATE:-full} req/s, with the writer"
        wrk "-t$THREADS" "-c$CONNECTIONS" "-d${WARMUP}s" --timeout 10s -s "$repo_root/bench/mixed.lua" "$nginx_url" </dev/null >"$tmp/wrk-warmup.txt" 2>&1 || true
    else
        log "warm-up: wrk -t$THREADS -c$CONNECTIONS -d${WARMUP}s, unthrottled"
        RATE="" wrk "-t$THREADS" "-c$CONNECTIONS" "-d${WARMUP}s" --timeout 10s -s "$repo_root/bench/mixed.lua" "$nginx_url" </dev/null >"$tmp/wrk-warmup.txt" 2>&1 || true
    fi
    rss_warm=("$(rss_kb "${app_pids[0]}")" "$(rss_kb "${app_pids[1]}")")
    log "warm-up done ($(sed -n 's/^RESULT rps //p' "$tmp/wrk-warmup.txt") req/s); RSS ${rss_warm[0]} kB, ${rss_warm[1]} kB"
fi

# --- The run --------------------------------------------------------------------------------------
log "mixed load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s through nginx; instance 0 killed at ${KILL_AT} s, PostgreSQL restarted at ${PG_RESTART_AT} s"
run_start="$(now_ms)"
wrk "-t$THREADS" "-c$CONNECTIONS" "-d${DURATION}s" --timeout 10s -s "$repo_root/bench/mixed.lua" "$nginx_url" \
    </dev/null >"$tmp/wrk.txt" 2>&1 &
wrk_pid=$!
if [[ -z "$writer_started" ]]; then
    writer </dev/null >"$tmp/writer.out" 2>&1 &
    writer_pid=$!
fi
probe </dev/null >/dev/null 2>&1 &
probe_pid=$!

sleep_until() { local ms=$(( run_start + $1 * 1000 - $(now_ms) )); (( ms > 0 )) && sleep "$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }')" || true; }
# Instance 1 is never restarted: its RSS every minute shows whether memory levels off once the bounded
# caches (output cache, kept searches, page rows) are full, or keeps growing.
# Beside the RSS, the managed heap after the last collection and the memory the GC has committed (from
# the runtime's metrics): they tell live data that grows from headroom the GC keeps.
( for (( second = 60; second <= DURATION; second += 60 )); do
      sleep_until "$second"
      echo "$second $(rss_kb "${app_pids[1]}") $(gc_figures 1)" >>"$tmp/rss-1.txt"
  done ) </dev/null >/dev/null 2>&1 &
rss_sampler_pid=$!

events=()
rss_early=("" "")
if (( RSS_AT < KILL_AT )); then
    sleep_until "$RSS_AT"
    rss_early=("$(rss_kb "${app_pids[0]}")" "$(rss_kb "${app_pids[1]}")")
    log "RSS at ${RSS_AT} s: ${rss_early[0]} kB, ${rss_early[1]} kB"
fi

sleep_until "$KILL_AT"
killed_pid="${app_pids[0]}"
kill_ms="$(now_ms)"
kill -KILL "$killed_pid"
wait "$killed_pid" 2>/dev/null || true
log "instance 0 (pid $killed_pid) killed with SIGKILL"
sleep "$KILL_DOWN"
echo "=== restarted after SIGKILL ===" >>"$tmp/app-0.log"
restart_ms="$(now_ms)"
# A start-up starved of CPU by the load can take minutes on a busy 2-core machine: wait up to the end.
restart_timeout_s=$(( DURATION > HEALTH_TIMEOUT_S ? DURATION : HEALTH_TIMEOUT_S ))
start_instance 0
# Its start-up is timed in the background: on a loaded machine it may still be starting when
# PostgreSQL's turn comes, which must keep its schedule.
# (wait_healthy dies on a timeout: its own subshell, so that "never" is still written.)
( if (wait_healthy 0 "$restart_timeout_s") >"$tmp/restart-healthy.txt.part"; then mv "$tmp/restart-healthy.txt.part" "$tmp/restart-healthy.txt"
  else echo never >"$tmp/restart-healthy.txt"; fi ) 2>/dev/null &
log "instance 0 restarted (pid ${app_pids[0]}), its start-up timed in the background"
if (( RSS_AT >= KILL_AT )); then
    sleep_until "$RSS_AT"
    rss_early=("$(rss_kb "${app_pids[0]}")" "$(rss_kb "${app_pids[1]}")")
fi

sleep_until "$PG_RESTART_AT"
pg_restart_ms="$(now_ms)"
restarted_before_pg="yes"
[[ -s "$tmp/restart-healthy.txt" && "$(cat "$tmp/restart-healthy.txt")" != never ]] || restarted_before_pg="no (instance 0 was still starting after its kill)"
run_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w -t 60 restart >/dev/null
pg_up_ms="$(now_ms)"
log "PostgreSQL restarted (pg_ctl took $(( pg_up_ms - pg_restart_ms )) ms); polling each instance's /healthz"
# Both in parallel: each recovery time is its own.
for i in 0 1; do
    ( start="$(now_ms)"
      while ! curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:${app_ports[$i]}/healthz"; do
          (( $(now_ms) - start > HEALTH_TIMEOUT_S * 1000 )) && { echo "never"; exit 0; }
          sleep 0.1
      done
      echo $(( $(now_ms) - pg_restart_ms )) ) >"$tmp/pg-recovery-$i.txt" &
done
wait_file() {
    local start
    start="$(now_ms)"
    while [[ ! -s "$1" ]]; do
        (( $(now_ms) - start > (DURATION + HEALTH_TIMEOUT_S) * 1000 )) && { echo never; return 0; }
        sleep 0.2
    done
    cat "$1"
}
pg_recovery=("$(wait_file "$tmp/pg-recovery-0.txt")" "$(wait_file "$tmp/pg-recovery-1.txt")")
pg_recovered_ms="$(now_ms)"
log "after the PostgreSQL restart, /healthz 200 again after ${pg_recovery[0]} ms (instance 0) and ${pg_recovery[1]} ms (instance 1)"
restarted_after_ms="$(wait_file "$tmp/restart-healthy.txt")"
back_ms="$(now_ms)"
[[ "$restarted_after_ms" == never ]] || back_ms=$(( restart_ms + restarted_after_ms ))
log "instance 0 was healthy ${restarted_after_ms} ms after its restart"
pg_during_load="yes"
kill -0 "$wrk_pid" 2>/dev/null || pg_during_load="no: the load ended before both instances answered again (see the killed instance's start-up)"

wait "$wrk_pid" || true
wrk_pid=""
run_end="$(now_ms)"
rss_end=("$(rss_kb "${app_pids[0]}")" "$(rss_kb "${app_pids[1]}")")
stop_process "$writer_pid"; writer_pid=""
stop_process "$probe_pid"; probe_pid=""
stop_process "$rss_sampler_pid"; rss_sampler_pid=""
# Freshness per instance: the slowest edit seen on its page and in the list, and how many never showed.
freshness_of() {
    local values p50 p95 max n down never
    values="$(awk -v i="$1" '$1 == i { for (f = 2; f <= 3; f++) if ($f ~ /^[0-9]+$/) print $f }' "$tmp/freshness.log" 2>/dev/null | sort -n)"
    n="$(awk -v i="$1" '$1 == i' "$tmp/freshness.log" 2>/dev/null | wc -l)"
    down="$(awk -v i="$1" '$1 == i && $2 == "down"' "$tmp/freshness.log" 2>/dev/null | wc -l)"
    never="$(awk -v i="$1" '$1 == i { for (f = 2; f <= 3; f++) if ($f == "never") c++ } END { print c + 0 }' "$tmp/freshness.log" 2>/dev/null)"
    pct() { awk -v p="$1" '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print v[i] }' <<<"$values"; }
    printf 'p50 %s ms, p95 %s ms, max %s ms over %s edits (page and list; %s while down, %s never seen within 10 s)' "$(pct 50)" "$(pct 95)" "$(pct 100)" "$n" "$down" "$never"
}
sleep 11 # the last checks
fresh_0="$(freshness_of 0)"; fresh_1="$(freshness_of 1)"
rss_series="$(awk '{ printf "%s%d min %d MB", (NR > 1 ? ", " : ""), $1 / 60, $2 / 1024 }' "$tmp/rss-1.txt" 2>/dev/null || true)"
gc_series="$(awk '{ printf "%s%d min %d / %d MB", (NR > 1 ? ", " : ""), $1 / 60, $3 / 1024, $4 / 1024 }' "$tmp/rss-1.txt" 2>/dev/null || true)"
log "load finished; RSS at the end: ${rss_end[0]} kB, ${rss_end[1]} kB"

# --- Figures --------------------------------------------------------------------------------------
grep -q '^RESULT requests' "$tmp/wrk.txt" || { cat "$tmp/wrk.txt" >&2; die "wrk printed no result"; }
result() { awk -v k="$1" '$1 == "RESULT" && $2 == k { print $3 }' "$tmp/wrk.txt"; }
rps="$(result rps)"; p50="$(result p50_ms)"; p95="$(result p95_ms)"; p99="$(result p99_ms)"; max_ms="$(result max_ms)"
requests="$(result requests)"; statuses="$(result statuses)"; socket_errors="$(result socket_errors)"

# 5xx per phase, from wrk's per-second counts. Kill phase: from the kill to the restarted instance
# healthy again plus 5 s (at most until the PostgreSQL restart); PostgreSQL phase: from the restart to
# both instances healthy plus 5 s.
kill_end_s=$(( back_ms / 1000 + 5 ))
(( kill_end_s < pg_restart_ms / 1000 )) || kill_end_s=$(( pg_restart_ms / 1000 - 1 ))
phase_counts="$(awk -v k0=$(( kill_ms / 1000 )) -v k1="$kill_end_s" -v p0=$(( pg_restart_ms / 1000 )) -v p1=$(( pg_recovered_ms / 1000 + 5 )) '
    $1 == "ERRORS5XX" { if ($2 >= k0 && $2 <= k1) kill += $3; else if ($2 >= p0 && $2 <= p1) pg += $3; else steady += $3; total += $3 }
    END { printf "%d %d %d %d", total, steady, kill, pg }' "$tmp/wrk.txt")"
read -r errors_total errors_steady errors_kill errors_pg <<<"$phase_counts"
status_5xx_detail="$(tr ',' '\n' <<<"$statuses" | awk -F= '$1 >= 500 { printf "%s%s×%s", sep, $2, $1; sep = ", " }')"
status_4xx_detail="$(tr ',' '\n' <<<"$statuses" | awk -F= '$1 >= 400 && $1 < 500 { printf "%s%s×%s", sep, $2, $1; sep = ", " }')"

# Failover: first 2xx of the probe at or after the kill; any non-2xx of the probe in the kill phase.
failover_ms="$(awk -v k="$kill_ms" '$1 >= k && $2 ~ /^2/ { print $1 - k; exit }' "$tmp/probe.log")"
probe_kill_failures="$(awk -v k0="$kill_ms" -v k1="$(( back_ms < pg_restart_ms ? back_ms : pg_restart_ms ))" '$1 >= k0 && $1 <= k1 && $2 !~ /^2/' "$tmp/probe.log" | wc -l)"
probe_pg_failures="$(awk -v p0="$pg_restart_ms" -v p1="$pg_recovered_ms" '$1 >= p0 && $1 <= p1 && $2 !~ /^2/' "$tmp/probe.log" | wc -l)"
probe_pg_back_ms="$(awk -v p="$pg_restart_ms" '$1 >= p && $2 ~ /^2/ { print $1 - p; exit }' "$tmp/probe.log")"

# Writes: every acknowledged edit's marker must be its dossier's title; every acknowledged proposal stored.
edits_sent="$(awk '$1 == "edit"' "$tmp/writes.log" | wc -l)"
edits_acked="$(awk '$1 == "edit" && $5 ~ /^2/' "$tmp/writes.log" | wc -l)"
edits_refused="$(awk '$1 == "edit" && $5 !~ /^2/ { printf "%s%s", sep, $5; sep = " " }' "$tmp/writes.log" | tr ' ' '\n' | sort | uniq -c | awk '{ printf "%s%s×%s", sep, $1, $2; sep = ", " }')"
awk '$1 == "edit" && $5 ~ /^2/ { print $3 "\t[Fictif] " $4 }' "$tmp/writes.log" | sort >"$tmp/acked-edits.tsv"
psql_q "select \"Id\" || chr(9) || \"Title\" from dossiers where \"Title\" like '%$run_marker-edit-%'" | sort >"$tmp/found-edits.tsv"
edits_found="$(comm -12 "$tmp/acked-edits.tsv" "$tmp/found-edits.tsv" | wc -l)"
edits_lost="$(comm -23 "$tmp/acked-edits.tsv" "$tmp/found-edits.tsv" | head -n 5 | cut -f1 | paste -sd' ' -)"
proposals_sent="$(awk '$1 == "proposal"' "$tmp/writes.log" | wc -l)"
proposals_acked="$(awk '$1 == "proposal" && $5 ~ /^2/' "$tmp/writes.log" | wc -l)"
proposals_found=0
while read -r marker; do
    [[ -n "$marker" ]] || continue
    count="$(psql_q "select count(*) from proposals where position('$marker' in \"Data\"::text) > 0")"
    (( count > 0 )) && proposals_found=$(( proposals_found + 1 ))
done < <(awk '$1 == "proposal" && $5 ~ /^2/ { print $4 }' "$tmp/writes.log")
[[ -z "$(ls "$tmp"/writer-refused-*.json 2>/dev/null)" ]] || log "refused edits (first): $(head -c 300 "$(ls "$tmp"/writer-refused-*.json | head -n 1)")"
[[ -z "$(ls "$tmp"/proposal-refused-*.json 2>/dev/null)" ]] || log "refused proposals (first): $(head -c 300 "$(ls "$tmp"/proposal-refused-*.json | head -n 1)")"

# What the instances logged as errors (exceptions, failed requests): the first lines, for the report.
app_errors=()
for i in 0 1; do
    app_errors[$i]="$(grep -c -E '^(fail|crit):' "$tmp/app-$i.log" || true)"
done
first_error="$(grep -h -A2 -E '^(fail|crit):' "$tmp"/app-*.log | head -n 6 | cut -c1-200 | sed 's/|/\\|/g' | paste -sd' ' - || true)"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
run_s=$(( (run_end - run_start) / 1000 ))

cat >&2 <<EOF

Two instances + nginx + PostgreSQL $pg_version, $DOSSIERS dossiers / $SOURCES sources, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (bench/mixed.lua)
  load         : $requests requests, $rps req/s; latency p50 $p50 ms, p95 $p95 ms, p99 $p99 ms, max $max_ms ms
  statuses     : $statuses; socket errors $socket_errors
  5xx          : total $errors_total; steady $errors_steady, instance kill $errors_kill, PostgreSQL restart $errors_pg
  RSS (kB)     : after a ${WARMUP} s warm-up ${rss_warm[0]} / ${rss_warm[1]}; at ${RSS_AT} s ${rss_early[0]} / ${rss_early[1]}; at the end ${rss_end[0]} / ${rss_end[1]} (instance 0 restarted at $(( (restart_ms - run_start) / 1000 )) s)
  failover     : first 2xx through nginx ${failover_ms:-never} ms after the kill; probe failures while down: $probe_kill_failures
  PG restart   : /healthz 200 again after ${pg_recovery[0]} ms / ${pg_recovery[1]} ms; through nginx after ${probe_pg_back_ms:-never} ms; probe failures: $probe_pg_failures
  writes       : edits $edits_acked acknowledged of $edits_sent, $edits_found found${edits_lost:+ (LOST: dossiers $edits_lost)}; proposals $proposals_acked acknowledged of $proposals_sent, $proposals_found found
  app log      : fail/crit lines: ${app_errors[0]} / ${app_errors[1]}
EOF

cpu_model="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$repo_root" status --porcelain -- src bench ':!bench/RESULTS.md' 2>/dev/null | grep -q . && echo " (modified)" || true)"
{
    printf '\n## %s — cluster (2 instances + nginx + PostgreSQL), commit %s%s%s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" "$dirty" "${LABEL:+ — $LABEL}"
    printf -- '- Machine: %s, %s cores (nproc), %s GB RAM (free -g); .NET SDK %s; nginx %s; PostgreSQL %s\n' \
        "$cpu_model" "$(nproc)" "$(free -g | awk '/^Mem:/ { print $2 }')" "$(dotnet --version)" \
        "$(nginx -v 2>&1 | sed 's/^nginx version: nginx\///')" "$pg_version"
    printf -- '- Data: `demo generate --dossiers %s --sources %s` (%s s, whole CLI run); reference volume of issue 13: 50,000 / 200,000\n' "$DOSSIERS" "$SOURCES" "$generate_s"
    printf -- '- Setup: two instances on loopback, nginx with `bench/nginx-cluster.conf.example`, one PostgreSQL (throw-away cluster, default settings); instances healthy after %s / %s ms\n' "${start_ms[0]}" "${start_ms[1]}"
    printf -- '- Load: `wrk -t%s -c%s -d%ss --timeout 10s -s bench/mixed.lua` through nginx: commune pages 30 %%, dossier pages 30 %%, `/observatoire?q=…&…` 20 %%, `/api/v1/dossiers?…` 15 %%, letters 5 %% (1 in %s PDF, token); plus one write a second (dossier edit with the token, a public proposal every %s s)\n' \
        "$THREADS" "$CONNECTIONS" "$DURATION" "$LETTER_PDF_EVERY" "$PROPOSAL_EVERY"
    [[ -n "$RATE" ]] && printf -- '- Rate: held at about %s requests/s by wrk'"'"'s delay hook (the peak of the paper projection in bench/README.md is 140 req/s)\n' "$RATE"
    if [[ "$WARMUP_MODE" == steady ]]; then
        warmup_how="at the measured rate, the writer already writing (no fault; its writes are among those counted below)"
    else
        warmup_how="unthrottled (no writer, no fault)"
    fi
    (( WARMUP > 0 )) && printf -- '- Warm-up: the same mix for %s s before the measured run, %s: %s req/s; RSS instance 0 / 1 after it: %s / %s kB\n' \
        "$WARMUP" "$warmup_how" "$(sed -n 's/^RESULT rps //p' "$tmp/wrk-warmup.txt")" "${rss_warm[0]}" "${rss_warm[1]}"
    printf -- '- Faults: instance 0 `kill -9` at %s s, restarted %s s later; `pg_ctl restart -m fast` at %s s\n\n' "$KILL_AT" "$KILL_DOWN" "$PG_RESTART_AT"
    printf '| Figure | Value |\n|---|---|\n'
    printf '| Requests/s | %s (%s requests) |\n' "$rps" "$requests"
    printf '| Latency p50 / p95 / p99 / max | %s / %s / %s / %s ms |\n' "$p50" "$p95" "$p99" "$max_ms"
    printf '| Statuses | %s; socket errors %s |\n' "$statuses" "$socket_errors"
    printf '| **5xx** total / steady / instance kill / PostgreSQL restart | **%s** / %s / %s / %s%s |\n' "$errors_total" "$errors_steady" "$errors_kill" "$errors_pg" "${status_5xx_detail:+ ($status_5xx_detail)}"
    printf '| 4xx | %s |\n' "${status_4xx_detail:-none}"
    printf '| RSS instance 0 / 1 at %s s | %s / %s kB |\n' "$RSS_AT" "${rss_early[0]}" "${rss_early[1]}"
    printf '| RSS instance 0 / 1 at the end (%s s) | %s / %s kB (instance 0 is the restarted process) |\n' "$run_s" "${rss_end[0]}" "${rss_end[1]}"
    printf '| RSS instance 1, every minute | %s |\n' "${rss_series:-not sampled}"
    printf '| Instance 1, managed heap after the last GC / memory the GC has committed, every minute | %s |\n' "${gc_series:-not sampled}"
    printf '| **Freshness**: an acknowledged edit on its dossier page and in /observatoire, asked of each instance directly | instance 0: %s; instance 1: %s |\n' "$fresh_0" "$fresh_1"
    printf '| **Failover**: kill → first 2xx through nginx | **%s ms** (probe every 100 ms; probe failures while down: %s) |\n' "${failover_ms:-never}" "$probe_kill_failures"
    printf '| Killed instance back (restart → /healthz 200) | %s ms; back before the PostgreSQL restart: %s |\n' "$restarted_after_ms" "$restarted_before_pg"
    printf '| **PostgreSQL restart** → /healthz 200, instance 0 / 1 | **%s / %s ms** (pg_ctl restart took %s ms; through nginx: %s ms; probe failures: %s) |\n' \
        "${pg_recovery[0]}" "${pg_recovery[1]}" "$(( pg_up_ms - pg_restart_ms ))" "${probe_pg_back_ms:-never}" "$probe_pg_failures"
    printf '| Both instances healthy again before the load ended | %s |\n' "$pg_during_load"
    printf '| **Acknowledged writes found** | edits **%s / %s** (%s sent%s); proposals **%s / %s** (%s sent) |\n' \
        "$edits_found" "$edits_acked" "$edits_sent" "${edits_refused:+; not acknowledged: $edits_refused}" "$proposals_found" "$proposals_acked" "$proposals_sent"
    printf '| App log `fail:`/`crit:` lines, instance 0 / 1 | %s / %s |\n\n' "${app_errors[0]}" "${app_errors[1]}"
    [[ -n "$first_error" ]] && printf -- '- First logged errors: `%s`\n' "$first_error"
    printf -- '- Load average before/after: %s / %s; other dotnet/compiler processes at start: %s\n' "$load_before" "$load_after" "$busy_others"
    [[ -n "${NOTE:-}" ]] && printf -- '- Note: %s\n' "$NOTE"
    true
} >>"$results_file"
log "appended to bench/RESULTS.md"

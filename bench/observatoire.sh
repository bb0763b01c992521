#!/usr/bin/env bash
# Observatoire benchmark: with 50,000 fictional dossiers and 200,000 sources in the database, how fast
# are the filtered list and the full-text search, and how does the page of a commune holding 20
# dossiers compare with nginx serving the same bytes? Run for SQLite, then PostgreSQL. See bench/README.md.
#
# For each provider: a fresh database (SQLite file in a temp folder; PostgreSQL in a throw-away cluster
# in /tmp on its own port, like test.sh), filled by the app's own CLI
#   Contrevue demo generate --dossiers $DOSSIERS --sources $SOURCES --commune 42218 --commune-dossiers 20
# (timed); then the app started in Release on loopback and bench/Contrevue.Bench sending the scenarios of
# bench/observatoire-scenarios.txt one request at a time (warm-up first), p50/p95/p99 measured client-side
# ("in-process HTTP on loopback"); then bench/run.sh on the same database for the commune page against
# nginx (wrk -t2 -c64 -d20s). One dated entry is appended to bench/RESULTS.md.
#
# Environment: DOSSIERS (50000), SOURCES (200000), PROVIDERS ("Sqlite Postgres"), REQUESTS per scenario
# (300), WARMUP_REQUESTS per scenario (30), BENCH_PG_PORT (55442), SKIP_COMMUNE_PAGE=1 (no wrk part),
# SKIP_PUBLISH=1 (reuse bench/out/app), LABEL (put in the entry's title, e.g. "SMOKE RUN"), NOTE, KEEP_TMP=1;
# DURATION, WARMUP, ROUNDS… are passed on to bench/run.sh.
#
# Installs with apt-get, when missing, what bench/run.sh installs (nginx, wrk, curl) and, for PostgreSQL,
# what test.sh installs (postgresql); it says so before doing it.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DOSSIERS="${DOSSIERS:-50000}"
SOURCES="${SOURCES:-200000}"
PROVIDERS="${PROVIDERS:-Sqlite Postgres}"
REQUESTS="${REQUESTS:-300}"
WARMUP_REQUESTS="${WARMUP_REQUESTS:-30}"
PG_PORT="${BENCH_PG_PORT:-55442}"
COMMUNE="42218"
COMMUNE_PATH="/communes/42218-saint-etienne"
COMMUNE_DOSSIERS=20
HEALTH_TIMEOUT_S=120

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$repo_root/bench/out/app"
client_dir="$repo_root/bench/out/client"
results_file="$repo_root/bench/RESULTS.md"
scenarios="$repo_root/bench/observatoire-scenarios.txt"

log() { printf '[observatoire] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- Cleanup: every process started here is stopped, whatever happens ---------------------------
tmp=""
app_pid=""
pg_bin=""
pg_data=""

stop_app() {
    [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null || { app_pid=""; return 0; }
    kill -TERM "$app_pid" 2>/dev/null || true
    for _ in $(seq 100); do
        kill -0 "$app_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$app_pid" 2>/dev/null && kill -KILL "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
}

run_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_postgres() {
    if [[ -n "$pg_data" && -f "$pg_data/postmaster.pid" ]]; then
        run_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
    fi
    [[ -n "$pg_data" ]] && rm -rf "$pg_data"
    pg_data=""
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    stop_app
    stop_postgres
    if [[ -n "$tmp" && -d "$tmp" ]]; then
        if [[ $status -ne 0 ]]; then
            for file in "$tmp"/app-*.log; do
                [[ -f "$file" ]] && { log "last lines of $file:"; tail -n 30 "$file" >&2; }
            done
        fi
        if [[ "${KEEP_TMP:-0}" == 1 ]]; then log "temp directory kept: $tmp"; else rm -rf "$tmp"; fi
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
    [[ " $PROVIDERS " == *" Postgres "* && -z "$(postgres_bin)" ]] && missing+=(postgresql postgresql-contrib)
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
for provider in $PROVIDERS; do
    [[ "$provider" == Sqlite || "$provider" == Postgres ]] || die "unknown provider $provider (Sqlite or Postgres)"
done

free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 12000))
        if [[ "$port" != "$PG_PORT" ]] && ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# --- Build ---------------------------------------------------------------------------------------
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing src/Contrevue (Release) to bench/out/app"
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$app_dir" -nologo -v quiet </dev/null >&2
fi
[[ -f "$app_dir/Contrevue.dll" ]] || die "$app_dir/Contrevue.dll is missing"
log "building the latency client bench/Contrevue.Bench (Release)"
dotnet build "$repo_root/bench/Contrevue.Bench" -c Release -o "$client_dir" -nologo -v quiet </dev/null >&2

tmp="$(mktemp -d -t contrevue-observatoire.XXXXXX)"
mkdir -p "$tmp/work"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
busy_others="$(ps -eo pid=,comm= | awk '$2 ~ /^(dotnet|MSBuild|VBCSCompiler|cc1|cc1plus|rustc|node|java|chromium|csc)$/' | wc -l)"

start_postgres() {
    [[ -n "$pg_data" ]] && return 0
    pg_bin="$(postgres_bin)"
    [[ -n "$pg_bin" ]] || die "PostgreSQL is not installed"
    pg_data="$(mktemp -d /tmp/contrevue-bench-pg.XXXXXX)"
    [[ $EUID -eq 0 ]] && chown postgres:postgres "$pg_data"
    log "starting PostgreSQL ($("$pg_bin/postgres" --version)) on 127.0.0.1:$PG_PORT, data in $pg_data"
    run_pg "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Default durability settings (fsync on): the generation time is what a real server would see.
    run_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $pg_data" start >/dev/null
    pg_version="$("$pg_bin/postgres" --version | awk '{ print $3 }')"
}

# --- Measure, provider by provider ---------------------------------------------------------------
entry="$tmp/entry.md"
: >"$entry"
for provider in $PROVIDERS; do
    log "=== $provider ==="
    if [[ "$provider" == Postgres ]]; then
        start_postgres
        database="contrevue_bench_$(date +%s)"
        "$pg_bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$database"
        export Database__Provider=Postgres
        export ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$database"
        database_label="PostgreSQL $pg_version (throw-away cluster, default settings)"
    else
        mkdir -p "$tmp/sqlite"
        export Database__Provider=Sqlite
        export ConnectionStrings__Default="Data Source=$tmp/sqlite/contrevue.db"
        database_label="SQLite (file in a temp folder)"
    fi

    log "generating $DOSSIERS dossiers and $SOURCES sources (app CLI)"
    generate_start="$(now_ms)"
    (cd "$tmp/work" && dotnet "$app_dir/Contrevue.dll" demo generate --dossiers "$DOSSIERS" --sources "$SOURCES" \
        --commune "$COMMUNE" --commune-dossiers "$COMMUNE_DOSSIERS") </dev/null >"$tmp/generate-$provider.log" 2>&1 \
        || { cat "$tmp/generate-$provider.log" >&2; die "demo generate failed"; }
    generate_wall_ms=$(( $(now_ms) - generate_start ))
    grep -v '^info:\|^ \+Demo data\|^ \+Territory import' "$tmp/generate-$provider.log" >&2 || true
    generate_s="$(sed -n 's/^Terminé en \([0-9]*,[0-9]*\) s.*/\1/p' "$tmp/generate-$provider.log" | tr , .)"
    import_s="$(sed -n 's/^Découpage administratif importé .* en \([0-9.,]*\) s.*/\1/p' "$tmp/generate-$provider.log" | tr , .)"

    app_port="$(free_port)"
    app_url="http://127.0.0.1:$app_port"
    log "starting the app on $app_url"
    (cd "$tmp/work" && exec dotnet "$app_dir/Contrevue.dll" --urls "$app_url") >"$tmp/app-$provider.log" 2>&1 </dev/null &
    app_pid=$!
    healthy=""
    for _ in $(seq $(( HEALTH_TIMEOUT_S * 10 ))); do
        kill -0 "$app_pid" 2>/dev/null || die "the app exited during start-up"
        curl -fs -o /dev/null --max-time 2 "$app_url/healthz" && { healthy=1; break; }
        sleep 0.1
    done
    [[ -n "$healthy" ]] || die "the app was not healthy within ${HEALTH_TIMEOUT_S} s"

    log "latencies: $REQUESTS sequential requests per scenario after $WARMUP_REQUESTS of warm-up"
    dotnet "$client_dir/Contrevue.Bench.dll" --base "$app_url" --scenarios "$scenarios" \
        --requests "$REQUESTS" --warmup "$WARMUP_REQUESTS" --max-id "$DOSSIERS" --out "$tmp/latency-$provider.md" >&2
    # The commune page should list its 20 dossiers (titles start with "[Fictif]").
    page_titles="$(curl -fs "$app_url$COMMUNE_PATH" | grep -o '\[Fictif\]' | wc -l || true)"
    stop_app

    commune_line="- Commune page: skipped (SKIP_COMMUNE_PAGE=1)"
    if [[ "${SKIP_COMMUNE_PAGE:-0}" != 1 ]]; then
        log "commune page with $COMMUNE_DOSSIERS dossiers against nginx (bench/run.sh)"
        : >"$tmp/commune-$provider.md"
        RESULTS_FILE="$tmp/commune-$provider.md" SUMMARY_FILE="$tmp/commune-$provider.env" SKIP_PUBLISH=1 \
            GOAL=0.3 PAGE_PATH="$COMMUNE_PATH" PAGE_LABEL="Commune page with $COMMUNE_DOSSIERS fictional dossiers ($provider)" \
            NOTE="run by bench/observatoire.sh; $provider database with $DOSSIERS fictional dossiers" \
            bash "$repo_root/bench/run.sh"
        # shellcheck disable=SC1090
        source "$tmp/commune-$provider.env"
        commune_line="- **Commune page** \`$COMMUNE_PATH\` ($COMMUNE_DOSSIERS dossiers in the database, ${page_titles} "[Fictif]" titles on the page, ${page_bytes} bytes) against nginx serving the same bytes, \`wrk -t${THREADS:-2} -c${CONNECTIONS:-64} -d${DURATION:-20}s\`: app ${app_rps} req/s (p99 ${app_p99}), nginx ${nginx_rps} req/s (p99 ${nginx_p99}), **ratio ${ratio}**; CPU of other processes ${app_other_cpu} % / ${nginx_other_cpu} %"
    fi

    {
        printf '\n### %s\n\n' "$provider"
        printf -- '- Database: %s\n' "$database_label"
        printf -- '- **Generation** (`demo generate`, one transaction): %s s; whole CLI run %s s (start, migrations, territory import %s s)\n' \
            "${generate_s:-n/a}" "$(awk -v ms="$generate_wall_ms" 'BEGIN { printf "%.1f", ms / 1000 }')" "${import_s:-n/a}"
        printf -- '- **Latencies, in-process HTTP on loopback**: `GET` one at a time on one keep-alive connection, measured by the client from sending to the last byte, %s requests per scenario after %s of warm-up, filters varied within each scenario (bench/observatoire-scenarios.txt)\n\n' \
            "$REQUESTS" "$WARMUP_REQUESTS"
        cat "$tmp/latency-$provider.md"
        printf '\n%s\n' "$commune_line"
        if [[ -s "$tmp/commune-$provider.md" ]]; then
            printf '\n<details><summary>bench/run.sh entry</summary>\n\n'
            sed -e '/^## /d' "$tmp/commune-$provider.md" | cat -s
            printf '\n</details>\n'
        fi
    } >>"$entry"

    if [[ "$provider" == Postgres ]]; then
        "$pg_bin/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$database" || true
    fi
done

# --- Report -------------------------------------------------------------------------------------
cpu_model="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$repo_root" status --porcelain -- src bench ':!bench/RESULTS.md' 2>/dev/null | grep -q . && echo " (modified)" || true)"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
{
    printf '\n## %s — observatoire, commit %s%s%s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" "$dirty" "${LABEL:+ — $LABEL}"
    printf -- '- Machine: %s, %s cores (nproc), %s GB RAM (free -g); .NET SDK %s\n' \
        "$cpu_model" "$(nproc)" "$(free -g | awk '/^Mem:/ { print $2 }')" "$(dotnet --version)"
    printf -- '- Data: `demo generate --dossiers %s --sources %s --commune %s --commune-dossiers %s` (seed 42), providers: %s\n' \
        "$DOSSIERS" "$SOURCES" "$COMMUNE" "$COMMUNE_DOSSIERS" "$PROVIDERS"
    printf -- '- Load average before/after: %s / %s; other dotnet/compiler processes at start: %s\n' "$load_before" "$load_after" "$busy_others"
    [[ -n "${NOTE:-}" ]] && printf -- '- Note: %s\n' "$NOTE"
    cat "$entry"
} >>"$results_file"
log "appended to bench/RESULTS.md"

#!/usr/bin/env bash
# Letters benchmark: (a) the batch of letters to the 320 communes of the Loire through the API, end to
# end (ZIP of 320 PDFs and the addressees' CSV), timed RUNS times, goal < 10 s; (b) the throughput of
# single PDF letters, POST /api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters with wrk and several
# connections over distinct communes, goal >= 100 letters/s. For SQLite, then PostgreSQL. See bench/README.md.
#
# Public writes are limited per client (Infrastructure/Abuse); API token holders are not. The script
# creates an administrator and a token with the app's CLI (`admin create`, `token create`) on each
# fresh database and sends it as `Authorization: Bearer`, rather than loosening the limits.
#
# Environment: PROVIDERS ("Sqlite Postgres"), RUNS (batch runs, 5), DURATION (s of wrk, 20), WARMUP (s, 10),
# CONNECTIONS (8), THREADS (2), BENCH_PG_PORT (55442), SKIP_PUBLISH=1, NOTE, LABEL, KEEP_TMP=1.
# Installs wrk, curl (and postgresql for PostgreSQL) with apt-get when missing, like bench/run.sh.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

PROVIDERS="${PROVIDERS:-Sqlite Postgres}"
RUNS="${RUNS:-5}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-10}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
PG_PORT="${BENCH_PG_PORT:-55442}"
HEALTH_TIMEOUT_S=180
BATCH_GOAL_S=10
RATE_GOAL=100
# Communes of different sizes and départements: each request composes a different letter.
TERRITORIES="42218,42147,69123,75056,13055,31555,33063,44109,59350,67482,06088,34172,35238,21231,38185,63113"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$repo_root/bench/out/app"
results_file="$repo_root/bench/RESULTS.md"

log() { printf '[letters] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

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

postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install_missing() {
    local missing=()
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
command -v dotnet >/dev/null 2>&1 || die "dotnet is not installed"
command -v python3 >/dev/null 2>&1 || die "python3 is needed to check the ZIPs"

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

if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing src/Contrevue (Release) to bench/out/app"
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$app_dir" -nologo -v quiet </dev/null >&2
fi
[[ -f "$app_dir/Contrevue.dll" ]] || die "$app_dir/Contrevue.dll is missing"

tmp="$(mktemp -d -t contrevue-letters.XXXXXX)"
mkdir -p "$tmp/work"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
busy_others="$(ps -eo pid=,comm= | awk '$2 ~ /^(dotnet|MSBuild|VBCSCompiler|cc1|cc1plus|rustc|node|java|chromium|csc|soffice.bin)$/' | wc -l)"

start_postgres() {
    [[ -n "$pg_data" ]] && return 0
    pg_bin="$(postgres_bin)"
    [[ -n "$pg_bin" ]] || die "PostgreSQL is not installed"
    pg_data="$(mktemp -d /tmp/contrevue-bench-pg.XXXXXX)"
    [[ $EUID -eq 0 ]] && chown postgres:postgres "$pg_data"
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT, data in $pg_data"
    run_pg "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    run_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $pg_data" start >/dev/null
    pg_version="$("$pg_bin/postgres" --version | awk '{ print $3 }')"
}

# Checks a batch ZIP: prints "<pdf count> <csv rows> <bytes>".
check_zip() {
    python3 - "$1" <<'PY'
import csv, io, os, sys, zipfile
path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    pdfs = [n for n in z.namelist() if n.endswith(".pdf")]
    assert all(z.read(n)[:4] == b"%PDF" for n in pdfs), "an entry is not a PDF"
    rows = list(csv.reader(io.StringIO(z.read("destinataires.csv").decode("utf-8-sig")), delimiter=";"))
    assert {r[9] for r in rows[1:]} == set(pdfs), "the CSV does not list the PDFs"
    print(len(pdfs), len(rows) - 1, os.path.getsize(path))
PY
}

entry="$tmp/entry.md"
: >"$entry"
paragraph="Notre collectif rassemble des habitantes et habitants de toute la Loire : nous refusons que nos rues deviennent le terrain d'essai de logiciels de surveillance."
for provider in $PROVIDERS; do
    log "=== $provider ==="
    if [[ "$provider" == Postgres ]]; then
        start_postgres
        database="contrevue_letters_$(date +%s)"
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

    log "creating an administrator and an API token (app CLI)"
    (cd "$tmp/work" && dotnet "$app_dir/Contrevue.dll" admin create --email bench@example.org --password "$(head -c 18 /dev/urandom | base64 | tr -dc A-Za-z0-9)-Lettres") \
        </dev/null >"$tmp/admin-$provider.log" 2>&1 || { cat "$tmp/admin-$provider.log" >&2; die "admin create failed"; }
    token="$(cd "$tmp/work" && dotnet "$app_dir/Contrevue.dll" token create --email bench@example.org --name bench-letters </dev/null 2>"$tmp/token-$provider.log" | tail -n 1)"
    [[ "$token" == cvt_* ]] || { cat "$tmp/token-$provider.log" >&2; die "token create gave no token"; }

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
    communes="$(curl -fs "$app_url/api/v1/departements/42" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin).get("communeCount",""))' 2>/dev/null || true)"

    # (a) The Loire batch, end to end: request sent, ZIP fully received.
    batch_body="{\"departement\":\"42\",\"senderName\":\"VSA Non Merci Loire\",\"senderKind\":\"collective\",\"registered\":true,\"personalParagraph\":\"$paragraph\"}"
    batch_times=()
    for run in $(seq 0 "$RUNS"); do
        seconds="$(curl -fsS -o "$tmp/loire.zip" -w '%{time_total}' -X POST "$app_url/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letter-batches" \
            -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "$batch_body")"
        read -r pdfs rows zip_bytes <<<"$(check_zip "$tmp/loire.zip")"
        [[ "$pdfs" == "$rows" ]] || die "the ZIP holds $pdfs PDFs but the CSV $rows rows"
        if [[ "$run" == 0 ]]; then
            log "  first batch (JIT cold, not counted): ${seconds} s, $pdfs PDFs, $zip_bytes bytes"
            first_batch="$seconds"
        else
            log "  batch $run/$RUNS: ${seconds} s, $pdfs PDFs + CSV of $rows rows, $zip_bytes bytes"
            batch_times+=("$seconds")
        fi
    done
    read -r batch_min batch_median batch_max <<<"$(printf '%s\n' "${batch_times[@]}" | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f %.2f %.2f\n", v[1], m, v[NR] }')"
    batch_goal="$(awk -v m="$batch_median" -v g="$BATCH_GOAL_S" 'BEGIN { print (m < g ? "met" : "NOT met") }')"

    # (b) Single PDF letters with wrk, several connections, distinct communes.
    export TOKEN="$token" TERRITORIES
    log "letters throughput: warm-up ${WARMUP} s, then wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
    wrk "-t$THREADS" "-c$CONNECTIONS" "-d${WARMUP}s" -s "$repo_root/bench/letters.lua" "$app_url" </dev/null >"$tmp/wrk-warmup-$provider.txt"
    machine_before="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)"
    wrk "-t$THREADS" "-c$CONNECTIONS" "-d${DURATION}s" --latency -s "$repo_root/bench/letters.lua" "$app_url" </dev/null >"$tmp/wrk-$provider.txt"
    machine_after="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)"
    cat "$tmp/wrk-$provider.txt" >&2
    read -r rate latency_avg latency_p99 non2xx <<<"$(awk '
        /^ *Latency / && !avg { avg = $2 }
        /^ *99% / { p99 = $2 }
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        END { printf "%s %s %s %s\n", rps, avg, p99, (non2xx ? non2xx : 0) }' "$tmp/wrk-$provider.txt")"
    [[ "$non2xx" == 0 ]] || die "$non2xx non-2xx answers during the letters run"
    machine_cpu="$(awk -v t=$(( machine_after - machine_before )) -v hz="$(getconf CLK_TCK)" -v s="$DURATION" 'BEGIN { printf "%.0f", 100 * t / hz / s }')"
    rate_goal="$(awk -v r="$rate" -v g="$RATE_GOAL" 'BEGIN { print (r >= g ? "met" : "NOT met") }')"
    # One letter as the run sent them, to record its size.
    letter_bytes="$(curl -fsS -o /dev/null -w '%{size_download}' -X POST "$app_url/api/v1/campaigns/pas-de-vsa-dans-ma-ville/letters" \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        --data-binary "{\"territory\":\"42218\",\"senderName\":\"Collectif Bench\",\"senderKind\":\"collective\",\"format\":\"pdf\",\"personalParagraph\":\"$paragraph\"}")"
    stop_app

    log "$provider: Loire batch min ${batch_min} s, median ${batch_median} s (goal < ${BATCH_GOAL_S} s: $batch_goal); letters ${rate}/s (goal >= ${RATE_GOAL}: $rate_goal)"
    {
        printf '\n### %s\n\n' "$provider"
        printf -- '- Database: %s\n' "$database_label"
        printf -- '- **Loire batch** (`POST .../letter-batches` `{"departement":"42", …, "registered":true}`, curl from sending to the last byte of the ZIP, token holder): %s PDFs + `destinataires.csv` (%s rows, checked), ZIP %s bytes; %s runs after a first one (%s s, JIT cold, not counted): **min %s s, median %s s**, max %s s — goal < %s s: **%s**\n' \
            "$pdfs" "$rows" "$zip_bytes" "$RUNS" "$first_batch" "$batch_min" "$batch_median" "$batch_max" "$BATCH_GOAL_S" "$batch_goal"
        [[ -n "$communes" ]] && printf -- '- Communes of the Loire in the database: %s\n' "$communes"
        printf -- '- **Single PDF letters** (`POST .../letters`, format pdf, %s distinct communes in turn, token holder, `wrk -t%s -c%s -d%ss` after %s s of warm-up, PDF of %s bytes): **%s letters/s**, latency avg %s, p99 %s, non-2xx %s; machine CPU busy %s %% (200 %% = both cores) — goal ≥ %s/s: **%s**\n' \
            "$(tr ',' '\n' <<<"$TERRITORIES" | wc -l)" "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP" "$letter_bytes" "$rate" "$latency_avg" "$latency_p99" "$non2xx" "$machine_cpu" "$RATE_GOAL" "$rate_goal"
    } >>"$entry"

    if [[ "$provider" == Postgres ]]; then
        "$pg_bin/dropdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$database" || true
    fi
done

cpu_model="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$repo_root" status --porcelain -- src bench ':!bench/RESULTS.md' 2>/dev/null | grep -q . && echo " (modified)" || true)"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
{
    printf '\n## %s — letters, commit %s%s%s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" "$dirty" "${LABEL:+ — $LABEL}"
    printf -- '- Machine: %s, %s cores (nproc), %s GB RAM (free -g); .NET SDK %s; %s\n' \
        "$cpu_model" "$(nproc)" "$(free -g | awk '/^Mem:/ { print $2 }')" "$(dotnet --version)" "$( (wrk --version 2>&1 || true) | head -n 1 | sed 's/ Copyright.*//')"
    printf -- '- App published in Release, on loopback; wrk and curl on the same machine (they share the 2 cores)\n'
    printf -- '- Load average before/after: %s / %s; other dotnet/compiler processes at start: %s\n' "$load_before" "$load_after" "$busy_others"
    [[ -n "${NOTE:-}" ]] && printf -- '- Note: %s\n' "$NOTE"
    cat "$entry"
} >>"$results_file"
log "appended to bench/RESULTS.md"

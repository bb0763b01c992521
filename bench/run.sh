#!/usr/bin/env bash
# Load benchmark: the Saint-Étienne commune page served by Contrevue versus the very same bytes
# served as a static file by nginx, on the same machine, in the same run. See bench/README.md.
#
# What it does: publishes the app in Release to bench/out/app, starts it on a fresh SQLite database
# in a temp directory (timing the start-up and reading the territory import duration from its log),
# saves the page body, serves that file with a throw-away nginx, checks that both answer the same
# body, warms both up, then measures both with `wrk -t2 -c64 -d${DURATION}s --latency`, and appends
# the figures to bench/RESULTS.md.
#
# Measurement order: rounds alternate app, nginx, app, nginx (ROUNDS=2 by default) and the best
# round of each server is kept. On a shared 2-core machine a burst of unrelated work (another
# build, a GC in a neighbour) lowers whichever run it falls on; alternating spreads such noise over
# both servers instead of penalising whoever ran second, and "best of" keeps the run least disturbed.
# The ratio app/nginx therefore compares each server at its best under the same conditions.
#
# Environment: DURATION (s, default 20), WARMUP (s, default 10), ROUNDS (default 2),
# CONNECTIONS (default 64), THREADS (default 2), NOTE (free text added to the RESULTS.md entry),
# KEEP_TMP=1 keeps the temp directory (logs, nginx.conf, page) for inspection,
# SKIP_PUBLISH=1 reuses bench/out/app as it is.
# Used by bench/observatoire.sh: PAGE_PATH and PAGE_LABEL (another page), RESULTS_FILE (where the entry
# goes), SUMMARY_FILE (key=value lines of the figures, for another script). The app reads its usual
# environment, so Database__Provider and ConnectionStrings__Default point it at an existing database.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-10}"
ROUNDS="${ROUNDS:-2}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
PAGE_PATH="${PAGE_PATH:-/communes/42218-saint-etienne}"
PAGE_LABEL="${PAGE_LABEL:-Saint-Étienne commune page}"
HEALTH_TIMEOUT_S=60

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$repo_root/bench/out/app"
results_file="${RESULTS_FILE:-$repo_root/bench/RESULTS.md}"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- Cleanup: every process started here is stopped, whatever happens ---------------------------
tmp=""
app_pid=""
nginx_pid=""

stop_process() {
    local pid="$1" name="$2"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
        sleep 0.1
    done
    log "$name (pid $pid) did not stop within 5 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    # nginx's master stops its workers on TERM (fast shutdown).
    stop_process "$nginx_pid" nginx
    stop_process "$app_pid" Contrevue
    if [[ -n "$tmp" && -d "$tmp" ]]; then
        if [[ $status -ne 0 ]]; then
            [[ -f "$tmp/app.log" ]] && { log "last lines of the app log:"; tail -n 30 "$tmp/app.log" >&2; }
            [[ -f "$tmp/nginx/error.log" ]] && { log "nginx error log:"; tail -n 30 "$tmp/nginx/error.log" >&2; }
        fi
        if [[ "${KEEP_TMP:-0}" == 1 ]]; then
            log "temp directory kept: $tmp"
        else
            rm -rf "$tmp"
        fi
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Tools ---------------------------------------------------------------------------------------
install_missing() {
    local missing=()
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    [[ ${#missing[@]} -eq 0 ]] && return 0
    log "installing ${missing[*]}"
    local sudo=""
    [[ $EUID -ne 0 ]] && sudo="sudo -n"
    $sudo apt-get update -q </dev/null
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}
install_missing
export PATH="$PATH:/usr/sbin:/sbin"
command -v dotnet >/dev/null 2>&1 || die "dotnet is not installed"

# A loopback port nobody listens on. The kernel's ephemeral range is avoided so that wrk's own
# outgoing connections cannot collide with it.
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 12000))
        if ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# CPU time (user+system, in clock ticks) consumed so far by the given processes, all threads included.
cpu_ticks() {
    local total=0 pid
    for pid in "$@"; do
        [[ -r /proc/$pid/stat ]] || continue
        # utime and stime are fields 14 and 15; the command name before them may contain spaces.
        total=$(( total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }') ))
    done
    echo "$total"
}

# Busy CPU time of the whole machine so far, in clock ticks (everything but idle and iowait).
machine_busy_ticks() {
    awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}

# CPU time of a shell's finished children, in clock ticks, from the output of the `times` builtin
# (second line: children's user and system time, as "1m2.345s").
children_ticks() {
    tail -n 1 "$1" | awk -v hz="$(getconf CLK_TCK)" '{
        total = 0
        for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); total += t[1] * 60 + t[2] }
        printf "%.0f", total * hz
    }'
}

# --- Publish and start the app -------------------------------------------------------------------
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing src/Contrevue (Release) to bench/out/app"
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$app_dir" -nologo -v quiet </dev/null >&2
fi
[[ -f "$app_dir/Contrevue.dll" ]] || die "$app_dir/Contrevue.dll is missing"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
# Other compilers and dotnet processes running now would share the 2 cores with the benchmark.
busy_others="$(ps -eo pid=,comm= | awk '$2 ~ /^(dotnet|MSBuild|VBCSCompiler|cc1|cc1plus|rustc|node|java|chromium)$/' | wc -l)"

tmp="$(mktemp -d -t contrevue-bench.XXXXXX)"
mkdir -p "$tmp/work" "$tmp/nginx/www"
app_port="$(free_port)"
app_url="http://127.0.0.1:$app_port"

log "starting the app on $app_url (${ConnectionStrings__Default:-SQLite in $tmp/work/data})"
start_ms="$(now_ms)"
(cd "$tmp/work" && exec dotnet "$app_dir/Contrevue.dll" --urls "$app_url") >"$tmp/app.log" 2>&1 </dev/null &
app_pid=$!

healthy_ms=""
while (( $(now_ms) - start_ms < HEALTH_TIMEOUT_S * 1000 )); do
    kill -0 "$app_pid" 2>/dev/null || die "the app exited during start-up"
    if curl -fs -o /dev/null --max-time 2 "$app_url/healthz"; then
        healthy_ms=$(( $(now_ms) - start_ms ))
        break
    fi
    sleep 0.05
done
[[ -n "$healthy_ms" ]] || die "the app was not healthy within ${HEALTH_TIMEOUT_S} s"
import_ms="$(sed -n 's/.*Territory import: .* in \([0-9]\+\) ms.*/\1/p' "$tmp/app.log" | head -n 1)"
[[ -n "$import_ms" ]] || import_ms="n/a (no import line in the log)"
log "healthy after ${healthy_ms} ms; territory import ${import_ms} ms"

# --- The page, and nginx serving the same bytes ---------------------------------------------------
page="$tmp/nginx/www/page.html"
status="$(curl -s -o "$page" -w '%{http_code}' "$app_url$PAGE_PATH")"
[[ "$status" == 200 ]] || die "GET $PAGE_PATH answered $status"
page_bytes="$(stat -c %s "$page")"

nginx_port="$(free_port)"
while [[ "$nginx_port" == "$app_port" ]]; do nginx_port="$(free_port)"; done
nginx_url="http://127.0.0.1:$nginx_port"
# Run as root, the master would hand its workers to "nobody", who cannot read the 0700 temp dir.
user_line=""
[[ $EUID -eq 0 ]] && user_line="user $(id -un) $(id -gn);"
cat >"$tmp/nginx/nginx.conf" <<EOF
# Generated by bench/run.sh; lives and dies with the benchmark's temp directory.
$user_line
daemon off;
worker_processes auto;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events {
    worker_connections 1024;
}
http {
    access_log off;
    sendfile on;
    # Kestrel keeps connections open indefinitely; so does nginx here (its default closes after 1000).
    keepalive_requests 1000000;
    # Temp paths default to system directories (/var/lib/nginx) that a normal user cannot write.
    client_body_temp_path $tmp/nginx/client_body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    server {
        listen 127.0.0.1:$nginx_port;
        location = $PAGE_PATH {
            types { }
            default_type "text/html; charset=utf-8";
            alias $page;
        }
    }
}
EOF
nginx -t -q -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" >&2
nginx -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" </dev/null >"$tmp/nginx/stdout.log" 2>&1 &
nginx_pid=$!
for _ in $(seq 100); do
    curl -fs -o /dev/null --max-time 1 "$nginx_url$PAGE_PATH" && break
    kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited during start-up"
    sleep 0.05
done

# Fair comparison: both must send the very same body; the app's answer must come from its cache.
curl -s -D "$tmp/app.headers" -o "$tmp/app.body" "$app_url$PAGE_PATH"
curl -s -D "$tmp/nginx.headers" -o "$tmp/nginx.body" "$nginx_url$PAGE_PATH"
cmp -s "$tmp/app.body" "$page" || die "the app's page changed between two requests; nothing stable to compare"
cmp -s "$tmp/nginx.body" "$page" || die "nginx does not serve the same bytes as the app"
header_value() { grep -i "^$2:" "$1" | head -n 1 | cut -d: -f2- | tr -d ' \r'; }
[[ "$(header_value "$tmp/nginx.headers" Content-Length)" == "$page_bytes" ]] || die "nginx's Content-Length differs from the page size"
app_length="$(header_value "$tmp/app.headers" Content-Length)"
[[ -z "$app_length" || "$app_length" == "$page_bytes" ]] || die "the app's Content-Length ($app_length) differs from the page size ($page_bytes)"
if grep -qi '^Age:' "$tmp/app.headers"; then app_cached="yes (Age header present)"; else app_cached="NO (no Age header)"; fi
app_header_bytes="$(stat -c %s "$tmp/app.headers")"
nginx_header_bytes="$(stat -c %s "$tmp/nginx.headers")"
log "page: ${page_bytes} bytes, identical from both; headers: app ${app_header_bytes} B, nginx ${nginx_header_bytes} B; app output cache: ${app_cached}"

# --- Measure ------------------------------------------------------------------------------------
wrk_cmd=(wrk "-t$THREADS" "-c$CONNECTIONS")

# Prints "rps avg p99 non2xx errors server% wrk% others%" for one run, the last three being CPU
# use (100 % = one core) of the server measured, of wrk, and of everything else on the machine
# (other builds, agents): the noise indicator. wrk's full output is kept in $tmp.
measure() {
    local name="$1" url="$2" round="$3"
    local out="$tmp/wrk-$name-$round.txt"
    local pids=("${@:4}") server_before machine_before
    server_before="$(cpu_ticks "${pids[@]}")"
    machine_before="$(machine_busy_ticks)"
    # `times` runs in this shell (no command substitution, which would fork and see no children).
    times >"$tmp/times.before"
    "${wrk_cmd[@]}" "-d${DURATION}s" --latency "$url" </dev/null >"$out"
    times >"$tmp/times.after"
    awk -v server=$(( $(cpu_ticks "${pids[@]}") - server_before )) \
        -v machine=$(( $(machine_busy_ticks) - machine_before )) \
        -v wrk=$(( $(children_ticks "$tmp/times.after") - $(children_ticks "$tmp/times.before") )) \
        -v hz="$(getconf CLK_TCK)" -v secs="$DURATION" '
        /^ *Latency / && !avg { avg = $2 }
        /^ *99% / { p99 = $2 }
        /^Requests\/sec:/ { rps = $2 }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /Socket errors:/ { errors = $0; sub(/.*Socket errors: */, "", errors); gsub(/ /, "", errors) }
        END {
            others = machine - server - wrk
            if (others < 0) others = 0
            printf "%s %s %s %s %s %.0f %.0f %.0f\n", rps, avg, (p99 ? p99 : "n/a"), (non2xx ? non2xx : 0),
                (errors ? errors : "none"), 100 * server / hz / secs, 100 * wrk / hz / secs, 100 * others / hz / secs
        }' "$out"
}

# nginx's CPU is its master plus workers; the app is one process.
nginx_pids=("$nginx_pid" $(pgrep -P "$nginx_pid" || true))

log "warming up: ${WARMUP} s each"
"${wrk_cmd[@]}" "-d${WARMUP}s" "$app_url$PAGE_PATH" </dev/null >"$tmp/wrk-app-warmup.txt"
"${wrk_cmd[@]}" "-d${WARMUP}s" "$nginx_url$PAGE_PATH" </dev/null >"$tmp/wrk-nginx-warmup.txt"
app_log_lines_before="$(wc -l <"$tmp/app.log")"

best_app="" best_nginx=""
is_better() { [[ -z "$2" ]] || awk -v a="${1%% *}" -v b="${2%% *}" 'BEGIN { exit !(a > b) }'; }
for round in $(seq "$ROUNDS"); do
    log "round $round/$ROUNDS: app"
    result="$(measure app "$app_url$PAGE_PATH" "$round" "$app_pid")"
    log "  $result"
    is_better "$result" "$best_app" && best_app="$result"
    log "round $round/$ROUNDS: nginx"
    result="$(measure nginx "$nginx_url$PAGE_PATH" "$round" "${nginx_pids[@]}")"
    log "  $result"
    is_better "$result" "$best_nginx" && best_nginx="$result"
done
app_log_lines_during=$(( $(wc -l <"$tmp/app.log") - app_log_lines_before ))
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

read -r app_rps app_avg app_p99 app_non2xx app_errors app_cpu app_wrk_cpu app_other_cpu <<<"$best_app"
read -r nginx_rps nginx_avg nginx_p99 nginx_non2xx nginx_errors nginx_cpu nginx_wrk_cpu nginx_other_cpu <<<"$best_nginx"
[[ "$app_non2xx" == 0 && "$nginx_non2xx" == 0 ]] || die "non-2xx answers during the runs (app $app_non2xx, nginx $nginx_non2xx)"
ratio="$(awk -v a="$app_rps" -v n="$nginx_rps" 'BEGIN { printf "%.2f", a / n }')"
goal_ratio="${GOAL:-0.5}"
goal="$(awk -v r="$ratio" -v g="$goal_ratio" 'BEGIN { print (r >= g ? "met" : "NOT met") }')"

# --- Report -------------------------------------------------------------------------------------
cpu_model="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
cores="$(nproc)"
memory_gb="$(free -g | awk '/^Mem:/ { print $2 }')"
dotnet_version="$(dotnet --version)"
nginx_version="$(nginx -v 2>&1 | sed 's/^nginx version: nginx\///')"
# `wrk --version` prints its usage too and exits with 1.
wrk_version="$( (wrk --version 2>&1 || true) | head -n 1 | sed 's/^wrk //; s/ Copyright.*//')"
commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$repo_root" status --porcelain -- src 2>/dev/null | grep -q . && echo " (src modified)" || true)"

cat >&2 <<EOF

${PAGE_LABEL}, ${page_bytes} bytes, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, best of $ROUNDS alternated rounds
  app   : ${app_rps} req/s, latency avg ${app_avg}, p99 ${app_p99}; CPU: server ${app_cpu}%, wrk ${app_wrk_cpu}%, others ${app_other_cpu}%; socket errors ${app_errors}
  nginx : ${nginx_rps} req/s, latency avg ${nginx_avg}, p99 ${nginx_p99}; CPU: server ${nginx_cpu}%, wrk ${nginx_wrk_cpu}%, others ${nginx_other_cpu}%; socket errors ${nginx_errors}
  ratio app/nginx: ${ratio} (goal >= ${goal_ratio}: ${goal})
  start-up: healthy after ${healthy_ms} ms, territory import ${import_ms} ms
  app output cache: ${app_cached}; app log lines written during the runs: ${app_log_lines_during}
EOF

[[ -f "$results_file" ]] || printf '# Benchmark results\n\nEntries appended by `bench/run.sh`, newest last. See README.md for what is measured.\n' >"$results_file"
{
    printf '\n## %s — commit %s%s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" "$dirty"
    printf -- '- Machine: %s, %s cores (nproc), %s GB RAM (free -g)\n' "$cpu_model" "$cores" "$memory_gb"
    printf -- '- .NET SDK %s; nginx %s; wrk %s\n' "$dotnet_version" "$nginx_version" "$wrk_version"
    printf -- '- Page: `%s`, %s bytes (identical body from both; response headers: app %s B, nginx %s B)\n' \
        "$PAGE_PATH" "$page_bytes" "$app_header_bytes" "$nginx_header_bytes"
    printf -- '- Load: `wrk -t%s -c%s -d%ss --latency`, warm-up %s s each, best of %s alternated rounds\n' \
        "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP" "$ROUNDS"
    printf '\n| Server | Requests/s | Latency avg | Latency p99 | CPU server | CPU wrk | CPU others | Socket errors |\n'
    printf '|---|---:|---:|---:|---:|---:|---:|---|\n'
    printf '| Contrevue | %s | %s | %s | %s %% | %s %% | %s %% | %s |\n' \
        "$app_rps" "$app_avg" "$app_p99" "$app_cpu" "$app_wrk_cpu" "$app_other_cpu" "$app_errors"
    printf '| nginx | %s | %s | %s | %s %% | %s %% | %s %% | %s |\n\n' \
        "$nginx_rps" "$nginx_avg" "$nginx_p99" "$nginx_cpu" "$nginx_wrk_cpu" "$nginx_other_cpu" "$nginx_errors"
    printf -- '- CPU: 100 %% = one core, over the measured run; "others" is everything else on the machine (noise)\n' 
    printf -- '- **Ratio app/nginx: %s** (goal ≥ %s: %s)\n' "$ratio" "$goal_ratio" "$goal"
    database="a fresh SQLite database"
    [[ -n "${ConnectionStrings__Default:-}" ]] && database="the given ${Database__Provider:-Sqlite} database"
    printf -- '- Start-up on %s: healthy after %s ms; territory import %s ms\n' "$database" "$healthy_ms" "$import_ms"
    printf -- '- App answers from the output cache: %s; app log lines written during the runs: %s\n' "$app_cached" "$app_log_lines_during"
    printf -- '- Load average before/after: %s / %s; other dotnet/compiler processes at start: %s\n' "$load_before" "$load_after" "$busy_others"
    [[ -n "${NOTE:-}" ]] && printf -- '- Note: %s\n' "$NOTE"
    true
} >>"$results_file"
if [[ -n "${SUMMARY_FILE:-}" ]]; then
    printf 'page_bytes=%s\napp_rps=%s\nnginx_rps=%s\nratio=%s\napp_p99=%s\nnginx_p99=%s\napp_other_cpu=%s\nnginx_other_cpu=%s\n' \
        "$page_bytes" "$app_rps" "$nginx_rps" "$ratio" "$app_p99" "$nginx_p99" "$app_other_cpu" "$nginx_other_cpu" >"$SUMMARY_FILE"
fi
log "appended to ${results_file#"$repo_root/"}"

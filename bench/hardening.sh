#!/usr/bin/env bash
# Hardening benchmark (issue 11, classes 3 and 4), in one run of one app. See bench/README.md.
#
# 1. Cost-bounded letter batches: the commune page (PAGE_PATH), with a harmless query string drawn from
#    VARY distinct values per wrk thread and phase (commune.lua; part of the output cache's key, so the cache does not
#    answer every time: each value is rendered once, then served from the cache), measured with
#    `wrk -t2 -c32 -d${DURATION}s` twice: unloaded, then while BATCH_CLIENTS anonymous clients ask,
#    continuously, for the largest batch the public may ask for (batch.lua: PUBLIC_MAX communes of the
#    Loire). The per-client limits of public writes are lifted for the run (Abuse__*PerMinute), so that
#    every batch request is rendered unless the global render limiter refuses it: the worst case, an
#    attacker with as many addresses as clients. Prints the ratio loaded/unloaded (goal >= 0.50).
# 2. Decompression bomb: a DOCX of a few hundred KB expanding to BOMB_MIB MiB (one entry of zeros), and
#    the same with its sizes declared falsely small, uploaded with an API token (`POST /api/v1/files`):
#    the time to the refusal (curl, send to last byte) and the growth of the server's memory (peak RSS
#    from /proc/PID/status, the peak reset just before through /proc/PID/clear_refs). Goal < 1 s and
#    < 64 MB.
# Then appends an entry to bench/RESULTS.md.
#
# Environment: DURATION (s, default 15), WARMUP (s, 5), CONNECTIONS (32), THREADS (2), BATCH_CLIENTS (4),
# VARY (distinct query strings per wrk thread and phase, 100; 0 = every request distinct, every request rendered),
# PUBLIC_MAX (20, the app's Campaigns:LetterBatches:PublicMaxCommunes default), BOMB_MIB (250),
# BOMB_RUNS (3), NOTE (free text), KEEP_TMP=1, SKIP_PUBLISH=1 (reuse bench/out/app).
set -euo pipefail

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
BATCH_CLIENTS="${BATCH_CLIENTS:-4}"
VARY="${VARY:-100}"
PUBLIC_MAX="${PUBLIC_MAX:-20}"
BOMB_MIB="${BOMB_MIB:-250}"
BOMB_RUNS="${BOMB_RUNS:-3}"
PAGE_PATH="${PAGE_PATH:-/communes/42218-saint-etienne}"
RATIO_GOAL=0.50
BOMB_SECONDS_GOAL=1
BOMB_MB_GOAL=64
HEALTH_TIMEOUT_S=90
CAMPAIGN=pas-de-vsa-dans-ma-ville

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$repo_root/bench/out/app"
results_file="$repo_root/bench/RESULTS.md"

log() { printf '[hardening] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

tmp=""
app_pid=""
batch_pid=""

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
    stop_process "$batch_pid" "wrk (batches)"
    stop_process "$app_pid" Contrevue
    if [[ -n "$tmp" && -d "$tmp" ]]; then
        if [[ $status -ne 0 && -f "$tmp/app.log" ]]; then
            log "last lines of the app log:"
            tail -n 30 "$tmp/app.log" >&2
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

for tool in dotnet wrk curl python3; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done

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

# CPU time (clock ticks) used so far by a process, all threads.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
# A field of /proc/PID/status, in kB.
status_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing src/Contrevue (Release) to bench/out/app"
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$app_dir" -nologo -v quiet </dev/null >&2
fi
[[ -f "$app_dir/Contrevue.dll" ]] || die "$app_dir/Contrevue.dll is missing"

tmp="$(mktemp -d -t contrevue-hardening.XXXXXX)"
mkdir -p "$tmp/work"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
busy_others="$(ps -eo pid=,comm= | awk '$2 ~ /^(dotnet|MSBuild|VBCSCompiler|cc1|cc1plus|rustc|node|java|chromium|csc|soffice.bin)$/' | wc -l)"

export Database__Provider=Sqlite
export ConnectionStrings__Default="Data Source=$tmp/work/contrevue.db"
# The worst case for the global limiter: no per-client limit stops the batch clients (many addresses).
export Abuse__UnverifiedPerMinute=1000000 Abuse__VerifiedPerMinute=1000000

log "creating an administrator and an API token (app CLI)"
(cd "$tmp/work" && dotnet "$app_dir/Contrevue.dll" admin create --email bench@example.org --password "$(head -c 18 /dev/urandom | base64 | tr -dc A-Za-z0-9)-Durcir") \
    </dev/null >"$tmp/admin.log" 2>&1 || { cat "$tmp/admin.log" >&2; die "admin create failed"; }
token="$(cd "$tmp/work" && dotnet "$app_dir/Contrevue.dll" token create --email bench@example.org --name bench-hardening </dev/null 2>"$tmp/token.log" | tail -n 1)"
[[ "$token" == cvt_* ]] || { cat "$tmp/token.log" >&2; die "token create gave no token"; }

app_port="$(free_port)"
app_url="http://127.0.0.1:$app_port"
log "starting the app on $app_url (fresh SQLite database, territory import on start)"
(cd "$tmp/work" && exec dotnet "$app_dir/Contrevue.dll" --urls "$app_url") >"$tmp/app.log" 2>&1 </dev/null &
app_pid=$!
healthy=""
for _ in $(seq $(( HEALTH_TIMEOUT_S * 10 ))); do
    kill -0 "$app_pid" 2>/dev/null || die "the app exited during start-up"
    curl -fs -o /dev/null --max-time 2 "$app_url/healthz" && { healthy=1; break; }
    sleep 0.1
done
[[ -n "$healthy" ]] || die "the app was not healthy within ${HEALTH_TIMEOUT_S} s"
status="$(curl -s -o /dev/null -w '%{http_code}' "$app_url$PAGE_PATH?bench=check")"
[[ "$status" == 200 ]] || die "GET $PAGE_PATH?bench=check answered $status"

# --- 2 first: the bomb, on a quiet server whose memory the batches have not grown yet -------------
log "building a DOCX bomb of $BOMB_MIB MiB expanded (and its lying twin), and an ordinary DOCX"
python3 - "$tmp" "$BOMB_MIB" <<'PY'
import struct, sys, zipfile, zlib
tmp, mib = sys.argv[1], int(sys.argv[2])
types = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
rels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
def document(text):
    return '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>' + text + '</w:t></w:r></w:p></w:body></w:document>'
with zipfile.ZipFile(f"{tmp}/ordinary.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", types); z.writestr("_rels/.rels", rels)
    z.writestr("word/document.xml", document("Délibération du conseil municipal : vidéoprotection. " * 200))
with zipfile.ZipFile(f"{tmp}/bomb.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml", types); z.writestr("_rels/.rels", rels)
    z.writestr("word/document.xml", document("Délibération"))
    info = zipfile.ZipInfo("word/media/image1.png")
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, "w", force_zip64=False) as entry:
        zeros = bytes(1024 * 1024)
        for _ in range(mib):
            entry.write(zeros)
# The twin declares 4 KiB for the big entry, in its local header and in the central directory.
data = bytearray(open(f"{tmp}/bomb.docx", "rb").read())
name = b"word/media/image1.png"
i = 0
while True:
    i = data.find(name, i)
    if i < 0: break
    if data[i-30:i-26] == b"PK\x03\x04": struct.pack_into("<I", data, i - 30 + 22, 4096)
    elif data[i-46:i-42] == b"PK\x01\x02": struct.pack_into("<I", data, i - 46 + 24, 4096)
    i += 1
open(f"{tmp}/lying.docx", "wb").write(data)
PY
bomb_bytes="$(stat -c %s "$tmp/bomb.docx")"
(( bomb_bytes < 2 * 1024 * 1024 )) || die "the bomb is $bomb_bytes bytes: it should be small on the wire"

upload() {
    curl -s -o "$tmp/upload.json" -w '%{http_code} %{time_total}' -X POST "$app_url/api/v1/files" \
        -H "Authorization: Bearer $token" -F "file=@$1;filename=deliberation.docx;type=application/octet-stream"
}
read -r code _ <<<"$(upload "$tmp/ordinary.docx")"
[[ "$code" == 201 ]] || die "an ordinary DOCX was refused ($code): $(cat "$tmp/upload.json")"

bomb_rows=""
bomb_worst_s=0
bomb_worst_mb=0
for kind in bomb lying; do
    for run in $(seq "$BOMB_RUNS"); do
        # Peak RSS reset: VmHWM then measures this upload alone.
        echo 5 >"/proc/$app_pid/clear_refs"
        rss_before="$(status_kb "$app_pid" VmRSS)"
        read -r code seconds <<<"$(upload "$tmp/$kind.docx")"
        hwm_after="$(status_kb "$app_pid" VmHWM)"
        rss_after="$(status_kb "$app_pid" VmRSS)"
        growth_mb="$(awk -v a="$hwm_after" -v b="$rss_before" 'BEGIN { printf "%.1f", (a - b) / 1024 }')"
        detail="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("detail",""))' "$tmp/upload.json" 2>/dev/null || true)"
        log "  $kind #$run: $code after ${seconds} s, peak RSS +${growth_mb} MB (RSS $rss_before → $rss_after kB) — $detail"
        [[ "$code" == 413 || "$code" == 415 ]] || die "the $kind was not refused with 413/415 ($code)"
        bomb_worst_s="$(awk -v a="$bomb_worst_s" -v b="$seconds" 'BEGIN { print (b > a ? b : a) }')"
        bomb_worst_mb="$(awk -v a="$bomb_worst_mb" -v b="$growth_mb" 'BEGIN { print (b > a ? b : a) }')"
        bomb_rows+="| $kind #$run | $code | ${seconds} s | +${growth_mb} MB | $rss_before → $rss_after |"$'\n'
    done
done
bomb_goal="$(awk -v s="$bomb_worst_s" -v m="$bomb_worst_mb" -v gs="$BOMB_SECONDS_GOAL" -v gm="$BOMB_MB_GOAL" 'BEGIN { print (s < gs && m < gm ? "met" : "NOT met") }')"

# --- 1: the commune page, unloaded then under the largest public batches --------------------------
codes="$(curl -fs "$app_url/api/v1/communes?departement=42&limit=$((PUBLIC_MAX + 1))" | python3 -c '
import json, sys
data = json.load(sys.stdin)
items = data if isinstance(data, list) else data.get("items") or data.get("communes") or []
print(",".join(c.get("code") or c.get("inseeCode") for c in items))')"
IFS=',' read -r -a code_list <<<"$codes"
(( ${#code_list[@]} > PUBLIC_MAX )) || die "not enough communes from /api/v1/communes?departement=42 (${#code_list[@]})"
paragraph="Notre collectif rassemble des habitantes et habitants de toute la Loire : nous refusons que nos rues deviennent le terrain d'essai de logiciels de surveillance."
batch_json() { python3 -c 'import json,sys; print(json.dumps({"territories": sys.argv[2].split(",")[:int(sys.argv[1])], "senderName": "Collectif Bench", "senderKind": "collective", "personalParagraph": sys.argv[3]}))' "$1" "$codes" "$paragraph"; }
export BATCH_BODY; BATCH_BODY="$(batch_json "$PUBLIC_MAX")"
over_code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$app_url/api/v1/campaigns/$CAMPAIGN/letter-batches" -H 'Content-Type: application/json' --data-binary "$(batch_json $((PUBLIC_MAX + 1)))")"
[[ "$over_code" == 403 ]] || die "a public batch of $((PUBLIC_MAX + 1)) communes answered $over_code, not 403: is PUBLIC_MAX the app's limit?"
read -r batch_code batch_seconds batch_size <<<"$(curl -s -o "$tmp/batch.zip" -w '%{http_code} %{time_total} %{size_download}' -X POST "$app_url/api/v1/campaigns/$CAMPAIGN/letter-batches" -H 'Content-Type: application/json' --data-binary "$BATCH_BODY")"
[[ "$batch_code" == 200 ]] || die "the largest public batch answered $batch_code"
entries="$(python3 -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$tmp/batch.zip")"
[[ "$entries" == $((PUBLIC_MAX + 1)) ]] || die "the batch ZIP holds $entries entries"
log "largest public batch: $PUBLIC_MAX communes, ZIP of $batch_size bytes in ${batch_seconds} s (one client, quiet server); $((PUBLIC_MAX + 1)) communes: 403"

export PAGE_PATH VARY
page_run() {
    PHASE="$1" wrk "-t$THREADS" "-c$CONNECTIONS" "-d${2}s" --timeout 10s -s "$repo_root/bench/commune.lua" "$app_url" </dev/null >"$tmp/wrk-$1.txt"
    grep '^bench_result' "$tmp/wrk-$1.txt" || die "no result from wrk ($1)"
}
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

log "warm-up: ${WARMUP} s of the commune page"
page_run warmup "$WARMUP" >/dev/null

log "unloaded: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s"
cpu0="$(cpu_ticks "$app_pid")"
unloaded="$(page_run unloaded "$DURATION")"
cpu1="$(cpu_ticks "$app_pid")"
log "  $unloaded"

log "loaded: $BATCH_CLIENTS clients asking for batches of $PUBLIC_MAX communes, then the same wrk"
batch_seconds_total=$(( DURATION + 5 ))
wrk -t1 "-c$BATCH_CLIENTS" "-d${batch_seconds_total}s" --timeout 30s -s "$repo_root/bench/batch.lua" "$app_url" </dev/null >"$tmp/wrk-batches.txt" &
batch_pid=$!
sleep 3
cpu2="$(cpu_ticks "$app_pid")"
loaded="$(page_run loaded "$DURATION")"
cpu3="$(cpu_ticks "$app_pid")"
log "  $loaded"
wait "$batch_pid" || die "the batch clients' wrk failed"
batch_pid=""
batches="$(grep '^batch_result' "$tmp/wrk-batches.txt")" || die "no result from the batch clients"
log "  batches: $batches"

rps_unloaded="$(field rps "$unloaded")"
rps_loaded="$(field rps "$loaded")"
ratio="$(awk -v a="$rps_loaded" -v b="$rps_unloaded" 'BEGIN { printf "%.2f", a / b }')"
ratio_goal="$(awk -v r="$ratio" -v g="$RATIO_GOAL" 'BEGIN { print (r >= g ? "met" : "NOT met") }')"
hz="$(getconf CLK_TCK)"
cpu_unloaded="$(awk -v t=$(( cpu1 - cpu0 )) -v hz="$hz" -v s="$DURATION" 'BEGIN { printf "%.0f", 100 * t / hz / s }')"
cpu_loaded="$(awk -v t=$(( cpu3 - cpu2 )) -v hz="$hz" -v s="$DURATION" 'BEGIN { printf "%.0f", 100 * t / hz / s }')"
ok="$(field ok "$batches")"
busy="$(field busy "$batches")"
other="$(field other "$batches")"
[[ "$other" == 0 ]] || log "WARNING: $other batch answers were neither 200 nor 503"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
log "ratio loaded/unloaded: $ratio (goal >= $RATIO_GOAL: $ratio_goal); bomb: worst ${bomb_worst_s} s, +${bomb_worst_mb} MB (goal < ${BOMB_SECONDS_GOAL} s and < ${BOMB_MB_GOAL} MB: $bomb_goal)"

commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
dirty="$(git -C "$repo_root" status --porcelain -- src bench ':!bench/RESULTS.md' 2>/dev/null | grep -q . && echo " (modified)" || true)"
{
    printf '\n## %s — hardening (batches and bomb), commit %s%s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit" "$dirty"
    printf -- '- Machine: %s, %s cores (nproc), %s GB RAM (free -g); .NET SDK %s; %s; curl %s\n' \
        "$(lscpu | sed -n 's/^Model name: *//p' | head -n 1)" "$(nproc)" "$(free -g | awk '/^Mem:/ { print $2 }')" "$(dotnet --version)" \
        "$( (wrk --version 2>&1 || true) | head -n 1 | sed 's/ Copyright.*//')" "$(curl --version | awk 'NR == 1 { print $2 }')"
    printf -- '- App published in Release, on loopback, fresh SQLite database (territories imported); wrk and curl on the same machine\n'
    printf -- '- Load average before/after: %s / %s; other dotnet/compiler processes at start: %s\n' "$load_before" "$load_after" "$busy_others"
    [[ -n "${NOTE:-}" ]] && printf -- '- Note: %s\n' "$NOTE"
    printf '\n### Commune page while the public asks for the largest batches\n\n'
    printf -- '- Page: `%s?bench=<phase>-<thread>-<n>`, n cycling through %s values per wrk thread and phase (0: every request distinct); the query string is part of the output cache key, so each value is rendered once then cached; `wrk -t%s -c%s -d%ss`, %s s of warm-up\n' "$PAGE_PATH" "$VARY" "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP"
    printf -- '- Load: %s anonymous clients (`wrk -t1 -c%s`, [batch.lua](batch.lua)) asking continuously for the largest public batch, %s communes of the Loire (%s communes: 403); per-client limits lifted for the run; one such batch alone: ZIP of %s bytes in %s s\n' \
        "$BATCH_CLIENTS" "$BATCH_CLIENTS" "$PUBLIC_MAX" "$((PUBLIC_MAX + 1))" "$batch_size" "$batch_seconds"
    printf '\n| Phase | Requests/s | Latency avg | p95 | p99 | Non-2xx | Socket errors | CPU app |\n|---|---:|---:|---:|---:|---:|---:|---:|\n'
    for phase in unloaded loaded; do
        line="$unloaded"; cpu="$cpu_unloaded"
        [[ "$phase" == loaded ]] && { line="$loaded"; cpu="$cpu_loaded"; }
        printf '| %s | %s | %s ms | %s ms | %s ms | %s | %s | %s %% |\n' "$phase" "$(field rps "$line")" "$(field avg_ms "$line")" \
            "$(field p95_ms "$line")" "$(field p99_ms "$line")" "$(field non2xx "$line")" "$(field socket_errors "$line")" "$cpu"
    done
    printf '\n- Batches answered during the loaded phase (%s s): %s ZIPs (200), %s refused by the render limiter (503 + Retry-After), %s other; median batch latency %s ms, max %s ms\n' \
        "$(field seconds "$batches")" "$ok" "$busy" "$other" "$(field p50_ms "$batches")" "$(field max_ms "$batches")"
    printf -- '- CPU app: 100 %% = one core, over each measured phase\n'
    printf -- '- **Ratio loaded/unloaded: %s** (goal ≥ %s: %s)\n' "$ratio" "$RATIO_GOAL" "$ratio_goal"
    printf '\n### DOCX bomb\n\n'
    printf -- '- `bomb.docx`: %s bytes, %s MiB once expanded (one entry of zeros); `lying`: the same with that entry declared as 4 KiB in both headers. Uploaded with `curl -F` and an administrator'"'"'s API token to `POST /api/v1/files`; time from sending to the last byte; memory: VmHWM after minus VmRSS before, the peak reset through `/proc/PID/clear_refs` before each upload\n\n' \
        "$bomb_bytes" "$BOMB_MIB"
    printf '| Upload | Status | Time to refusal | Peak memory growth | RSS before → after (kB) |\n|---|---:|---:|---:|---|\n'
    printf '%s' "$bomb_rows"
    printf '\n- **Worst: %s s, +%s MB** (goal < %s s and < %s MB: %s)\n' "$bomb_worst_s" "$bomb_worst_mb" "$BOMB_SECONDS_GOAL" "$BOMB_MB_GOAL" "$bomb_goal"
} >>"$results_file"
log "appended to bench/RESULTS.md"

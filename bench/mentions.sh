#!/usr/bin/env bash
# Commune suggestions (issue 16): quality and speed of the territories found in a text.
#   1. precision and recall over the labelled headlines of
#      tests/Contrevue.Tests/Features/Territories/Mentions/headlines.txt (the set the tests assert on;
#      a suggestion is a (headline, territory) pair, an ambiguous mention suggests nothing),
#      goal precision ≥ 0.9 at recall ≥ 0.8;
#   2. the time to suggest for one article (texts of ARTICLE_BYTES, ~4 KB by default, made of the labelled
#      headlines in a seeded random order, all different), warm, measured in the app around the search
#      (the Server-Timing header of POST /api/v1/territory-mentions), median, p95 and max over RUNS runs;
#      goal ≤ 5 ms. The round trip seen by the client is printed beside it.
# The app runs in Release on loopback on a fresh SQLite database (so the real territory data is imported at
# start, as in production), the rate limit raised for the run. Appends a dated entry to bench/RESULTS.md with
# the machine. Environment: RUNS (2000), WARMUP (300), ARTICLE_BYTES (4000), SKIP_PUBLISH=1, KEEP_TMP=1, NOTE.
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

RUNS="${RUNS:-2000}"
WARMUP="${WARMUP:-300}"
ARTICLE_BYTES="${ARTICLE_BYTES:-4000}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$repo_root/bench/out/mentions-app"
results_file="$repo_root/bench/RESULTS.md"
headlines="$repo_root/tests/Contrevue.Tests/Features/Territories/Mentions/headlines.txt"
log() { printf '[mentions] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

tmp="$(mktemp -d -t contrevue-mentions.XXXXXX)"
app_pid=""
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    [[ -n "$app_pid" ]] && { kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; }
    [[ $status -ne 0 && -f "$tmp/app.log" ]] && tail -n 30 "$tmp/app.log" >&2
    [[ "${KEEP_TMP:-0}" == 1 ]] && log "kept $tmp" || rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v curl >/dev/null 2>&1 || { log "installing curl"; apt-get install -y -q curl </dev/null >/dev/null; }
command -v python3 >/dev/null 2>&1 || { log "installing python3"; apt-get install -y -q python3 </dev/null >/dev/null; }
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing src/Contrevue (Release) to bench/out/mentions-app"
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$app_dir" -nologo -v quiet </dev/null >&2
fi
free_port() { local p; while :; do p=$((20000 + RANDOM % 12000)); ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }; done; }

mkdir -p "$tmp/work"
export Database__Provider=Sqlite ConnectionStrings__Default="Data Source=$tmp/contrevue.db"
export TerritoryMentions__PermitsPerMinute=100000000
port="$(free_port)"; url="http://127.0.0.1:$port"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
log "starting the app on $url (first start: migrations and the territory import)"
(cd "$tmp/work" && exec dotnet "$app_dir/Contrevue.dll" --urls "$url") >"$tmp/app.log" 2>&1 </dev/null &
app_pid=$!
for _ in $(seq 900); do curl -fs -o /dev/null "$url/healthz" && break; sleep 0.2; done
curl -fs -o /dev/null "$url/healthz" || die "the app did not start"

log "measuring: $RUNS articles of ~$ARTICLE_BYTES bytes after $WARMUP unmeasured"
python3 - "$url" "$headlines" "$RUNS" "$WARMUP" "$ARTICLE_BYTES" >"$tmp/figures.txt" <<'PY'
import http.client, json, random, statistics, sys, time, urllib.parse

url, path, runs, warmup, article_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
target = urllib.parse.urlparse(url)
connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)

def suggest(text):
    body = json.dumps({"text": text}).encode("utf-8")
    started = time.perf_counter()
    connection.request("POST", "/api/v1/territory-mentions", body, {"Content-Type": "application/json"})
    response = connection.getresponse()
    payload = response.read()
    round_trip = (time.perf_counter() - started) * 1000
    if response.status != 200:
        sys.exit(f"HTTP {response.status}: {payload[:300]!r}")
    timing = response.getheader("Server-Timing")
    server = float(timing.split("dur=")[1])
    return json.loads(payload)["mentions"], server, round_trip

labelled = []
after_tuning = False
for line in open(path, encoding="utf-8"):
    after_tuning |= line.startswith("# Written after the rules were tuned")
    if line.startswith("#") or not line.strip():
        continue
    text, expected, _ = (part.strip() for part in line.rstrip("\n").split("|"))
    labelled.append((text, set(expected.split()), after_tuning))

def score(lines):
    suggested = correct = expected_total = 0
    for text, expected, _ in lines:
        mentions, _, _ = suggest(text)
        found = {m["territory"] for m in mentions if m["territory"] is not None}
        suggested += len(found)
        correct += len(found & expected)
        expected_total += len(expected)
    return suggested, correct, expected_total, (correct / suggested if suggested else 1.0), (correct / expected_total if expected_total else 1.0)

suggested, correct, expected_total, precision, recall = score(labelled)
held_out = [line for line in labelled if line[2]]
_, _, _, held_precision, held_recall = score(held_out)

rng = random.Random(16)
def article():
    parts, size = [], 0
    while size < article_bytes:
        text = rng.choice(labelled)[0]
        text = text if text.endswith(".") else text + "."
        parts.append(text)
        size += len(text.encode("utf-8")) + 1
    return " ".join(parts)

for _ in range(warmup):
    suggest(article())
server_times, round_trips, sizes = [], [], []
for _ in range(runs):
    text = article()
    sizes.append(len(text.encode("utf-8")))
    _, server, round_trip = suggest(text)
    server_times.append(server)
    round_trips.append(round_trip)

def p(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

print(f"headlines={len(labelled)} expected={expected_total} suggested={suggested} correct={correct}")
print(f"precision={precision:.3f} recall={recall:.3f}")
print(f"after_tuning_lines={len(held_out)} after_tuning_precision={held_precision:.3f} after_tuning_recall={held_recall:.3f}")
print(f"articles={runs} bytes_median={int(statistics.median(sizes))}")
print(f"server_p50={p(server_times, .5):.3f} server_p95={p(server_times, .95):.3f} server_max={max(server_times):.3f}")
print(f"roundtrip_p50={p(round_trips, .5):.3f} roundtrip_p95={p(round_trips, .95):.3f} roundtrip_max={max(round_trips):.3f}")
PY
cat "$tmp/figures.txt" >&2
figure() { grep -o "$1=[^ ]*" "$tmp/figures.txt" | head -1 | cut -d= -f2; }
precision="$(figure precision)"; recall="$(figure recall)"
server_p50="$(figure server_p50)"; server_p95="$(figure server_p95)"; server_max="$(figure server_max)"
rt_p50="$(figure roundtrip_p50)"; rt_p95="$(figure roundtrip_p95)"; rt_max="$(figure roundtrip_max)"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
names_loaded="$(grep -o 'Territory names for mentions loaded: [0-9]* names in [0-9]* ms' "$tmp/app.log" | head -1 || true)"

commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
memory="$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
{
    printf '\n## %s — commune suggestions (issue 16), commit %s\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$commit"
    printf -- '- Machine: %s cores (nproc), %s RAM, %s; .NET SDK %s; load before/after: %s / %s\n' \
        "$(nproc)" "$memory" "$cpu" "$(dotnet --version 2>/dev/null || echo '?')" "$load_before" "$load_after"
    printf -- '- Data: the vendored `data/decoupage-administratif` imported at start on SQLite (Release app on loopback); %s\n' "${names_loaded:-names loaded}"
    printf -- '- Labelled set: %s\n' "$(sed -n 1p "$tmp/figures.txt")"
    printf -- '- **Precision %s, recall %s** (goal precision ≥ 0.9 at recall ≥ 0.8; a suggestion = a (headline, territory) pair, ambiguous mentions suggest nothing); on the %s lines written after the rules were tuned: precision %s, recall %s\n' \
        "$precision" "$recall" "$(figure after_tuning_lines)" "$(figure after_tuning_precision)" "$(figure after_tuning_recall)"
    printf -- '- **Time to suggest for one article** (%s articles of ~%s bytes, warm, after %s unmeasured; Server-Timing, in the app): p50 %s ms, **p95 %s ms**, max %s ms (goal ≤ 5 ms)\n' \
        "$(figure articles)" "$(figure bytes_median)" "$WARMUP" "$server_p50" "$server_p95" "$server_max"
    printf -- '- Round trip seen by the client (HTTP on loopback, JSON both ways): p50 %s ms, p95 %s ms, max %s ms\n' "$rt_p50" "$rt_p95" "$rt_max"
    printf -- '- Note: %s\n' "${NOTE:-none}"
} >>"$results_file"
log "appended to bench/RESULTS.md"
python3 -c "import sys; sys.exit(0 if float('$precision') >= 0.9 and float('$recall') >= 0.8 and float('$server_p95') <= 5 else 1)" \
    || log "WARNING: a goal is not met (precision $precision, recall $recall, p95 $server_p95 ms)"

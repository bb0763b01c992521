#!/usr/bin/env bash
# The agenda under load (issue 15): EVENTS events (5,000 by default, a quarter of them recurring weekly or
# monthly, a tenth in the Loire) created through the API as the campaign team would, on SQLite; then, with
# 16 clients and varied queries (bench/agenda.lua):
#   1. /agenda (list or month, filters)                                    goal p95 ≤ 50 ms;
#   2. /api/v1/events?territory=departement:42&from=…&to=…                 goal p95 ≤ 50 ms;
#   3. /agenda.ics read right after a write (the write evicts it: a new rendering) goal ≤ 500 ms, and
#      /agenda.ics with made-up queries, which must share the cached feed instead of forcing renderings.
# Appends a dated entry to bench/RESULTS.md with the machine. Environment: EVENTS (5000), ICS_ROUNDS (40), DURATION per
# measure (20 s), WARM (15 s of unmeasured load before each), RESTART (1: measure on a server restarted after the events were created), DATABASE (see
# below), SKIP_PUBLISH=1, KEEP_TMP=1, NOTE.
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

EVENTS="${EVENTS:-5000}"
DURATION="${DURATION:-20}"
ICS_ROUNDS="${ICS_ROUNDS:-40}"
# Before each measure, the same load unmeasured for WARM seconds: a started server compiles its hot paths
# again (tiered JIT) and fills its caches in the first seconds.
WARM="${WARM:-15}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$repo_root/bench/out/app"
results_file="$repo_root/bench/RESULTS.md"
log() { printf '[agenda] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

tmp="$(mktemp -d -t contrevue-agenda.XXXXXX)"
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

for tool in wrk curl jq sqlite3; do
    command -v "$tool" >/dev/null 2>&1 || { log "installing $tool"; apt-get install -y -q "$tool" </dev/null >/dev/null; }
done
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing src/Contrevue (Release) to bench/out/app"
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$app_dir" -nologo -v quiet </dev/null >&2
fi
free_port() { local p; while :; do p=$((20000 + RANDOM % 12000)); ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }; done; }

mkdir -p "$tmp/work"
# DATABASE=path: the contrevue.db an earlier run kept (KEEP_TMP=1), its events already created: the run
# skips the creation (ten minutes on 2 cores) and measures at once. The events' days are relative to the
# day they were created: reuse a database of the same day.
if [[ -n "${DATABASE:-}" ]]; then
    [[ -f "$DATABASE" ]] || die "DATABASE=$DATABASE: no such file"
    sqlite3 "$DATABASE" 'pragma wal_checkpoint(truncate)' >/dev/null
    cp "$DATABASE" "$tmp/contrevue.db"
fi
export Database__Provider=Sqlite ConnectionStrings__Default="Data Source=$tmp/contrevue.db"
sql() { sqlite3 "$tmp/contrevue.db" "$1"; }
cli() { (cd "$tmp/work" && dotnet "$app_dir/Contrevue.dll" "$@") </dev/null; }
cli migrate >"$tmp/migrate.log" 2>&1 || { cat "$tmp/migrate.log" >&2; die "migrate failed"; }
admin_email="agenda-$(date +%s)@example.org"
cli admin create --email "$admin_email" --password "$(head -c 18 /dev/urandom | base64 | tr -dc A-Za-z0-9)-Kx9-Quai" >"$tmp/admin.log" 2>&1 \
    || { cat "$tmp/admin.log" >&2; die "admin create failed"; }
TOKEN="$(cli token create --email "$admin_email" --name agenda 2>"$tmp/token.log" | tail -n 1)"
[[ "$TOKEN" == cvt_* ]] || { cat "$tmp/token.log" >&2; die "token create gave no token"; }

port="$(free_port)"; url="http://127.0.0.1:$port"
(cd "$tmp/work" && exec dotnet "$app_dir/Contrevue.dll" --urls "$url") >"$tmp/app.log" 2>&1 </dev/null &
app_pid=$!
for _ in $(seq 600); do curl -fs -o /dev/null "$url/healthz" && break; sleep 0.2; done
curl -fs -o /dev/null "$url/healthz" || die "the app did not start"
[[ "$(sql 'select count(*) from communes')" -gt 30000 ]] || die "no territories: the import did not run"

# One JSON body a line: national events (the admin's token), a random commune (a tenth in the Loire),
# a day in the next 120 days, a quarter recurring.
log "creating $EVENTS events through the API"
sql "select code from communes where departement_code = '42' order by random() limit $((EVENTS / 10 + 1))" >"$tmp/loire.txt"
sql "select code from communes order by random() limit $EVENTS" >"$tmp/communes.txt"
kinds=(information-meeting inter-collective-meeting debate screening postering leafleting rally council-session workshop other)
rules=("FREQ=WEEKLY;BYDAY=WE" "FREQ=MONTHLY;BYDAY=1TU" "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;COUNT=20" "FREQ=MONTHLY;BYMONTHDAY=15")
mapfile -t loire <"$tmp/loire.txt"; mapfile -t communes <"$tmp/communes.txt"
# Reusing a database: only the bodies of the writes the feed's measure makes.
bodies="$EVENTS"; [[ -n "${DATABASE:-}" ]] && bodies="$ICS_ROUNDS"
for i in $(seq 0 $((bodies - 1))); do
    if (( i % 10 == 0 )); then commune="${loire[$(( (i / 10) % ${#loire[@]} ))]}"; else commune="${communes[$i]}"; fi
    day="$(date -u -d "+$(( RANDOM % 120 )) days" +%F)"
    recurrence=""; (( i % 4 == 0 )) && recurrence="${rules[$(( (i / 4) % 4 ))]}"
    jq -cn --arg t "Rendez-vous de banc d'essai $i" --arg k "${kinds[$(( i % 10 ))]}" --arg s "${day}T18:30" --arg e "${day}T20:00" \
        --arg r "$recurrence" --arg c "$commune" \
        '{title: $t, kind: $k, collective: null, start: $s, end: $e, recurrence: (if $r == "" then null else $r end),
          place: {address: "Salle des fêtes", territory: $c}, description: "Ordre du jour : **les suites de la campagne**."}'
done >"$tmp/bodies.jsonl"
split -n l/4 "$tmp/bodies.jsonl" "$tmp/part."
[[ -n "${DATABASE:-}" ]] && { log "reusing $DATABASE: no events created"; for part in "$tmp"/part.*; do : >"$part.codes"; done; }
for part in $([[ -z "${DATABASE:-}" ]] && echo "$tmp"/part.*); do
    (while IFS= read -r body; do
        curl -s -o /dev/null -w '%{http_code}\n' -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
            --data-binary "$body" "$url/api/v1/events"
    done <"$part" >"$part.codes") &
done
writers="$(jobs -p | grep -v "^$app_pid$" || true)"
[[ -n "$writers" ]] && { wait $writers 2>/dev/null || true; }
created="$(sql 'select count(*) from events')"
recurring="$(sql 'select count(*) from events where Recurrence is not null')"
loire_count="$(sql "select count(*) from events where DepartementCode = '42'")"
log "$created events ($recurring recurring, $loire_count in the Loire); answers: $(cat "$tmp"/part.*.codes | sort | uniq -c | tr '\n' ' ')"
(( created >= EVENTS * 9 / 10 )) || die "too few events created"

# Measured on a server started on the data, as after a deployment, rather than on the one that has just
# taken 5,000 writes in a few minutes (its database log and caches still full of them).
if [[ "${RESTART:-1}" == 1 ]]; then
    kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
    sql 'pragma wal_checkpoint(truncate)' >/dev/null
    (cd "$tmp/work" && exec dotnet "$app_dir/Contrevue.dll" --urls "$url") >"$tmp/app.log" 2>&1 </dev/null &
    app_pid=$!
    for _ in $(seq 600); do curl -fs -o /dev/null "$url/healthz" && break; sleep 0.2; done
    curl -fs -o /dev/null "$url/healthz" || die "the app did not start again"
    log "app restarted on the data"
fi

measure() { # name mode
    MODE="$2" wrk -t2 -c16 -d"${WARM}s" -s "$repo_root/bench/agenda.lua" "$url" >/dev/null 2>&1 || true
    MODE="$2" wrk -t2 -c16 -d"${DURATION}s" --timeout 10s -s "$repo_root/bench/agenda.lua" "$url" >"$tmp/wrk-$1.txt" 2>&1
    printf '%s' "$(sed -n 's/^RESULT \([a-z0-9_]*\) \(.*\)/\1=\2/p' "$tmp/wrk-$1.txt" | tr '\n' ' ')"
}
log "/agenda, 16 clients, ${DURATION} s"; page="$(measure page page)"; log "  $page"
log "/api/v1/events?territory=departement:42, 16 clients"; api="$(measure api api)"; log "  $api"
# The feed is cached per path (a query changes nothing), so a rendering happens only after a write evicts
# it: each round writes an event through the API, then times the first reading of the feed.
log "/agenda.ics rendered after each of $ICS_ROUNDS writes"
: >"$tmp/ics-times.txt"
for i in $(seq "$ICS_ROUNDS"); do
    sed -n "${i}p" "$tmp/bodies.jsonl" | sed 's/Rendez-vous de banc d.essai/Rendez-vous ajouté/' \
        | curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary @- "$url/api/v1/events"
    curl -s -o /dev/null -w '%{time_total}\n' "$url/agenda.ics" >>"$tmp/ics-times.txt"
done
ics_rendered="$(sort -n "$tmp/ics-times.txt" | awk '{ t[NR] = $1 * 1000 } END {
    i50 = int(NR * 0.50 + 0.5); i95 = int(NR * 0.95 + 0.5); if (i50 < 1) i50 = 1; if (i95 < 1) i95 = 1
    printf "p50=%.1fms p95=%.1fms max=%.1fms renderings=%d", t[i50], t[i95], t[NR], NR }')"
log "  $ics_rendered"
log "/agenda.ics with made-up queries (?v=random), 16 clients"; ics="$(measure ics ics)"; log "  $ics"
ics_bytes="$(curl -s "$url/agenda.ics" | wc -c)"

{
    printf '\n## %s — the agenda (bench/agenda.sh)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf -- '- Machine: %s cores (%s), %s GiB RAM; load before: %s\n' "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
        "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf -- '- Data: SQLite, %s events (%s recurring, %s in the Loire); commit %s\n' "$created" "$recurring" "$loire_count" "$(git -C "$repo_root" rev-parse --short HEAD)${DATABASE:+; events created through the API by an earlier run of the day, database reused}"
    printf -- '- `/agenda` varied (département, kind, month view), 16 clients, %s s: %s (goal p95 ≤ 50 ms)\n' "$DURATION" "$page"
    printf -- '- `/api/v1/events?territory=departement:42` varied windows, 16 clients: %s (goal p95 ≤ 50 ms)\n' "$api"
    printf -- '- `/agenda.ics` (%s bytes) read right after a write (so rendered anew), one client, %s rounds: %s (goal ≤ 500 ms)\n' "$ics_bytes" "$ICS_ROUNDS" "$ics_rendered"
    printf -- '- `/agenda.ics?v=<random>` (made-up queries share the cached feed), 16 clients: %s\n' "$ics"
    [[ -n "${NOTE:-}" ]] && printf -- '- Note: %s\n' "$NOTE"
} >>"$results_file"
log "entry appended to bench/RESULTS.md"

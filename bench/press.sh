#!/usr/bin/env bash
# Press peak on the observatoire (issue 13): with DOSSIERS generated dossiers (50,000 and 200,000 sources
# by default, `demo generate`), on SQLite, or on PostgreSQL with PROVIDER=Postgres (a throw-away cluster
# with default settings, like bench/observatoire.sh), measures with many clients at once:
#   1. a dossier page, anonymous, 32 clients, against nginx serving the same bytes (bench/run.sh);
#   2. /observatoire?q=<word> with varied words (WORDS: taken from the dossiers' titles, plus words found
#      nowhere), filters, sorts and pages, 16 clients: p50/p95/p99 from wrk's done hook (bench/press.lua);
#   3. /observatoire?sort=<any>&page=N, N up to the last page offered, 16 clients;
#   4. 2 again with a write every second through the API (token): dossier edits, and every 4th second a
#      mairie's answer to the campaign, every 15th a public proposal; and the freshness of each edit:
#      the time until its new title shows on the dossier's page and at the top of /observatoire.
# Appends a dated entry to bench/RESULTS.md with the machine. Environment: PROVIDER (Sqlite), DOSSIERS
# (50000), SOURCES (200000), DURATION per measure (20 s), SQLITE_DB (an existing SQLite file with the
# data: copied, not generated again), PG_PORT (55499), SKIP_PUBLISH=1, NOTE.
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DOSSIERS="${DOSSIERS:-50000}"
SOURCES="${SOURCES:-200000}"
DURATION="${DURATION:-20}"
PROVIDER="${PROVIDER:-Sqlite}"
PG_PORT="${PG_PORT:-55499}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$repo_root/bench/out/app"
results_file="$repo_root/bench/RESULTS.md"
log() { printf '[press] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

tmp="$(mktemp -d -t contrevue-press.XXXXXX)"
app_pid=""; writer_pid=""; pg_data=""; pg_bin=""
run_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    for pid in $writer_pid $app_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if [[ -n "$pg_data" ]]; then
        run_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
        rm -rf "$pg_data"
    fi
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
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || apt-get install -y -q nginx </dev/null >/dev/null
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing src/Contrevue (Release) to bench/out/app"
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$app_dir" -nologo -v quiet </dev/null >&2
fi
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
free_port() { local p; while :; do p=$((20000 + RANDOM % 12000)); ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }; done; }

mkdir -p "$tmp/work"
if [[ "$PROVIDER" == Postgres ]]; then
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [[ -n "$pg_bin" ]] || { apt-get install -y -q postgresql postgresql-contrib </dev/null >/dev/null; pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"; }
    pg_data="$(mktemp -d /tmp/contrevue-press-pg.XXXXXX)"
    [[ $EUID -eq 0 ]] && chown postgres:postgres "$pg_data"
    run_pg "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    run_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $pg_data" start >/dev/null
    "$pg_bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres contrevue_press
    export Database__Provider=Postgres ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=contrevue_press"
    database_label="PostgreSQL $("$pg_bin/postgres" --version | awk '{ print $3 }') (throw-away cluster, default settings)"
    sql() { "$pg_bin/psql" -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U postgres -d contrevue_press -c "$1"; }
else
    export Database__Provider=Sqlite ConnectionStrings__Default="Data Source=$tmp/contrevue.db"
    database_label="SQLite"
    sql() { sqlite3 "$tmp/contrevue.db" "$1"; }
fi
cli() { (cd "$tmp/work" && dotnet "$app_dir/Contrevue.dll" "$@") </dev/null; }
if [[ -n "${SQLITE_DB:-}" && "$PROVIDER" != Postgres ]]; then
    log "copying $SQLITE_DB"
    cp "$SQLITE_DB" "$tmp/contrevue.db"
    cli migrate >"$tmp/migrate.log" 2>&1 || { cat "$tmp/migrate.log" >&2; die "migrate failed"; }
else
    log "generating $DOSSIERS dossiers and $SOURCES sources"
    cli demo generate --dossiers "$DOSSIERS" --sources "$SOURCES" --commune 42218 --commune-dossiers 20 >"$tmp/generate.log" 2>&1 \
        || { cat "$tmp/generate.log" >&2; die "demo generate failed"; }
fi
dossiers="$(sql 'select count(*) from dossiers')"
sources="$(sql 'select count(*) from sources')"
cli admin create --email press@example.org --password "$(head -c 18 /dev/urandom | base64 | tr -dc A-Za-z0-9)-Kx9-Quai" >"$tmp/admin.log" 2>&1 \
    || { cat "$tmp/admin.log" >&2; die "admin create failed"; }
TOKEN="$(cli token create --email press@example.org --name press 2>"$tmp/token.log" | tail -n 1)"
[[ "$TOKEN" == cvt_* ]] || { cat "$tmp/token.log" >&2; die "token create gave no token"; }

# Search words: those of 400 random titles (communes, kinds of devices), and 40 found nowhere.
sql 'select "Title" from dossiers order by random() limit 400' \
    | LC_ALL=C.UTF-8 grep -oE '[[:alpha:]]{4,}' | sort -u >"$tmp/words.txt"
for i in $(seq 40); do echo "introuvable$i"; done >>"$tmp/words.txt"
export WORDS="$tmp/words.txt"
log "$(wc -l <"$tmp/words.txt") search words"

# 1. The dossier page against nginx, with bench/run.sh on this database (it starts its own app).
dossier_id="$(sql 'select "Id" from dossiers where not "IsHidden" order by "Id" limit 1 offset 100')"
dossier_slug="$(sql "select \"Slug\" from dossiers where \"Id\" = $dossier_id")"
dossier_path="/observatoire/dossiers/$dossier_id-$dossier_slug"
log "dossier page $dossier_path against nginx, 32 clients"
SKIP_PUBLISH=1 PAGE_PATH="$dossier_path" PAGE_LABEL="dossier page ($dossiers dossiers), anonymous" CONNECTIONS=32 \
    DURATION="$DURATION" WARMUP=5 RESULTS_FILE="$tmp/run-entry.md" SUMMARY_FILE="$tmp/run-summary.txt" \
    "$repo_root/bench/run.sh" >&2
ratio="$(sed -n 's/^ratio=//p' "$tmp/run-summary.txt")"
app_rps="$(sed -n 's/^app_rps=//p' "$tmp/run-summary.txt")"
nginx_rps="$(sed -n 's/^nginx_rps=//p' "$tmp/run-summary.txt")"

# 2–4 on one app.
port="$(free_port)"; url="http://127.0.0.1:$port"
(cd "$tmp/work" && exec dotnet "$app_dir/Contrevue.dll" --urls "$url") >"$tmp/app.log" 2>&1 </dev/null &
app_pid=$!
for _ in $(seq 600); do curl -fs -o /dev/null "$url/healthz" && break; sleep 0.2; done
curl -fs -o /dev/null "$url/healthz" || die "the app did not start"

measure() { # name mode
    MODE="$2" wrk -t2 -c16 -d5s -s "$repo_root/bench/press.lua" "$url" >/dev/null 2>&1 || true
    MODE="$2" wrk -t2 -c16 -d"${DURATION}s" --timeout 10s -s "$repo_root/bench/press.lua" "$url" >"$tmp/wrk-$1.txt" 2>&1
    printf '%s' "$(sed -n 's/^RESULT \([a-z0-9_]*\) \(.*\)/\1=\2/p' "$tmp/wrk-$1.txt" | tr '\n' ' ')"
}
log "search, 16 clients, ${DURATION} s"
search="$(measure search search)"
log "  $search"
log "pages up to the last, 16 clients"
pages="$(measure pages pages)"
log "  $pages"

# A public proposal is a dossier document without ids nor files (as bench/cluster.sh sends them).
proposal_template="$(curl -fs "$url/api/v1/dossiers/$(sql 'select min("Id") from dossiers where not "IsHidden"')" \
    | jq -c 'del(.id, .slug, .updatedAt, .flags, .hidden)
        | .sources = [(.sources // [])[] | select(.url != null) | del(.id, .sha256, .snapshotSha256)][0:1]')"
[[ "$proposal_template" == \{* ]] || die "could not fetch a dossier to base the public proposals on"

# One write a second: a dossier edit (its freshness measured) most seconds, a mairie's answer to the
# campaign (published at once: the token is an administrator's) every 4th, a public proposal every 15th
# (public writes are limited to 5 a minute per client without proof of work).
writer() {
    local n=0 id marker code t0 seen_page seen_list commune
    while :; do
        n=$((n + 1))
        marker="presse-$n-$RANDOM"
        t0="$(now_ms)"
        if (( n % 15 == 0 )); then
            code="$(jq -c --arg m "$marker" '{dossier: (. + {title: ("[Fictif] " + $m)}), contributorEmail: "presse@example.org", note: $m}' <<<"$proposal_template" \
                | curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @- "$url/api/v1/dossier-proposals")"
            echo "proposal $code" >>"$tmp/other-writes.log"
        elif (( n % 4 == 0 )); then
            commune="$(sql 'select "CommuneCode" from dossiers where "CommuneCode" is not null order by random() limit 1')"
            code="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
                --data "{\"territory\":\"$commune\",\"respondedOn\":\"$(date -u +%F)\",\"kind\":\"committed\",\"quote\":\"$marker\",\"reportedBy\":\"Banc d'essai presse\"}" \
                "$url/api/v1/campaigns/pas-de-vsa-dans-ma-ville/responses")"
            echo "answer $code" >>"$tmp/other-writes.log"
        else
            id="$(sql 'select "Id" from dossiers where not "IsHidden" order by random() limit 1')"
            curl -s -H "Authorization: Bearer $TOKEN" "$url/api/v1/dossiers/$id" -o "$tmp/doc.json"
            jq -c --arg m "$marker" '.title = ("[Fictif] " + $m)' "$tmp/doc.json" >"$tmp/put.json" || { sleep 1; continue; }
            code="$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
                --data-binary @"$tmp/put.json" "$url/api/v1/dossiers/$id?reason=presse")"
            if [[ "$code" == 2* ]]; then
                local acked; acked="$(now_ms)"; seen_page=""; seen_list=""
                for _ in $(seq 100); do
                    [[ -z "$seen_page" ]] && curl -s "$url/observatoire/dossiers/$id" -L | grep -q "$marker" && seen_page="$(( $(now_ms) - acked ))"
                    [[ -z "$seen_list" ]] && curl -s "$url/observatoire" | grep -q "$marker" && seen_list="$(( $(now_ms) - acked ))"
                    [[ -n "$seen_page" && -n "$seen_list" ]] && break
                    sleep 0.05
                done
                echo "fresh ${seen_page:-never} ${seen_list:-never}" >>"$tmp/freshness.log"
            else
                echo "edit $code" >>"$tmp/other-writes.log"
            fi
        fi
        sleep "$(awk -v t="$(( $(now_ms) - t0 ))" 'BEGIN { s = (1000 - t) / 1000; print (s > 0 ? s : 0) }')"
    done
}
writer </dev/null >"$tmp/writer.log" 2>&1 &
writer_pid=$!
log "search with a write every second"
search_writes="$(measure search-writes search)"
kill "$writer_pid" 2>/dev/null || true; wait "$writer_pid" 2>/dev/null || true; writer_pid=""
log "  $search_writes"
writes="$(wc -l <"$tmp/freshness.log" 2>/dev/null || echo 0)"
fresh_max="$(awk '{ for (i = 2; i <= 3; i++) { if ($i == "never") n++; else if ($i > m) m = $i } } END { printf "%s ms max%s", m + 0, (n ? ", " n " never seen" : "") }' "$tmp/freshness.log" 2>/dev/null)"
other_writes="$(sort "$tmp/other-writes.log" 2>/dev/null | uniq -c | awk '{ printf "%s%s %s×%s", (NR > 1 ? ", " : ""), $2, $3, $1 }')"
log "freshness: $writes edits, $fresh_max; other writes: ${other_writes:-none}"

{
    printf '\n## %s — press peak on the observatoire (bench/press.sh)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf -- '- Machine: %s cores (%s), %s GiB RAM; load before: %s\n' "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
        "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf -- '- Data: %s, %s dossiers, %s sources; commit %s\n' "$database_label" "$dossiers" "$sources" "$(git -C "$repo_root" rev-parse --short HEAD)"
    printf -- '- Dossier page, anonymous, 32 clients (wrk -t2 -c32 -d%ss, best of 2 alternated rounds): app %s req/s, nginx same bytes %s req/s, **ratio %s** (goal ≥ 0.5)\n' "$DURATION" "$app_rps" "$nginx_rps" "$ratio"
    printf -- '- `/observatoire?q=…` varied (%s words, filters, sorts, pages 1–3), 16 clients, %s s: %s (goal p95 ≤ 50 ms)\n' "$(wc -l <"$WORDS")" "$DURATION" "$search"
    printf -- '- `/observatoire?sort=…&page=N`, N up to the last page offered, 16 clients: %s\n' "$pages"
    printf -- '- Search again with a write every second (API: dossier edits; a campaign answer every 4th, a public proposal every 15th): %s; freshness of %s edits (dossier page, list): %s; other writes (status×count): %s\n' "$search_writes" "$writes" "$fresh_max" "${other_writes:-none}"
    [[ -n "${NOTE:-}" ]] && printf -- '- Note: %s\n' "$NOTE"
} >>"$results_file"
log "entry appended to bench/RESULTS.md"

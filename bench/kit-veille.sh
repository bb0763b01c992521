#!/usr/bin/env bash
# The campaign kit under load (issue 16), on the observatoire's volumes (`demo generate`, DOSSIERS and SOURCES):
# API_RESOURCES resources created through the API as the campaign team would (a real PDF each, its preview
# rendered by pdftoppm under its limits, and a PNG), then KIT_RESOURCES published resources in all, the others
# written straight into the database as copies of those (same stored files), with varied kinds, languages,
# formats and dates. Then, with 32 clients (wrk -t2 -c32) and varied queries (bench/kit-veille.lua):
#   1. a resource page, anonymous, against nginx serving the same bytes in the same run (bench/run.sh);
#   2. /kit with varied filters (type, langue, format) and made-up parameters;
#   3. resource pages, a random one of the KIT_RESOURCES each request;
#   4. /api/v1/kit with the same filters, and /api/v1/kit/{id}.
# p50/p95/p99 come from wrk's done hook. Appends a dated entry to bench/RESULTS.md with the machine.
# The news watch (/veille) is not measured here: `demo generate` makes no articles (the Veille's part is
# to be added by its authors).
# Environment: DOSSIERS (50000), SOURCES (200000), KIT_RESOURCES (1000), API_RESOURCES (12: the API allows 30
# uploads per account in 10 minutes), DURATION per measure (20 s), WARM (5 s unmeasured before each),
# ROUNDS (1: rounds of bench/run.sh), SKIP_PUBLISH=1, KEEP_TMP=1, NOTE (e.g. "shared machine").
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

DOSSIERS="${DOSSIERS:-50000}"
SOURCES="${SOURCES:-200000}"
KIT_RESOURCES="${KIT_RESOURCES:-1000}"
API_RESOURCES="${API_RESOURCES:-12}"
DURATION="${DURATION:-20}"
WARM="${WARM:-5}"
ROUNDS="${ROUNDS:-1}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$repo_root/bench/out/app"
results_file="$repo_root/bench/RESULTS.md"
log() { printf '[kit] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

tmp="$(mktemp -d -t contrevue-kit.XXXXXX)"
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

for tool in wrk curl jq sqlite3 python3; do
    command -v "$tool" >/dev/null 2>&1 || { log "installing $tool"; apt-get install -y -q "$tool" </dev/null >/dev/null; }
done
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || apt-get install -y -q nginx </dev/null >/dev/null
[[ -x /usr/bin/pdftoppm ]] || apt-get install -y -q poppler-utils </dev/null >/dev/null
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing src/Contrevue (Release) to bench/out/app"
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$app_dir" -nologo -v quiet </dev/null >&2
fi
free_port() { local p; while :; do p=$((20000 + RANDOM % 12000)); ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }; done; }

mkdir -p "$tmp/work" "$tmp/files"
export Database__Provider=Sqlite ConnectionStrings__Default="Data Source=$tmp/contrevue.db"
sql() { sqlite3 "$tmp/contrevue.db" "$1"; }
cli() { (cd "$tmp/work" && dotnet "$app_dir/Contrevue.dll" "$@") </dev/null; }
log "generating $DOSSIERS dossiers and $SOURCES sources"
generate_start="$(date +%s)"
cli demo generate --dossiers "$DOSSIERS" --sources "$SOURCES" --commune 42218 --commune-dossiers 20 >"$tmp/generate.log" 2>&1 \
    || { cat "$tmp/generate.log" >&2; die "demo generate failed"; }
generate_seconds=$(( $(date +%s) - generate_start ))
cli admin create --email kit@example.org --password "$(head -c 18 /dev/urandom | base64 | tr -dc A-Za-z0-9)-Kx9-Quai" >"$tmp/admin.log" 2>&1 \
    || { cat "$tmp/admin.log" >&2; die "admin create failed"; }
TOKEN="$(cli token create --email kit@example.org --name kit 2>"$tmp/token.log" | tail -n 1)"
[[ "$TOKEN" == cvt_* ]] || { cat "$tmp/token.log" >&2; die "token create gave no token"; }

start_app() {
    (cd "$tmp/work" && exec dotnet "$app_dir/Contrevue.dll" --urls "$url") >"$tmp/app.log" 2>&1 </dev/null &
    app_pid=$!
    for _ in $(seq 600); do curl -fs -o /dev/null "$url/healthz" && break; sleep 0.2; done
    curl -fs -o /dev/null "$url/healthz" || die "the app did not start"
}
port="$(free_port)"; url="http://127.0.0.1:$port"
start_app

# Files as a designer's tools would give them: a one-page A4 PDF (a coloured band and a line of text) and a PNG.
python3 - "$tmp/files" "$API_RESOURCES" <<'PY'
import struct, sys, zlib, pathlib
folder, count = pathlib.Path(sys.argv[1]), int(sys.argv[2])
def pdf(r, g, b, text):
    content = f"{r} {g} {b} rg 0 421 595 421 re f BT /F1 28 Tf 40 300 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out)); out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
def png(w, h, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
for i in range(count):
    (folder / f"ressource-{i}.pdf").write_bytes(pdf(round((i * 37 % 100) / 100, 2), 0.2, round((i * 53 % 100) / 100, 2), f"Pas de VSA {i}"))
    (folder / f"visuel-{i}.png").write_bytes(png(800, 1131, ((i * 40) % 256, 200, (i * 90) % 256)))
PY

log "creating $API_RESOURCES resources through the API (PDF with its pdftoppm preview, and a PNG)"
kinds=(brochure poster leaflet sticker visual letter-template legal-guide slides video other)
languages=(fr fr fr fr en es de it ar br oc eu ca co)
formats=(A3 A4 A5 A6 A2 A1)
api_ids=()
for i in $(seq 0 $((API_RESOURCES - 1))); do
    body="$(jq -cn --arg t "Ressource du kit $i" --arg k "${kinds[$((i % 10))]}" --arg l "${languages[$((i % 14))]}" --arg f "${formats[$((i % 6))]}" \
        '{kind: $k, title: $t, description: "Une ressource **de la campagne**, à imprimer et partager.", language: $l, formats: [$f, "A4"], tags: ["vsa", "banc"]}')"
    id="$(curl -fs -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary "$body" "$url/api/v1/kit" | jq -r .id)"
    [[ "$id" =~ ^[0-9]+$ ]] || die "resource $i not created"
    code="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" -F "changelog=Première édition" \
        -F "files=@$tmp/files/ressource-$i.pdf" -F "files=@$tmp/files/visuel-$i.png" "$url/api/v1/kit/$id/versions")"
    [[ "$code" == 201 ]] || die "version of resource $id: HTTP $code"
    api_ids+=("$id")
done
previews="$(sql "select count(*) from kit_files where MediaType = 'application/pdf' and PreviewSha256 is not null")"
log "$previews PDF previews rendered"

# The other resources: copies of those, with their own kinds, languages, formats and dates, written in one transaction.
kit_stop() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }
kit_stop
copies=$(( KIT_RESOURCES - API_RESOURCES ))
if (( copies > 0 )); then
    log "copying them into $copies more published resources"
    {
        echo "BEGIN;"
        for i in $(seq 1 "$copies"); do
            template="${api_ids[$((i % API_RESOURCES))]}"
            at="strftime('%Y-%m-%d %H:%M:%S', 'now', '-$((i * 7)) minutes')"
            echo "INSERT INTO kit_resources (Kind, Title, Description, Language, Licence, CollectiveId, Formats, Tags, Status, ProposedByUserId, CreatedAt, PublishedAt, UpdatedAt)
                  VALUES ('${kinds[$((i % 10))]}', 'Ressource copiée $i', 'Une ressource **de la campagne**, copie $i.', '${languages[$((i % 14))]}', 'cc-by-sa-4.0', NULL,
                          ',${formats[$((i % 6))]},', ',vsa,banc,', 1, NULL, $at, $at, $at);"
            echo "INSERT INTO kit_versions (ResourceId, Number, Changelog, CreatedAt) VALUES (last_insert_rowid(), 1, 'Première édition', $at);"
            echo "INSERT INTO kit_files (VersionId, Position, Sha256, MediaType, Extension, Bytes, PreviewSha256, Downloads)
                  SELECT last_insert_rowid(), f.Position, f.Sha256, f.MediaType, f.Extension, f.Bytes, f.PreviewSha256, $((i * 13 % 500))
                  FROM kit_files f JOIN kit_versions v ON v.Id = f.VersionId WHERE v.ResourceId = $template;"
        done
        echo "COMMIT;"
    } >"$tmp/copies.sql"
    sqlite3 "$tmp/contrevue.db" <"$tmp/copies.sql"
fi
sql 'pragma wal_checkpoint(truncate)' >/dev/null
published="$(sql 'select count(*) from kit_resources where Status = 1')"
files="$(sql 'select count(*) from kit_files')"
dossiers="$(sql 'select count(*) from dossiers')"
log "$published published resources, $files files; $dossiers dossiers"

# 1. A resource page (an API-made one: two files, a rendered preview) against nginx, with bench/run.sh on this database.
start_app
page_path="$(curl -fs "$url/api/v1/kit/${api_ids[0]}" | jq -r .url | sed -E 's#^https?://[^/]+##')"
[[ "$page_path" == /kit/* ]] || die "no page path for resource ${api_ids[0]}"
# Every listed resource's page (the API lists 300 at most per query: one query per kind).
for kind in "${kinds[@]}"; do curl -fs "$url/api/v1/kit?kind=$kind" | jq -r '.items[].url'; done | sed -E 's#^https?://[^/]+##' | sort -u >"$tmp/paths.txt"
export PATHS="$tmp/paths.txt"
log "$(wc -l <"$PATHS") resource pages to vary over"
kit_stop
log "resource page $page_path against nginx, 32 clients"
SKIP_PUBLISH=1 PAGE_PATH="$page_path" PAGE_LABEL="kit resource page ($published resources), anonymous" CONNECTIONS=32 ROUNDS="$ROUNDS" \
    DURATION="$DURATION" WARMUP="$WARM" RESULTS_FILE="$tmp/run-entry.md" SUMMARY_FILE="$tmp/run-summary.txt" \
    "$repo_root/bench/run.sh" >&2
ratio="$(sed -n 's/^ratio=//p' "$tmp/run-summary.txt")"
app_rps="$(sed -n 's/^app_rps=//p' "$tmp/run-summary.txt")"
nginx_rps="$(sed -n 's/^nginx_rps=//p' "$tmp/run-summary.txt")"
app_p99="$(sed -n 's/^app_p99=//p' "$tmp/run-summary.txt")"
nginx_p99="$(sed -n 's/^nginx_p99=//p' "$tmp/run-summary.txt")"
page_bytes="$(sed -n 's/^page_bytes=//p' "$tmp/run-summary.txt")"

# 2–4 on one app, started on the data.
start_app
measure() { # name mode
    MODE="$2" wrk -t2 -c32 -d"${WARM}s" -s "$repo_root/bench/kit-veille.lua" "$url" >/dev/null 2>&1 || true
    MODE="$2" wrk -t2 -c32 -d"${DURATION}s" --timeout 10s -s "$repo_root/bench/kit-veille.lua" "$url" >"$tmp/wrk-$1.txt" 2>&1
    printf '%s' "$(sed -n 's/^RESULT \([a-z0-9_]*\) \(.*\)/\1=\2/p' "$tmp/wrk-$1.txt" | tr '\n' ' ')"
}
log "/kit with varied filters, 32 clients, ${DURATION} s"; list="$(measure list list)"; log "  $list"
list_bytes="$(curl -s "$url/kit" | wc -c)"
log "resource pages, 32 clients"; pages="$(measure pages pages)"; log "  $pages"
log "/api/v1/kit varied, 32 clients"; api="$(measure api api)"; log "  $api"
rss_mb="$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$app_pid/status" 2>/dev/null || echo '?')"

{
    printf '\n## %s — the campaign kit (bench/kit-veille.sh)\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf -- '- Machine: %s cores (%s), %s GiB RAM; load before: %s; .NET %s, %s, nginx %s\n' "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
        "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
        "$(dotnet --version 2>/dev/null || echo '?')" "$(wrk -v 2>&1 | head -n 1 | awk '{ print $1, $2 }')" "$( (nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1) | sed 's#.*/##')"
    printf -- '- Data: SQLite, `demo generate --dossiers %s --sources %s` (%s s, whole CLI run), %s dossiers; %s published kit resources (%s through the API with a PDF previewed by pdftoppm and a PNG, the others copies written in SQL), %s files; commit %s\n' \
        "$DOSSIERS" "$SOURCES" "$generate_seconds" "$dossiers" "$published" "$API_RESOURCES" "$files" "$(git -C "$repo_root" rev-parse --short HEAD)"
    printf -- '- Resource page `%s` (%s bytes), anonymous, 32 clients (wrk -t2 -c32 -d%ss, %s round(s) each): app %s req/s (p99 %s), nginx same bytes %s req/s (p99 %s), **ratio %s** (goal ≥ 0.5)\n' \
        "$page_path" "$page_bytes" "$DURATION" "$ROUNDS" "$app_rps" "$app_p99" "$nginx_rps" "$nginx_p99" "$ratio"
    printf -- '- `/kit` varied (type, langue, format; made-up `v=`), %s bytes unfiltered, 32 clients, %s s after %s s unmeasured: %s\n' "$list_bytes" "$DURATION" "$WARM" "$list"
    printf -- '- Resource pages, one of %s at random each request, 32 clients, %s s: %s\n' "$(wc -l <"$PATHS")" "$DURATION" "$pages"
    printf -- '- `/api/v1/kit` varied (kind, language, format) and `/api/v1/kit/{id}` one request in four, 32 clients, %s s: %s\n' "$DURATION" "$api"
    printf -- '- App RSS after the measures: %s MB\n' "$rss_mb"
    [[ -n "${NOTE:-}" ]] && printf -- '- Note: %s\n' "$NOTE"
    true
} >>"$results_file"
log "entry appended to bench/RESULTS.md"

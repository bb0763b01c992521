#!/usr/bin/env bash
# Behaviour check for refactorings: serves the same pages and API answers from two builds of the app
# (a base commit and the working tree) on copies of ONE database filled once by `demo generate`, and
# diffs the bodies. Per-request values (antiforgery tokens, nonces) are normalised first.
#
#   bench/compare-pages.sh BASE_COMMIT [OUT_DIR]
#
# Prints the diff of every URL whose body differs and exits 1 if any does. URLs are listed below.
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
base="${1:?usage: bench/compare-pages.sh BASE_COMMIT [OUT_DIR]}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${2:-$(mktemp -d /tmp/compare-pages.XXXXXX)}"
mkdir -p "$out"
log() { printf '[compare] %s\n' "$*" >&2; }

urls=(
  /communes/42218-saint-etienne
  /communes/75056-paris
  /communes/75101-paris-1er-arrondissement
  /departements/42-loire
  /regions/84-auvergne-rhone-alpes
  /epci/244200770-saint-etienne-metropole
  /
  /observatoire
  /observatoire/dossiers/1
  /observatoire/dossiers/2
  /api/v1/dossiers.csv
  "/api/v1/dossiers?limit=50"
  /api/v1/dossiers/1
  /api/v1/communes/42218
  /campagnes/pas-de-vsa-dans-ma-ville
  /campagnes/pas-de-vsa-dans-ma-ville/tableau
)

publish() { # commit-or-WORKTREE dir
  local what="$1" dir="$2"
  if [[ -x "$dir/app/Contrevue" || -f "$dir/app/Contrevue.dll" ]]; then return; fi
  if [[ "$what" == WORKTREE ]]; then
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$dir/app" -nologo -v quiet </dev/null >&2
  else
    rm -rf "$dir/src"
    git -C "$repo_root" worktree add --detach "$dir/src" "$what" >/dev/null 2>&1
    dotnet publish "$dir/src/src/Contrevue" -c Release -o "$dir/app" -nologo -v quiet </dev/null >&2
    git -C "$repo_root" worktree remove --force "$dir/src"
  fi
}

log "publishing $base and the working tree"
publish "$base" "$out/base"
publish WORKTREE "$out/head"

if [[ ! -f "$out/demo.db" ]]; then
  log "filling one database with the base build (territories + demo generate)"
  mkdir -p "$out/fill"
  (cd "$out/fill" && Database__Provider=Sqlite ConnectionStrings__Default="Data Source=$out/demo.db" \
     dotnet "$out/base/app/Contrevue.dll" demo generate --dossiers 2000 --commune 42218 --commune-dossiers 12 </dev/null >"$out/fill.log" 2>&1)
fi

status=0
port=58301  # the same for both builds: absolute links carry it
for side in base head; do
  cp "$out/demo.db" "$out/$side.db"
  mkdir -p "$out/$side/pages" "$out/$side/work"
  (cd "$out/$side/work" && Database__Provider=Sqlite ConnectionStrings__Default="Data Source=$out/$side.db" \
     exec dotnet "$out/$side/app/Contrevue.dll" --urls "http://127.0.0.1:$port") >"$out/$side/app.log" 2>&1 </dev/null &
  pid=$!
  for _ in $(seq 120); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
  i=0
  for url in "${urls[@]}"; do
    i=$((i + 1))
    curl -sSL -H 'Accept-Language: fr' -o "$out/$side/pages/$i.raw" -w '%{http_code} %{content_type}\n' "http://127.0.0.1:$port$url" >"$out/$side/pages/$i.status"
    sed -E 's/(name="__RequestVerificationToken" type="hidden" value=")[^"]*/\1TOKEN/g; s/(nonce=")[^"]*/\1NONCE/g; s/("traceId":")[^"]*/\1TRACE/g' "$out/$side/pages/$i.raw" >"$out/$side/pages/$i.body"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done

i=0
for url in "${urls[@]}"; do
  i=$((i + 1))
  if cmp -s "$out/base/pages/$i.body" "$out/head/pages/$i.body" && cmp -s "$out/base/pages/$i.status" "$out/head/pages/$i.status"; then
    printf 'same      %s  (%s, %s bytes)\n' "$url" "$(cat "$out/head/pages/$i.status")" "$(wc -c <"$out/head/pages/$i.body")"
  else
    printf 'DIFFERENT %s\n' "$url"
    diff "$out/base/pages/$i.status" "$out/head/pages/$i.status" || true
    diff "$out/base/pages/$i.body" "$out/head/pages/$i.body" | head -40 || true
    status=1
  fi
done
log "bodies kept in $out"
exit $status

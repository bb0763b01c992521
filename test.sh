#!/usr/bin/env bash
# Runs Contrevue's whole test suite: unit and integration tests on SQLite and on a real PostgreSQL
# server, and browser tests in Debian's Chromium. Installs what is missing (Debian packages
# postgresql, chromium and python3-aiosmtpd, npm packages of the browser tests), starts a throw-away PostgreSQL
# cluster on loopback for the run, and stops it at the end. Non-interactive; safe to run as root.
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"

log() { printf '\n==> %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    echo "Il faut être root (ou sudo) pour installer : $*" >&2; exit 1; fi
}

postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -n "$(postgres_bin)" ] || missing+=(postgresql postgresql-contrib)
command -v npm >/dev/null || missing+=(npm)
# The mail tests' loopback SMTP server runs on Debian's python3 with aiosmtpd.
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
# The campaign letter tests read the PDFs back with pdftotext, pdfinfo and pdffonts.
[ -x /usr/bin/pdftotext ] || missing+=(poppler-utils)
# The kit renders PDF previews with pdftoppm (poppler-utils) under prlimit's memory and processor limits (util-linux).
[ -x /usr/bin/prlimit ] || missing+=(util-linux)
# The DOCX letter is converted to PDF by LibreOffice, to check that it opens outside Word.
[ -x /usr/bin/soffice ] || missing+=(libreoffice-writer-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installation des paquets Debian manquants : ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A private PostgreSQL cluster: trust authentication on loopback only, data in a temp folder that
# the postgres user can reach wherever the repository is (root's home is closed to it).
pg_bin="$(postgres_bin)"
pg_data="$(mktemp -d /tmp/contrevue-test-pg.XXXXXX)"
pg_port="${CONTREVUE_TEST_PG_PORT:-55432}"
run_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop_postgres() {
  if [ -f "$pg_data/postmaster.pid" ]; then run_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$pg_data"
}
trap stop_postgres EXIT

log "Démarrage de PostgreSQL ($("$pg_bin/postgres" --version)) sur 127.0.0.1:$pg_port"
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$pg_data"; fi
run_pg "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export CONTREVUE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Include Error Detail=true"
export CONTREVUE_TEST_PROVIDERS="Sqlite,Postgres"

if [ -f tests/Contrevue.BrowserTests/package-lock.json ]; then
  log "Paquets npm des tests navigateur (axe-core, ical.js)"
  npm ci --prefix tests/Contrevue.BrowserTests --no-audit --no-fund --loglevel=error
fi

log "Compilation"
dotnet tool restore >/dev/null
dotnet build Contrevue.slnx --nologo -v quiet -clp:ErrorsOnly

log "Migrations : le modèle n'a pas de changement sans migration (SQLite et PostgreSQL)"
tools/check-migrations.sh

log "Démarrage réel de l'application (SQLite neuve, comme la commande de lancement du README)"
smoke_dir="$(mktemp -d)"
smoke_port="${CONTREVUE_SMOKE_PORT:-58080}"
( cd "$smoke_dir" && exec dotnet "$root/src/Contrevue/bin/Debug/net10.0/Contrevue.dll" --urls "http://127.0.0.1:$smoke_port" >"$smoke_dir/app.log" 2>&1 ) &
smoke_pid=$!
smoke_ok=""
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$smoke_port/healthz" >/dev/null 2>&1; then smoke_ok=1; break; fi
  sleep 0.5
done
check() { if ! "$@"; then echo "Échec : $*" >&2; cat "$smoke_dir/app.log" >&2; kill "$smoke_pid" 2>/dev/null; exit 1; fi; }
check test -n "$smoke_ok"
check sh -c "curl -fsS http://127.0.0.1:$smoke_port/communes/42218-saint-etienne | grep -q 'Saint-Étienne'"
# Assets must come whole, compressed or not, when the app runs from its build folder.
check sh -c "curl -fsS -H 'Accept-Encoding: gzip' http://127.0.0.1:$smoke_port/css/site.css | gzip -dc | grep -q -- '--accent'"
check sh -c "curl -fsS http://127.0.0.1:$smoke_port/js/suggest.js | grep -q combobox"
grep -a "Territory import" "$smoke_dir/app.log" || true
kill "$smoke_pid" 2>/dev/null || true
wait "$smoke_pid" 2>/dev/null || true
rm -rf "$smoke_dir"

log "Tests (SQLite, PostgreSQL, Chromium)"
# Three runs at once, each writing its own log (printed whole when it ends): the browser tests, and the
# unit and integration tests cut in two halves of similar length. Each test owns its databases, ports and
# files, so the runs do not meet; two cores stay busy where one sequential run left one waiting on I/O.
unit_half_one="FullyQualifiedName~Contrevue.Tests.Hardening|FullyQualifiedName~Contrevue.Tests.Infrastructure|FullyQualifiedName~Contrevue.Tests.Architecture|FullyQualifiedName~Contrevue.Tests.Features.Campaigns"
unit_half_two="FullyQualifiedName!~Contrevue.Tests.Hardening&FullyQualifiedName!~Contrevue.Tests.Infrastructure&FullyQualifiedName!~Contrevue.Tests.Architecture&FullyQualifiedName!~Contrevue.Tests.Features.Campaigns"
test_logs="$(mktemp -d)"
run_tests() {
  local name="$1"; shift
  if dotnet test "$@" --no-build --nologo --logger "console;verbosity=normal" -- RunConfiguration.DisableAppDomain=true \
      >"$test_logs/$name.log" 2>&1; then
    echo "ok" >"$test_logs/$name.status"
  else
    echo "échec" >"$test_logs/$name.status"
  fi
  printf '\n==> Tests : %s (%s)\n' "$name" "$(cat "$test_logs/$name.status")"
  cat "$test_logs/$name.log"
}
run_tests "navigateur (Chromium)" tests/Contrevue.BrowserTests &
browser_pid=$!
run_tests "unitaires et intégration, 1re moitié" tests/Contrevue.Tests --filter "$unit_half_one" &
first_pid=$!
run_tests "unitaires et intégration, 2e moitié" tests/Contrevue.Tests --filter "$unit_half_two" &
second_pid=$!
wait "$browser_pid" "$first_pid" "$second_pid"
failed="$(grep -l "échec" "$test_logs"/*.status || true)"
rm -rf "$test_logs"
if [ -n "$failed" ]; then
  echo "Des tests ont échoué (voir ci-dessus)." >&2
  exit 1
fi

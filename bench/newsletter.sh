#!/usr/bin/env bash
# Newsletter delivery benchmark (issue 17): SUBSCRIBERS (10,000) generated confirmed subscribers, one
# mailing, an SMTP server on loopback (aiosmtpd, bench/newsletter_smtp.py), two app instances on one
# PostgreSQL sending together. See bench/README.md.
#
#  1. publishes the app (Release) to bench/out/app; starts its own PostgreSQL in /tmp on a free port;
#     `migrate` (app CLI); inserts the subscribers with SQL (each on the national list);
#  2. starts the SMTP server (one line per accepted message: time, recipient, Message-ID, written before
#     the 250) and two instances (Mail:* pointing at it, Newsletter:PollSeconds=1, Mail:LeaseSeconds=LEASE);
#  3. run 1, with faults: the shared rate set to RATE (200/s) in the database; a mailing scheduled for now
#     with one delivery per subscriber (as the Mailings piece's scheduling writes them); KILL_AT (15) s
#     after the first message, instance 0 gets SIGKILL and is started again KILL_DOWN (5) s later; at
#     SMTP_RESTART_AT (30) s the SMTP server is stopped and started again SMTP_DOWN (2) s later; waits
#     until the mailing is completed;
#  4. run 2, without faults: the rate set to HIGH_RATE (1000/s, the highest the API accepts, above what
#     this machine sends), a second mailing to the same subscribers: the throughput ceiling;
#  5. for each run, from the SMTP server's log: every subscriber received exactly once, except copies
#     carrying the same Message-ID (counted and shown); missing; messages/s (both instances together);
#     configured vs achieved rate (overall, before the first fault, busiest 1-s window); appends a dated
#     entry to bench/RESULTS.md.
#
# Environment: SUBSCRIBERS, RATE, HIGH_RATE, LEASE (20 s), KILL_AT, KILL_DOWN, SMTP_RESTART_AT, SMTP_DOWN,
# TIMEOUT (900 s per run), LABEL, NOTE, SKIP_PUBLISH=1, KEEP_TMP=1, NO_RESULTS=1 (do not write RESULTS.md).
set -euo pipefail

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

SUBSCRIBERS="${SUBSCRIBERS:-10000}"
RATE="${RATE:-200}"
HIGH_RATE="${HIGH_RATE:-1000}"
LEASE="${LEASE:-20}"
KILL_AT="${KILL_AT:-15}"
KILL_DOWN="${KILL_DOWN:-5}"
SMTP_RESTART_AT="${SMTP_RESTART_AT:-30}"
SMTP_DOWN="${SMTP_DOWN:-2}"
TIMEOUT="${TIMEOUT:-900}"
HEALTH_TIMEOUT_S=180

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app_dir="$repo_root/bench/out/app"
results_file="$repo_root/bench/RESULTS.md"
python=/usr/bin/python3
[[ -x "$python" ]] || python=python3

log() { printf '[newsletter] %s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

tmp=""
app_pids=("" "")
smtp_pid=""
faults_pid=""
pg_bin=""
pg_data=""
run_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop_process() {
    local pid="$1"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    # The fault injector restarts processes in a subshell: their ids come back through files.
    stop_process "$faults_pid"
    [[ -n "$tmp" && -f "$tmp/app-0.pid" ]] && app_pids[0]="$(cat "$tmp/app-0.pid")"
    [[ -n "$tmp" && -f "$tmp/smtp.pid" ]] && smtp_pid="$(cat "$tmp/smtp.pid")"
    stop_process "${app_pids[0]}"
    stop_process "${app_pids[1]}"
    stop_process "$smtp_pid"
    if [[ -n "$pg_data" && -f "$pg_data/postmaster.pid" ]]; then
        run_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
    fi
    if [[ -n "$tmp" && -d "$tmp" ]]; then
        if [[ $status -ne 0 ]]; then
            for file in "$tmp"/app-*.log "$tmp/smtp.err"; do
                [[ -f "$file" ]] && { log "last lines of $file:"; tail -n 30 "$file" >&2; }
            done
        fi
        if [[ "${KEEP_TMP:-0}" == 1 ]]; then
            log "temp directory kept: $tmp (PostgreSQL data: $pg_data)"
        else
            rm -rf "$tmp"
            [[ -n "$pg_data" ]] && rm -rf "$pg_data"
        fi
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
command -v dotnet >/dev/null 2>&1 || die "dotnet is not installed"
"$python" -c "import aiosmtpd" 2>/dev/null || die "python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)"

taken_ports=" "
free_port() {
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 12000))
        if [[ "$taken_ports" != *" $port "* ]] && ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then
            taken_ports+="$port "
            echo "$port"
            return 0
        fi
    done
    die "no free port found"
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# --- Build, database, subscribers ------------------------------------------------------------------
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing src/Contrevue (Release) to bench/out/app"
    dotnet publish "$repo_root/src/Contrevue" -c Release -o "$app_dir" -nologo -v quiet </dev/null >&2
fi
[[ -f "$app_dir/Contrevue.dll" ]] || die "$app_dir/Contrevue.dll is missing"
commit="$(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo unknown)"

tmp="$(mktemp -d -t contrevue-newsletter.XXXXXX)"
mkdir -p "$tmp/work"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
busy_others="$(ps -eo pid=,comm= | awk '$2 ~ /^(dotnet|MSBuild|VBCSCompiler|cc1|cc1plus|rustc|node|java|chromium|csc)$/' | wc -l)"

pg_bin="$(postgres_bin)"
[[ -n "$pg_bin" ]] || die "PostgreSQL is not installed"
pg_port="$(free_port)"
pg_data="$(mktemp -d /tmp/contrevue-newsletter-pg.XXXXXX)"
[[ $EUID -eq 0 ]] && chown postgres:postgres "$pg_data"
pg_version="$("$pg_bin/postgres" --version | awk '{ print $3 }')"
log "starting PostgreSQL $pg_version on 127.0.0.1:$pg_port"
run_pg "$pg_bin/initdb" -D "$pg_data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Default durability (fsync on): a delivery recorded as sent must survive for real.
run_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_data -c max_connections=200" start >/dev/null
database="contrevue_newsletter"
"$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "$database"
psql_q() { psql -X -q -At -h 127.0.0.1 -p "$pg_port" -U postgres -d "$database" -v ON_ERROR_STOP=1 -c "$1"; }

export Database__Provider=Postgres
export ConnectionStrings__Default="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$database"
cli() { (cd "$tmp/work" && dotnet "$app_dir/Contrevue.dll" "$@") </dev/null; }
log "migrating (app CLI)"
cli migrate >"$tmp/migrate.log" 2>&1 || { cat "$tmp/migrate.log" >&2; die "migrate failed"; }

log "inserting $SUBSCRIBERS confirmed subscribers (SQL)"
psql_q "insert into newsletter_subscribers (email, status, topics, created_at, confirmed_at, soft_bounce_count)
        select 'abonne' || g || '@bench.example', 'confirmed', '', now(), now(), 0 from generate_series(1, $SUBSCRIBERS) g"
psql_q "insert into newsletter_subscriptions (subscriber_id, list_code, subscribed_at) select id, 'national', now() from newsletter_subscribers"
psql_q "select email from newsletter_subscribers order by id" >"$tmp/subscribers.txt"

# --- SMTP server and two instances -----------------------------------------------------------------
smtp_port="$(free_port)"
smtp_log="$tmp/accepted.tsv"
: >"$smtp_log"
start_smtp() {
    "$python" "$repo_root/bench/newsletter_smtp.py" "$smtp_port" "$smtp_log" >"$tmp/smtp.out" 2>>"$tmp/smtp.err" </dev/null &
    smtp_pid=$!
    for _ in $(seq 200); do
        grep -q ready "$tmp/smtp.out" 2>/dev/null && return 0
        kill -0 "$smtp_pid" 2>/dev/null || die "the SMTP server exited"
        sleep 0.05
    done
    die "the SMTP server did not start"
}
start_smtp

app_ports=("$(free_port)" "$(free_port)")
start_instance() {
    local i="$1"
    (cd "$tmp/work" && Mail__Host=127.0.0.1 Mail__Port="$smtp_port" Mail__Security=None Mail__From=lettre@bench.contrevue.test \
        Mail__LeaseSeconds="$LEASE" Mail__RetrySeconds=2 Mail__TimeoutSeconds=5 Newsletter__PollSeconds=1 \
        Site__PublicUrl=https://bench.contrevue.test \
        exec dotnet "$app_dir/Contrevue.dll" --urls "http://127.0.0.1:${app_ports[$i]}") >>"$tmp/app-$i.log" 2>&1 </dev/null &
    app_pids[$i]=$!
}
wait_healthy() {
    local i="$1" start
    start="$(now_ms)"
    while (( $(now_ms) - start < HEALTH_TIMEOUT_S * 1000 )); do
        kill -0 "${app_pids[$i]}" 2>/dev/null || die "instance $i exited"
        if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:${app_ports[$i]}/healthz"; then
            echo $(( $(now_ms) - start ))
            return 0
        fi
        sleep 0.1
    done
    die "instance $i was not healthy within ${HEALTH_TIMEOUT_S} s"
}
log "starting two instances on 127.0.0.1:${app_ports[0]} and :${app_ports[1]}"
start_instance 0
start_instance 1
log "healthy after $(wait_healthy 0) ms and $(wait_healthy 1) ms"

# --- One run: a mailing to everyone at a rate, with or without faults ------------------------------
# Writes "<mailing id>" to stdout once completed.
schedule_mailing() {
    local rate="$1" name="$2"
    psql_q "insert into newsletter_sending_rate (id, messages_per_second, next_slot_at) values (1, $rate, now())
            on conflict (id) do update set messages_per_second = excluded.messages_per_second" >/dev/null
    # One statement, one transaction, as the scheduling does: a sender never sees the mailing without
    # its deliveries (it would complete it at once).
    local id
    id="$(psql_q "with mailing as (
                insert into newsletter_mailings (\"Subject\", \"Markdown\", \"Lists\", \"Topics\", \"Status\", \"CreatedAt\", \"CreatedByUserId\",
                    \"ScheduledAt\", \"SendAt\", \"HtmlBody\", \"TextBody\", \"Version\")
                values ('Lettre d''info du banc d''essai ($name)', 'Bonjour', 'national', '', 'scheduled', now(), 'bench', now(), now(),
                        '<h1>Bonjour</h1><p>Les nouvelles de la campagne contre la VSA.</p>', E'Bonjour\\n\\nLes nouvelles de la campagne contre la VSA.', 0)
                returning \"Id\"),
            queued as (
                insert into newsletter_deliveries (mailing_id, subscriber_id, status, attempt_count, next_attempt_at)
                select mailing.\"Id\", s.id, 'pending', 0, now() from mailing, newsletter_subscribers s)
            select \"Id\" from mailing" | head -n 1)"
    echo "$id"
}

wait_completed() {
    local id="$1" start
    start="$(now_ms)"
    while (( $(now_ms) - start < TIMEOUT * 1000 )); do
        [[ "$(psql_q "select \"Status\" from newsletter_mailings where \"Id\" = $id")" == completed ]] && return 0
        sleep 0.5
    done
    die "mailing $id not completed within $TIMEOUT s: $(psql_q "select status || '=' || count(*) from newsletter_deliveries where mailing_id = $id group by status" | paste -sd' ')"
}

# Waits for the first message of mailing $1 in the SMTP log, then returns.
wait_first_message() {
    for _ in $(seq 1200); do
        grep -q "<lettre-$1\." "$smtp_log" && return 0
        sleep 0.05
    done
    die "no message of mailing $1 within 60 s"
}

faults() {
    local started_ms="$1"
    local since=$(( ($(now_ms) - started_ms) / 1000 ))
    (( KILL_AT > since )) && sleep $(( KILL_AT - since ))
    log "kill -9 instance 0 (pid ${app_pids[0]})"
    kill -KILL "${app_pids[0]}"
    echo "kill $(date +%s.%N)" >>"$tmp/faults.txt"
    wait "${app_pids[0]}" 2>/dev/null || true
    sleep "$KILL_DOWN"
    log "starting instance 0 again"
    start_instance 0
    echo "${app_pids[0]}" >"$tmp/app-0.pid"
    echo "restart-app $(date +%s.%N)" >>"$tmp/faults.txt"
    since=$(( ($(now_ms) - started_ms) / 1000 ))
    (( SMTP_RESTART_AT > since )) && sleep $(( SMTP_RESTART_AT - since ))
    log "stopping the SMTP server"
    echo "smtp-stop $(date +%s.%N)" >>"$tmp/faults.txt"
    stop_process "$smtp_pid"
    sleep "$SMTP_DOWN"
    start_smtp
    echo "$smtp_pid" >"$tmp/smtp.pid"
    echo "smtp-start $(date +%s.%N)" >>"$tmp/faults.txt"
    log "SMTP server started again"
}

analyse() {
    local id="$1" rate="$2" label="$3"
    psql_q "select status || ' ' || count(*) from newsletter_deliveries where mailing_id = $id group by status order by status" >"$tmp/status-$id.txt"
    psql_q "select count(*) from newsletter_deliveries where mailing_id = $id and attempt_count > 1" >"$tmp/retried-$id.txt"
    "$python" - "$smtp_log" "$tmp/subscribers.txt" "$id" "$rate" "$label" "$tmp/faults.txt" "$tmp/status-$id.txt" "$tmp/retried-$id.txt" <<'PY'
import collections, sys
log, subscribers, mailing, rate, label, faults_file, status_file, retried_file = sys.argv[1:9]
rate = float(rate)
prefix = f"<lettre-{mailing}."
times, by_recipient = [], collections.defaultdict(list)
for line in open(log):
    t, rcpt, mid = line.rstrip("\n").split("\t")
    if mid.startswith(prefix):
        times.append(float(t)); by_recipient[rcpt].append(mid)
emails = [e.strip() for e in open(subscribers) if e.strip()]
once = sum(1 for e in emails if len(by_recipient.get(e, [])) == 1)
missing = [e for e in emails if not by_recipient.get(e)]
dups = {e: m for e, m in by_recipient.items() if len(m) > 1}
same_id = all(len(set(m)) == 1 for m in dups.values())
strangers = [e for e in by_recipient if e not in set(emails)]
times.sort()
span = times[-1] - times[0] if len(times) > 1 else 0
overall = (len(times) - 1) / span if span > 0 else float("nan")
faults = {}
try:
    for line in open(faults_file):
        k, v = line.split(); faults.setdefault(k, float(v))
except FileNotFoundError:
    pass
first_fault = min(faults.values()) if faults else None
before = [t for t in times if first_fault is None or t < first_fault]
before_rate = (len(before) - 1) / (before[-1] - before[0]) if len(before) > 1 and before[-1] > before[0] else float("nan")
def busiest_in(seconds):
    best, j = 0, 0
    for i in range(len(times)):
        while times[i] - times[j] >= seconds:
            j += 1
        best = max(best, i - j + 1)
    return best
busiest, busiest5 = busiest_in(1.0), busiest_in(5.0)
status = " ".join(l.strip() for l in open(status_file) if l.strip())
retried = open(retried_file).read().strip()
print(f"- **{label}** (mailing {mailing}, configured rate {rate:g}/s): {len(times)} messages accepted for {len(emails)} subscribers")
print(f"  - exactly once: {once}; missing: {len(missing)}; received more than once: {len(dups)}"
      + (f" (all copies of each carry the same Message-ID: {'yes' if same_id else 'NO'})" if dups else "")
      + f"; to an address not subscribed: {len(strangers)}")
for e, m in list(dups.items())[:10]:
    print(f"  - duplicate: {e} × {len(m)}: {', '.join(sorted(set(m)))}")
print(f"  - deliveries by status: {status}; delivered after more than one attempt: {retried}")
print(f"  - throughput, both instances together: {overall:.1f} messages/s over {span:.1f} s (first to last accepted)")
if first_fault is not None and len(before) > 1:
    print(f"  - before the first fault: {before_rate:.1f} messages/s ({len(before)} messages); busiest 1-s window: {busiest} messages; busiest 5-s window: {busiest5 / 5:.1f} messages/s")
else:
    print(f"  - busiest 1-s window: {busiest} messages; busiest 5-s window: {busiest5 / 5:.1f} messages/s")
if rate < 1000:
    print(f"  - rate accuracy: configured {rate:g}/s, achieved {(before_rate if first_fault else overall):.1f}/s"
          f" ({100 * (before_rate if first_fault else overall) / rate:.1f} %); busiest 5 s {busiest5 / 5:.1f}/s ≤ {rate:g}/s: {'yes' if busiest5 <= rate * 5 + 1 else 'NO'};"
          f" busiest 1 s {busiest} ({'≤' if busiest <= rate + 1 else '>'} {rate + 1:g}, timestamps taken by the SMTP server when it gets to each message)")
if faults:
    t0 = times[0] if times else 0
    print("  - faults (s after the first message): " + ", ".join(f"{k} {v - t0:.1f}" for k, v in faults.items()))
ok = not missing and (not dups or same_id) and not strangers
sys.exit(0 if ok else 3)
PY
}

summary="$tmp/summary.md"
: >"$summary"

log "run 1: rate $RATE/s, instance 0 killed at ${KILL_AT} s, SMTP server restarted at ${SMTP_RESTART_AT} s"
mailing1="$(schedule_mailing "$RATE" "avec pannes")"
start1="$(now_ms)"
wait_first_message "$mailing1"
faults "$(now_ms)" &
faults_pid=$!
wait_completed "$mailing1"
wait "$faults_pid" || die "fault injection failed"
faults_pid=""
app_pids[0]="$(cat "$tmp/app-0.pid")"
smtp_pid="$(cat "$tmp/smtp.pid")"
log "run 1 completed in $(( ($(now_ms) - start1) / 1000 )) s"
run1_ok=0
analyse "$mailing1" "$RATE" "With faults: kill -9 of one instance, SMTP server restarted" >>"$summary" || run1_ok=$?
wait_healthy 0 >/dev/null

log "run 2: rate $HIGH_RATE/s (above what the machine sends), no fault"
mv "$tmp/faults.txt" "$tmp/faults-run1.txt"
mailing2="$(schedule_mailing "$HIGH_RATE" "sans limite")"
start2="$(now_ms)"
wait_completed "$mailing2"
log "run 2 completed in $(( ($(now_ms) - start2) / 1000 )) s"
run2_ok=0
analyse "$mailing2" "$HIGH_RATE" "Throughput ceiling: rate $HIGH_RATE/s, no fault" >>"$summary" || run2_ok=$?

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
cat "$summary"
if [[ "${NO_RESULTS:-0}" != 1 ]]; then
    {
        echo
        echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — newsletter delivery (bench/newsletter.sh), commit $commit"
        echo
        echo "- Machine: $(lscpu 2>/dev/null | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }'), $(nproc) cores (nproc), $(free -g | awk '/Mem:/ { print $2 }') GB RAM; PostgreSQL $pg_version (fsync on); .NET $(dotnet --version); aiosmtpd $("$python" -c 'import aiosmtpd; print(aiosmtpd.__version__)')"
        echo "- Command: \`$(printf '%s ' SUBSCRIBERS="$SUBSCRIBERS" RATE="$RATE" HIGH_RATE="$HIGH_RATE" LEASE="$LEASE" KILL_AT="$KILL_AT" KILL_DOWN="$KILL_DOWN" SMTP_RESTART_AT="$SMTP_RESTART_AT" SMTP_DOWN="$SMTP_DOWN")bench/newsletter.sh\`"
        echo "- $SUBSCRIBERS confirmed subscribers, two instances on one PostgreSQL, SMTP server on loopback (aiosmtpd), lease ${LEASE} s, batch ≤ 100"
        cat "$summary"
        echo "- Load average before/after: $load_before / $load_after; other dotnet/compiler processes at start: $busy_others"
        [[ -n "${LABEL:-}" ]] && echo "- Label: $LABEL"
        [[ -n "${NOTE:-}" ]] && echo "- Note: $NOTE"
    } >>"$results_file"
    log "appended to bench/RESULTS.md"
fi
(( run1_ok == 0 && run2_ok == 0 )) || die "a run did not deliver exactly once (see above)"

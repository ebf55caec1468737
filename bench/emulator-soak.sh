#!/usr/bin/env bash
# The local stack left running all day, compressed by rate: one run after another, as ./run-local.sh
# does until Ctrl-C, through the Pub/Sub emulator, ingest-service (synthetic source), control-service
# and the pipeline on the local Flink runner. Between two runs control-service recreates the
# emulator's subscription (the only thing that frees the messages it holds); this script samples
# every JVM's live heap after a full GC, and the emulator's held messages and direct memory, and
# fails unless every run reconciles exactly and every heap stays flat. See docs/BENCHMARKS.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/emulator-soak.sh [options]

Starts the Pub/Sub emulator (explicit heap), ingest-service and control-service (local launcher, Flink
runner), provisions, then runs --runs bounded runs one after another through POST /api/v1/runs, each
started once control-service has recreated the subscription. Samples live heaps after a full GC every
--sample-seconds. Exits 0 only if every run ended SUCCEEDED and reconciled (published = counted +
dead-lettered), the subscription was recreated after each, and every heap stayed flat.

Compression: the emulator's heap grows per message held, not per hour, so N runs of M minutes at R
users/s stand for N hours at R*M/60 users/s (the defaults: 4 runs of 2 minutes at 600/s hold what 4
hours of ./run-local.sh at its default 20 users/s in runs of 60 minutes hold). What grows per hour
rather than per message (the emulator's REST adapter leaks direct memory per request, and the
pipeline acknowledges per checkpoint) is not compressed: read emulator_direct_kib in heap.csv.

  --runs N               runs one after another (default 4)
  --run-minutes M        each run's ingestion (default 2)
  --users-per-second R   synthetic ingest rate (default 600)
  --window SIZE          the pipeline's window, e.g. 2s, 1m (default 1m, ./run-local.sh's); to compress
                         the windows too, divide it by the rate's factor (8 hours of 1m windows at 20/s
                         in 8 runs of 2 minutes at 600/s: --window 2s, as many windows and rows)
  --early-firing SIZE    early panes' interval (default 5s; at most the window)
  --emulator-heap SIZE   the emulator's -Xmx, e.g. 512m (default 512m)
  --sample-seconds S     heap sampling period (default 20)
  --dashboard-seconds S  an open dashboard: every S seconds, the insights, forecast, anomalies,
                         alerts and jobs it asks for, over the time since the soak began (default 5;
                         0: none); failed answers are counted in dashboard.csv
  --base-port P          control P, its actuator P+1, ingest P+2, its actuator P+3, emulator P+4
                         (default 18600)
  --workdir DIR          logs, warehouse, samples, result (emptied first; default target/emulator-soak)
  --keep-emulator        between two runs, do not restart the emulator (./run-local.sh restarts the
                         emulator it started, which frees the direct memory its REST adapter keeps)
  --no-build             fail instead of building a missing jar
  -h, --help             this message

Needs a JDK 17 (java, jcmd), curl, jq and the Pub/Sub emulator
(/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator, or PUBSUB_EMULATOR_BIN).
Writes result.txt, runs.csv (one line per run) and heap.csv (the samples) into the workdir.
USAGE
}

runs=4
run_minutes=2
rate=600
window=1m
early_firing=5s
emulator_heap=512m
sample_seconds=20
dashboard_seconds=5
base_port=18600
workdir=target/emulator-soak
build=true
restart_emulator=true

fail() {
  echo "emulator-soak: $*" >&2
  exit 2
}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) need_value "$@"; runs=$2; shift 2 ;;
    --run-minutes) need_value "$@"; run_minutes=$2; shift 2 ;;
    --users-per-second) need_value "$@"; rate=$2; shift 2 ;;
    --window) need_value "$@"; window=$2; shift 2 ;;
    --early-firing) need_value "$@"; early_firing=$2; shift 2 ;;
    --emulator-heap) need_value "$@"; emulator_heap=$2; shift 2 ;;
    --dashboard-seconds) need_value "$@"; dashboard_seconds=$2; shift 2 ;;
    --sample-seconds) need_value "$@"; sample_seconds=$2; shift 2 ;;
    --base-port) need_value "$@"; base_port=$2; shift 2 ;;
    --workdir) need_value "$@"; workdir=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    --keep-emulator) restart_emulator=false; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option $1" ;;
  esac
done
in_range "$runs" 1 1000 || fail "--runs must be 1 to 1000"
in_range "$run_minutes" 1 1440 || fail "--run-minutes must be 1 to 1440"
in_range "$rate" 1 100000 || fail "--users-per-second must be 1 to 100000"
in_range "$sample_seconds" 5 3600 || fail "--sample-seconds must be 5 to 3600"
in_range "$dashboard_seconds" 0 3600 || fail "--dashboard-seconds must be 0 to 3600"
[[ $window =~ ^[1-9][0-9]*[smh]$ ]] || fail "--window must be a duration such as 2s, 1m or 1h, got $window"
[[ $early_firing =~ ^[1-9][0-9]*[smh]$ ]] || fail "--early-firing must be a duration such as 1s or 5s, got $early_firing"
in_range "$base_port" 1024 65530 || fail "--base-port must be 1024 to 65530"
[[ "$emulator_heap" =~ ^[1-9][0-9]*[mg]$ ]] || fail "--emulator-heap must look like 512m or 2g"

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
for tool in java jcmd curl jq; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH"
done
emulator_bin=${PUBSUB_EMULATOR_BIN:-/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator}
[[ -x "$emulator_bin" ]] || fail "no Pub/Sub emulator at $emulator_bin (set PUBSUB_EMULATOR_BIN)"

control_port=$base_port
control_mgmt_port=$((base_port + 1))
ingest_port=$((base_port + 2))
ingest_mgmt_port=$((base_port + 3))
emulator_port=$((base_port + 4))
for port in "$control_port" "$control_mgmt_port" "$ingest_port" "$ingest_mgmt_port" "$emulator_port"; do
  if (: <>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is taken; choose another --base-port"
  fi
done

rm -rf "$workdir"
mkdir -p "$workdir/logs" "$workdir/data" "$workdir/jars"
workdir=$(cd "$workdir" && pwd)
logs=$workdir/logs
data=$workdir/data
started=$SECONDS
log() { printf '[emulator-soak %5ss] %s\n' "$((SECONDS - started))" "$*"; }

emulator_pid=""
ingest_pid=""
control_pid=""
sampler_pid=""
dashboard_pid=""
run_id=""


# shellcheck disable=SC2317  # called by the trap
cleanup() {
  trap - EXIT INT TERM
  if [[ -n "$sampler_pid" ]]; then kill "$sampler_pid" 2>/dev/null || true; fi
  if [[ -n "$dashboard_pid" ]]; then kill "$dashboard_pid" 2>/dev/null || true; fi
  if [[ -n "$run_id" && -n "$control_pid" ]] && kill -0 "$control_pid" 2>/dev/null; then
    stop_run "$run_id" 300
  fi
  stop_pid control-service "$control_pid"
  stop_pid ingest-service "$ingest_pid"
  local pid
  for pid in $(pipeline_pids); do
    stop_pid pipeline "$pid"
  done
  stop_pid "Pub/Sub emulator" "$emulator_pid"
}
trap cleanup EXIT
trap 'echo; log "interrupted"; exit 130' INT TERM

control_token=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
ingest_token=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
wait_ready() { # name pid url
  local waited=0
  until curl -fsS --max-time 5 -o /dev/null "$3" 2>/dev/null; do
    kill -0 "$2" 2>/dev/null || { tail -n 30 "$logs/$1.log" >&2; fail "$1 exited during start-up"; }
    ((waited < 600)) || fail "$1 not ready after 600 s (log: $logs/$1.log)"
    sleep 2
    waited=$((waited + 2))
  done
}

# ---------------------------------------------------------------------------------------------------
log "$runs run(s) of $run_minutes min at $rate users/s, emulator heap $emulator_heap; results in $workdir"
log "machine: $(nproc) cores, $(uptime | sed 's/.*load/load/')"
pipeline_jar=$root/pipeline/target/pipeline-bundled.jar
ingest_jar=$root/ingest-service/target/ingest-service.jar
control_jar=$root/control-service/target/control-service.jar
for jar in "$pipeline_jar" "$ingest_jar" "$control_jar"; do
  if [[ ! -f "$jar" ]]; then
    $build || fail "missing $jar; build with ./mvnw -B -q package -DskipTests"
    log "building the jars (log $logs/build.log)"
    ./mvnw -B -q package -DskipTests -pl pipeline,ingest-service,control-service -am >"$logs/build.log" 2>&1 ||
      fail "the build failed; see $logs/build.log"
    break
  fi
done
# Copies, so that a build during the soak cannot change a jar under a running JVM.
cp "$pipeline_jar" "$ingest_jar" "$control_jar" "$workdir/jars/"
pipeline_jar=$workdir/jars/pipeline-bundled.jar

# The emulator's pid is also in a file: the sampler, a subshell, reads it after a restart.
start_emulator() {
  JAVA_OPTS="-Xmx$emulator_heap -XX:NativeMemoryTracking=summary" \
    "$emulator_bin" --host=127.0.0.1 --port="$emulator_port" >>"$logs/pubsub-emulator.log" 2>&1 &
  emulator_pid=$!
  echo "$emulator_pid" >"$workdir/emulator.pid"
  wait_ready pubsub-emulator "$emulator_pid" "http://127.0.0.1:$emulator_port/"
}
log "Pub/Sub emulator on 127.0.0.1:$emulator_port (-Xmx$emulator_heap, native memory tracking for its direct buffers)"
start_emulator

common=(SPRING_CLOUD_GCP_PROJECTID=demo-project SPRING_CLOUD_GCP_PUBSUB_EMULATORHOST="127.0.0.1:$emulator_port")
env "${common[@]}" SERVER_PORT="$ingest_port" SERVER_ADDRESS=127.0.0.1 \
  MANAGEMENT_SERVER_PORT="$ingest_mgmt_port" MANAGEMENT_SERVER_ADDRESS=127.0.0.1 \
  DEMOSTREAM_SECURITY_APITOKEN="$ingest_token" \
  java -XX:+UseParallelGC -Xmx512m -jar "$workdir/jars/ingest-service.jar" >"$logs/ingest-service.log" 2>&1 &
ingest_pid=$!
env "${common[@]}" SERVER_PORT="$control_port" SERVER_ADDRESS=127.0.0.1 \
  MANAGEMENT_SERVER_PORT="$control_mgmt_port" MANAGEMENT_SERVER_ADDRESS=127.0.0.1 \
  DEMOSTREAM_SECURITY_APITOKEN="$control_token" \
  DEMOSTREAM_INGEST_URL="http://127.0.0.1:$ingest_port" DEMOSTREAM_INGEST_APITOKEN="$ingest_token" \
  DEMOSTREAM_LAUNCHER=local DEMOSTREAM_LOCAL_RUNNER=flink \
  DEMOSTREAM_LOCAL_DATADIR="$data" DEMOSTREAM_LOCAL_PIPELINEJAR="$pipeline_jar" \
  DEMOSTREAM_LOCAL_EMULATOR_HEAP="$(tr 'mg' 'MG' <<<"$emulator_heap")B" DEMOSTREAM_LOCAL_EMULATOR_CHECKINTERVAL=3s \
  java -Xmx768m -jar "$workdir/jars/control-service.jar" >"$logs/control-service.log" 2>&1 &
control_pid=$!
wait_ready ingest-service "$ingest_pid" "http://127.0.0.1:$ingest_mgmt_port/actuator/health/readiness"
wait_ready control-service "$control_pid" "http://127.0.0.1:$control_mgmt_port/actuator/health/readiness"
log "services ready; provisioning (PUT /api/v1/resources)"
control PUT /resources >"$workdir/resources.json" || fail "provisioning failed: $(cat "$workdir/resources.json")"

# ---------------------------------------------------------------------------------------------------
# Samples: every JVM's live heap (heap_kib: the class histogram's total, after a full GC), and what the
# emulator holds.
held_messages() { # the emulator's live PubsubMessage objects (after heap_kib's GC)
  jcmd "$(cat "$workdir/emulator.pid")" GC.class_histogram 2>/dev/null | awk '$NF == "com.google.pubsub.v1.PubsubMessage" { print $2 }'
}
direct_kib() { # the emulator's direct buffers, as native memory tracking counts them ("Other")
  jcmd "$(cat "$workdir/emulator.pid")" VM.native_memory summary 2>/dev/null | sed -n 's/.*- *Other (reserved=\([0-9]*\)KB.*/\1/p'
}
echo "elapsed_s,run,pipeline_heap_kib,ingest_heap_kib,control_heap_kib,emulator_heap_kib,emulator_messages,emulator_direct_kib" >"$workdir/heap.csv"
echo "0" >"$workdir/current-run"
(
  trap - EXIT INT TERM
  while true; do
    pipeline=$(pipeline_pids | head -1)
    emulator_kib=$(heap_kib "$(cat "$workdir/emulator.pid")")
    echo "$((SECONDS - started)),$(cat "$workdir/current-run"),$(heap_kib "$pipeline"),$(heap_kib "$ingest_pid"),$(heap_kib "$control_pid"),$emulator_kib,$(held_messages),$(direct_kib)" >>"$workdir/heap.csv"
    sleep "$sample_seconds"
  done
) &
sampler_pid=$!

# An open dashboard, as control-service's page asks: its heap must stay flat under it too.
if ((dashboard_seconds > 0)); then
  echo "elapsed_s,requests,failed" >"$workdir/dashboard.csv"
  (
    trap - EXIT INT TERM
    since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    requests=0
    failed=0
    while true; do
      now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
      range="from=$since&to=$now"
      for path in "/insights/summary?$range" "/insights/running-total?$range" "/insights/gender?$range" \
        "/insights/age?$range&by=country,gender" "/insights/age-bands?$range" \
        "/insights/anomalies?metric=users&$range" "/insights/forecast?metric=users&horizon=600s" \
        /alerts /jobs; do
        requests=$((requests + 1))
        # 409: too little history for a forecast yet, as the page shows it; anything else fails.
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -H "Authorization: Bearer $control_token" \
          "http://127.0.0.1:$control_port/api/v1$path" || true)
        [[ $code == 200 || $code == 409 ]] || failed=$((failed + 1))
      done
      echo "$((SECONDS - started)),$requests,$failed" >>"$workdir/dashboard.csv"
      sleep "$dashboard_seconds"
    done
  ) &
  dashboard_pid=$!
fi

# ---------------------------------------------------------------------------------------------------
run_body=$(jq -nc --argjson m "$run_minutes" --argjson r "$rate" --arg w "$window" --arg e "$early_firing" \
  '{durationMinutes: $m, source: "synthetic", usersPerSecond: $r, job: {windowSize: $w, earlyFiringInterval: $e}}')
echo "run,id,state,published,counted,dead_lettered,reconciled,seconds,recycled_after,emulator_restarted" >"$workdir/runs.csv"
problems=()
recycles=0
for ((n = 1; n <= runs; n++)); do
  echo "$n" >"$workdir/current-run"
  run_started=$SECONDS
  control POST /runs "$run_body" >"$workdir/run-$n.json" || fail "run $n was refused: $(cat "$workdir/run-$n.json")"
  run_id=$(jq -r .id "$workdir/run-$n.json")
  log "run $n/$runs: $run_id started"
  state=RUNNING
  while [[ $state == RUNNING || $state == STOPPING ]]; do
    sleep 5
    ((SECONDS - run_started < run_minutes * 60 + 900)) || fail "run $run_id had not ended 15 minutes after its duration"
    kill -0 "$control_pid" 2>/dev/null || fail "control-service died (log: $logs/control-service.log)"
    kill -0 "$emulator_pid" 2>/dev/null || fail "the emulator died (log: $logs/pubsub-emulator.log)"
    state=$(control GET "/runs/$run_id" | jq -r '.state // "RUNNING"' || echo RUNNING)
  done
  control GET "/runs/$run_id" >"$workdir/run-$n.json" || true
  summary=$(jq -r '[.summary.published, .summary.counted, .summary.deadLettered, .summary.reconciled] | map(tostring) | join(",")' "$workdir/run-$n.json")
  # The next run starts once control-service recreated the subscription, as ./run-local.sh waits.
  waited=0
  recycled=false
  while ((waited < 60)); do
    now=$(control GET /local/emulator | jq -r '.recycles // 0' || echo 0)
    if ((now > recycles)); then
      recycles=$now
      recycled=true
      break
    fi
    sleep 2
    waited=$((waited + 2))
  done
  restarted=false
  if $restart_emulator && $recycled && ((n < runs)); then
    stop_pid "Pub/Sub emulator" "$emulator_pid"
    start_emulator
    restarted=true
  fi
  echo "$n,$run_id,$state,$summary,$((SECONDS - run_started)),$recycled,$restarted" >>"$workdir/runs.csv"
  log "run $n/$runs ended $state in $((SECONDS - run_started)) s: published,counted,dead,reconciled = $summary; subscription recreated: $recycled; emulator restarted: $restarted"
  [[ $state == SUCCEEDED ]] || problems+=("run $n ($run_id) ended $state")
  [[ $summary == *,true ]] || problems+=("run $n ($run_id) does not reconcile: $summary")
  $recycled || problems+=("the subscription was not recreated after run $n")
done
run_id=""
# One more sample after the last recreation (a sample takes several seconds under load).
samples=$(wc -l <"$workdir/heap.csv")
for _ in $(seq 1 60); do
  (($(wc -l <"$workdir/heap.csv") > samples + 1)) && break
  sleep 3
done
kill "$sampler_pid" 2>/dev/null || true
wait "$sampler_pid" 2>/dev/null || true
sampler_pid=""
if [[ -n "$dashboard_pid" ]]; then
  kill "$dashboard_pid" 2>/dev/null || true
  wait "$dashboard_pid" 2>/dev/null || true
  dashboard_pid=""
  dashboard_failed=$(tail -1 "$workdir/dashboard.csv" | cut -d, -f3)
  log "dashboard: $(tail -1 "$workdir/dashboard.csv" | cut -d, -f2) requests, ${dashboard_failed:-0} failed"
  [[ ${dashboard_failed:-0} == 0 ]] || problems+=("$dashboard_failed dashboard requests failed")
fi

# Flat: the highest run peak of the later half of the runs against that of the earlier half (a
# pipeline process lives for one run, and every heap rises and falls with a run's windows and with
# what the emulator holds, so peaks per run are compared, not samples); flat when the later half
# peaks at most a quarter plus 32 MiB above the earlier half.
flat() { # column label
  awk -F, -v c="$1" -v name="$2" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
    $k != "" { if (!($2 in peak)) { order[++runs] = $2 } if ($k > peak[$2]) peak[$2] = $k }
    END {
      if (runs < 2) { printf "%s %d run(s) sampled, too few to judge\n", name, runs; exit }
      line = ""
      for (i = 1; i <= runs; i++) {
        line = line sprintf("%s%.0f", (i > 1 ? ", " : ""), peak[order[i]] / 1024)
        if (i <= int(runs / 2)) { if (peak[order[i]] > a) a = peak[order[i]] } else { if (peak[order[i]] > b) b = peak[order[i]] }
      }
      printf "%s peak per run %s MiB: %s\n", name, line, (b <= a * 1.25 + 32768) ? "flat" : "GROWING"
    }' "$workdir/heap.csv"
}
{
  echo "emulator-soak: $runs run(s) of $run_minutes min at $rate users/s (= $runs h at $((rate * run_minutes / 60)) users/s in runs of 60 min), windows of $window, early panes every $early_firing, emulator -Xmx$emulator_heap, dashboard every ${dashboard_seconds}s"
  echo "machine: $(nproc) cores; $(uptime | sed 's/.*load/load/') at the end; $((SECONDS - started)) s in all"
  column -t -s, "$workdir/runs.csv"
  flat pipeline_heap_kib "heap pipeline:"
  flat ingest_heap_kib "heap ingest:  "
  flat control_heap_kib "heap control: "
  flat emulator_heap_kib "heap emulator:"
  # They grow with the REST requests (the pipeline's pulls and acknowledgements), per hour rather than
  # per message, and only a restart of the emulator frees them (docs/BENCHMARKS.md EM5): judged per
  # run when the emulator restarts between runs, reported per hour of wall time within each run.
  if $restart_emulator; then
    flat emulator_direct_kib "direct emulator:"
  fi
  awk -F, 'NR > 1 && $8 != "" {
      if ($2 != run) { if (run != "" && t > t0) { rate += (last - first) / (t - t0); n++ } run = $2; first = $8; t0 = $1 }
      last = $8; t = $1 }
    END { if (t > t0) { rate += (last - first) / (t - t0); n++ }
      if (n) printf "emulator direct buffers while a run goes on: %.1f MiB per hour of wall time (mean over %d run(s))\n", rate / n / 1024 * 3600, n }' "$workdir/heap.csv"
  echo "emulator messages held, max: $(awk -F, 'NR > 1 && $7 > m { m = $7 } END { print m + 0 }' "$workdir/heap.csv"), at the end: $(tail -1 "$workdir/heap.csv" | cut -d, -f7)"
} | tee "$workdir/result.txt"
grep -q "GROWING" "$workdir/result.txt" && problems+=("a heap grows: read $workdir/heap.csv")
if ((${#problems[@]} > 0)); then
  printf 'PROBLEM: %s\n' "${problems[@]}" | tee -a "$workdir/result.txt" >&2
  log "FAILED; read $workdir/result.txt, heap.csv and logs/"
  exit 1
fi
log "every run reconciled, the subscription was recreated after each, every heap flat ($((SECONDS - started)) s)"
log "next: docs/BENCHMARKS.md has the table this feeds; heap.csv has every sample"

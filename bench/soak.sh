#!/usr/bin/env bash
# Soak with faults through the local stack: fake randomuser.me -> ingest-service -> Pub/Sub emulator
# -> pipeline (bundled jar) -> H2 warehouse. Exits non-zero unless the users ingest published equal
# the users in the latest panes plus the dead letters, exactly. See docs/RELIABILITY.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/soak.sh [options]

  --minutes N            how long ingest publishes (default 10)
  --users-per-second N   ingest rate (default 2000)
  --runner R             direct or flink (default direct)
  --faults LIST          comma-separated faults to inject, from: api-503, api-429, pipeline-kill
                         (default api-503,api-429; pipeline-kill needs a runner that restores
                         its checkpoint, see docs/RELIABILITY.md)
  --port-offset N        added to every default port (default 700)
  --workdir DIR          logs, warehouse and samples (default target/soak)
  -h, --help             this message

Needs: the jars (./mvnw -B -q package -DskipTests; PIPELINE_JAR and INGEST_JAR override their
paths), curl, and the Pub/Sub emulator
(/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator or PUBSUB_EMULATOR_BIN).
USAGE
}

minutes=10
rate=2000
runner=direct
faults=api-503,api-429
offset=700
workdir=target/soak
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes=$2; shift 2 ;;
    --users-per-second) rate=$2; shift 2 ;;
    --runner) runner=$2; shift 2 ;;
    --faults) faults=$2; shift 2 ;;
    --port-offset) offset=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "soak: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
emulator_bin=${PUBSUB_EMULATOR_BIN:-/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator}
pipeline_jar=${PIPELINE_JAR:-pipeline/target/pipeline-bundled.jar}
ingest_jar=${INGEST_JAR:-ingest-service/target/ingest-service.jar}
h2_jar=$(ls ~/.m2/repository/com/h2database/h2/2.3.232/h2-2.3.232.jar 2>/dev/null || true)
for f in "$pipeline_jar" "$ingest_jar" "$h2_jar" "$emulator_bin"; do
  if [[ -z "$f" || ! -e "$f" ]]; then
    echo "soak: missing ${f:-a jar}; build with ./mvnw -B -q package -DskipTests" >&2
    exit 2
  fi
done

emulator_port=$((8085 + offset))
ingest_port=$((8081 + offset))
ingest_mgmt_port=$((9081 + offset))
fake_port=$((8090 + offset))
for port in "$emulator_port" "$ingest_port" "$ingest_mgmt_port" "$fake_port"; do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "soak: port $port is taken; choose another --port-offset" >&2
    exit 2
  fi
done

rm -rf "$workdir"
mkdir -p "$workdir"
workdir=$(cd "$workdir" && pwd)
token=soak-$RANDOM$RANDOM
project=demo-project
topic=users-soak
subscription=pipeline-soak
warehouse_url="jdbc:h2:file:$workdir/warehouse;AUTO_SERVER=TRUE"
started=$(date +%s)
pids=()

log() { printf '[soak %4ss] %s\n' "$(($(date +%s) - started))" "$*"; }

# shellcheck disable=SC2317  # called by the trap
stop_all() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT

await_http() { # url seconds
  local deadline=$(($(date +%s) + $2))
  until curl -sf -o /dev/null "$1"; do
    if (($(date +%s) > deadline)); then
      echo "soak: $1 did not answer within $2 s" >&2
      return 1
    fi
    sleep 1
  done
}

sql() { # one value
  java -cp "$h2_jar" org.h2.tools.Shell -url "$warehouse_url" -user "" -password "" \
    -sql "$1" 2>/dev/null | sed -n 2p | tr -d ' '
}

heap_kib() { # pid: live heap after a full GC, in KiB
  jcmd "$1" GC.run >/dev/null 2>&1 || true
  jcmd "$1" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9 || true
}

log "emulator on 127.0.0.1:$emulator_port"
"$emulator_bin" --host=127.0.0.1 --port="$emulator_port" >"$workdir/emulator.log" 2>&1 &
pids+=($!)
await_http "http://127.0.0.1:$emulator_port/v1/projects/$project/topics" 180
curl -sf -X PUT "http://127.0.0.1:$emulator_port/v1/projects/$project/topics/$topic" >/dev/null
curl -sf -X PUT -H 'Content-Type: application/json' \
  -d "{\"topic\":\"projects/$project/topics/$topic\",\"ackDeadlineSeconds\":60}" \
  "http://127.0.0.1:$emulator_port/v1/projects/$project/subscriptions/$subscription" >/dev/null

log "fake randomuser.me on 127.0.0.1:$fake_port (shared fixtures)"
fixtures=${FIXTURES_DIR:-$(cd "$root/.." && pwd)/shared/fixtures/randomuser}
[[ -d "$fixtures" ]] || fixtures=/work/shared/fixtures/randomuser
java bench/FakeRandomUser.java "$fake_port" "$fixtures" >"$workdir/fake-randomuser.log" 2>&1 &
pids+=($!)
await_http "http://127.0.0.1:$fake_port/stats" 180

start_pipeline() {
  local args=(--source=pubsub "--inputSubscription=projects/$project/subscriptions/$subscription"
    "--pubsubRootUrl=http://127.0.0.1:$emulator_port" --sink=jdbc "--jdbcUrl=$warehouse_url"
    --windowSize=60s --allowedLateness=5m --earlyFiringInterval=5s)
  if [[ $runner == flink ]]; then
    args+=(--runner=FlinkRunner '--flinkMaster=[local]' --checkpointingInterval=10000 --fasterCopy=true)
  else
    args+=(--runner=DirectRunner "--drainSignalFile=$workdir/drain")
  fi
  java -Xmx1g -jar "$pipeline_jar" "${args[@]}" >>"$workdir/pipeline.log" 2>&1 &
  pipeline_pid=$!
  pids+=("$pipeline_pid")
}
log "pipeline ($runner runner)"
start_pipeline

log "ingest-service on 127.0.0.1:$ingest_port"
java -Xmx512m -XX:+UseParallelGC -jar "$ingest_jar" \
  --server.port="$ingest_port" --server.address=127.0.0.1 \
  --management.server.port="$ingest_mgmt_port" --management.server.address=127.0.0.1 \
  --spring.cloud.gcp.project-id="$project" \
  --spring.cloud.gcp.pubsub.emulator-host="127.0.0.1:$emulator_port" \
  --demostream.security.api-token="$token" \
  --demostream.ingest.topic="$topic" \
  --demostream.ingest.randomuser.base-url="http://127.0.0.1:$fake_port/api/" \
  >"$workdir/ingest.log" 2>&1 &
ingest_pid=$!
pids+=("$ingest_pid")
await_http "http://127.0.0.1:$ingest_mgmt_port/actuator/health" 300

results=500
requests_per_second=$(awk -v r="$rate" -v n="$results" 'BEGIN { printf "%.3f", r / n }')
log "ingest: randomuser, $rate users/s ($results per request), $minutes min"
curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"source\":\"randomuser\",\"resultsPerRequest\":$results,\"requestsPerSecond\":$requests_per_second,\"durationSeconds\":$((minutes * 60))}" \
  "http://127.0.0.1:$ingest_port/api/v1/ingestion/start" >"$workdir/ingest-start.json"

status() { curl -sf --max-time 20 "http://127.0.0.1:$ingest_port/api/v1/ingestion" || echo '{}'; }
published() { status | grep -o '"messagesPublished":[0-9]*' | tr -dc 0-9 || true; }

echo "elapsed_s,pipeline_heap_kib,ingest_heap_kib,published" >"$workdir/heap.csv"
duration=$((minutes * 60))
fault_log="$workdir/faults.log"
: >"$fault_log"
inject() { # name at_second
  case "$1" in
    api-503 | api-429)
      curl -sf -X POST "http://127.0.0.1:$fake_port/fault?status=${1#api-}&seconds=30" >/dev/null
      sleep 10
      echo "$(date -u +%FT%TZ) $1 for 30 s; ingest while it lasts: $(status)" >>"$fault_log"
      ;;
    pipeline-kill)
      kill -9 "$pipeline_pid" 2>/dev/null || true
      echo "$(date -u +%FT%TZ) pipeline-kill: kill -9 $pipeline_pid, restarting" >>"$fault_log"
      start_pipeline
      ;;
  esac
}
IFS=, read -r -a fault_list <<<"$faults"
next_fault=0
t0=$(date +%s)
while true; do
  elapsed=$(($(date +%s) - t0))
  state=$(status | grep -o '"state":"[A-Z_]*"' | cut -d'"' -f4 || true)
  if ((next_fault < ${#fault_list[@]})) &&
    ((elapsed >= duration * (next_fault + 1) / (${#fault_list[@]} + 1))); then
    log "fault: ${fault_list[$next_fault]}"
    inject "${fault_list[$next_fault]}"
    next_fault=$((next_fault + 1))
  fi
  echo "$elapsed,$(heap_kib "$pipeline_pid"),$(heap_kib "$ingest_pid"),$(published)" >>"$workdir/heap.csv"
  log "state=${state:-?} published=$(published) $(tail -1 "$workdir/heap.csv")"
  if [[ $state != RUNNING && $state != STARTING ]] && ((elapsed > 30)); then
    break
  fi
  if ((elapsed > duration + 600)); then
    echo "soak: ingestion did not end within 10 minutes of its duration" >&2
    exit 1
  fi
  sleep 30
done
total=$(published)
log "ingestion ended: $total users published; $(status)"

# Wait until the warehouse has every published user (counted or dead-lettered) or stops moving.
counted_sql="SELECT COALESCE(SUM(users),0) FROM latest_window_summary"
last=-1
stable=0
deadline=$(($(date +%s) + 900))
while (($(date +%s) < deadline)); do
  counted=$(sql "$counted_sql")
  dead=$(sql "SELECT COUNT(*) FROM dead_letter")
  seen=$((${counted:-0} + ${dead:-0}))
  log "warehouse: $counted counted + $dead dead-lettered = $seen of $total"
  if ((seen == last)); then stable=$((stable + 1)); else stable=0; fi
  last=$seen
  if ((seen >= total && stable >= 2)) || ((stable >= 6)); then
    break
  fi
  sleep 15
done
if [[ $runner == direct ]]; then
  log "draining the pipeline"
  touch "$workdir/drain"
  wait "$pipeline_pid" || true
fi
counted=$(sql "$counted_sql")
dead=$(sql "SELECT COUNT(*) FROM dead_letter")
elapsed_total=$(($(date +%s) - started))
{
  echo "runner=$runner minutes=$minutes rate=$rate faults=$faults"
  echo "published=$total counted=$counted dead_lettered=$dead"
  echo "fake_api=$(curl -sf "http://127.0.0.1:$fake_port/stats" || echo '?')"
  echo "heap samples (KiB after full GC): $workdir/heap.csv"
} | tee "$workdir/result.txt"
if ((counted + dead == total)); then
  log "RECONCILED: $total published = $counted counted + $dead dead-lettered ($elapsed_total s)"
  log "next: read $workdir/heap.csv and $workdir/faults.log"
  exit 0
fi
log "MISMATCH: $total published != $counted counted + $dead dead-lettered" >&2
exit 1

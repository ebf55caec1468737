#!/usr/bin/env bash
# Runs all of demostream on this machine: the Pub/Sub emulator, ingest-service, control-service (which
# runs the pipeline as a child process) and the embedded H2 warehouse; provisions, starts a run and
# prints the dashboard's address. Needs only a JDK 17 and curl (and, optionally, the gcloud Pub/Sub
# emulator). ./run-local.sh -h for the options.
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)

usage() {
  cat <<'USAGE'
Usage: ./run-local.sh [options]

Starts the Pub/Sub emulator, ingest-service and control-service, provisions the topic, subscription
and warehouse, starts a run and prints where the dashboard is. Ctrl-C stops ingestion, drains the
pipeline and stops everything it started.

Options:
  --source randomuser|synthetic  where users come from (default: randomuser.me if it answers within
                                 5 s, else the synthetic generator)
  --users-per-second N           ingestion rate (default 20: a demo's pace, 1,200 users a minute;
                                 the Pub/Sub emulator holds about 160 MB per hour of it)
  --scenario NAME                synthetic traffic shaped by a named scenario with its documented
                                 events: flat, daily, weekly, incidents (docs/LOCAL.md); implies
                                 --source synthetic and needs ingest-service (the Pub/Sub emulator)
  --duration M                   a bounded run of M minutes: ingestion stops, the pipeline drains, the
                                 totals published, counted and dead-lettered are printed, and the
                                 script exits 0 only if they reconcile
  --run-minutes M                without --duration: one run after another of M minutes each until
                                 Ctrl-C (default 60); between two, control-service recreates the
                                 emulator's subscription, which frees every message it held, and
                                 this script restarts the emulator it started, which frees the
                                 direct memory its REST adapter keeps
  --keep-emulator                between two runs, do not restart the emulator
  --emulator-heap SIZE           the Pub/Sub emulator's maximum heap when this script starts it,
                                 e.g. 512m, 2g (default 1g); control-service warns from 70 % of it
  --runner flink|direct          the local pipeline engine (default flink)
  --window SIZE                  window size of the pipeline, e.g. 30s, 1m (default 1m)
  --early-firing SIZE            early pane interval (default 5s)
  --port-offset N                add N to every port below
  --control-port P               control-service API and dashboard (default 8080)
  --control-management-port P    control-service actuator (default 9080)
  --ingest-port P                ingest-service API (default 8081)
  --ingest-management-port P     ingest-service actuator (default 9081)
  --emulator-port P              Pub/Sub emulator, when this script starts it (default 8085)
  --data-dir DIR                 local state: warehouse, logs, tokens (default .demostream)
  --clean                        delete the data directory first and start fresh
  --no-build                     never build; fail if a jar is missing
  -h, --help                     this help

Environment: PUBSUB_EMULATOR_HOST (host:port) uses an emulator that already runs.
USAGE
}

# ---------------------------------------------------------------------------------------------------
# Options
source_opt=""
scenario=""
users_per_second=20
duration=""
run_minutes_opt=60
emulator_heap=1g
restart_emulator_between_runs=true
runner=flink
window=1m
early_firing=5s
port_offset=0
control_port=""
control_mgmt_port=""
ingest_port=""
ingest_mgmt_port=""
emulator_port=""
data_dir=.demostream
clean=false
build=true

fail() {
  echo "run-local: $*" >&2
  exit 2
}
need_value() { [[ $# -ge 2 && -n "$2" ]] || fail "$1 needs a value (see -h)"; }
is_count() { [[ "$1" =~ ^[0-9]+$ ]]; }
in_range() { is_count "$1" && [[ $1 -ge $2 && $1 -le $3 ]]; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --source) need_value "$@"; source_opt=$2; shift 2 ;;
    --users-per-second) need_value "$@"; users_per_second=$2; shift 2 ;;
    --scenario) need_value "$@"; scenario=$2; shift 2 ;;
    --duration) need_value "$@"; duration=$2; shift 2 ;;
    --run-minutes) need_value "$@"; run_minutes_opt=$2; shift 2 ;;
    --emulator-heap) need_value "$@"; emulator_heap=$2; shift 2 ;;
    --keep-emulator) restart_emulator_between_runs=false; shift ;;
    --runner) need_value "$@"; runner=$2; shift 2 ;;
    --window) need_value "$@"; window=$2; shift 2 ;;
    --early-firing) need_value "$@"; early_firing=$2; shift 2 ;;
    --port-offset) need_value "$@"; port_offset=$2; shift 2 ;;
    --control-port) need_value "$@"; control_port=$2; shift 2 ;;
    --control-management-port) need_value "$@"; control_mgmt_port=$2; shift 2 ;;
    --ingest-port) need_value "$@"; ingest_port=$2; shift 2 ;;
    --ingest-management-port) need_value "$@"; ingest_mgmt_port=$2; shift 2 ;;
    --emulator-port) need_value "$@"; emulator_port=$2; shift 2 ;;
    --data-dir) need_value "$@"; data_dir=$2; shift 2 ;;
    --clean) clean=true; shift ;;
    --no-build) build=false; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; fail "unknown option $1" ;;
  esac
done

case "$source_opt" in "" | randomuser | synthetic) ;; *) fail "--source must be randomuser or synthetic" ;; esac
case "$scenario" in "" | flat | daily | weekly | incidents) ;; *) fail "--scenario must be flat, daily, weekly or incidents" ;; esac
if [[ -n "$scenario" ]]; then
  [[ "$source_opt" == randomuser ]] && fail "--scenario shapes the synthetic source: drop --source randomuser"
  source_opt=synthetic
fi
case "$runner" in flink | direct) ;; *) fail "--runner must be flink or direct" ;; esac
in_range "$users_per_second" 1 1000000 || fail "--users-per-second must be a whole number, 1 to 1000000"
if [[ -n "$duration" ]]; then
  in_range "$duration" 1 1440 || fail "--duration must be whole minutes, 1 to 1440"
fi
in_range "$run_minutes_opt" 1 1440 || fail "--run-minutes must be whole minutes, 1 to 1440"
[[ "$emulator_heap" =~ ^[1-9][0-9]*[mg]$ ]] || fail "--emulator-heap must look like 512m or 2g"
# The same size for the emulator's JVM (-Xmx) and for control-service's estimate (a DataSize).
emulator_heap_datasize=$(tr 'mg' 'MG' <<<"$emulator_heap")B
is_count "$port_offset" || fail "--port-offset must be a whole number"
control_port=${control_port:-$((8080 + port_offset))}
control_mgmt_port=${control_mgmt_port:-$((9080 + port_offset))}
ingest_port=${ingest_port:-$((8081 + port_offset))}
ingest_mgmt_port=${ingest_mgmt_port:-$((9081 + port_offset))}
emulator_port=${emulator_port:-$((8085 + port_offset))}
control_api="http://127.0.0.1:$control_port/api/v1"
for port in "$control_port" "$control_mgmt_port" "$ingest_port" "$ingest_mgmt_port" "$emulator_port"; do
  in_range "$port" 1 65535 || fail "port $port is not a port number (1 to 65535)"
done

# ---------------------------------------------------------------------------------------------------
# Output helpers: each step says what it does and how long it took.
started_at=$SECONDS
step_started=$SECONDS
step() {
  step_started=$SECONDS
  printf '\n==> %s\n' "$*"
}
done_step() { printf '    done in %ss%s\n' "$((SECONDS - step_started))" "${1:+: $1}"; }
info() { printf '    %s\n' "$*"; }

# ---------------------------------------------------------------------------------------------------
# Cleanup: whatever this script started is stopped, in order, on every exit.
emulator_pid=""
emulator_container=""
ingest_pid=""
control_pid=""
run_id=""
job_id=""
cleaned=false

cleanup() {
  $cleaned && return
  cleaned=true
  trap - INT TERM
  # Nothing started yet (a bad option, a taken port): nothing to say.
  [[ -n "$emulator_pid$emulator_container$ingest_pid$control_pid" ]] || return 0
  step "Stopping"
  if [[ -n "$control_pid" ]] && kill -0 "$control_pid" 2>/dev/null; then
    wind_down
  fi
  stop_process "control-service" "$control_pid"
  stop_process "ingest-service" "$ingest_pid"
  # A pipeline child the control-service could not stop: every local pipeline has the data dir in
  # its command line.
  if [[ -n "${abs_data_dir:-}" ]] && pgrep -f -- "$abs_data_dir/" >/dev/null 2>&1; then
    info "stopping pipeline processes still running under $abs_data_dir"
    pkill -f -- "$abs_data_dir/" 2>/dev/null || true
    wait_gone_pattern "$abs_data_dir/" 15 || pkill -9 -f -- "$abs_data_dir/" 2>/dev/null || true
  fi
  stop_process "Pub/Sub emulator" "$emulator_pid"
  if [[ -n "$emulator_container" ]]; then
    docker stop "$emulator_container" >/dev/null 2>&1 || true
  fi
  done_step "nothing left running"
}

on_interrupt() {
  echo
  echo "run-local: interrupted: stopping ingestion, draining the pipeline, stopping the services"
  cleanup
  exit 0
}
trap on_interrupt INT TERM
trap cleanup EXIT

stop_process() {
  local name=$1 pid=$2
  [[ -n "$pid" ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  info "stopping $name (pid $pid)"
  kill "$pid" 2>/dev/null || true
  # Graceful shutdown (Spring waits for in-flight work); then the hard way.
  local waited=0
  while kill -0 "$pid" 2>/dev/null && [[ $waited -lt 60 ]]; do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    info "$name did not stop within 60 s: killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
}

wait_gone_pattern() {
  local pattern=$1 limit=$2 waited=0
  while pgrep -f -- "$pattern" >/dev/null 2>&1; do
    [[ $waited -ge $limit ]] && return 1
    sleep 1
    waited=$((waited + 1))
  done
}

# ---------------------------------------------------------------------------------------------------
# HTTP and JSON with nothing but curl and the JDK: a tiny JSON path reader compiled once.
json_tool_dir=""
json() {
  # json PATH... < document: prints each path's value on its own line (empty when absent).
  java -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$json_tool_dir" JsonPath "$@"
}

build_json_tool() {
  json_tool_dir="$abs_data_dir/tools"
  [[ -f "$json_tool_dir/JsonPath.class" && "$json_tool_dir/JsonPath.class" -nt "$0" ]] && return 0
  mkdir -p "$json_tool_dir"
  cat >"$json_tool_dir/JsonPath.java" <<'JAVA'
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;

/** Reads JSON on stdin; prints the value at each dotted path (a.b.0.c; * joins a list's values). */
public class JsonPath {
  private final String s;
  private int i;

  JsonPath(String s) { this.s = s; }

  public static void main(String[] args) throws IOException {
    String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    Object root = text.isBlank() ? null : new JsonPath(text).value();
    for (String path : args) {
      System.out.println(render(at(root, path.isEmpty() ? new String[0] : path.split("\\."), 0)));
    }
  }

  static Object at(Object node, String[] path, int k) {
    if (k == path.length || node == null) return node;
    if (path[k].equals("*") && node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object o : list) out.add(at(o, path, k + 1));
      return out;
    }
    if (node instanceof Map<?, ?> map) return at(map.get(path[k]), path, k + 1);
    if (node instanceof List<?> list && path[k].matches("\\d+")) {
      int n = Integer.parseInt(path[k]);
      return n < list.size() ? at(list.get(n), path, k + 1) : null;
    }
    return null;
  }

  static String render(Object v) {
    if (v == null) return "";
    if (v instanceof List<?> list) {
      StringJoiner j = new StringJoiner(" ");
      for (Object o : list) j.add(render(o));
      return j.toString();
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString(d.longValue());
    return v.toString();
  }

  Object value() {
    ws();
    char c = s.charAt(i);
    switch (c) {
      case '{': {
        Map<String, Object> m = new LinkedHashMap<>();
        i++; ws();
        if (s.charAt(i) == '}') { i++; return m; }
        while (true) {
          ws(); String k = string(); ws(); i++; // ':'
          m.put(k, value()); ws();
          if (s.charAt(i++) == '}') return m;
        }
      }
      case '[': {
        List<Object> l = new ArrayList<>();
        i++; ws();
        if (s.charAt(i) == ']') { i++; return l; }
        while (true) {
          l.add(value()); ws();
          if (s.charAt(i++) == ']') return l;
        }
      }
      case '"': return string();
      case 't': i += 4; return Boolean.TRUE;
      case 'f': i += 5; return Boolean.FALSE;
      case 'n': i += 4; return null;
      default: {
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
        return Double.parseDouble(s.substring(start, i));
      }
    }
  }

  String string() {
    StringBuilder b = new StringBuilder();
    i++; // opening quote
    while (true) {
      char c = s.charAt(i++);
      if (c == '"') return b.toString();
      if (c != '\\') { b.append(c); continue; }
      char e = s.charAt(i++);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> { b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; }
        default -> b.append(e);
      }
    }
  }

  void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }
}
JAVA
  javac -d "$json_tool_dir" "$json_tool_dir/JsonPath.java"
}

# api METHOD URL [BODY]: sets http_status and http_body (no subshell, so the caller sees both).
http_status=""
http_body=""
api() {
  local method=$1 url=$2 body=${3:-} out
  out=$(mktemp)
  local args=(-sS -o "$out" -w '%{http_code}' -X "$method" --max-time 30 -H "Authorization: Bearer $CONTROL_TOKEN")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' -d "$body")
  http_status=$(curl "${args[@]}" "$url" 2>/dev/null) || http_status=000
  http_body=$(cat "$out")
  rm -f "$out"
}

port_in_use() { (: <>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_ready() {
  # wait_ready NAME PID URL LOG LIMIT
  local name=$1 pid=$2 url=$3 log=$4 limit=$5 waited=0
  until curl -fsS --max-time 2 "$url" >/dev/null 2>&1; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "run-local: $name exited during start-up; the end of its log ($log):" >&2
      tail -n 30 "$log" >&2 || true
      exit 1
    fi
    if [[ $waited -ge $limit ]]; then
      echo "run-local: $name not ready after ${limit}s; the end of its log ($log):" >&2
      tail -n 30 "$log" >&2 || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# Following the run: print each step as it changes, then where everything is.
last_steps=""
run_state=""
follow_run() {
  api GET "$control_api/runs/$run_id"
  [[ $http_status == 200 ]] || return 0
  local fields
  fields=$(printf '%s' "$http_body" | json state jobId steps.*.name steps.*.state)
  run_state=$(sed -n 1p <<<"$fields")
  job_id=$(sed -n 2p <<<"$fields")
  local names states current
  read -r -a names <<<"$(sed -n 3p <<<"$fields")"
  read -r -a states <<<"$(sed -n 4p <<<"$fields")"
  current=""
  for k in "${!names[@]}"; do
    current+="${names[$k]}=${states[$k]:-} "
  done
  if [[ "$current" != "$last_steps" ]]; then
    for k in "${!names[@]}"; do
      if [[ " $last_steps " != *" ${names[$k]}=${states[$k]:-} "* && ${states[$k]:-PENDING} != PENDING ]]; then
        printf '    [%4ss] %-20s %s\n' "$((SECONDS - started_at))" "${names[$k]}" "${states[$k]}"
      fi
    done
    last_steps=$current
  fi
}

wind_down() {
  # Stop ingestion and drain the pipeline through the control plane, waiting for the end.
  if [[ -n "$run_id" ]]; then
    follow_run
    case "$run_state" in SUCCEEDED | FAILED | CANCELLED | STOPPED) return 0 ;; esac
    info "stopping run $run_id: ingestion stops, the pipeline drains (POST /api/v1/runs/$run_id/stop)"
    api POST "$control_api/runs/$run_id/stop"
    local waited=0
    while [[ $waited -lt 300 ]]; do
      follow_run
      case "$run_state" in SUCCEEDED | FAILED | CANCELLED | STOPPED) break ;; esac
      sleep 2
      waited=$((waited + 2))
    done
    info "run $run_id ended $run_state"
  elif [[ -n "$job_id" ]]; then
    info "draining job $job_id (POST /api/v1/jobs/$job_id/drain)"
    api POST "$control_api/jobs/$job_id/drain"
  fi
}

# ---------------------------------------------------------------------------------------------------
step "Checking the machine"
command -v java >/dev/null || fail "no java on PATH: install a JDK 17"
command -v javac >/dev/null || fail "no javac on PATH: install a JDK 17 (a JRE is not enough to build)"
command -v curl >/dev/null || fail "no curl on PATH"
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[[ "${java_major%%.*}" -ge 17 ]] 2>/dev/null || fail "Java 17 or newer is needed; java here is $java_major"
taken=()
for port in "$control_port" "$control_mgmt_port" "$ingest_port" "$ingest_mgmt_port"; do
  port_in_use "$port" && taken+=("$port")
done
if [[ -z "${PUBSUB_EMULATOR_HOST:-}" ]] && port_in_use "$emulator_port"; then taken+=("$emulator_port"); fi
if [[ ${#taken[@]} -gt 0 ]]; then
  fail "port(s) ${taken[*]} already in use on this machine: stop what uses them, or pick others with --port-offset N (or --control-port ...)"
fi
done_step "Java $java_major, ports $control_port $control_mgmt_port $ingest_port $ingest_mgmt_port free"

if $clean && [[ -d "$data_dir" ]]; then
  step "Deleting $data_dir (--clean)"
  rm -rf "$data_dir"
  done_step
fi
mkdir -p "$data_dir/logs"
abs_data_dir=$(cd "$data_dir" && pwd)
logs="$abs_data_dir/logs"

# ---------------------------------------------------------------------------------------------------
ingest_jar=ingest-service/target/ingest-service.jar
control_jar=control-service/target/control-service.jar
pipeline_jar=pipeline/target/pipeline-bundled.jar
if [[ ! -f $ingest_jar || ! -f $control_jar || ! -f $pipeline_jar ]]; then
  $build || fail "a jar is missing and --no-build was given: build with ./mvnw -B package -DskipTests"
  step "Building the jars (./mvnw -B -q package -DskipTests; the first build downloads dependencies)"
  ./mvnw -B -q package -DskipTests >"$logs/build.log" 2>&1 || {
    tail -n 40 "$logs/build.log" >&2
    fail "the build failed; its log is $logs/build.log"
  }
  done_step "$ingest_jar, $control_jar, $pipeline_jar"
fi
build_json_tool

# Tokens for the two APIs, made once per data directory and kept there (never printed).
if [[ ! -f "$abs_data_dir/tokens.env" ]]; then
  umask 077
  {
    echo "INGEST_TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
    echo "CONTROL_TOKEN=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
  } >"$abs_data_dir/tokens.env"
  umask 022
fi
# shellcheck disable=SC1091
. "$abs_data_dir/tokens.env"

# ---------------------------------------------------------------------------------------------------
# gcloud's emulator as a child of this script. The launcher passes JAVA_OPTS to the emulator's JVM: an
# explicit heap rather than a quarter of the machine, so that control-service's warning comes before
# the emulator runs out.
start_gcloud_emulator() {
  JAVA_OPTS="-Xmx$emulator_heap" "$emulator_bin" --host=127.0.0.1 --port="$emulator_port" >>"$logs/pubsub-emulator.log" 2>&1 &
  emulator_pid=$!
  wait_ready "Pub/Sub emulator" "$emulator_pid" "http://127.0.0.1:$emulator_port/" "$logs/pubsub-emulator.log" 60
}

step "Finding a Pub/Sub emulator"
emulator_host=""
emulator_started=false
# A container's limit: the heap, plus as much again for direct buffers, threads and gcloud (at least 512 MB).
docker_memory_limit() {
  local mb=${1%[mg]}
  [[ $1 == *g ]] && mb=$((mb * 1024))
  echo "$((mb * 2 > mb + 512 ? mb * 2 : mb + 512))m"
}
if [[ -n "${PUBSUB_EMULATOR_HOST:-}" ]]; then
  emulator_host=$PUBSUB_EMULATOR_HOST
  curl -fsS --max-time 3 "http://$emulator_host/" >/dev/null 2>&1 || fail "PUBSUB_EMULATOR_HOST=$emulator_host does not answer"
  done_step "using PUBSUB_EMULATOR_HOST=$emulator_host"
else
  emulator_bin=""
  for candidate in \
    "$(command -v gcloud >/dev/null 2>&1 && dirname "$(dirname "$(readlink -f "$(command -v gcloud)" 2>/dev/null || command -v gcloud)")")/platform/pubsub-emulator/bin/cloud-pubsub-emulator" \
    /usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator \
    /usr/share/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator \
    "$HOME/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator"; do
    if [[ -x "$candidate" ]]; then
      emulator_bin=$candidate
      break
    fi
  done
  if [[ -n "$emulator_bin" ]]; then
    start_gcloud_emulator
    emulator_host=127.0.0.1:$emulator_port
    emulator_started=true
    done_step "gcloud's emulator on $emulator_host (pid $emulator_pid, heap $emulator_heap)"
  elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    emulator_container=demostream-pubsub-$$
    docker run -d --rm --name "$emulator_container" -p "127.0.0.1:$emulator_port:8085" \
      -e JAVA_OPTS="-Xmx$emulator_heap" --memory "$(docker_memory_limit "$emulator_heap")" \
      gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators \
      gcloud beta emulators pubsub start --host-port=0.0.0.0:8085 >/dev/null
    emulator_host=127.0.0.1:$emulator_port
    wait_ready "Pub/Sub emulator (Docker)" "" "http://$emulator_host/" "/dev/null" 120
    emulator_started=true
    done_step "the emulator in Docker on $emulator_host"
  else
    info "No Pub/Sub emulator found: neither PUBSUB_EMULATOR_HOST, nor gcloud's emulator"
    info "(gcloud components install pubsub-emulator, or apt-get install google-cloud-cli-pubsub-emulator),"
    info "nor a running Docker engine. The pipeline generates users itself instead (its synthetic"
    info "source), without ingest-service, so the dashboard still fills."
    [[ -z "$scenario" ]] || fail "--scenario needs ingest-service, hence a Pub/Sub emulator (see above)"
    done_step "synthetic pipeline, no emulator"
  fi
fi

# ---------------------------------------------------------------------------------------------------
# Which source: ingest-service's randomuser.me or synthetic generator.
source=$source_opt
if [[ -n "$emulator_host" && -z "$source" ]]; then
  step "Choosing the source"
  if curl -fsS --max-time 5 'https://randomuser.me/api/?results=1' >/dev/null 2>&1; then
    source=randomuser
    done_step "randomuser.me answers: using it (--source synthetic to use the generator)"
  else
    source=synthetic
    done_step "randomuser.me does not answer within 5 s: using the synthetic generator"
  fi
fi

common_env=(SPRING_CLOUD_GCP_PROJECTID=demo-project)
[[ -n "$emulator_host" ]] && common_env+=(SPRING_CLOUD_GCP_PUBSUB_EMULATORHOST="$emulator_host")

# Both services start side by side: the JVMs' start-up is most of the wait.
services="control-service"
[[ -n "$emulator_host" ]] && services="ingest-service and control-service"
step "Starting $services (logs in $logs)"
if [[ -n "$emulator_host" ]]; then
  env "${common_env[@]}" \
    SERVER_PORT="$ingest_port" MANAGEMENT_SERVER_PORT="$ingest_mgmt_port" \
    DEMOSTREAM_SECURITY_APITOKEN="$INGEST_TOKEN" \
    java -XX:+UseParallelGC -Xmx512m -jar "$ingest_jar" >"$logs/ingest-service.log" 2>&1 &
  ingest_pid=$!
fi
control_env=(
  SERVER_PORT="$control_port" MANAGEMENT_SERVER_PORT="$control_mgmt_port"
  DEMOSTREAM_SECURITY_APITOKEN="$CONTROL_TOKEN"
  DEMOSTREAM_INGEST_URL="http://127.0.0.1:$ingest_port" DEMOSTREAM_INGEST_APITOKEN="$INGEST_TOKEN"
  DEMOSTREAM_LAUNCHER=local DEMOSTREAM_LOCAL_RUNNER="$runner"
  DEMOSTREAM_LOCAL_DATADIR="$abs_data_dir/data" DEMOSTREAM_LOCAL_PIPELINEJAR="$ROOT/$pipeline_jar"
)
if $emulator_started; then
  control_env+=(DEMOSTREAM_LOCAL_EMULATOR_HEAP="$emulator_heap_datasize")
fi
if [[ -z "$emulator_host" ]]; then
  control_env+=(DEMOSTREAM_LOCAL_SOURCE=synthetic DEMOSTREAM_LOCAL_EXTRAARGS="--eventsPerSecond=$users_per_second")
fi
mkdir -p "$abs_data_dir/data"
env "${common_env[@]}" "${control_env[@]}" \
  java -Xmx768m -jar "$control_jar" >"$logs/control-service.log" 2>&1 &
control_pid=$!
if [[ -n "$ingest_pid" ]]; then
  wait_ready ingest-service "$ingest_pid" "http://127.0.0.1:$ingest_mgmt_port/actuator/health/readiness" "$logs/ingest-service.log" 180
  info "ingest-service ready on :$ingest_port after $((SECONDS - step_started))s (pid $ingest_pid)"
fi
wait_ready control-service "$control_pid" "http://127.0.0.1:$control_mgmt_port/actuator/health/readiness" "$logs/control-service.log" 180
info "control-service ready on :$control_port after $((SECONDS - step_started))s (pid $control_pid), pipeline runner $runner"
done_step


# ---------------------------------------------------------------------------------------------------
job_body="{\"windowSize\":\"$window\",\"earlyFiringInterval\":\"$early_firing\"}"
if [[ -n "$emulator_host" ]]; then
  step "Provisioning the topic, subscription and warehouse (PUT /api/v1/resources)"
  api PUT "$control_api/resources"
  [[ $http_status == 2* ]] || fail "provisioning answered $http_status: $http_body"
  done_step "$(printf '%s' "$http_body" | json resources.*.name | tr ' ' ',')"

  run_minutes=${duration:-$run_minutes_opt}
  if [[ $source == synthetic ]]; then
    rate_fields="\"usersPerSecond\":$users_per_second"
    [[ -n "$scenario" ]] && rate_fields+=",\"scenario\":{\"name\":\"$scenario\"}"
  else
    per_request=$((users_per_second < 5000 ? users_per_second : 5000))
    rate_fields="\"resultsPerRequest\":$per_request,\"requestsPerSecond\":$(awk "BEGIN{print $users_per_second/$per_request}")"
  fi
  run_length="until Ctrl-C, in runs of $run_minutes minute(s)"
  [[ -n "$duration" ]] && run_length="$duration minute(s)"
  scenario_note=""
  [[ -n "$scenario" ]] && scenario_note=", scenario $scenario (its injected events: GET /api/v1/runs/{id} .scenario)"
  step "Starting a run: $source source at $users_per_second users/s, $run_length$scenario_note"
  run_body="{\"durationMinutes\":$run_minutes,\"source\":\"$source\",$rate_fields,\"job\":$job_body}"
  api POST "$control_api/runs" "$run_body"
  [[ $http_status == 2* ]] || fail "starting the run answered $http_status: $http_body"
  run_id=$(printf '%s' "$http_body" | json id)
  done_step "run $run_id"
else
  step "Starting the pipeline on its synthetic source (POST /api/v1/jobs)"
  api POST "$control_api/jobs" "$job_body"
  [[ $http_status == 2* ]] || fail "starting the job answered $http_status: $http_body"
  job_id=$(printf '%s' "$http_body" | json id)
  done_step "job $job_id"
fi

# ---------------------------------------------------------------------------------------------------
print_where() {
  cat <<WHERE

demostream is running.
  Dashboard        http://localhost:$control_port/
  Control API      http://localhost:$control_port/api/v1  (OpenAPI: /v3/api-docs, UI: /swagger-ui.html)
  Ingest API       http://localhost:$ingest_port/api/v1/ingestion
  Metrics          http://localhost:$control_mgmt_port/actuator/prometheus, http://localhost:$ingest_mgmt_port/actuator/prometheus
  API tokens       $abs_data_dir/tokens.env (CONTROL_TOKEN, INGEST_TOKEN)
  Logs             $logs/

Push users of your own (randomuser.me's shape; one object, an array, or NDJSON), counted with the rest:
  (. $abs_data_dir/tokens.env && curl -sS -X POST -H "Authorization: Bearer \$INGEST_TOKEN" \\
    -H 'Content-Type: application/json' -H 'Idempotency-Key: try-1' \\
    -d '[{"gender":"female","dob":{"age":34},"registered":{"age":5},"location":{"country":"Norway"}}]' \\
    http://localhost:$ingest_port/api/v1/events)

Alert when a 20 s window has fewer than 50 users (docs/ALERTS.md; the strip on the dashboard shows it):
  (. $abs_data_dir/tokens.env && curl -sS -X POST -H "Authorization: Bearer \$CONTROL_TOKEN" -H 'Content-Type: application/json' \
    -d '{"name":"traffic-drop","metric":"users","condition":{"type":"below","threshold":50,"recover":80},"severity":"warning","notify":["pubsub"]}' \
    http://localhost:$control_port/api/v1/alert-rules)
WHERE
  if [[ -n "$duration" ]]; then
    echo "The run ends by itself after $duration minute(s); Ctrl-C stops it earlier."
  else
    echo "Stop with Ctrl-C: ingestion stops, the pipeline drains, every process this script started ends."
  fi
}

if [[ -n "$run_id" ]]; then
  step "Waiting for the pipeline to run and ingestion to start"
  waited=0
  until [[ " $last_steps " == *" start-ingestion=SUCCEEDED "* ]]; do
    follow_run
    case "$run_state" in
      FAILED | CANCELLED | STOPPED)
        api GET "$control_api/runs/$run_id"
        fail "the run ended $run_state before ingestion started: $(printf '%s' "$http_body" | json error)"
        ;;
    esac
    [[ $waited -lt 300 ]] || fail "ingestion had not started after 300 s; logs in $logs"
    sleep 2
    waited=$((waited + 2))
  done
  done_step
fi
print_where

# ---------------------------------------------------------------------------------------------------
# Between two runs of an until-Ctrl-C session: the ended run's totals, then, once control-service
# recreated the emulator's subscription (a reconciled run, nothing in flight), the next run. Starting
# it earlier would keep the subscription, and every message it holds, for another run.
next_run() {
  api GET "$control_api/runs/$run_id"
  read -r published counted dead <<<"$(printf '%s' "$http_body" | json summary.published summary.counted summary.deadLettered | tr '\n' ' ')"
  info "run $run_id ended $run_state: published ${published:-?}, counted ${counted:-?}, dead-lettered ${dead:-?}"
  local waited=0 recycles
  while [[ $waited -lt 60 ]]; do
    api GET "$control_api/local/emulator"
    recycles=$(printf '%s' "$http_body" | json recycles)
    [[ "${recycles:-0}" -gt "$recycled" ]] && break
    sleep 2
    waited=$((waited + 2))
  done
  if [[ "${recycles:-0}" -gt "$recycled" ]]; then
    recycled=$recycles
    info "the emulator's subscription was recreated: what it held is freed"
    restart_emulator
  else
    info "the emulator's subscription was kept ($(printf '%s' "$http_body" | json message)); see docs/LOCAL.md"
  fi
  api POST "$control_api/runs" "$run_body"
  [[ $http_status == 2* ]] || fail "starting the next run answered $http_status: $http_body"
  run_id=$(printf '%s' "$http_body" | json id)
  last_steps=""
  info "run $run_id started ($run_minutes minute(s))"
}

# Between two runs, with nothing in flight (the subscription was just recreated): a restart of the
# emulator this script started frees the direct memory its REST adapter never returns (about 100 MB
# an hour, docs/BENCHMARKS.md EM5), which nothing else frees; the next run provisions its topics and
# subscriptions again. --keep-emulator, or an emulator this script did not start, skips it.
restart_emulator() {
  $restart_emulator_between_runs || return 0
  if [[ -n "$emulator_pid" ]]; then
    stop_process "Pub/Sub emulator" "$emulator_pid"
    start_gcloud_emulator
  elif [[ -n "$emulator_container" ]]; then
    docker restart "$emulator_container" >/dev/null
    wait_ready "Pub/Sub emulator (Docker)" "" "http://127.0.0.1:$emulator_port/" "/dev/null" 120
  else
    return 0
  fi
  info "the emulator was restarted (its direct memory is freed; --keep-emulator keeps it)"
}

if [[ -z "$duration" ]]; then
  # Until Ctrl-C: a status line now and then, and one run after another.
  recycled=0
  while true; do
    sleep 10
    kill -0 "$control_pid" 2>/dev/null || fail "control-service exited; its log is $logs/control-service.log"
    [[ -n "$run_id" ]] && follow_run
    if [[ -n "$run_id" && $run_state =~ ^(SUCCEEDED|FAILED|CANCELLED|STOPPED)$ ]]; then
      next_run
    fi
    api GET "$control_api/insights/summary"
    total=$(printf '%s' "$http_body" | json totalUsers)
    printf '    [%4ss] users counted so far: %s\n' "$((SECONDS - started_at))" "${total:-0}"
  done
fi

# A bounded run: wait for the end, then reconcile.
step "Running for $duration minute(s), then draining"
deadline=$((SECONDS + duration * 60 + 600))
if [[ -n "$run_id" ]]; then
  until [[ $run_state =~ ^(SUCCEEDED|FAILED|CANCELLED|STOPPED)$ ]]; do
    [[ $SECONDS -lt $deadline ]] || fail "the run had not ended 10 minutes after its duration; logs in $logs"
    sleep 3
    follow_run
  done
else
  sleep $((duration * 60))
  wind_down
  while api GET "$control_api/jobs/$job_id" && [[ ! "$(printf '%s' "$http_body" | json state)" =~ ^(DONE|DRAINED|CANCELLED|FAILED)$ ]]; do
    [[ $SECONDS -lt $deadline ]] || fail "the job had not ended 10 minutes after its duration; logs in $logs"
    sleep 3
  done
fi
done_step "run ended $run_state"

step "Reconciling"
reconciled=false
if [[ -n "$run_id" ]]; then
  api GET "$control_api/runs/$run_id"
  read -r published counted dead <<<"$(printf '%s' "$http_body" | json summary.published summary.counted summary.deadLettered | tr '\n' ' ')"
  info "published     ${published:-?}"
  info "counted       ${counted:-?}"
  info "dead-lettered ${dead:-?}"
  if [[ -n "$published" && -n "$counted" && -n "$dead" && $published -eq $((counted + dead)) && $run_state == SUCCEEDED ]]; then
    reconciled=true
  fi
else
  api GET "$control_api/insights/summary"
  counted=$(printf '%s' "$http_body" | json totalUsers)
  info "counted       ${counted:-?} (synthetic pipeline: nothing was published through Pub/Sub)"
  [[ -n "$counted" && $counted -gt 0 ]] && reconciled=true
fi
api GET "$control_api/insights/summary"
total=$(printf '%s' "$http_body" | json totalUsers)
info "insights API  totalUsers ${total:-?}"
if $reconciled; then
  done_step "published = counted + dead-lettered"
else
  done_step "DOES NOT RECONCILE (logs in $logs)"
fi
cleanup
echo
echo "Finished in $((SECONDS - started_at))s. Run ./run-local.sh again to start another run (the warehouse is kept in $data_dir; --clean starts fresh)."
$reconciled

#!/usr/bin/env bash
# End-to-end throughput and freshness of the local stack, as a user runs it: ./run-local.sh with the
# synthetic source (ingest-service -> Pub/Sub emulator -> pipeline -> H2 warehouse, driven through
# control-service), then the warehouse's own record of when each pane landed. Exits non-zero unless
# the run reconciled (published = counted + dead-lettered). See docs/BENCHMARKS.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bench/e2e.sh [options]

  --users-per-second N   ingest rate (default 5000)
  --minutes M            how long ingest publishes (default 3)
  --window SIZE          window size (default 10s; early panes every 5 s)
  --runner R             flink or direct (default flink)
  --warm-up SECONDS      windows ending this long after the first one are left out of the
                         steady-state figures (default 60)
  --port-offset N        passed to run-local.sh (default 1500)
  --data-dir DIR         passed to run-local.sh, started clean (default target/e2e)
  -h, --help             this message

Prints: users published and counted, the rate ingest sustained, how long the drain took to empty
the subscription (a pipeline that kept up drains in seconds), and the on-time pane's lag after its
window's end (p50 / p95 / max), for every window and for the steady state after the warm-up.
Needs what run-local.sh needs, plus the H2 jar in ~/.m2 (any build of the project fetches it).
USAGE
}

rate=5000
minutes=3
window=10s
runner=flink
warmup=60
offset=1500
data_dir=target/e2e
while [[ $# -gt 0 ]]; do
  case "$1" in
    --users-per-second) rate=$2; shift 2 ;;
    --minutes) minutes=$2; shift 2 ;;
    --window) window=$2; shift 2 ;;
    --runner) runner=$2; shift 2 ;;
    --warm-up) warmup=$2; shift 2 ;;
    --port-offset) offset=$2; shift 2 ;;
    --data-dir) data_dir=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "e2e: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
h2_jar=$(find ~/.m2/repository/com/h2database/h2 -name 'h2-2.*.jar' 2>/dev/null | sort | tail -1)
if [[ -z "$h2_jar" ]]; then
  echo "e2e: no H2 jar in ~/.m2; build once with ./mvnw -B -q package -DskipTests" >&2
  exit 2
fi
case "$data_dir" in /*) ;; *) data_dir=$root/$data_dir ;; esac
mkdir -p "$(dirname "$data_dir")"
log=$data_dir.log

echo "e2e: ./run-local.sh at $rate users/s for $minutes min, $window windows, runner $runner"
echo "e2e: its output goes to $log"
status=0
./run-local.sh --source synthetic --users-per-second "$rate" --duration "$minutes" \
  --window "$window" --early-firing 5s --runner "$runner" --port-offset "$offset" \
  --data-dir "$data_dir" --clean >"$log" 2>&1 || status=$?

sed -n '/==> Reconciling/,/done in/p' "$log"
step_seconds() { # step name, state: the elapsed-seconds column of that step's line
  grep -E "\] $1 +$2" "$log" | head -1 | sed -E 's/^ *\[ *([0-9]+)s\].*/\1/'
}
ingest_from=$(step_seconds start-ingestion SUCCEEDED)
ingest_to=$(step_seconds stop-ingestion SUCCEEDED)
drain_from=$(step_seconds drain-job RUNNING)
drain_to=$(step_seconds drain-job SUCCEEDED)
published=$(grep -E '^ +published ' "$log" | awk '{print $2}')
if [[ -n "$ingest_from" && -n "$ingest_to" && -n "$published" && $ingest_to -gt $ingest_from ]]; then
  echo "    ingest sustained $((published / (ingest_to - ingest_from))) users/s" \
    "(asked $rate; step times are to the second)"
fi
if [[ -n "$drain_from" && -n "$drain_to" ]]; then
  echo "    drain (subscription emptied, windows flushed) $((drain_to - drain_from)) s"
fi

sql() {
  java -cp "$h2_jar" org.h2.tools.Shell -url "jdbc:h2:file:$data_dir/data/warehouse" \
    -user "" -password "" -sql "$1" 2>/dev/null
}
lags="select window_end, min(datediff('MILLISECOND', window_end, emitted_at)) lag_ms
  from window_summary where pane_timing = 'ON_TIME' group by window_end"
percentiles="count(*) windows,
  cast(percentile_cont(0.5) within group (order by lag_ms) as bigint) p50_ms,
  cast(percentile_cont(0.95) within group (order by lag_ms) as bigint) p95_ms, max(lag_ms) max_ms"
if [[ -f "$data_dir/data/warehouse.mv.db" ]]; then
  echo "    on-time pane after its window's end, every window:"
  sql "select $percentiles from ($lags)" | sed 's/^/      /'
  echo "    the same after the first ${warmup} s of windows (steady state):"
  sql "select $percentiles from ($lags) where window_end >
    (select min(window_end) from window_summary) + ${warmup} * interval '1' second" |
    sed 's/^/      /'
fi
if ((status != 0)); then
  echo "e2e: run-local.sh exited $status (see $log)" >&2
fi
exit "$status"

#!/usr/bin/env bash
# CI smoke test of the README's run command: a bounded synthetic run through the whole local stack.
# Fails unless the run reconciles (published = counted + dead-lettered), the insights API reports
# that total, both services' /actuator/prometheus expose demostream series while it runs, and no
# process the script started is left afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

offset=${SMOKE_PORT_OFFSET:-700}
data_dir=$(mktemp -d /tmp/demostream-smoke.XXXXXX)
log="$data_dir.log"
control_mgmt=$((9080 + offset))
ingest_mgmt=$((9081 + offset))
failures=()

echo "== smoke: ./run-local.sh --source synthetic --duration 2 --port-offset $offset --data-dir $data_dir"
./run-local.sh --source synthetic --duration 2 --port-offset "$offset" --data-dir "$data_dir" --no-build \
  >"$log" 2>&1 &
script_pid=$!

# While the run is on: both metrics endpoints expose demostream series.
check_metrics() {
  local name=$1 port=$2 body
  body=$(curl -fsS --max-time 5 "http://127.0.0.1:$port/actuator/prometheus" 2>/dev/null) || return 1
  grep -q '^demostream_' <<<"$body" || return 1
  echo "   $name exposes $(grep -c '^demostream_' <<<"$body") demostream series on :$port/actuator/prometheus"
}
control_ok=false
ingest_ok=false
for _ in $(seq 1 300); do
  $control_ok || { check_metrics control-service "$control_mgmt" && control_ok=true; } || true
  $ingest_ok || { check_metrics ingest-service "$ingest_mgmt" && ingest_ok=true; } || true
  { $control_ok && $ingest_ok; } && break
  kill -0 "$script_pid" 2>/dev/null || break
  sleep 2
done
$control_ok || failures+=("control-service's /actuator/prometheus exposed no demostream series")
$ingest_ok || failures+=("ingest-service's /actuator/prometheus exposed no demostream series")

script_status=0
wait "$script_pid" || script_status=$?
sed 's/^/   | /' "$log"
[[ $script_status -eq 0 ]] || failures+=("run-local.sh exited $script_status (0 only when the run reconciles)")

published=$(sed -n 's/^ *published *\([0-9][0-9]*\).*/\1/p' "$log" | tail -1)
total=$(sed -n 's/^ *insights API *totalUsers *\([0-9][0-9]*\).*/\1/p' "$log" | tail -1)
if [[ -z "$published" || "$published" == 0 ]]; then
  failures+=("no users were published")
elif [[ "$total" != "$published" ]]; then
  failures+=("the insights API reports ${total:-nothing} users, ingest-service published $published")
fi

# Nothing the script started may be left: no process under its data dir, no listener on its ports.
if pgrep -f -- "$data_dir" >/dev/null 2>&1; then
  failures+=("processes left: $(pgrep -af -- "$data_dir" | head -3)")
fi
for port in $((8080 + offset)) $((8081 + offset)) "$control_mgmt" "$ingest_mgmt" $((8085 + offset)); do
  if (: <>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then failures+=("port $port still in use"); fi
done

rm -rf "$data_dir" "$log"
if [[ ${#failures[@]} -gt 0 ]]; then
  printf '== smoke FAILED: %s\n' "${failures[@]}"
  exit 1
fi
echo "== smoke passed: $published users published, counted and reported by the insights API"

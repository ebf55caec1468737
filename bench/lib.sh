#!/usr/bin/env bash
# What bench/soak.sh and bench/emulator-soak.sh share; sourced, not run. The caller defines log and
# fail, and sets data (the local launcher's data folder), control_port and control_token.

need_value() { [[ $# -ge 2 && -n "$2" ]] || fail "$1 needs a value (see -h)"; }
in_range() { [[ "$1" =~ ^[0-9]+$ ]] && (($1 >= $2 && $1 <= $3)); }

# shellcheck disable=SC2317  # called by the callers' traps
stop_pid() { # name pid
  [[ -n "$2" ]] && kill -0 "$2" 2>/dev/null || return 0
  kill "$2" 2>/dev/null || true
  local waited=0
  while kill -0 "$2" 2>/dev/null && ((waited < 30)); do
    sleep 1
    waited=$((waited + 1))
  done
  kill -0 "$2" 2>/dev/null && { log "$1 did not stop within 30 s: kill -9"; kill -9 "$2" 2>/dev/null || true; }
  return 0
}

# The pipeline processes of this soak: every one has this soak's data folder in its command line.
# shellcheck disable=SC2317,SC2154  # data is the caller's
pipeline_pids() { pgrep -f -- "--metricsFile=$data/jobs/" || true; }

# shellcheck disable=SC2154  # control_token and control_port are the caller's
control() { # METHOD PATH [BODY]: prints the body; non-zero unless 2xx
  local args=(-sS --fail-with-body --max-time 30 -X "$1" -H "Authorization: Bearer $control_token")
  [[ $# -ge 3 ]] && args+=(-H 'Content-Type: application/json' -d "$3")
  curl "${args[@]}" "http://127.0.0.1:$control_port/api/v1$2" 2>/dev/null
}

# shellcheck disable=SC2317  # called by the callers' traps
stop_run() { # run-id seconds: a run still going is stopped through the API, so its pipeline drains
  local state waited=0
  state=$(control GET "/runs/$1" | jq -r '.state // empty' 2>/dev/null || true)
  [[ $state == RUNNING || $state == STOPPING ]] || return 0
  log "stopping run $1 (ingestion stops, the pipeline drains)"
  control POST "/runs/$1/stop" >/dev/null || true
  while ((waited < $2)); do
    state=$(control GET "/runs/$1" | jq -r '.state // empty' 2>/dev/null || true)
    [[ $state == RUNNING || $state == STOPPING ]] || break
    sleep 2
    waited=$((waited + 2))
  done
}

heap_kib() { # pid -> KiB of live objects (the class histogram, which runs a full GC first), or empty
  # Not jstat's used heap after jcmd GC.run: by the time jstat has started, a busy JVM has refilled part of
  # its eden with garbage (measured: 35 MiB of 115 on the emulator at 20 users/s).
  [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null || return 0
  jcmd "$1" GC.class_histogram 2>/dev/null | awk '$1 == "Total" { printf "%d", $3 / 1024 }'
}

#!/usr/bin/env bash
# Starts a private, throwaway PostgreSQL server for the tests on a free loopback port and prints the
# variable the tests read: DEMOSTREAM_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres
#
#   eval "$(.ci/postgres.sh start)"   # start, export the URL
#   .ci/postgres.sh stop              # stop it and delete its data
#
# Uses Debian's postgresql package (apt-get install postgresql); the server runs as the postgres
# user (initdb refuses root) with trust authentication on 127.0.0.1 only.
set -euo pipefail

dir="${DEMOSTREAM_PG_DIR:-/tmp/demostream-test-pg}"
bin="$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1)"

usage() { echo "usage: $0 start|stop" >&2; exit 2; }
[[ $# -eq 1 ]] || usage
[[ -x "$bin/pg_ctl" ]] || { echo "echo 'no PostgreSQL server installed (apt-get install postgresql)' >&2"; exit 0; }

as_pg() { if [[ $(id -u) -eq 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "$1" in
  start)
    if [[ -f "$dir/port" ]] && as_pg "'$bin/pg_ctl' -D '$dir/data' status" >/dev/null 2>&1; then
      port=$(cat "$dir/port")
    else
      rm -rf "$dir"; mkdir -p "$dir"
      [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
      port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
      as_pg "'$bin/initdb' -D '$dir/data' -U postgres -A trust >'$dir/initdb.log' 2>&1"
      as_pg "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o '-h 127.0.0.1 -p $port -k $dir' start >/dev/null"
      echo "$port" > "$dir/port"
    fi
    echo "export DEMOSTREAM_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:$port/postgres?user=postgres'"
    ;;
  stop)
    if [[ -d "$dir/data" ]]; then
      as_pg "'$bin/pg_ctl' -D '$dir/data' -m fast stop" >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *) usage ;;
esac

#!/usr/bin/env bash
# A recording stand-in for gcloud, bq, kubectl, docker, curl, helm and mvnw (DeployScriptTests links it
# under each name). It appends its name and arguments, tab-separated, to $STAND_IN_LOG and answers
# the least deploy/gcp.sh needs:
#   existence checks (describe, show, get without an output format) fail with "not found" when
#   STAND_IN_MODE=fresh, so every create happens, and succeed when STAND_IN_MODE=existing;
#   the reads whose output the script parses get a plausible value.
set -euo pipefail

name=$(basename "$0")
line=$name
for arg in "$@"; do
  line+=$'\t'$arg
done
printf '%s\n' "$line" >>"$STAND_IN_LOG"

args=" $* "
formatted=false
[[ $args == *" --format="* || $args == *" -o "* ]] && formatted=true

not_found() {
  echo "ERROR: (stand-in) NOT_FOUND: $name $*" >&2
  exit 1
}

case $name in
  gcloud)
    if [[ $args == *" vpc-peerings list "* ]]; then
      [[ $STAND_IN_MODE == existing ]] && echo "servicenetworking-googleapis-com"
      exit 0
    fi
    if [[ $args == *"currentMasterVersion"* ]]; then
      echo "${STAND_IN_KUBERNETES_VERSION:-1.33.5-gke.1080000}"
      exit 0
    fi
    if [[ $args == *"ipAddresses"* ]]; then
      echo "10.20.0.3"
      exit 0
    fi
    if [[ $args == *" describe "* ]] && ! $formatted; then
      [[ $STAND_IN_MODE == existing ]] || not_found "$@"
    fi
    ;;
  bq)
    if [[ $args == *" show "* ]]; then
      [[ $STAND_IN_MODE == existing ]] || not_found "$@"
    fi
    ;;
  kubectl)
    if [[ $args == *" port-forward "* ]]; then
      exec sleep 60
    fi
    if [[ $args == *"jsonpath={.data.control-api-token}"* ]]; then
      printf '%s' "c3RhbmQtaW4tdG9rZW4=" # "stand-in-token"
      exit 0
    fi
    if [[ $args == *"jsonpath={.status.addresses"* ]]; then
      printf '%s' "203.0.113.7"
      exit 0
    fi
    if [[ $args == *" get "* ]] && ! $formatted; then
      [[ $STAND_IN_MODE == existing ]] || not_found "$@"
    fi
    ;;
  curl)
    echo '{"resources":[]}'
    ;;
esac
# Commands fed on stdin (secrets, headers) must not block.
if [[ ! -t 0 ]]; then
  cat >/dev/null || true
fi
exit 0

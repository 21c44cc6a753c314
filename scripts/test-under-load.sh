#!/usr/bin/env bash
# The suite's robustness check (issue #22): `npm test` RUNS times in a row (default 3) in this checkout while two busy
# loops keep both cores of a 2-core machine saturated at the suite's own priority. Stops at the first failing run.
# Each run's log is test-artifacts/under-load-N.log; one line per run says its status and length.
#
# Usage: bash scripts/test-under-load.sh [RUNS] [DEADLINE]
#   DEADLINE (optional): seconds since the epoch. A run still going then is stopped, both labs are taken down and
#   their directories removed, and the script exits 124: for a machine that must be free again by a given time.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
deadline=${2:-}
mkdir -p test-artifacts

busy_loops=()
for _ in 1 2; do
  sh -c 'while :; do :; done' &
  busy_loops+=($!)
done
stop_loops() { kill "${busy_loops[@]}" 2>/dev/null; }
trap stop_loops EXIT
echo "test-under-load: two busy loops running (pids ${busy_loops[*]}) on $(nproc) cores"

# stop_run PID: the run and everything it started, then both labs (the run's own EXIT trap may not have had the time).
stop_run() {
  kill -- "-$1" 2>/dev/null
  local waited=0
  while kill -0 "$1" 2>/dev/null && [ "$waited" -lt 60 ]; do sleep 1; waited=$((waited + 1)); done
  kill -9 -- "-$1" 2>/dev/null
  bash lab/down.sh > /dev/null 2>&1
  LAB_BACKEND=ovn bash lab/down.sh > /dev/null 2>&1
  rm -rf "${LAB_DIR:-/tmp/netxray-lab}" "${NETXRAY_OVN_LAB_DIR:-/tmp/netxray-ovnlab}"
}

for run in $(seq 1 "$runs"); do
  log=test-artifacts/under-load-$run.log
  start=$(date +%s)
  setsid npm test > "$log" 2>&1 &
  pid=$!
  status=
  while kill -0 "$pid" 2>/dev/null; do
    if [ -n "$deadline" ] && [ "$(date +%s)" -ge "$deadline" ]; then
      stop_run "$pid"
      status=124
      break
    fi
    sleep 5
  done
  if [ -z "$status" ]; then
    wait "$pid"
    status=$?
  fi
  summary=$(tail -n 1 "$log")
  echo "test-under-load: run $run of $runs: exit $status after $(( $(date +%s) - start )) s: $summary"
  [ "$status" = 0 ] || exit "$status"
done
echo "test-under-load: $runs runs in a row passed"

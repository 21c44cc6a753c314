#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, type-checks, lints, checks the layering (dependency-cruiser)
# and runs every test. As root
# (what the lab needs), it then brings up the project's OpenStack lab, runs the live suites against it
# (lab topology, live trace/scan collection and analysis, every fault kind, teardown), then the read-only
# suites once more on a lab with the iptables_hybrid firewall driver, then the ML2/OVN lab (LAB_BACKEND=ovn) with its
# live and fault suites, and always takes both down again. NETXRAY_SKIP_LAB=1 leaves the lab out. Ends with one line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm run --silent typecheck
npm run --silent lint
npm run --silent layers
mkdir -p test-artifacts
rm -f test-artifacts/vitest-*.json
status=0
vitest() {
  local report=$1
  shift
  npx vitest run --reporter=default --reporter=json --outputFile.json="test-artifacts/vitest-$report.json" "$@" || status=1
}

# Unit, accuracy, browser and recorded-fixture tests; the live lab suites skip themselves here.
vitest unit

# lab_up LOG [VAR=VALUE...]: bring the lab up, logging to LOG. A start that fails (seen once: a DHCP port of the sample
# topology never ACTIVE) is shown, the half-started lab taken down and the start tried once more from scratch: the
# lab is the test bench, not the product under test, and every live suite still runs against a lab that came up whole.
lab_up() {
  local log=$1; shift
  env "$@" bash lab/up.sh > "$log" 2>&1 && return 0
  echo "netxray test: the lab did not start; last lines of $log, then one more try from scratch:"
  tail -n 30 "$log"
  local dir=${ovs_lab_dir:-/tmp/netxray-lab}; [[ " $* " == *" LAB_BACKEND=ovn "* ]] && dir=$ovn_lab_dir
  cp -r "$dir/log" "$log.lab-logs" 2>/dev/null || true   # the daemons' logs, for the post-mortem
  env "$@" bash lab/down.sh >> "$log.down" 2>&1 || true
  env "$@" bash lab/up.sh > "$log" 2>&1
}

if [ "$(id -u)" = 0 ] && [ "${NETXRAY_SKIP_LAB:-0}" != 1 ]; then
  # Each lab in its own directory: a LAB_DIR the user set is the ML2/OVS lab's; the ML2/OVN lab's is
  # NETXRAY_OVN_LAB_DIR (where its tests look), so the two never share one.
  ovs_lab_dir=${LAB_DIR:-/tmp/netxray-lab}
  ovn_lab_dir=${NETXRAY_OVN_LAB_DIR:-/tmp/netxray-ovnlab}
  export NETXRAY_OVN_LAB_DIR=$ovn_lab_dir
  # Both labs down at the end, whatever happened; their daemons' logs kept under test-artifacts, their directories
  # (~250 MB each: databases, images) removed: the suite leaves no temporary files behind.
  lab_down_and_remove() {
    local dir=$1 name=$2; shift 2
    env "$@" bash lab/down.sh > "test-artifacts/$name-down.log" 2>&1 || true
    [ -d "$dir/log" ] && { rm -rf "test-artifacts/$name-logs"; cp -r "$dir/log" "test-artifacts/$name-logs" 2>/dev/null || true; }
    [ -d "$dir" ] && [ ! -e "$dir/run/pids" ] && rm -rf "$dir"
    return 0
  }
  trap 'lab_down_and_remove "$ovs_lab_dir" lab LAB_DIR="$ovs_lab_dir"; lab_down_and_remove "$ovn_lab_dir" lab-ovn LAB_BACKEND=ovn LAB_DIR="$ovn_lab_dir"' EXIT
  echo "netxray test: starting the OpenStack lab (log: test-artifacts/lab-up.log)"
  if lab_up test-artifacts/lab-up.log; then
    # Read-only suites first, on the healthy lab; then the fault suite; the teardown suite stops the lab.
    NETXRAY_LAB=1 vitest lab-live --no-file-parallelism test/lab/lab.test.ts test/collect/*.lab.test.ts test/trace/live.lab.test.ts test/trace/walk.lab.test.ts test/scan/scan.lab.test.ts test/sos/sos.lab.test.ts
    NETXRAY_LAB=1 vitest lab-faults --no-file-parallelism test/lab/faults.test.ts test/trace/walk-faults.lab.test.ts test/trace/expected-faults.lab.test.ts
    NETXRAY_LAB=1 NETXRAY_LAB_TEARDOWN=1 vitest lab-teardown test/lab/teardown.test.ts
    # The other firewall driver: the read-only suites again on a lab plugged the hybrid way (tap-qbr-qvb-qvo).
    echo "netxray test: starting the lab with firewall_driver iptables_hybrid (log: test-artifacts/lab-up-hybrid.log)"
    if lab_up test-artifacts/lab-up-hybrid.log LAB_FIREWALL=iptables_hybrid; then
      NETXRAY_LAB=1 vitest lab-live-hybrid --no-file-parallelism test/lab/lab.test.ts test/collect/*.lab.test.ts test/trace/live.lab.test.ts test/scan/scan.lab.test.ts test/sos/sos.lab.test.ts
    else
      echo "netxray test: the iptables_hybrid lab did not start; last lines of test-artifacts/lab-up-hybrid.log:"
      tail -n 60 test-artifacts/lab-up-hybrid.log
      status=1
    fi
  else
    echo "netxray test: the lab did not start; last lines of test-artifacts/lab-up.log:"
    tail -n 60 test-artifacts/lab-up.log
    status=1
  fi
  bash lab/down.sh > test-artifacts/lab-down.log 2>&1 || true   # frees the machine for the OVN lab
  # The ML2/OVN lab (its own LAB_DIR, ports and namespaces): topology, live trace, its faults, teardown.
  echo "netxray test: starting the ML2/OVN lab (log: test-artifacts/lab-up-ovn.log)"
  if lab_up test-artifacts/lab-up-ovn.log LAB_BACKEND=ovn LAB_DIR="$ovn_lab_dir"; then
    # one vitest run per step: vitest orders the files of one run by its cache, and the read-only suites must see
    # the lab before any fault has touched it
    NETXRAY_OVN_LAB=1 vitest ovn-lab-live --no-file-parallelism test/lab/ovnLab.lab.test.ts test/lab/ovnTrace.lab.test.ts
    NETXRAY_OVN_LAB=1 vitest ovn-lab-trace-faults test/lab/ovnTraceFaults.lab.test.ts
    NETXRAY_OVN_LAB=1 vitest ovn-lab-faults test/lab/ovnFaults.lab.test.ts
    NETXRAY_OVN_LAB=1 NETXRAY_OVN_LAB_TEARDOWN=1 vitest ovn-teardown test/lab/ovnTeardown.lab.test.ts
  else
    echo "netxray test: the ML2/OVN lab did not start; last lines of test-artifacts/lab-up-ovn.log:"
    tail -n 60 test-artifacts/lab-up-ovn.log
    status=1
  fi
else
  echo "netxray test: lab suites left out (they need root; NETXRAY_SKIP_LAB=${NETXRAY_SKIP_LAB:-0})"
fi

node scripts/test-summary.mjs test-artifacts/vitest-*.json
exit "$status"

#!/bin/bash
# lab/lib/ovn/record.sh - record the running, healthy ML2/OVN lab into test/fixtures/ovn-lab/ (LAB_BACKEND=ovn
# lab/record; lab/record hands over here), the files test/trace/_ovnLab.ts serves to the ML2/OVN backend's tests:
#   ovn/ovnnb.db, ovn/ovnsb.db    ovsdb-client backup of the NB and SB (standalone OVSDB files)
#   nodeN/conf.db                 ovsdb-client backup of node N's Open_vSwitch database
#   nodeN/ip-link.json            `ip -j -d link show` in node N's namespace (the collector's own command)
#   api/*.json                    Neutron and Nova REST answers, admin, all projects (lab/py/ovn_record_api.py)
# then healthy-scan.snapshot.json again from the new files (NETXRAY_RECORD_OVN=1 test/trace/ovnTrace.test.ts).
# LAB_RECORD_DIR writes elsewhere (and skips the snapshot, which lives beside the fixture only). Refuses while a
# fault is injected; fails if a password or token is in any file. Read-only against the lab.
set -euo pipefail
export LAB_BACKEND=ovn
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
[ -f "$L/env.sh" ] && lab_is_running || die "no running ML2/OVN lab at $L (LAB_BACKEND=ovn npm run lab:up)"
. "$L/env.sh"
[ -z "$(ls "$L/run/faults" 2>/dev/null)" ] || die "faults are injected: LAB_BACKEND=ovn lab/fault undo-all first"
REPO=$(cd "$NXLAB_HOME/.." && pwd)
OUT=${LAB_RECORD_DIR:-$REPO/test/fixtures/ovn-lab}
T0=$(date +%s)
TMP=$(mktemp -d "$OUT.new.XXXXXX"); trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP"/{ovn,node1,node2,api}
ovsdb-client --timeout=60 backup "$OVN_NB_DB" OVN_Northbound > "$TMP/ovn/ovnnb.db"
ovsdb-client --timeout=60 backup "$OVN_SB_DB" OVN_Southbound > "$TMP/ovn/ovnsb.db"
for n in 1 2; do
  ovsdb-client --timeout=60 backup "unix:$L/data/ovs$n/db.sock" Open_vSwitch > "$TMP/node$n/conf.db"
  onnode $n ip -j -d link show > "$TMP/node$n/ip-link.json"
done
$PY "$NXLAB_HOME/py/ovn_record_api.py" "$TMP/api"
if grep -rlaE "gAAAAA[A-Za-z0-9_=-]{20}|$OS_PASSWORD|demo-pass|nxlab-db|nxlab-metadata|(nova|neutron|glance|placement)-pass" "$TMP"; then
  die "a secret is in the files above: nothing written"
fi
# replace the recorded files only (README.md and the snapshot stay)
mkdir -p "$OUT"
for d in ovn node1 node2 api; do rm -rf "${OUT:?}/$d"; mv "$TMP/$d" "$OUT/$d"; done
echo "recorded to $OUT in $(( $(date +%s) - T0 )) s"
if [ -z "${LAB_RECORD_DIR:-}" ]; then
  (cd "$REPO" && NETXRAY_RECORD_OVN=1 npx vitest run test/trace/ovnTrace.test.ts -t 'recorded scan snapshot' > "$L/log/record-snapshot.log" 2>&1) \
    || fail_log "$L/log/record-snapshot.log" "the scan snapshot of the new recording failed"
  echo "healthy-scan.snapshot.json rewritten from the new recording"
fi

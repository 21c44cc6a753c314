#!/bin/bash
# lab/lib/ovn/down.sh - stop the ML2/OVN lab (LAB_BACKEND=ovn lab/down.sh hands over here) and remove
# what it created, nothing else:
#   * processes: the daemons recorded in $L/run/pids (PID + start time), processes carrying the lab's
#     NXLAB_TAG, and their descendants (lab/py/procs.py) - never anything of the ML2/OVS lab;
#   * the namespaces nxlab-ovn-node1/2 (listed in $L/run/netns): every OVS/OVN device of the lab lives
#     in them and goes with them; nothing was created in the root namespace;
#   * the bind mounts $L/data/netns-node1/2 (listed in $L/run/mounts) that hold the metadata agents'
#     ovnmeta-<network> namespaces (lab/lib/ovn/nodes.sh, start_ovn_metadata_agent), and those namespaces.
# Also cleans up after a failed start. LAB_WIPE=1 also deletes $L's data and logs.
set -uo pipefail
export LAB_BACKEND=ovn
. "$(dirname "${BASH_SOURCE[0]}")/../common.sh"
. "$NXLAB_HOME/lib/nodes.sh"
[ -d "$L/run" ] || { echo "lab/down.sh: no lab at $L"; exit 0; }
T0=$(date +%s.%N)

stop_lab_processes

# namespaces: only the ones this lab made (run/netns) and only by their OVN-lab names
mapfile -t made < <(cat "$L/run/netns" 2>/dev/null)
for ns in "${made[@]}"; do
  case $ns in "$NXLAB_NS1"|"$NXLAB_NS2") ip netns delete "$ns" 2>/dev/null;; esac
done

# the metadata agents' /run/netns stand-ins and the ovnmeta-* namespaces under them (lib/nodes.sh)
unmount_netns_views

rm -rf "$L/run/pids" "$L/run/tag" "$L/run/netns" "$L/run/mounts"
[ "${LAB_WIPE:-0}" = 1 ] && rm -rf "$L"/{data,log,run,etc,bin}
echo "lab/down.sh: ML2/OVN lab at $L stopped ($(awk -v a="$(date +%s.%N)" -v b="$T0" 'BEGIN{printf "%.1f", a-b}') s)"

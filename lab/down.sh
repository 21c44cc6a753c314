#!/bin/bash
# lab/down.sh - stop the netxray lab and remove what it created, nothing else:
#   * processes: the daemons recorded in $L/run/pids (PID + start time), processes carrying the
#     lab's NXLAB_TAG, and their descendants (lab/py/procs.py);
#   * network namespaces nxlab-node2, qrouter-<id>, qdhcp-<id>, with DVR also snat-<router id> and
#     fip-<network id> (ids read from the lab's DB); node 2's own (DVR: its L3 agent's) under the bind
#     mount $L/data/netns-node2 (lib/nodes.sh node_netns_view), unmounted;
#   * devices: every interface of the lab's two OVS databases (the netdev datapath leaves tap
#     devices behind when vswitchd exits), tap/qbr/qvb/qvo/qr-/qg-/sg-/fg- devices of the lab's ports,
#     rfp-/fpr- veths of its routers, ovs-netdev if the lab created it;
#   * iptables: neutron-* chains (and jumps to them) that were not there before up.sh;
#   * the /run/openvswitch symlink if up.sh made it.
# Also used to clean up after a failed up.sh. LAB_WIPE=1 also deletes $L's data and logs.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
. "$NXLAB_HOME/lib/nodes.sh"
if [ "$NXLAB_BACKEND" = ovn ]; then exec bash "$NXLAB_HOME/lib/ovn/down.sh" "$@"; fi   # the ML2/OVN lab
[ -d "$L/run" ] || { echo "lab/down.sh: no lab at $L"; exit 0; }
T0=$(date +%s)

# 1. names of kernel objects, while the DB and the OVSDBs still answer
NS=() DEVS=()
if [ -S "$L/run/mysql.sock" ]; then
  q() { mariadb --socket="$L/run/mysql.sock" -uroot -N -B -e "$1" 2>/dev/null; }
  # DVR (neutron/agent/l3/dvr_snat_ns.py, dvr_fip_ns.py, dvr_local_router.py): snat-<router>, fip-<external
  # network>, the rfp-/fpr- veth of a router ((rfp- + router id)[:14], DEV_NAME_LEN), sg-/fg- ports
  for r in $(q 'SELECT id FROM neutron.routers'); do NS+=("qrouter-$r" "snat-$r"); DEVS+=("rfp-${r:0:10}" "fpr-${r:0:10}"); done
  for n in $(q 'SELECT id FROM neutron.networks'); do NS+=("qdhcp-$n" "fip-$n"); done
  for p in $(q 'SELECT id FROM neutron.ports'); do
    s=${p:0:11}; DEVS+=("tap$s" "qbr$s" "qvb$s" "qvo$s" "qr-$s" "qg-$s" "sg-$s" "fg-$s")
  done
fi
[ -S "$L/data/ovs1/db.sock" ] && DEVS+=($(ovs1 ovs-vsctl --timeout=5 --bare --columns=name list Interface 2>/dev/null))
[ -f "$L/run/netns2" ] && NS+=("$NXLAB_NS2")
ip netns list | grep -qw "$NXLAB_NS2" && [ -f "$L/run/tag" ] && NS+=("$NXLAB_NS2")
[ -f "$L/run/extra-devices" ] && DEVS+=($(cat "$L/run/extra-devices"))

# 2. daemons, newest first, politely; then whatever belongs to the lab, firmly (lib/common.sh)
stop_lab_processes

# 3. namespaces and devices
for ns in "${NS[@]}"; do ip netns delete "$ns" 2>/dev/null; done
unmount_netns_views   # DVR: node 2's qrouter-/fip- namespaces go with their bind mounts
for d in "${DEVS[@]}"; do ip link show "$d" >/dev/null 2>&1 && ip link delete "$d" 2>/dev/null; done
for d in br-int br-tun br-ex; do ip link show $d >/dev/null 2>&1 && ip link delete $d 2>/dev/null; done  # up.sh refused if present
[ -f "$L/run/owns-ovs-netdev" ] && ip link delete ovs-netdev 2>/dev/null
[ -f "$L/run/owns-run-openvswitch" ] && [ "$(readlink /run/openvswitch)" = "$L/data/ovs1" ] && rm -f /run/openvswitch

# 4. neutron-* iptables chains in the root namespace (iptables_hybrid firewall of node 1)
for ipt in iptables ip6tables; do
  for t in filter nat mangle raw; do
    before=$(grep -o "^:neutron-[^ ]*" "$L/run/iptables-before.txt" 2>/dev/null | tr -d : )
    chains=$($ipt -t $t -S 2>/dev/null | awk '$1=="-N" && $2 ~ /^neutron-/ {print $2}' | grep -vxF -f <(printf '%s\n' $before '@@none@@'))
    [ -z "$chains" ] && continue
    for c in $chains; do   # jumps from built-in chains first
      $ipt -t $t -S 2>/dev/null | awk -v c="$c" '$1=="-A" && $2 !~ /^neutron-/ && $NF==c' | while read -r _ rule; do
        eval "$ipt -t $t -D $rule" 2>/dev/null; done
    done
    for c in $chains; do $ipt -t $t -F "$c" 2>/dev/null; done
    for c in $chains; do $ipt -t $t -X "$c" 2>/dev/null; done
  done
done

rm -rf "$L/run/pids" "$L/run/tag" "$L/run/netns2" "$L/run/dvr"
[ "${LAB_WIPE:-0}" = 1 ] && rm -rf "$L"/{data,log,run,etc,bin}
echo "lab/down.sh: lab at $L stopped ($(( $(date +%s) - T0 )) s)"

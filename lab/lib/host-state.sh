#!/bin/bash
# lab/lib/host-state.sh - print the parts of this machine's state the lab may touch, normalised,
# so that two snapshots (before lab/up.sh, after lab/down.sh) can be diffed:
# network namespaces, network devices of the root namespace, iptables/ip6tables chains,
# TCP listeners on the lab's ports, /run/openvswitch.
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# the ML2/OVN lab's namespaces (lab/lib/ovn/settings.sh) are left out: that lab may start or stop beside this one
echo "## netns"; ip netns list 2>/dev/null | awk '{print $1}' | grep -v '^nxlab-ovn-node[12]$' | sort
echo "## links"; ip -o link show 2>/dev/null | awk -F': ' '{sub(/@.*/, "", $2); print $2}' | sort
echo "## iptables chains"
for ipt in iptables ip6tables; do for t in filter nat mangle raw; do
  $ipt -t $t -S 2>/dev/null | awk -v p="$ipt/$t" '$1=="-N" || $1=="-P" {print p, $1, $2}'
done; done | sort
echo "## iptables jumps to neutron chains"
for ipt in iptables ip6tables; do for t in filter nat mangle raw; do
  $ipt -t $t -S 2>/dev/null | grep -E -- '-j neutron-' | sed "s|^|$ipt/$t |"
done; done | sort
echo "## listeners on lab ports"
for p in $ALL_PORTS; do ss -Hltn "sport = :$p" 2>/dev/null | awk -v p=$p '{print p, $4}'; done | sort
echo "## /run/openvswitch"; readlink /run/openvswitch 2>/dev/null || { [ -e /run/openvswitch ] && echo exists || echo absent; }

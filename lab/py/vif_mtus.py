#!/usr/bin/python3
"""lab/py/vif_mtus.py - prints `HOST TAP MTU` for every instance port: the tap os-vif made and its network's MTU.

The ML2/OVN lab's nodes run the userspace datapath, where OVS owns an internal port's MTU: os-vif's `ip link set mtu`
is undone and the tap stays at 1500 on the 1442 Geneve network. lab/lib/ovn/nodes.sh asks OVS instead (mtu_request).
Needs the admin OS_* variables (lab/env.sh)."""

from labconn import connect

conn = connect('admin')
mtus = {n.id: n.mtu for n in conn.network.networks()}
for p in conn.network.ports():
    if (p.device_owner or '').startswith('compute:') and p.binding_host_id and mtus.get(p.network_id):
        print(p.binding_host_id, 'tap' + p.id[:11], mtus[p.network_id])

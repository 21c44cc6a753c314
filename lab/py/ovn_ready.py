#!/usr/bin/python3
"""ovn_ready.py [TIMEOUT] - block until every instance port of the ML2/OVN lab is wired end to end:
Neutron port ACTIVE with a binding host; its NB Logical_Switch_Port `up`; its SB Port_Binding claimed by
the chassis whose hostname is that binding host; and, on that node's OVS, the Interface with
external_ids:iface-id=<port> carries external_ids:ovn-installed="true" (set by ovn-controller once its
flows are in: ovn-controller(8)); and the node serves the port's network metadata: the OVN metadata agent's
namespace ovnmeta-<network id> (kept in the node's METADIR, lab/lib/ovn/nodes.sh) has haproxy listening on
169.254.169.254:80 (neutron/agent/ovn/metadata/agent.py, provision_datapath). Polls the real state each
second; exit 1 with what is missing after TIMEOUT (default 180 s).
env: OS_* (admin), OVN_NB_DB, OVN_SB_DB, NXLAB_OVN_NODES="host=netns=ovsdb-socket=METADIR ..."."""
import json
import os
import subprocess
import sys
import time

from labconn import connect

timeout = float(sys.argv[1]) if len(sys.argv) > 1 else 180
NODES = {h: (ns, sock, metadir) for h, ns, sock, metadir in (n.split('=') for n in os.environ['NXLAB_OVN_NODES'].split())}
METADATA_LISTENER = '169.254.169.254:80'


def serves_metadata(metadir, network_id):
    """haproxy of the OVN metadata agent listens in ovnmeta-<network id> on that node"""
    ns = os.path.join(metadir, 'ovnmeta-' + network_id)
    if not os.path.exists(ns):
        return False
    out = subprocess.run(['nsenter', '--net=' + ns, 'ss', '-Hltn', 'sport = :80'], capture_output=True, text=True, timeout=20)
    return out.returncode == 0 and METADATA_LISTENER in out.stdout


def rows(cmd):
    """ovn-nbctl/ovn-sbctl/ovs-vsctl --format=json list ...: a list of {column: python value}."""
    out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=20).stdout)
    return [dict(zip(out['headings'], (value(c) for c in r))) for r in out['data']]


def value(cell):
    if isinstance(cell, list) and cell and cell[0] == 'map':
        return {k: value(v) for k, v in cell[1]}
    if isinstance(cell, list) and cell and cell[0] == 'set':
        return [value(v) for v in cell[1]]
    if isinstance(cell, list) and cell and cell[0] == 'uuid':
        return cell[1]
    return cell


def single(v):  # an optional column is an empty set when unset
    return None if v == [] else v


def missing():
    conn = connect()
    ports = [p for p in conn.network.ports() if (p.device_owner or '').startswith('compute:')]
    if not ports:
        return ['no instance ports yet']
    lsps = {r['name']: r for r in rows(['ovn-nbctl', '--format=json', 'list', 'Logical_Switch_Port'])}
    chassis = {r['_uuid']: r['hostname'] for r in rows(['ovn-sbctl', '--format=json', 'list', 'Chassis'])}
    bindings = {r['logical_port']: r for r in rows(['ovn-sbctl', '--format=json', 'list', 'Port_Binding'])}
    ifaces = {}
    for host, (ns, sock, _) in NODES.items():
        for r in rows(['ip', 'netns', 'exec', ns, 'ovs-vsctl', '--db=unix:' + sock, '--format=json',
                       '--columns=name,external_ids', 'list', 'Interface']):
            iface_id = r['external_ids'].get('iface-id')
            if iface_id:
                ifaces[(host, iface_id)] = r
    gaps = []
    for p in ports:
        host = p.binding_host_id
        lsp, pb = lsps.get(p.id), bindings.get(p.id)
        iface = ifaces.get((host, p.id))
        if p.status != 'ACTIVE':
            gaps.append('%s: neutron status %s' % (p.id, p.status))
        if host not in NODES:
            gaps.append('%s: binding host %r is not a lab node' % (p.id, host))
        if lsp is None or single(lsp['up']) is not True:
            gaps.append('%s: NB LSP %s' % (p.id, 'missing' if lsp is None else 'up=%s' % lsp['up']))
        if pb is None or chassis.get(single(pb['chassis'])) != host:
            gaps.append('%s: SB Port_Binding chassis %s, want %s' % (
                p.id, None if pb is None else chassis.get(single(pb['chassis'])), host))
        if iface is None or iface['external_ids'].get('ovn-installed') != 'true':
            gaps.append('%s: OVS Interface on %s %s' % (p.id, host, 'missing' if iface is None else 'without ovn-installed'))
        if host in NODES and not serves_metadata(NODES[host][2], p.network_id):
            gaps.append('%s: no metadata proxy on %s in ovnmeta-%s' % (p.id, host, p.network_id))
    return gaps


deadline = time.time() + timeout
gaps = ['not checked']
while time.time() < deadline:
    try:
        gaps = missing()
    except Exception as e:  # an API or DB still starting
        gaps = [repr(e)]
    if not gaps:
        print('ovn ready: every instance port ACTIVE, LSP up, bound to its host\'s chassis, ovn-installed, metadata served')
        sys.exit(0)
    time.sleep(1)
print('not ready after %ss:' % timeout)
print('\n'.join(gaps))
sys.exit(1)

#!/usr/bin/python3
"""scale.py N [NETWORKS] | scale.py clean  -- the lab's scale topology (lab/scale wraps this).

Creates NETWORKS (default 24, at least 20) networks in project "scale" (two thirds VXLAN, one third
VLAN on physnet1 from 101 up) with a /24 subnet each (no DHCP, to keep the benchmark about the
OVS ports), then N ports spread round-robin over the networks and the two nodes, all in bulk
requests to the Neutron API (POST /v2.0/networks, /subnets, /ports with a list) with
binding:host_id set, and plugs each into its node's br-int the way the lab's virt driver / os-vif
do (internal port tapXXXXXXXX-XX with iface-id, attached-mac, iface-status, vm-uuid; up).
Waits until Neutron reports every port ACTIVE. Prints timings; lab/scale adds memory figures.
'clean' removes all of it again (OVS ports, Neutron ports, subnets, networks, project)."""
import os
import subprocess
import sys
import time
import uuid

import openstack
from labconn import connect

LAB = os.environ.get('LAB_DIR', '/tmp/netxray-lab')
NODES = ['nxlab-node1', 'nxlab-node2']
OVS_ENV = {n: dict(os.environ, OVS_RUNDIR='%s/data/ovs%d' % (LAB, i + 1), OVS_DBDIR='%s/data/ovs%d' % (LAB, i + 1))
           for i, n in enumerate(NODES)}
NETNS = {'nxlab-node1': None, 'nxlab-node2': 'nxlab-node2'}
OWNER = 'compute:nxlab-scale'
ROUND = int(os.environ.get('LAB_SCALE_ROUND', '50'))
t0 = time.time()


def say(msg):
    print('[scale %6.1fs] %s' % (time.time() - t0, msg), flush=True)


conn = connect()
neutron = conn.network


def api(method, path, body=None):
    r = getattr(neutron, method)(path, json=body) if body is not None else getattr(neutron, method)(path)
    if r.status_code >= 400:
        raise SystemExit('%s %s -> %s %s' % (method.upper(), path, r.status_code, r.text[:500]))
    return r.json() if r.content else None


def run(cmd, node=None, check=True):
    env = OVS_ENV[node] if node else None
    return subprocess.run(cmd, env=env, check=check, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def chunks(seq, n):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def clean():
    project = conn.identity.find_project('scale', domain_id='default')
    if not project:
        say('nothing to clean')
        return
    ports = list(neutron.ports(project_id=project.id))
    for node in NODES:
        names = set(run(['ovs-vsctl', '--bare', '--columns=name', 'list', 'Interface'], node).stdout.split())
        mine = ['tap' + p.id[:11] for p in ports if 'tap' + p.id[:11] in names]
        for part in chunks(mine, 200):
            cmd = ['ovs-vsctl']
            for tap in part:
                cmd += ['--', '--if-exists', 'del-port', 'br-int', tap]
            run(cmd, node)
            ip = ['ip'] + (['-n', NETNS[node]] if NETNS[node] else []) + ['-force', '-batch', '-']
            subprocess.run(ip, input=''.join('link delete %s\n' % t for t in part), text=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    say('unplugged %d ports' % len(ports))
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda p: neutron.delete_port(p, ignore_missing=True), ports))
    say('deleted %d ports' % len(ports))
    for n in list(neutron.networks(project_id=project.id)):
        neutron.delete_network(n, ignore_missing=True)
    for g in list(neutron.security_groups(project_id=project.id)):
        neutron.delete_security_group(g, ignore_missing=True)
    conn.identity.delete_project(project)
    say('deleted networks and project scale')


def create(n_ports, n_nets):
    project = conn.identity.find_project('scale', domain_id='default') or conn.identity.create_project(
        name='scale', domain_id='default', description='netxray lab scale topology')
    if list(neutron.ports(project_id=project.id)):
        raise SystemExit('scale topology exists: lab/scale clean first')
    nets = []
    for i in range(n_nets):
        net = {'name': 'scale-net-%02d' % i, 'project_id': project.id}
        if i % 3 == 2:
            net.update({'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1',
                        'provider:segmentation_id': 101 + i // 3})
        else:
            net.update({'provider:network_type': 'vxlan'})
        nets.append(net)
    created = api('post', '/networks', {'networks': nets})['networks']
    subnets = [{'name': n['name'] + '-subnet', 'network_id': n['id'], 'project_id': project.id, 'ip_version': 4,
                'cidr': '10.%d.%d.0/24' % (100 + i // 250, i % 250), 'enable_dhcp': False}
               for i, n in enumerate(created)]
    api('post', '/subnets', {'subnets': subnets})
    say('%d networks + subnets (bulk)' % len(created))
    # a security group without remote-group rules: the default group's "ingress from members of
    # default" makes the OVS firewall's flows grow with the square of the ports per network
    sg = neutron.find_security_group('scale-sg', project_id=project.id) or neutron.create_security_group(
        name='scale-sg', project_id=project.id, description='netxray lab scale ports')
    for proto, port in (('icmp', None), ('tcp', 22)):
        try:
            neutron.create_security_group_rule(security_group_id=sg.id, direction='ingress', ether_type='IPv4',
                                               protocol=proto, port_range_min=port, port_range_max=port,
                                               remote_ip_prefix='0.0.0.0/0', project_id=project.id)
        except openstack.exceptions.ConflictException:
            pass
    t_ports = time.time()
    specs = []
    for i in range(n_ports):
        net = created[i % len(created)]
        specs.append({'name': 'scale-port-%04d' % i, 'network_id': net['id'], 'project_id': project.id,
                      'device_owner': OWNER, 'device_id': str(uuid.uuid4()), 'security_groups': [sg.id],
                      'binding:host_id': NODES[i % 2]})
    mtu_of = {n['id']: n['mtu'] for n in created}
    ports = []
    for part in chunks(specs, 100):
        ports += api('post', '/ports', {'ports': part})['ports']
    say('%d ports created and bound (bulk, %.1fs)' % (len(ports), time.time() - t_ports))
    # plug in rounds of ROUND ports (half per node), like instances arriving, and let the agents
    # wire each round before the next: one giant batch overruns ovsdb/OpenFlow timeouts here
    t_plug = time.time()
    done = 0
    for rnd in chunks(ports, ROUND):
        for node in NODES:
            mine = [p for p in rnd if p['binding:host_id'] == node]
            if not mine:
                continue
            cmd = ['ovs-vsctl', '--timeout=120']
            for p in mine:
                tap = 'tap' + p['id'][:11]
                # os-vif plugs with the network's MTU (mtu_request on the OVS interface): VXLAN networks are 1450
                cmd += ['--', '--may-exist', 'add-port', 'br-int', tap, '--', 'set', 'Interface', tap, 'type=internal',
                        'mtu_request=%d' % mtu_of[p['network_id']],
                        'external_ids:iface-id=%s' % p['id'], 'external_ids:attached-mac=%s' % p['mac_address'],
                        'external_ids:iface-status=active', 'external_ids:vm-uuid=%s' % p['device_id']]
            run(cmd, node)
            ip = ['ip'] + (['-n', NETNS[node]] if NETNS[node] else []) + ['-force', '-batch', '-']
            subprocess.run(ip, input=''.join('link set %s up\n' % ('tap' + p['id'][:11]) for p in mine), text=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ids = {p['id'] for p in rnd}
        deadline = time.time() + 600
        while True:
            active = sum(1 for p in neutron.ports(project_id=project.id, status='ACTIVE', fields=['id']) if p.id in ids)
            if active == len(ids):
                break
            if time.time() > deadline:
                raise SystemExit('timeout: %d of %d ports of this round ACTIVE' % (active, len(ids)))
            time.sleep(2)
        done += len(rnd)
        say('%d/%d ports plugged and ACTIVE' % (done, len(ports)))
    say('all %d ports ACTIVE: %.1fs in total, %.1fs for plugging + wiring'
        % (len(ports), time.time() - t0, time.time() - t_plug))


if sys.argv[1:2] == ['clean']:
    clean()
else:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    nets = int(sys.argv[2]) if len(sys.argv) > 2 else 24
    create(n, max(nets, 1))

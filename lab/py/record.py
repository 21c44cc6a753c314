#!/usr/bin/python3
"""record.py OUTDIR [--no-faults] - record the running lab into fixtures (lab/record wraps this).

OUTDIR/
  MANIFEST.json            lab facts: when, firewall driver, hosts, servers -> ids/ports/taps, files
  api/keystone|nova|neutron/*.json   raw API answers (the exact JSON bodies, pretty-printed)
  cli/*.json               `openstack ... -f json` outputs
  nodes/<node>/*.txt|json  outputs of ovs-vsctl / ovs-ofctl / ovs-appctl / ip, run over SSH
  faults/<kind>/...        while each lab/fault kind is injected: the outputs that show it
A DVR lab (LAB_DVR=1) also records the snat-/fip- namespaces and node 2's own namespaces, and only its dvr-* faults.
Secrets are redacted: tokens (X-Subject-Token, fernet 'gAAAA...' strings) and every lab password.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

from labconn import connect

LAB = os.environ.get('LAB_DIR', '/tmp/netxray-lab')
HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SSH = ['ssh', '-F', os.path.join(LAB, 'etc/ssh/ssh_config')]
NODES = ['nxlab-node1', 'nxlab-node2']
out = os.path.abspath(sys.argv[1])
with_faults = '--no-faults' not in sys.argv
HYBRID = open(os.path.join(LAB, 'run/firewall')).read().strip() == 'iptables_hybrid'
DVR = os.path.exists(os.path.join(LAB, 'run/dvr'))


def ovsdev(port_id):
    return ('qvo' if HYBRID else 'tap') + port_id[:11]


SECRETS = [os.environ['OS_PASSWORD'], 'demo-pass', 'nxlab-db'] + ['%s-pass' % s for s in ('nova', 'neutron', 'glance', 'placement')]
t0 = time.time()
files = []


def say(msg):
    print('[record %5.1fs] %s' % (time.time() - t0, msg), flush=True)


def redact(text):
    text = re.sub(r'gAAAAA[A-Za-z0-9_\-=]{20,}', '<redacted-token>', text)
    for s in SECRETS:
        text = text.replace(s, '<redacted-password>')
    return text


def write(rel, data):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if not isinstance(data, str):
        data = json.dumps(data, indent=2, sort_keys=True) + '\n'
    with open(path, 'w') as f:
        f.write(redact(data))
    files.append(rel)


def sh(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    return r.stdout


def on(node, command):
    return sh(SSH + [node, command])


conn = connect()


def get(service, path, headers=None):
    r = getattr(conn, service).get(path, headers=headers or {})
    if r.status_code >= 400:
        raise SystemExit('GET %s %s -> %s %s' % (service, path, r.status_code, r.text[:300]))
    return r.json()


def keystone():
    import requests
    body = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
        'name': 'admin', 'domain': {'name': 'Default'}, 'password': os.environ['OS_PASSWORD']}}},
        'scope': {'project': {'name': 'admin', 'domain': {'name': 'Default'}}}}}
    r = requests.post(os.environ['OS_AUTH_URL'] + '/auth/tokens', json=body)
    write('api/keystone/POST-auth-tokens.request.json', body)
    write('api/keystone/POST-auth-tokens.response.json', r.json())
    headers = {k: ('<redacted-token>' if k.lower() == 'x-subject-token' else v) for k, v in r.headers.items()}
    write('api/keystone/POST-auth-tokens.response-headers.json', {'status': r.status_code, 'headers': headers})
    write('api/keystone/projects.json', get('identity', '/projects'))


def apis(prefix=''):
    servers = get('compute', '/servers/detail?all_tenants=1')
    write(prefix + 'api/nova/servers-detail.json', servers)
    latest = {'OpenStack-API-Version': 'compute latest'}
    if not prefix:
        write('api/nova/servers-detail.microversion-latest.json', get('compute', '/servers/detail?all_tenants=1', latest))
        for p in ('os-hypervisors/detail', 'os-services', 'flavors/detail', 'os-availability-zone/detail'):
            write('api/nova/%s.json' % p.replace('/', '-'), get('compute', '/' + p))
        for s in servers['servers']:
            write('api/nova/server-%s.json' % s['name'], get('compute', '/servers/%s' % s['id'], latest))
            write('api/nova/server-%s-os-interface.json' % s['name'], get('compute', '/servers/%s/os-interface' % s['id']))
            write('api/neutron/ports-device_id-%s.json' % s['name'], get('network', '/ports?device_id=%s' % s['id']))
    for r in ('networks', 'subnets', 'ports', 'routers', 'floatingips', 'security-groups', 'security-group-rules',
              'agents'):
        write(prefix + 'api/neutron/%s.json' % r, get('network', '/' + r))
    if not prefix:
        write('api/neutron/extensions.json', get('network', '/extensions'))
    return servers['servers']


def nodes(prefix='', full=True):
    for node in NODES:
        d = prefix + 'nodes/%s/' % node
        write(d + 'ovs-vsctl-show.txt', on(node, 'ovs-vsctl show'))
        for table in ('Bridge', 'Port', 'Interface'):
            write(d + 'ovs-vsctl-list-%s.json' % table, json.loads(on(node, 'ovs-vsctl --format=json list %s' % table)))
        for br in ('br-int', 'br-tun', 'br-ex'):
            write(d + 'ovs-ofctl-dump-flows-%s.txt' % br, on(node, 'ovs-ofctl dump-flows %s' % br))
            if full:
                write(d + 'ovs-ofctl-dump-flows-%s.names.txt' % br, on(node, 'ovs-ofctl --names dump-flows %s' % br))
                write(d + 'ovs-ofctl-show-%s.txt' % br, on(node, 'ovs-ofctl show %s' % br))
        if full:
            write(d + 'ovs-appctl-fdb-show-br-int.txt', on(node, 'ovs-appctl fdb/show br-int'))
            write(d + 'ip-o-link.txt', on(node, 'ip -o link show'))
            write(d + 'ip-netns.txt', on(node, 'ip netns list'))
            write(d + 'ovs-vsctl-get-open_vswitch.txt', on(node, 'ovs-vsctl list Open_vSwitch'))


def l3_dhcp(prefix=''):
    # node 1's namespaces from here; a DVR lab's node 2 keeps its own (lab/lib/nodes.sh node_netns_view): over SSH
    for node in NODES if DVR else NODES[:1]:
        run = (lambda c: sh(c)) if node == NODES[0] else (lambda c: on(node, ' '.join(c)))
        for ns in run(['ip', 'netns', 'list']).split():
            if not ns.startswith(('qrouter-', 'qdhcp-', 'snat-', 'fip-')):
                continue
            kind = ns.split('-')[0]
            write(prefix + 'nodes/%s/netns/%s-ip-addr.txt' % (node, ns), run(['ip', 'netns', 'exec', ns, 'ip', 'addr']))
            if kind in ('qrouter', 'snat', 'fip'):
                write(prefix + 'nodes/%s/netns/%s-iptables-save.txt' % (node, ns),
                      re.sub(r'^# (Generated|Completed) .*\n', '', run(['ip', 'netns', 'exec', ns, 'iptables-save']), flags=re.M))
                write(prefix + 'nodes/%s/netns/%s-ip-route.txt' % (node, ns), run(['ip', 'netns', 'exec', ns, 'ip', 'route']))
            if DVR and kind in ('qrouter', 'fip'):   # DVR: floating-IP policy routes (dvr_local_router.py, dvr_fip_ns.py)
                write(prefix + 'nodes/%s/netns/%s-ip-rule.txt' % (node, ns), run(['ip', 'netns', 'exec', ns, 'ip', 'rule']))
                write(prefix + 'nodes/%s/netns/%s-ip-route-table-all.txt' % (node, ns),
                      run(['ip', 'netns', 'exec', ns, 'ip', 'route', 'show', 'table', 'all']))


def cli(prefix=''):
    def osc(name, *args):
        write(prefix + 'cli/%s.json' % name, json.loads(sh(['openstack'] + list(args) + ['-f', 'json'])))
    osc('server-list-all-projects-long', 'server', 'list', '--all-projects', '--long')
    osc('port-list-long', 'port', 'list', '--long')
    osc('network-agent-list', 'network', 'agent', 'list')
    if not prefix:
        osc('network-list-long', 'network', 'list', '--long')
        osc('router-show-router1', 'router', 'show', 'router1')
        osc('floating-ip-list-long', 'floating', 'ip', 'list', '--long')
        osc('compute-service-list', 'compute', 'service', 'list')
        for s in ('vm1', 'vm2', 'vm3', 'vm4') + (('vm5',) if DVR else ()):
            osc('server-show-%s' % s, 'server', 'show', '--os-project-name', 'demo', s)


def traces(servers, prefix=''):
    # ofproto/trace of an ARP request leaving each instance port of node 1 (no real packets exist)
    for s in servers:
        host = s.get('OS-EXT-SRV-ATTR:host')
        for p in get('network', '/ports?device_id=%s' % s['id'])['ports']:
            tap = ovsdev(p['id'])
            ofport = on(host, 'ovs-vsctl get Interface %s ofport' % tap).strip()
            ip = p['fixed_ips'][0]['ip_address']
            flow = ('in_port=%s,arp,dl_src=%s,dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=%s,arp_tpa=%s,arp_op=1'
                    % (ofport, p['mac_address'], ip, ip.rsplit('.', 1)[0] + '.1'))
            write(prefix + 'nodes/%s/ofproto-trace-arp-%s.txt' % (host, tap),
                  '$ ovs-appctl ofproto/trace br-int %s\n%s' % (flow, on(host, "ovs-appctl ofproto/trace br-int '%s'" % flow)))


def faults():
    kinds = [l.split()[0] for l in sh(['bash', os.path.join(HOME, 'fault'), 'list']).splitlines() if l.strip()]
    if DVR:   # the other kinds are recorded from the default lab
        kinds = [k for k in kinds if k.startswith('dvr-')]
    for kind in kinds:
        res = subprocess.run(['bash', os.path.join(HOME, 'fault'), kind], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if res.returncode != 0:
            say('fault %s: inject failed: %s' % (kind, res.stdout[-300:]))
            continue
        if kind in ('port-down', 'dhcp-agent-down', 'dvr-l3-agent-down'):
            time.sleep(40)   # until Neutron declares the stopped agent dead (agent_down_time 30 s)
        p = 'faults/%s/' % kind
        write(p + 'DESCRIPTION.txt', res.stdout)
        apis(p)
        cli(p)
        if kind == 'sshd-down':
            r = subprocess.run(SSH + ['nxlab-node2', 'true'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            write(p + 'nodes/nxlab-node2/ssh-true.txt', '$ ssh nxlab-node2 true\n%sexit status %d\n' % (r.stdout, r.returncode))
        else:
            nodes(p, full=False)
        if kind in ('fip-nat-missing', 'dnsmasq-killed', 'dhcp-agent-down') or kind.startswith('dvr-'):
            l3_dhcp(p)
            write(p + 'nodes/nxlab-node1/ps-dnsmasq.txt', sh(['bash', '-c', "ps -eo pid,args | grep '[d]nsmasq' | sed 's/^ *[0-9]* //' || true"]))
        if kind == 'mtu-mismatch':
            write(p + 'nodes/nxlab-node1/ip-o-link.txt', on('nxlab-node1', 'ip -o link show'))
        subprocess.run(['bash', os.path.join(HOME, 'fault'), 'undo', kind], check=True, stdout=subprocess.DEVNULL)
        say('fault %s recorded' % kind)


if os.path.isdir(out):
    shutil.rmtree(out)
os.makedirs(out)
keystone()
servers = apis()
cli()
nodes()
l3_dhcp()
traces(servers)
say('healthy lab recorded')
if with_faults:
    faults()
manifest = {
    'recorded_at': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
    'openstack': 'Zed (Debian 12 packages)',
    'firewall_driver': open(os.path.join(LAB, 'run/firewall')).read().strip(),
    'dvr': DVR,
    'nodes': {'nxlab-node1': 'root namespace, ssh 127.0.0.1:2222, VXLAN 127.0.0.1',
              'nxlab-node2': 'netns nxlab-node2, ssh 127.0.0.1:2223, VXLAN 127.0.0.2'},
    'servers': {s['name']: {'id': s['id'], 'host': s.get('OS-EXT-SRV-ATTR:host'),
                            'ports': {p['id']: ovsdev(p['id']) for p in
                                      get('network', '/ports?device_id=%s' % s['id'])['ports']}}
                for s in servers},
    'redacted': 'tokens -> <redacted-token>, passwords -> <redacted-password>',
    'files': sorted(files),
}
write('MANIFEST.json', manifest)
with open(os.path.join(out, 'README.md'), 'w') as f:
    f.write('''# Recorded netxray lab fixtures

Generated by `npm run lab:record` (lab/record, lab/py/record.py) from a running netxray lab
(docs/lab.md) - do not edit by hand; regenerate when the lab changes. Real API answers and node
outputs, IDs kept (files cross-reference each other), tokens and passwords redacted.

* `MANIFEST.json` - when, firewall driver, nodes, servers -> id, host, ports -> taps; list of files
* `api/{keystone,nova,neutron}/` - raw JSON bodies (`servers-detail.json` with admin fields,
  `server-<vm>.json` at microversion latest, `server-<vm>-os-interface.json`,
  `ports-device_id-<vm>.json`, `networks.json` with provider:*, routers, floatingips, security groups,
  agents, hypervisors, services)
* `cli/` - `openstack ... -f json`
* `nodes/<node>/` - `ovs-vsctl show`, `ovs-vsctl --format=json list Bridge|Port|Interface`,
  `ovs-ofctl dump-flows <br>` (numeric and `.names`), `ovs-ofctl show`, `fdb/show`, `ip -o link`,
  `ofproto-trace-arp-<tap>.txt`; `netns/` of node 1: qrouter/qdhcp `ip addr`, `ip route`, `iptables-save`
* `faults/<kind>/` - the same kind of outputs while that `lab/fault` kind was injected
  (`DESCRIPTION.txt` says what was done)
''')
say('%d files in %s' % (len(files), out))

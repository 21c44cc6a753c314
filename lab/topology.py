#!/usr/bin/python3
"""lab/topology.py - the lab's sample topology (idempotent where cheap), via openstacksdk.

  public            flat  physnet1           external, 198.51.100.0/24, no DHCP
  provider-vlan100  vlan  physnet1, VLAN 100 shared, 203.0.113.0/24
  private           vxlan VNI 1001           project demo, 10.20.0.0/24
  router1 (demo)    gateway on public, interface on private-subnet (SNAT)
  vm1  private + floating IP            nxlab-node1
  vm2  provider-vlan100                 nxlab-node1
  vm3  private + provider-vlan100       nxlab-node2   (two NICs)
  vm4  private                          nxlab-node2
  demo's default security group: + ICMP ingress, + TCP 22 ingress
With NXLAB_DVR=1 (LAB_DVR=1 lab/up.sh) router1 is distributed and the topology adds:
  private2          vxlan VNI 1002           project demo, 10.30.0.0/24, interface on router1 (east-west routed)
  vm5  private2                          nxlab-node2
  vm4  gets a floating IP                (floating IPs on both nodes: fip- namespaces on both)
Waits until every server is ACTIVE and every port bound to a compute/router/DHCP owner is ACTIVE.
Needs the admin OS_* variables (lab/env.sh). The ML2/OVN lab (lab/lib/ovn/up.sh) sets NXLAB_NODES (its two
host names), NXLAB_TENANT_TYPE=geneve and NXLAB_WIRED_OWNERS=compute: (OVN has no DHCP ports, and
lab/py/ovn_ready.py checks the rest against the OVN databases)."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'py'))
from labconn import connect  # noqa: E402 (lab/py is not a package on the path)

NODE1, NODE2 = os.environ.get('NXLAB_NODES', 'nxlab-node1 nxlab-node2').split()
TENANT_TYPE = os.environ.get('NXLAB_TENANT_TYPE', 'vxlan')
DVR = os.environ.get('NXLAB_DVR', '0') == '1'
t0 = time.time()


def say(msg):
    print('[topology %5.1fs] %s' % (time.time() - t0, msg), flush=True)


admin = connect('admin')
demo_project = admin.identity.find_project('demo', domain_id='default')
net = admin.network


def network(name, **kw):
    return net.find_network(name) or net.create_network(name=name, **kw)


def subnet(name, **kw):
    return net.find_subnet(name) or net.create_subnet(name=name, ip_version=4, **kw)


public = network('public', is_router_external=True, provider_network_type='flat',
                 provider_physical_network='physnet1')
subnet('public-subnet', network_id=public.id, cidr='198.51.100.0/24', gateway_ip='198.51.100.1',
       allocation_pools=[{'start': '198.51.100.10', 'end': '198.51.100.200'}], is_dhcp_enabled=False)
vlan = network('provider-vlan100', is_shared=True, provider_network_type='vlan',
               provider_physical_network='physnet1', provider_segmentation_id=100)
subnet('provider-vlan100-subnet', network_id=vlan.id, cidr='203.0.113.0/24', gateway_ip='203.0.113.1',
       allocation_pools=[{'start': '203.0.113.10', 'end': '203.0.113.200'}])
private = network('private', project_id=demo_project.id, provider_network_type=TENANT_TYPE,
                  provider_segmentation_id=1001)
private_subnet = subnet('private-subnet', network_id=private.id, project_id=demo_project.id,
                        cidr='10.20.0.0/24', gateway_ip='10.20.0.1')
router = net.find_router('router1')
if not router:
    router = net.create_router(name='router1', project_id=demo_project.id,
                               external_gateway_info={'network_id': public.id},
                               **({'is_distributed': True} if DVR else {}))
    net.add_interface_to_router(router, subnet_id=private_subnet.id)
if DVR:
    private2 = network('private2', project_id=demo_project.id, provider_network_type=TENANT_TYPE,
                       provider_segmentation_id=1002)
    if not net.find_subnet('private2-subnet'):
        private2_subnet = subnet('private2-subnet', network_id=private2.id, project_id=demo_project.id,
                                 cidr='10.30.0.0/24', gateway_ip='10.30.0.1')
        net.add_interface_to_router(router, subnet_id=private2_subnet.id)
say('networks and router1 ready%s' % (' (distributed)' if DVR else ''))

flavor = admin.compute.find_flavor('m1.nano') or admin.compute.create_flavor(
    name='m1.nano', id='1', ram=128, vcpus=1, disk=1)
image = admin.image.find_image('nxlab-image')
if not image:
    image = admin.image.create_image(name='nxlab-image', data=b'\0' * 1048576, disk_format='raw',
                                     container_format='bare', visibility='public', wait=True)
say('flavor and image ready')

demo = connect('demo')      # admin user scoped to project demo (catalog.py gave it the admin role there)
sg = next(demo.network.security_groups(project_id=demo_project.id, name='default'))
have = {(r.protocol, r.port_range_min) for r in demo.network.security_group_rules(security_group_id=sg.id)
        if r.direction == 'ingress' and r.ether_type == 'IPv4'}
if ('icmp', None) not in have:
    demo.network.create_security_group_rule(security_group_id=sg.id, direction='ingress',
                                            ether_type='IPv4', protocol='icmp', description='nxlab: ping')
if ('tcp', 22) not in have:
    demo.network.create_security_group_rule(security_group_id=sg.id, direction='ingress', ether_type='IPv4',
                                            protocol='tcp', port_range_min=22, port_range_max=22,
                                            description='nxlab: ssh')

servers = [('vm1', [private], NODE1), ('vm2', [vlan], NODE1),
           ('vm3', [private, vlan], NODE2), ('vm4', [private], NODE2)]
if DVR:
    servers.append(('vm5', [private2], NODE2))
made = []
for name, nets, host in servers:
    s = demo.compute.find_server(name)
    if not s:
        s = demo.compute.create_server(name=name, flavor_id=flavor.id, image_id=image.id,
                                       networks=[{'uuid': n.id} for n in nets],
                                       availability_zone='nova:' + host)
    made.append(s)
for s in made:
    s = demo.compute.wait_for_server(s, status='ACTIVE', wait=180, interval=1)
    say('%s ACTIVE on %s' % (s.name, s.compute_host))

for name in ('vm1', 'vm4') if DVR else ('vm1',):
    port = next(demo.network.ports(device_id=demo.compute.find_server(name).id))
    fip = next(net.ips(port_id=port.id), None)
    if not fip:
        fip = demo.network.create_ip(floating_network_id=public.id, port_id=port.id)
    say('floating IP %s -> %s' % (fip.floating_ip_address, name))

WIRED = tuple(os.environ.get('NXLAB_WIRED_OWNERS', 'compute: network:router_interface network:router_gateway network:dhcp').split())
if DVR:   # the SNAT port in snat- (node 1) and each node's fip- gateway port; router_interface matches _distributed too
    WIRED += ('network:router_centralized_snat', 'network:floatingip_agent_gateway')
deadline = time.time() + 180
nudge_at = time.time() + 60
while True:
    pending = [p for p in net.ports() if (p.device_owner or '').startswith(WIRED) and p.status != 'ACTIVE']
    if not pending:
        break
    if nudge_at and time.time() > nudge_at:
        # A race seen under load: the OVS agent asks for a new device's details a moment before its binding is
        # committed ("... is not bound" in the agent log), parks it on the dead VLAN and, with no port_update to
        # follow, never looks again. An admin down/up sends that port_update; the lab's own ports only.
        for p in pending:
            if p.binding_vif_type not in ('unbound', 'binding_failed', None):
                say('port %s (%s) still %s after a minute although bound: admin down/up to make its agent look again' % (p.id, p.device_owner, p.status))
                net.update_port(p, is_admin_state_up=False)
                net.update_port(p, is_admin_state_up=True)
        nudge_at = None
    if time.time() > deadline:
        for p in pending:
            print('NOT ACTIVE: %s %s %s %s' % (p.id, p.device_owner, p.binding_host_id, p.status))
        sys.exit(1)
    time.sleep(1)
say('every instance/router/DHCP port ACTIVE')

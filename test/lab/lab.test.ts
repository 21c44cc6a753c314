// The lab itself (lab/up.sh + lab/topology.py), checked through the real APIs and over SSH.
// Runs when NETXRAY_LAB=1 or a lab is up at LAB_DIR (default /tmp/netxray-lab); skips otherwise.
import { describe, expect, it } from 'vitest';
import { NODE1, NODE2, api, firewall, neutronNamed, ovsRows, ports, readOnlyReason, run, serverPorts, skipReadOnly, ssh, ovsDevOf, type Json } from './helpers.js';

describe.skipIf(skipReadOnly)(`netxray lab: sample topology ${readOnlyReason}`, () => {
  it('Nova, every project\'s servers: vm1..vm4 ACTIVE, on both hosts', () => {
    const all = api<{ servers: Record<string, string>[] }>('compute', '/servers/detail', { all_tenants: '1' }).servers;
    const servers = all.filter((s) => /^vm[1-4]$/.test(s.name));
    expect(servers.map((s) => s.name).sort()).toEqual(['vm1', 'vm2', 'vm3', 'vm4']);
    for (const s of servers) expect(s.status, s.name).toBe('ACTIVE');
    expect(new Set(servers.map((s) => s['OS-EXT-SRV-ATTR:host']))).toEqual(new Set([NODE1, NODE2]));
  });

  it('every instance port is ACTIVE and bound (vif_type ovs) to the host of its server', () => {
    const instancePorts = ports({ device_owner: 'compute:nova' });
    expect(instancePorts.length).toBeGreaterThanOrEqual(5); // vm3 has two NICs
    for (const d of instancePorts) {
      if (d.name?.startsWith?.('nxlab-fault')) continue;
      expect(d.status, d.id).toBe('ACTIVE');
      expect(d['binding:vif_type'], d.id).toBe('ovs');
      expect([NODE1, NODE2]).toContain(d['binding:host_id']);
    }
  });

  it('vm3 has two NICs (private + provider-vlan100), vm1 a floating IP', () => {
    expect(serverPorts('vm3').length).toBe(2);
    const fips = api<{ floatingips: Json[] }>('network', '/floatingips', { port_id: serverPorts('vm1', 'private')[0].id }).floatingips;
    expect(fips.length).toBe(1);
  });

  it('networks: flat external, VLAN 100 on physnet1, VXLAN tenant; router with gateway and interface', () => {
    const show = (n: string) => neutronNamed('networks', n);
    const pub = show('public');
    expect([pub['provider:network_type'], pub['router:external']]).toEqual(['flat', true]);
    const vlan = show('provider-vlan100');
    expect([vlan['provider:network_type'], vlan['provider:physical_network'], vlan['provider:segmentation_id']])
      .toEqual(['vlan', 'physnet1', 100]);
    expect(show('private')['provider:network_type']).toBe('vxlan');
    const r = neutronNamed('routers', 'router1');
    expect(r.external_gateway_info.network_id).toBe(pub.id);
    expect(ports({ device_id: r.id, device_owner: 'network:router_interface' }).length).toBeGreaterThanOrEqual(1);
  });

  it('ssh to each node runs ovs-vsctl show (its own br-int/br-tun/br-ex)', () => {
    for (const node of [NODE1, NODE2]) {
      const out = ssh(node, 'ovs-vsctl show').stdout;
      for (const br of ['br-int', 'br-tun', 'br-ex']) expect(out, node).toContain(`Bridge ${br}`);
      expect(out).toContain('datapath_type: netdev');
    }
    expect(ssh(NODE1, 'ovs-vsctl list-ports br-tun').stdout).toContain('vxlan-7f000002');
    expect(ssh(NODE2, 'ovs-vsctl list-ports br-tun').stdout).toContain('vxlan-7f000001');
  });

  it('instance taps sit in br-int of their node with the agent tag and iface-id', () => {
    for (const [vm, node] of [['vm1', NODE1], ['vm2', NODE1], ['vm3', NODE2], ['vm4', NODE2]] as const) {
      const rows = ovsRows(node, 'Interface', ['name', 'external_ids']);
      const ports = ovsRows(node, 'Port', ['name', 'tag', 'other_config']);
      for (const p of serverPorts(vm)) {
        const iface = rows.find((r) => r.name === ovsDevOf(p.id));
        expect(iface, `${vm} ${p.id}`).toBeDefined();
        expect(JSON.parse(iface!.external_ids)['iface-id']).toBe(p.id);
        const port = ports.find((r) => r.name === ovsDevOf(p.id))!;
        expect(Number(port.tag)).toBeGreaterThan(0);
        expect(JSON.parse(port.other_config).tag).toBe(port.tag);
      }
    }
  });

  it.runIf(firewall() === 'iptables_hybrid')('iptables_hybrid: real hybrid plug tap-qbr-qvb/qvo and neutron chains', () => {
    for (const [vm, node] of [['vm1', NODE1], ['vm3', NODE2]] as const) {
      for (const p of serverPorts(vm)) {
        const id = p.id.slice(0, 11);
        const links = ssh(node, 'ip -o link show').stdout;
        expect(links, `${vm} qbr`).toContain(`qbr${id}`);
        expect(links, `${vm} qvb`).toMatch(new RegExp(`qvb${id}.*master qbr${id}`));
        expect(ssh(node, 'ovs-vsctl list-ports br-int').stdout).toContain(`qvo${id}`);
      }
    }
    expect(ssh(NODE1, 'iptables -S').stdout).toMatch(/-N neutron-openvswi-/);
  });

  it('flows: provider VLAN/flat translation on br-ex and br-int, VNI 1001 on br-tun', () => {
    expect(ssh(NODE1, 'ovs-ofctl dump-flows br-ex').stdout).toMatch(/actions=mod_vlan_vid:100,/);
    expect(ssh(NODE1, 'ovs-ofctl dump-flows br-ex').stdout).toMatch(/actions=strip_vlan,/);
    expect(ssh(NODE1, 'ovs-ofctl dump-flows br-int table=0').stdout).toMatch(/dl_vlan=100 actions=mod_vlan_vid:\d+/);
    for (const node of [NODE1, NODE2]) {
      expect(ssh(node, 'ovs-ofctl dump-flows br-tun table=4').stdout).toMatch(/tun_id=0x3e9 actions=mod_vlan_vid:\d+/);
      expect(ssh(node, 'ovs-ofctl dump-flows br-tun table=22').stdout).toMatch(/load:0x3e9->NXM_NX_TUN_ID/);
    }
  });

  it('network agents: 2 OVS agents, L3 and DHCP, all alive; 2 nova-compute up', () => {
    const agents = api<{ agents: Json[] }>('network', '/agents').agents;
    const kinds = agents.map((a) => `${a.binary}@${a.host}`).sort();
    expect(kinds).toEqual([`neutron-dhcp-agent@${NODE1}`, `neutron-l3-agent@${NODE1}`,
      `neutron-openvswitch-agent@${NODE1}`, `neutron-openvswitch-agent@${NODE2}`]);
    for (const a of agents) expect(a.alive, a.binary).toBe(true);
    const computes = api<{ services: Json[] }>('compute', '/os-services', { binary: 'nova-compute' }).services;
    expect(computes.filter((c) => c.state === 'up').map((c) => c.host).sort()).toEqual([NODE1, NODE2]);
  });

  it('everything listens on loopback only (127.0.0.1, epmd also ::1)', () => {
    const out = run('ss', ['-Hltn']).stdout;
    for (const port of [3306, 4369, 5000, 5672, 6633, 6640, 8774, 8778, 9292, 9696, 2222, 2223, 25672]) {
      const lines = out.split('\n').filter((l) => new RegExp(`:${port}\\s`).test(l));
      expect(lines.length, String(port)).toBeGreaterThan(0);
      for (const l of lines) expect(l.split(/\s+/)[3], String(port)).toMatch(/^(127\.0\.0\.1|\[::1\]):\d+$/);
    }
  });
});

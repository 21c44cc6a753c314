// The ML2/OVN lab (LAB_BACKEND=ovn npm run lab:up) against issue 14's judged conditions, read from the real
// APIs, the OVN NB/SB databases and each node's OVS. Runs when NETXRAY_OVN_LAB=1 or an OVN lab is up at
// NETXRAY_OVN_LAB_DIR (default /tmp/netxray-ovnlab); skips otherwise. Read-only.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Json } from './helpers.js';
import {
  OVN_LAB_PORTS,
  OVN_NETNS,
  OVN_NODE1,
  OVN_NODE2,
  nbRows,
  inNetns,
  nodeOvsRows,
  optional,
  ovnMetaNetnsDir,
  ovnOsc,
  ovnReadOnlyReason,
  ovnRun,
  ovnSsh,
  sbRows,
  skipOvnReadOnly,
  LIVE_TIMEOUT,
} from './ovnHelpers.js';

let ports: Record<string, Json>[] = [];
/** every instance port, as `openstack port show` has it (read once: the CLI is slow on a loaded machine) */
const instancePorts = () => ports;

describe.skipIf(skipOvnReadOnly)(`ML2/OVN lab ${ovnReadOnlyReason}`, () => {
  beforeAll(() => {
    ports = ovnOsc<Record<string, Json>[]>('port', 'list', '--device-owner', 'compute:nova').map((p) =>
      ovnOsc<Record<string, Json>>('port', 'show', p.ID),
    );
  }, LIVE_TIMEOUT);

  it('openstack port list: every instance port ACTIVE, bound (vif_type ovs) on both hosts; vm3 has two', () => {
    expect(ports.length).toBe(5); // vm1, vm2, vm3 x2, vm4
    for (const p of ports) {
      expect(p.status, p.id).toBe('ACTIVE');
      expect(p.binding_vif_type, p.id).toBe('ovs');
    }
    expect(new Set(ports.map((p) => p.binding_host_id))).toEqual(new Set([OVN_NODE1, OVN_NODE2]));
    const servers = ovnOsc<Record<string, string>[]>('server', 'list', '--all-projects', '--long');
    const vm3 = servers.find((s) => s.Name === 'vm3')!;
    expect(ports.filter((p) => p.device_id === vm3.ID).length).toBe(2);
  }, LIVE_TIMEOUT);

  it('networks: geneve tenant, VLAN 100 and flat external on physnet1; router1 with gateway; a floating IP on vm1', () => {
    const show = (n: string) => ovnOsc<Record<string, Json>>('network', 'show', n);
    expect(show('private')['provider:network_type']).toBe('geneve');
    const vlan = show('provider-vlan100');
    expect([vlan['provider:network_type'], vlan['provider:physical_network'], vlan['provider:segmentation_id']]).toEqual([
      'vlan',
      'physnet1',
      100,
    ]);
    const pub = show('public');
    expect([pub['provider:network_type'], pub['router:external']]).toEqual(['flat', true]);
    expect(ovnOsc<Record<string, Json>>('router', 'show', 'router1').external_gateway_info.network_id).toBe(pub.id);
    expect(ovnOsc<Json[]>('floating', 'ip', 'list').length).toBe(1);
  }, LIVE_TIMEOUT);

  it('ovn-sbctl show: two chassis with Geneve encaps on their own IPs; each instance port bound to its host', () => {
    const chassis = sbRows('Chassis');
    expect(chassis.map((c) => c.hostname).sort()).toEqual([OVN_NODE1, OVN_NODE2]);
    const encaps = sbRows('Encap');
    for (const c of chassis) {
      const mine = encaps.filter((e) => (c.encaps as string[]).includes(e._uuid));
      expect(mine.map((e) => e.type), c.hostname).toEqual(['geneve']);
    }
    expect(new Set(encaps.map((e) => e.ip)).size).toBe(2);
    const hostOf = new Map(chassis.map((c) => [c._uuid as string, c.hostname as string]));
    const bindings = new Map(sbRows('Port_Binding').map((b) => [b.logical_port as string, b]));
    const show = ovnRun('ovn-sbctl', ['show']).stdout;
    expect(show.match(/Encap geneve/g)?.length).toBe(2);
    for (const p of instancePorts()) {
      const b = bindings.get(p.id);
      expect(b, p.id).toBeDefined();
      expect(hostOf.get(optional(b!.chassis)), p.id).toBe(p.binding_host_id);
      expect(optional(b!.up), p.id).toBe(true);
      expect(show).toContain(`Port_Binding "${p.id}"`);
    }
  }, LIVE_TIMEOUT);

  it('NB: each instance LSP up with requested-chassis = its host; provider LSPs localnet on physnet1', () => {
    const lsps = new Map(nbRows('Logical_Switch_Port').map((l) => [l.name as string, l]));
    for (const p of instancePorts()) {
      const l = lsps.get(p.id);
      expect(l, p.id).toBeDefined();
      expect(optional(l!.up), p.id).toBe(true);
      expect(l!.options['requested-chassis'], p.id).toBe(p.binding_host_id);
    }
    const localnets = [...lsps.values()].filter((l) => l.type === 'localnet');
    expect(localnets.length).toBe(2); // provider-vlan100 and public
    for (const l of localnets) expect(l.options.network_name).toBe('physnet1');
    expect(localnets.map((l) => optional(l.tag) ?? 'flat').sort()).toEqual([100, 'flat']);
  }, LIVE_TIMEOUT);

  it('ovs-vsctl get Interface <tap> external_ids:ovn-installed is "true" on the node the port is bound to, absent on the other', () => {
    for (const p of instancePorts()) {
      const tap = `tap${(p.id as string).slice(0, 11)}`;
      const other = p.binding_host_id === OVN_NODE1 ? OVN_NODE2 : OVN_NODE1;
      expect(ovnSsh(p.binding_host_id, `ovs-vsctl get Interface ${tap} external_ids:ovn-installed`).stdout.trim(), p.id).toBe(
        '"true"',
      );
      expect(ovnSsh(other, `ovs-vsctl get Interface ${tap} name`, true).status, `${p.id} not on ${other}`).not.toBe(0);
    }
  }, LIVE_TIMEOUT);

  it('gateway: node 1 alone is enable-chassis-as-gw and claims router1\'s cr-lrp; vm1\'s floating IP is a dnat_and_snat NAT row', () => {
    const chassis = sbRows('Chassis');
    const gw = chassis.filter((c) => (c.other_config['ovn-cms-options'] ?? '').includes('enable-chassis-as-gw'));
    expect(gw.map((c) => c.hostname)).toEqual([OVN_NODE1]);
    const crs = sbRows('Port_Binding').filter((b) => b.type === 'chassisredirect');
    expect(crs.length).toBe(1);
    expect(optional(crs[0].chassis)).toBe(gw[0]._uuid);
    const fip = ovnOsc<Record<string, string>[]>('floating', 'ip', 'list')[0];
    const nat = nbRows('NAT').filter((n) => n.type === 'dnat_and_snat');
    expect(nat.map((n) => n.external_ip)).toEqual([fip['Floating IP Address']]);
    expect(nat[0].external_ids['neutron:fip_id']).toBe(fip.ID);
  }, LIVE_TIMEOUT);

  it('each node: ovn-controller settings in its OVS (system-id = chassis name, geneve, own encap IP, physnet1:br-ex), a Geneve port to the other', () => {
    const chassis = sbRows('Chassis');
    for (const node of [OVN_NODE1, OVN_NODE2]) {
      const ids = nodeOvsRows(node, 'Open_vSwitch')[0].external_ids as Record<string, string>;
      const mine = chassis.find((c) => c.name === ids['system-id']);
      expect(mine?.hostname, node).toBe(node);
      expect([ids['ovn-encap-type'], ids['ovn-bridge-mappings']]).toEqual(['geneve', 'physnet1:br-ex']);
      const peer = chassis.find((c) => c.name !== ids['system-id'])!;
      const tunnels = nodeOvsRows(node, 'Interface').filter((i) => i.type === 'geneve');
      expect(tunnels.length, node).toBe(1);
      expect(tunnels[0].name).toBe(`ovn-${(peer.name as string).slice(0, 6)}-0`);
      expect(tunnels[0].options.remote_ip).not.toBe(ids['ovn-encap-ip']);
    }
  }, LIVE_TIMEOUT);

  it('neutron agent list: two OVN Controller agents (the gateway one on node 1) and an OVN Metadata agent per node, alive; no OVS/L3/DHCP agents', () => {
    const agents = ovnOsc<Record<string, Json>[]>('network', 'agent', 'list');
    const types = agents.map((a) => `${a['Agent Type']}@${a.Host}`).sort();
    expect(types).toEqual([
      `OVN Controller Gateway agent@${OVN_NODE1}`,
      `OVN Controller agent@${OVN_NODE2}`,
      `OVN Metadata agent@${OVN_NODE1}`,
      `OVN Metadata agent@${OVN_NODE2}`,
    ]);
    for (const a of agents) expect(a.Alive, a.Host).toBe(true);
  }, LIVE_TIMEOUT);

  it('metadata: each node has ovnmeta-<network> per network with an instance port there, 169.254.169.254 served by haproxy, its veth on br-int as the network\'s localport', () => {
    const lsps = nbRows('Logical_Switch_Port');
    for (const node of [OVN_NODE1, OVN_NODE2]) {
      const nets = new Set(instancePorts().filter((p) => p.binding_host_id === node).map((p) => p.network_id as string));
      expect(nets.size, node).toBeGreaterThan(0);
      const ifaces = nodeOvsRows(node, 'Interface');
      for (const net of nets) {
        const ns = join(ovnMetaNetnsDir(node), `ovnmeta-${net}`);
        const addrs = JSON.parse(inNetns(ns, ['ip', '-j', 'addr']).stdout) as { addr_info: { local: string }[] }[];
        expect(addrs.flatMap((a) => a.addr_info.map((i) => i.local)), `${node} ${net}`).toContain('169.254.169.254');
        expect(inNetns(ns, ['ss', '-Hltnp', 'sport = :80']).stdout, `${node} ${net}`).toMatch(/169\.254\.169\.254:80\b.*haproxy/);
        // neutron's metadata port of the network: a localport LSP; the agent's veth end carries its name as iface-id
        const meta = lsps.filter((l) => l.type === 'localport' && l.external_ids['neutron:network_name'] === `neutron-${net}`);
        expect(meta.length, net).toBe(1);
        const veth = ifaces.find((i) => i.external_ids['iface-id'] === meta[0].name);
        expect(veth?.name, `${node} ${net}`).toBe(`tap${net.slice(0, 10)}0`);
      }
    }
  }, LIVE_TIMEOUT);

  it('nothing of the lab listens outside loopback; no OVS device of the lab in the root namespace', () => {
    const listeners = (ns?: string) =>
      ovnRun('bash', ['-c', `${ns ? `ip netns exec ${ns} ` : ''}ss -Hltnu | awk '{print $5}'`]).stdout.split('\n').filter(Boolean);
    for (const ns of OVN_NETNS) for (const a of listeners(ns)) expect(a, ns).toMatch(/^127\.|^\[::1\]|^\[::ffff:127\./);
    const root = listeners();
    for (const port of OVN_LAB_PORTS) {
      const mine = root.filter((a) => a.endsWith(`:${port}`));
      expect(mine.length, `port ${port}`).toBeGreaterThan(0);
      for (const a of mine) expect(a).toMatch(/^127\.0\.0\.1:|^\[::1\]:/);
    }
    // every Interface of both nodes' OVS exists in that node's namespace (the metadata veths' ends too)
    for (const node of [OVN_NODE1, OVN_NODE2]) {
      const links = ovnRun('ip', ['-n', node, '-o', 'link', 'show']).stdout;
      for (const i of nodeOvsRows(node, 'Interface').filter((r) => ['internal', ''].includes(r.type))) {
        expect(links, `${node}: ${i.name}`).toMatch(new RegExp(`: ${i.name as string}[:@]`)); // a veth (metadata) is name@ifN
      }
    }
  }, LIVE_TIMEOUT);
});

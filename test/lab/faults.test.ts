// Every kind of lab/fault: not visible before, visible in the real outputs (API, OVSDB, flows,
// processes, ssh) once injected, gone again after `lab/fault undo <kind>`.
// Changes the lab, so it runs only with NETXRAY_LAB=1 (CI); skips otherwise.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  NODE1, NODE2, api, eventually, fault, neutronNamed, ovsRows, ports, projectId, routerPortOn, run, server, serverId, serverPorts, skipMutating, skipReason, ssh, ovsDevOf,
  type Json } from './helpers.js';

type Probe = () => boolean | Promise<boolean>;

const flows = (node: string, bridge: string, table?: number) =>
  ssh(node, `ovs-ofctl dump-flows ${bridge}${table === undefined ? '' : ` table=${table}`}`).stdout;
const agentAlive = (binary: string, host: string) =>
  api<{ agents: Json[] }>('network', '/agents', { host, binary }).agents[0]?.alive;
const ofportOf = (node: string, device: string) => Number(ssh(node, `ovs-vsctl get Interface ${device} ofport`).stdout.trim());
const portsOf = (node: string) => ovsRows(node, 'Port', ['name', 'tag', 'other_config']);
const privateNet = () => neutronNamed('networks', 'private');
const defaultSg = () =>
  api<{ security_groups: Json[] }>('network', '/security-groups', { project_id: projectId('demo'), name: 'default' }).security_groups[0].id as string;
const ingressRules = (filters: Record<string, string>) =>
  api<{ security_group_rules: Json[] }>('network', '/security-group-rules', { security_group_id: defaultSg(), direction: 'ingress', ...filters }).security_group_rules;
const portShow = (id: string) => api<{ port: Json }>('network', `/ports/${id}`).port;

/** kind -> "is the fault visible right now?" from the real outputs */
const visible: Record<string, Probe> = {
  'binding-failed': () => ports({ name: 'nxlab-fault-binding' }).some((p) => p['binding:vif_type'] === 'binding_failed'),
  'port-down': () => {
    const s = server('nxlab-fault-down');
    if (!s || s.status !== 'ACTIVE') return false;
    const its = ports({ device_id: s.id });
    // the tap is in node 2's br-int with its iface-id, but no agent ever tagged it
    const tap = its.length ? portsOf(NODE2).find((p) => p.name === ovsDevOf(its[0].id)) : undefined;
    return its.length === 1 && its[0].status === 'DOWN' && tap !== undefined && tap.tag === '';
  },
  'dead-vlan': () => portsOf(NODE1).some((p) => p.tag === '4095') && /priority=2,in_port=\d+ actions=drop/.test(flows(NODE1, 'br-int', 0)),
  'no-iface-id': () =>
    ovsRows(NODE1, 'Interface', ['name', 'external_ids'])
      .some((i) => i.name.startsWith('tap') && !('iface-id' in JSON.parse(i.external_ids))),
  'flow-br-ex': () => !/actions=mod_vlan_vid:100,/.test(flows(NODE1, 'br-ex')),
  'flow-br-int': () => !/dl_vlan=100 actions=mod_vlan_vid:/.test(flows(NODE1, 'br-int', 0)),
  'flow-br-tun': () => !/load:0x3e9->NXM_NX_TUN_ID/.test(flows(NODE1, 'br-tun', 22)),
  'tunnel-port': () => !ssh(NODE1, 'ovs-vsctl list-ports br-tun').stdout.includes('vxlan-7f000002'),
  'tag-mismatch': () =>
    portsOf(NODE1).some((p) => p.tag !== '' && JSON.parse(p.other_config).tag !== undefined && JSON.parse(p.other_config).tag !== p.tag),
  'dhcp-agent-down': () => agentAlive('neutron-dhcp-agent', NODE1) === false,
  'dnsmasq-killed': () => run('pgrep', ['-f', `dnsmasq.*${privateNet().id}`], { allowFail: true }).status !== 0,
  'sg-no-icmp': () => ingressRules({ protocol: 'icmp' }).length === 0,
  'sg-icmp-blocked': () => ingressRules({ ethertype: 'IPv4' }).every((r) => r.protocol === 'tcp'),
  'mtu-mismatch': () => {
    const mtu = privateNet().mtu as number;
    const tap = ovsDevOf(serverPorts('vm1', 'private')[0].id);
    return Number(ssh(NODE1, `cat /sys/class/net/${tap}/mtu`).stdout.trim()) !== mtu;
  },
  'sshd-down': () => ssh(NODE2, 'true', true).status !== 0,
  'port-disabled': () => {
    const port = portShow(serverPorts('vm1', 'private')[0].id);
    return port.admin_state_up === false && portsOf(NODE1).some((p) => p.name === ovsDevOf(String(port.id)) && p.tag === '4095');
  },
  'foreign-drop': () => /cookie=0x0, .*priority=100,in_port=\d+ actions=drop/.test(flows(NODE1, 'br-int', 0)),
  'patch-port-deleted': () => !ssh(NODE1, 'ovs-vsctl list-ports br-int').stdout.split('\n').includes('int-br-ex'),
  'patch-peer-wrong': () => ssh(NODE1, 'ovs-vsctl get Interface int-br-ex options:peer').stdout.trim() !== 'phy-br-ex',
  'tunnel-remote-ip-wrong': () => ssh(NODE1, 'ovs-vsctl get Interface vxlan-7f000002 options:remote_ip').stdout.trim() !== '"127.0.0.2"',
  'ovsdb-server-stopped': () => ssh(NODE2, 'ovs-vsctl --timeout=5 list-br', true).status !== 0,
  'iface-id-changed': () => {
    const p = serverPorts('vm2')[0].id;
    return JSON.parse(ovsRows(NODE1, 'Interface', ['name', 'external_ids']).find((i) => i.name === ovsDevOf(p))?.external_ids ?? '{}')['iface-id'] !== p;
  },
  'attached-mac-changed': () => {
    const p = portShow(serverPorts('vm1', 'private')[0].id);
    return JSON.parse(ovsRows(NODE1, 'Interface', ['name', 'external_ids']).find((i) => i.name === ovsDevOf(String(p.id)))?.external_ids ?? '{}')['attached-mac'] !== p.mac_address;
  },
  // the agent's own firewall flow gone (its cookie): vm1's egress accept of new IPv4, and its ARP allow flow
  'sg-flows-stale': () => !new RegExp(`priority=\\d+,ct_state=\\+new-est,ip,reg5=0x${ofportOf(NODE1, ovsDevOf(serverPorts('vm1', 'private')[0].id)).toString(16)} `).test(flows(NODE1, 'br-int', 72)),
  'arp-flow-deleted': () => !new RegExp(`priority=95,arp,reg5=0x${ofportOf(NODE1, ovsDevOf(serverPorts('vm1', 'private')[0].id)).toString(16)},`).test(flows(NODE1, 'br-int', 71)),
  'tap-admin-down': () => !/[<,]UP[,>]/.test(ssh(NODE1, `ip -o link show dev ${ovsDevOf(serverPorts('vm1', 'private')[0].id)}`).stdout),
  'router-port-disabled': () => {
    const port = routerPortOn('private');
    return port.admin_state_up === false && portsOf(NODE1).some((p) => p.name === `qr-${String(port.id).slice(0, 11)}` && p.tag === '4095');
  },
  'fip-nat-missing': () => {
    const fip = api<{ floatingips: Json[] }>('network', '/floatingips', { port_id: serverPorts('vm1', 'private')[0].id }).floatingips[0];
    const router = neutronNamed('routers', 'router1').id;
    const nat = run('ip', ['netns', 'exec', `qrouter-${router}`, 'iptables', '-t', 'nat', '-S']).stdout;
    return !nat.includes(`-A neutron-l3-agent-PREROUTING -d ${fip.floating_ip_address}/32 -j DNAT`);
  },
};

/** extra evidence some kinds show only in API state that takes a while (agent heartbeats) */
const eventuallyAlso: Record<string, () => Promise<unknown>> = {
  'port-down': () => eventually('OVS agent of node 2 reported dead', () => agentAlive('neutron-openvswitch-agent', NODE2) === false, 90),
};

describe.skipIf(skipMutating)(`lab/fault: every kind visible, then gone after undo ${skipReason}`, () => {
  it('the test covers every kind lab/fault offers', () => {
    // a DVR lab's dvr-* kinds are test/lab/dvr.lab.test.ts's
    const KINDS = fault('list').trim().split('\n').map((l) => l.split(/\s+/)[0]).filter((k) => !k.startsWith('dvr-'));
    expect(KINDS.sort()).toEqual(Object.keys(visible).sort());
  });

  // One failed undo must not cascade: each kind starts on a lab with nothing injected. What an
  // earlier test left behind is undone here; if that fails too, this test fails naming what is left.
  beforeEach(({ task }) => {
    if (task.name === 'nothing left injected') return;
    const left = fault('active').trim();
    if (!left) return;
    try {
      fault('undo-all');
    } catch (e) {
      throw new Error(`an earlier test left ${left.split('\n').join(', ')} injected and lab/fault undo-all failed: ${(e as Error).message}`);
    }
  });

  for (const kind of Object.keys(visible)) {
    it(kind, async () => {
      expect(await visible[kind](), `${kind} visible before injection`).toBe(false);
      try {
        fault(kind);
        await eventually(`${kind} visible after injection`, () => visible[kind](), 90);
        if (eventuallyAlso[kind]) await eventuallyAlso[kind]();
      } finally {
        fault('undo', kind);
      }
      await eventually(`${kind} gone after undo`, async () => !(await visible[kind]()), 90);
      // the lab is healthy again: instances of the sample topology keep ACTIVE ports
      expect(serverPorts('vm1').every((p) => p.status === 'ACTIVE')).toBe(true);
    }, 400_000);
  }

  it('nothing left injected', () => {
    expect(fault('active').trim(), 'kinds still recorded in $LAB_DIR/run/faults').toBe('');
    expect(serverId('vm1')).toBeTruthy();
  });
});

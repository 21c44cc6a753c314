// The ML2/OVN lab's faults (LAB_BACKEND=ovn lab/fault): each changes what its description says in the NB/SB/OVS
// state, and `undo` restores it. Changes the lab: runs only with NETXRAY_OVN_LAB=1 and a running OVN lab.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LIVE_TIMEOUT,
  OVN_LAB_DIR,
  OVN_NODE1,
  OVN_NODE2,
  inNetns,
  nbRows,
  nodeOvsRows,
  optional,
  ovnFault,
  ovnMetaNetnsDir,
  ovnOsc,
  ovnRun,
  ovnSsh,
  sbRows,
} from './ovnHelpers.js';

const enabled = process.env.NETXRAY_OVN_LAB === '1' && process.env.NETXRAY_SKIP_LAB !== '1';
const fault = ovnFault;

const portOf = (server: string) => {
  const id = ovnOsc<{ ID: string }[]>('server', 'list', '--all-projects', '--name', `^${server}$`)[0].ID;
  return ovnOsc<{ ID: string }[]>('port', 'list', '--device-id', id)[0].ID;
};
/** hostname of the chassis holding the SB Port_Binding of a logical port; undefined when unclaimed or absent */
const boundHost = (logicalPort: string) => {
  const b = sbRows('Port_Binding').find((r) => r.logical_port === logicalPort);
  const ch = b && optional(b.chassis);
  return ch ? sbRows('Chassis').find((c) => c._uuid === ch)?.hostname : undefined;
};
const chassisOf = (host: string) => sbRows('Chassis').find((c) => c.hostname === host)!;
const encapIpOf = (host: string) => {
  const encaps = chassisOf(host).encaps as string[];
  return sbRows('Encap').find((e) => encaps.includes(e._uuid as string))!.ip;
};
const node2Ids = () => nodeOvsRows(OVN_NODE2, 'Open_vSwitch')[0].external_ids as Record<string, string>;
/** names of the localnet patch ports ovn-controller made on a node's br-int (patch-br-int-to-provnet-*) */
const provnetPatches = (node: string) =>
  nodeOvsRows(node, 'Interface').filter((i) => i.type === 'patch' && (i.name as string).startsWith('patch-br-int-to-provnet')).map((i) => i.name);
const daemonRunning = (pidFile: string) => ovnRun('pgrep', ['-f', pidFile], true).status === 0;
/** NB_Global.nb_cfg bumped and, with northd up, copied to SB_Global; fails (exit status) when northd does not answer */
const nbSync = () => ovnRun('ovn-nbctl', ['--timeout=10', '--wait=sb', 'sync'], true).status;
/** the match of every SB Logical_Flow (what northd made of the NB) */
const lflowMatches = () => sbRows('Logical_Flow').map((f) => f.match as string);
/** node 1's Geneve tunnel ports towards node 2's Encap IP */
const node1TunnelsToNode2 = () => nodeOvsRows(OVN_NODE1, 'Interface').filter((i) => i.type === 'geneve' && i.options.remote_ip === encapIpOf(OVN_NODE2));
const ovnInstalled = (node: string, port: string) =>
  ovnSsh(node, `ovs-vsctl --if-exists get Interface tap${port.slice(0, 11)} external_ids:ovn-installed`, true).stdout.trim();

describe.skipIf(!enabled)('ML2/OVN lab faults (needs NETXRAY_OVN_LAB=1)', () => {
  it('wrong-requested-chassis: vm1 released by node 1 (seen by the fault itself; neutron heals it); undo leaves it bound to node 1', () => {
    const p = portOf('vm1');
    expect(boundHost(p)).toBe(OVN_NODE1);
    // The fault returns only once it has seen node 1 release the Port_Binding (lab/lib/ovn/fault.sh polls the SB for
    // it and fails after 60 s). Reading the SB again here would race the cloud: the release sets the port DOWN, and
    // neutron answers that by writing the LSP's options from the port's binding:host_id again (requested-chassis back
    // to node 1), after which node 1 claims the port again; seen on the lab a few seconds after the release.
    fault('wrong-requested-chassis');
    fault('undo', 'wrong-requested-chassis');
    expect(boundHost(p)).toBe(OVN_NODE1);
  }, LIVE_TIMEOUT);

  it('lsp-deleted: vm4 LSP and Port_Binding gone while Neutron keeps the port; undo restores LSP, port groups, binding', () => {
    const p = portOf('vm4');
    const before = nbRows('Logical_Switch_Port').find((l) => l.name === p)!;
    const groups = () => nbRows('Port_Group').filter((g) => (g.ports as string[]).includes(
      nbRows('Logical_Switch_Port').find((l) => l.name === p)?._uuid)).map((g) => g.name).sort();
    const groupsBefore = groups();
    fault('lsp-deleted');
    expect(nbRows('Logical_Switch_Port').some((l) => l.name === p)).toBe(false);
    expect(sbRows('Port_Binding').some((b) => b.logical_port === p)).toBe(false);
    expect(ovnOsc<Record<string, string>>('port', 'show', p).id).toBe(p);
    fault('undo', 'lsp-deleted');
    const after = nbRows('Logical_Switch_Port').find((l) => l.name === p)!;
    for (const col of ['addresses', 'port_security', 'external_ids', 'options', 'type']) expect(after[col], col).toEqual(before[col]);
    expect(groups()).toEqual(groupsBefore);
    expect(boundHost(p)).toBe(OVN_NODE2);
  }, LIVE_TIMEOUT);

  it('gateway-chassis-removed: router1 loses its cr-lrp; undo brings it back on node 1', () => {
    const cr = () => sbRows('Port_Binding').filter((b) => b.type === 'chassisredirect');
    expect(cr().length).toBe(1);
    const name = cr()[0].logical_port as string;
    fault('gateway-chassis-removed');
    expect(nbRows('Gateway_Chassis').length).toBe(0);
    expect(boundHost(name)).toBeUndefined();
    fault('undo', 'gateway-chassis-removed');
    expect(boundHost(name)).toBe(OVN_NODE1);
  }, LIVE_TIMEOUT);

  it('ovn-controller-down: node 2 stops answering (nb_cfg stalls); undo: it runs and its ports stay installed', () => {
    const p = portOf('vm4');
    fault('ovn-controller-down');
    expect(ovnRun('pgrep', ['-f', `${OVN_LAB_DIR}/data/ovn2/ovn-controller.pid`], true).status).not.toBe(0);
    fault('undo', 'ovn-controller-down');
    expect(ovnRun('pgrep', ['-f', `${OVN_LAB_DIR}/data/ovn2/ovn-controller.pid`], true).status).toBe(0);
    expect(boundHost(p)).toBe(OVN_NODE2);
    expect(ovnInstalled(OVN_NODE2, p)).toBe('"true"');
  }, LIVE_TIMEOUT);

  it('ovn-northd-down: NB changes stop reaching the SB (NB_Global.nb_cfg ahead of SB_Global); undo: they flow again', () => {
    expect(nbSync()).toBe(0);
    fault('ovn-northd-down');
    expect(daemonRunning(`${OVN_LAB_DIR}/data/ovn/ovn-northd.pid`)).toBe(false);
    expect(nbSync(), 'ovn-nbctl --wait=sb sync times out').not.toBe(0);
    const nbCfg = nbRows('NB_Global')[0].nb_cfg as number;
    expect(sbRows('SB_Global')[0].nb_cfg as number).toBeLessThan(nbCfg);
    fault('undo', 'ovn-northd-down');
    expect(nbSync()).toBe(0);
    expect(sbRows('SB_Global')[0].nb_cfg as number).toBeGreaterThanOrEqual(nbCfg);
  }, LIVE_TIMEOUT);

  it('metadata-agent-down: node 2\'s agent stopped, its haproxy still serves, its ack in Chassis_Private falls behind; undo: acked again', () => {
    const vm4Net = ovnOsc<Record<string, string>>('port', 'show', portOf('vm4')).network_id;
    const ns = join(ovnMetaNetnsDir(OVN_NODE2), `ovnmeta-${vm4Net}`);
    const ack = () => optional(sbRows('Chassis_Private').find((c) => c.name === chassisOf(OVN_NODE2).name)!.external_ids['neutron:ovn-metadata-sb-cfg']);
    fault('metadata-agent-down');
    expect(daemonRunning(`${OVN_LAB_DIR}/etc/neutron/ovn_metadata_agent-node2.ini`)).toBe(false);
    expect(nbSync()).toBe(0);
    const stale = Number(ack());
    expect(stale).toBeLessThan(sbRows('SB_Global')[0].nb_cfg as number);
    expect(inNetns(ns, ['ss', '-Hltn', 'sport = :80']).stdout).toContain('169.254.169.254:80');
    fault('undo', 'metadata-agent-down');
    expect(daemonRunning(`${OVN_LAB_DIR}/etc/neutron/ovn_metadata_agent-node2.ini`)).toBe(true);
    expect(Number(ack())).toBeGreaterThan(stale);
  }, LIVE_TIMEOUT);

  it('encap-ip-wrong: node 2\'s Encap and node 1\'s Geneve tunnel point at 127.0.1.222; undo: back to node 2\'s own IP', () => {
    const right = node2Ids()['ovn-encap-ip'];
    expect(encapIpOf(OVN_NODE2)).toBe(right);
    const node1Remote = () => nodeOvsRows(OVN_NODE1, 'Interface').filter((i) => i.type === 'geneve').map((i) => i.options.remote_ip);
    expect(node1Remote()).toEqual([right]);
    fault('encap-ip-wrong');
    expect(node2Ids()['ovn-encap-ip']).toBe('127.0.1.222');
    expect(encapIpOf(OVN_NODE2)).toBe('127.0.1.222');
    expect(node1Remote()).toEqual(['127.0.1.222']);
    fault('undo', 'encap-ip-wrong');
    expect(encapIpOf(OVN_NODE2)).toBe(right);
    expect(node1Remote()).toEqual([right]);
  }, LIVE_TIMEOUT);

  it('bridge-mapping-removed: node 2 loses physnet1 (OVS, SB Chassis), its ovn-controller skips the localnet ports; undo restores the mapping and the patch ports', () => {
    const mappings = () => chassisOf(OVN_NODE2).other_config['ovn-bridge-mappings'];
    expect(mappings()).toBe('physnet1:br-ex');
    const patches = provnetPatches(OVN_NODE2);
    expect(patches.length).toBeGreaterThan(0);
    fault('bridge-mapping-removed');
    expect(node2Ids()['ovn-bridge-mappings']).toBeUndefined();
    expect(chassisOf(OVN_NODE2).external_ids['ovn-bridge-mappings']).toBeUndefined();
    // Their patch ports usually go; OVN 23.03 kept them (unused) once node 2's ovn-controller had been restarted by an
    // earlier kind (seen in the CI check, and again after a full recompute and a restart): none new, either way.
    expect(provnetPatches(OVN_NODE2).filter((p) => !patches.includes(p))).toEqual([]);
    expect(provnetPatches(OVN_NODE1).length, 'node 1 untouched').toBeGreaterThan(0);
    fault('undo', 'bridge-mapping-removed');
    expect(node2Ids()['ovn-bridge-mappings']).toBe('physnet1:br-ex');
    expect(chassisOf(OVN_NODE2).external_ids['ovn-bridge-mappings']).toBe('physnet1:br-ex');
    // Back: patch ports again, none new. Not necessarily all of them: ovn-controller makes a localnet patch port only for
    // the datapaths local to the chassis now, and one left from an earlier test's port (seen in a CI run: 2 before, 1
    // after, and never 2 again within 60 s) does not come back, rightly.
    const after = provnetPatches(OVN_NODE2);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((p) => !patches.includes(p))).toEqual([]);
  }, LIVE_TIMEOUT);

  it('mtu-too-large: vm4\'s tap at MTU 1500 on the Geneve network (1442); undo restores its MTU', () => {
    const p = portOf('vm4');
    const netMtu = ovnOsc<Record<string, number>>('network', 'show', 'private').mtu;
    expect(netMtu).toBe(1442);
    const tap = () => nodeOvsRows(OVN_NODE2, 'Interface').find((i) => i.name === `tap${p.slice(0, 11)}`)!;
    const before = tap();
    fault('mtu-too-large');
    expect(tap().mtu).toBe(1500);
    expect(tap().mtu_request).toBe(1500);
    fault('undo', 'mtu-too-large');
    expect(tap().mtu_request).toEqual(before.mtu_request);
    expect(tap().mtu).toBe(before.mtu);
  }, LIVE_TIMEOUT);

  it('nat-row-removed: vm1\'s floating IP loses its dnat_and_snat NAT row and its logical flows, Neutron keeps it; undo restores both', () => {
    const fip = ovnOsc<Record<string, string>[]>('floating', 'ip', 'list', '--port', portOf('vm1'))[0]['Floating IP Address'];
    const natOf = () => nbRows('NAT').find((n) => n.type === 'dnat_and_snat' && n.external_ip === fip);
    const before = natOf()!;
    expect(before.logical_ip).toBe(ovnOsc<Record<string, string>>('floating', 'ip', 'show', fip).fixed_ip_address);
    const mentions = () => lflowMatches().filter((m) => m.includes(fip)).length;
    expect(mentions()).toBeGreaterThan(0);
    fault('nat-row-removed');
    expect(natOf()).toBeUndefined();
    expect(mentions()).toBe(0);
    expect(ovnOsc<Record<string, string>[]>('floating', 'ip', 'list', '--port', portOf('vm1')).length, 'Neutron still has it').toBe(1);
    fault('undo', 'nat-row-removed');
    const after = natOf()!;
    for (const col of ['logical_ip', 'external_ip', 'logical_port', 'external_mac', 'external_ids', 'options']) expect(after[col], col).toEqual(before[col]);
    const router = (nat: string) => nbRows('Logical_Router').find((r) => (r.nat as string[]).includes(nat))?.name;
    expect(router(after._uuid as string)).toBe(`neutron-${ovnOsc<Record<string, string>>('router', 'show', 'router1').id}`);
    expect(mentions()).toBeGreaterThan(0);
  }, LIVE_TIMEOUT);

  it('sg-rule-removed: the ICMP ingress ACL of vm1\'s group leaves its Port_Group and the SB, Neutron keeps the rule; undo restores both', () => {
    const sg = ovnOsc<Record<string, string[]>>('port', 'show', portOf('vm1')).security_group_ids[0];
    const rule = ovnOsc<Record<string, string>[]>('security', 'group', 'rule', 'list', sg, '--protocol', 'icmp', '--ingress')[0].ID;
    const aclOf = () => nbRows('ACL').find((a) => a.external_ids['neutron:security_group_rule_id'] === rule);
    const pg = () => nbRows('Port_Group').find((g) => g.name === `pg_${sg.replaceAll('-', '_')}`)!;
    const before = aclOf()!;
    expect(pg().acls).toContain(before._uuid);
    expect(before.match).toContain('icmp4');
    expect(before.direction).toBe('to-lport');
    const inSb = () => lflowMatches().filter((m) => m.includes(before.match as string)).length;
    expect(inSb()).toBeGreaterThan(0);
    fault('sg-rule-removed');
    expect(aclOf()).toBeUndefined();
    expect(inSb()).toBe(0);
    expect(ovnOsc<Record<string, string>>('security', 'group', 'rule', 'show', rule).id, 'Neutron still has it').toBe(rule);
    fault('undo', 'sg-rule-removed');
    const after = aclOf()!;
    for (const col of ['match', 'direction', 'priority', 'action', 'external_ids', 'name', 'log', 'severity', 'meter']) expect(after[col], col).toEqual(before[col]);
    expect(pg().acls).toContain(after._uuid);
    expect(inSb()).toBeGreaterThan(0);
  }, LIVE_TIMEOUT);

  it('sg-icmp-blocked: the ICMP ingress and IPv4 from-members rules of vm1\'s group leave Neutron, and their ACLs the NB and SB; undo: both back, with ACLs', () => {
    const sg = ovnOsc<Record<string, string[]>>('port', 'show', portOf('vm1')).security_group_ids[0];
    type Rule = { ID: string; 'IP Protocol': string | null; Ethertype: string; 'Remote Security Group': string | null };
    const admitting = () =>
      ovnOsc<Rule[]>('security', 'group', 'rule', 'list', sg, '--ingress').filter(
        (r) => r.Ethertype === 'IPv4' && (r['IP Protocol'] === 'icmp' || (r['IP Protocol'] === null && r['Remote Security Group'] === sg)),
      );
    const aclsOf = (rules: Rule[]) => nbRows('ACL').filter((a) => rules.some((r) => a.external_ids['neutron:security_group_rule_id'] === r.ID));
    const before = admitting();
    expect(before.map((r) => r['IP Protocol'] ?? 'any').sort()).toEqual(['any', 'icmp']);
    const beforeAcls = aclsOf(before);
    expect(beforeAcls).toHaveLength(2);
    const inSb = (matches: string[]) => lflowMatches().filter((m) => matches.some((acl) => m.includes(acl))).length;
    expect(inSb(beforeAcls.map((a) => a.match as string))).toBeGreaterThan(0);
    fault('sg-icmp-blocked');
    expect(admitting()).toEqual([]);
    expect(aclsOf(before)).toEqual([]);
    expect(inSb(beforeAcls.map((a) => a.match as string))).toBe(0);
    fault('undo', 'sg-icmp-blocked');
    const after = admitting();
    expect(after.map((r) => r['IP Protocol'] ?? 'any').sort()).toEqual(['any', 'icmp']);
    const afterAcls = aclsOf(after);
    expect(afterAcls).toHaveLength(2);
    expect(inSb(afterAcls.map((a) => a.match as string))).toBeGreaterThan(0);
  }, LIVE_TIMEOUT);

  it('metadata-namespace-deleted: node 2\'s ovnmeta- of vm4\'s network, its haproxy and veth gone, node 1\'s kept; undo: served again', () => {
    const net = ovnOsc<Record<string, string>>('port', 'show', portOf('vm4')).network_id;
    const nsOn = (node: string) => join(ovnMetaNetnsDir(node), `ovnmeta-${net}`);
    const veth = `tap${net.slice(0, 10)}0`;
    const serves = (node: string) => existsSync(nsOn(node)) && inNetns(nsOn(node), ['ss', '-Hltn', 'sport = :80']).stdout.includes('169.254.169.254:80');
    const node2HasVeth = () => ovnSsh(OVN_NODE2, `ip link show ${veth}`, true).status === 0;
    expect(serves(OVN_NODE2)).toBe(true);
    expect(node2HasVeth()).toBe(true);
    fault('metadata-namespace-deleted');
    expect(existsSync(nsOn(OVN_NODE2))).toBe(false);
    expect(ovnSsh(OVN_NODE2, 'ip netns list').stdout).not.toContain(`ovnmeta-${net}`);
    expect(node2HasVeth()).toBe(false);
    expect(daemonRunning(`${OVN_LAB_DIR}/data/neutron-meta2/ovn-metadata-proxy/${net}.conf`)).toBe(false);
    expect(serves(OVN_NODE1), 'node 1 untouched').toBe(true);
    fault('undo', 'metadata-namespace-deleted');
    expect(serves(OVN_NODE2)).toBe(true);
    expect(node2HasVeth()).toBe(true);
  }, LIVE_TIMEOUT);

  it('tunnel-port-deleted: node 1\'s Geneve port to node 2 deleted while its ovn-controller is stopped; undo: ovn-controller puts it back', () => {
    expect(node1TunnelsToNode2().length).toBe(1);
    fault('tunnel-port-deleted');
    expect(daemonRunning(`${OVN_LAB_DIR}/data/ovn1/ovn-controller.pid`)).toBe(false);
    expect(node1TunnelsToNode2()).toEqual([]);
    expect(nodeOvsRows(OVN_NODE2, 'Interface').filter((i) => i.type === 'geneve').length, 'node 2 untouched').toBe(1);
    fault('undo', 'tunnel-port-deleted');
    expect(daemonRunning(`${OVN_LAB_DIR}/data/ovn1/ovn-controller.pid`)).toBe(true);
    expect(node1TunnelsToNode2().length).toBe(1);
  }, LIVE_TIMEOUT);
});

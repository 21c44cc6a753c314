// Packet walks on the lab with faults injected (changes the lab; each fault is undone): the walk names the firewall
// table and the missing security-group rule, or the missing flow, at the host where lab/fault made it.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PacketWalk } from '../../src/model/walkModel.js';
import { eventually, NODE1, skipMutating, skipReason } from '../lab/helpers.js';
import { labFaultHooks } from './_faults.js';
import { CLI, traceLive, walkLive } from './_liveLab.js';

const dropped = (walk: PacketWalk | undefined) => (walk?.verdict.kind === 'dropped' ? walk.verdict : undefined);

describe.skipIf(skipMutating || !existsSync(CLI))(`netxray trace --to with lab faults ${skipReason}`, () => {
  const inject = labFaultHooks();

  it('sg-icmp-blocked: vm1 → vm3 icmp is dropped in the ingress rules table on vm3\'s host, naming the group and the missing rule', async () => {
    inject('sg-icmp-blocked');
    // The agent rewrites the firewall flows after the API change: walk until they show it.
    const v = await eventually('the walk to show the drop', () => dropped(walkLive('vm1', 'vm3', '--proto', 'icmp').report.walk), 90);
    expect(v).toMatchObject({ bridge: 'br-int', table: 82, reason: 'firewall-no-rule' });
    expect(v.host).not.toBe(NODE1);
    expect(v.explanation).toMatch(/No ingress rule of security group default \([0-9a-f-]{36}\)/);
  }, 300_000);

  it('port-disabled: vm1\'s trace leads with the disabled port and its fix, DOWN and the dead VLAN listed under it; the walk is dropped on node 1 br-int', async () => {
    inject('port-disabled');
    // the agent moves the VIF to the dead VLAN and reports it DOWN a moment after the API change
    const { report, status } = await eventually('the trace to show the dead VLAN and the DOWN port', () => {
      const r = walkLive('vm1', 'gateway');
      const ids = (r.report.findings ?? []).map((f) => f.id);
      return ids.includes('dead-vlan') && ids.includes('port-down') && r;
    }, 120);
    expect(status).toBe(1);
    const first = report.findings[0];
    expect(first).toMatchObject({ id: 'port-disabled', severity: 'error', host: NODE1, hint: `openstack port set --enable ${first.portId}` });
    const symptoms = report.findings.filter((f) => f.causedBy === 'port-disabled').map((f) => f.id);
    // the dead VLAN and the DOWN status, and the walks it stops (the --to walk and the automatic walks): all under it
    expect([...new Set(symptoms)].sort()).toEqual(['dead-vlan', 'port-down', 'walk-dropped']);
    expect(report.findings.filter((f) => f.id !== 'port-disabled' && !f.causedBy && f.severity !== 'info')).toEqual([]);
    expect(dropped(report.walk)).toMatchObject({ host: NODE1, bridge: 'br-int' });
  }, 300_000);

  it('foreign-drop: vm1\'s trace leads with the flow the agent did not install and how to remove it; the walk is dropped there as a foreign flow', () => {
    inject('foreign-drop');
    const { status, report } = walkLive('vm1', 'gateway');
    expect(status).toBe(1);
    expect(report.findings[0]).toMatchObject({ id: 'foreign-flow', severity: 'error', host: NODE1 });
    expect(report.findings[0].hint).toMatch(/ovs-ofctl --strict del-flows br-int "table=0,priority=100,in_port=/);
    expect(dropped(report.walk)).toMatchObject({ host: NODE1, bridge: 'br-int', table: 0, reason: 'foreign-flow' });
  }, 300_000);

  // Faults only the automatic walks see (no element of the path differs from what Neutron implies): no --to needed.
  const walkVerdicts = (report: ReturnType<typeof traceLive>['report']) => (report.walks ?? []).map((w) => `${w.trafficClass} ${w.walk?.request.proto} ${w.walk?.verdict.kind}`);

  it('sg-flows-stale: vm1\'s automatic ICMP walks are dropped in table 72 on node 1 although the API allows them: one error, naming the rule the flows lack and the agent to restart', () => {
    inject('sg-flows-stale');
    const { status, report } = traceLive('vm1');
    expect(status).toBe(1);
    expect(report.findings.filter((f) => f.severity !== 'info')).toHaveLength(1);
    const first = report.findings[0];
    expect(first).toMatchObject({ id: 'walk-dropped', severity: 'error', host: NODE1 });
    expect(first.message).toMatch(/table 72 \(firewall-no-rule\).*The API has rule [0-9a-f-]{36} \(egress IPv4 any to anywhere\).*lag behind the API.*The same flow stops 2 more automatic walk/);
    expect(first.hint).toMatch(/^the API allows it .* restart the OVS agent there/);
    expect(walkVerdicts(report)).toEqual(['dhcp arp delivered', 'dhcp udp:67 delivered', 'gateway arp delivered', 'gateway icmp dropped', 'peer arp delivered', 'peer icmp dropped', 'floating-ip icmp dropped']);
  }, 300_000);

  it('arp-flow-deleted: vm1\'s automatic ARP walks are dropped in table 71 on node 1 (its own addresses no longer let out): one error with the resync hint', () => {
    inject('arp-flow-deleted');
    const { status, report } = traceLive('vm1');
    expect(status).toBe(1);
    expect(report.findings.filter((f) => f.severity !== 'info')).toHaveLength(1);
    const first = report.findings[0];
    expect(first).toMatchObject({ id: 'walk-dropped', severity: 'error', host: NODE1 });
    expect(first.message).toMatch(/\(arp\): dropped on nxlab-node1 br-int table 71 \(firewall-spoofing\).*The same flow stops 2 more automatic walk/);
    expect(first.hint).toMatch(/the port's own MAC and IP .* restart the OVS agent there/);
    expect(walkVerdicts(report)).toEqual(['dhcp arp dropped', 'dhcp udp:67 delivered', 'gateway arp dropped', 'gateway icmp delivered', 'peer arp dropped', 'peer icmp delivered', 'floating-ip icmp left-cloud']);
  }, 300_000);

  it('foreign-drop: every automatic walk of vm1 is stopped by the foreign flow, listed under the foreign-flow finding', () => {
    inject('foreign-drop');
    const { status, report } = traceLive('vm1');
    expect(status).toBe(1);
    expect(report.findings[0]).toMatchObject({ id: 'foreign-flow', host: NODE1 });
    expect(report.findings.find((f) => f.id === 'walk-dropped')).toMatchObject({ causedBy: 'foreign-flow', host: NODE1 });
    expect(walkVerdicts(report).every((v) => v.endsWith('dropped'))).toBe(true);
  }, 300_000);

  it.each([
    ['flow-br-tun', 'vm1', 'vm3', 'br-tun', 22],
    ['flow-br-ex', 'vm2', 'gateway', 'br-ex', 0],
    ['flow-br-int', 'vm3', 'vm2', 'br-int', 0],
    ['tunnel-port', 'vm1', 'vm3', 'br-tun', 22],
  ])('%s: %s → %s is dropped on node 1 %s table %i', (kind, source, target, bridge, table) => {
    inject(kind);
    const { status, report } = walkLive(source, target);
    expect(status).toBe(1);
    expect(dropped(report.walk)).toMatchObject({ host: NODE1, bridge, table });
  }, 300_000);
});

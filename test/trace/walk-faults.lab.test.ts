// Packet walks on the lab with faults injected (changes the lab; each fault is undone): the walk names the firewall
// table and the missing security-group rule, or the missing flow, at the host where lab/fault made it.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PacketWalk } from '../../src/model/walkModel.js';
import { eventually, fault, NODE1, skipMutating, skipReason } from '../lab/helpers.js';
import { CLI, walkLive } from './_liveLab.js';

const dropped = (walk: PacketWalk | undefined) => (walk?.verdict.kind === 'dropped' ? walk.verdict : undefined);

describe.skipIf(skipMutating || !existsSync(CLI))(`netxray trace --to with lab faults ${skipReason}`, () => {
  let injected: string | undefined;
  afterEach(() => {
    if (injected) fault('undo', injected);
    injected = undefined;
  });
  const inject = (kind: string) => {
    fault(kind);
    injected = kind;
  };

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
    expect(symptoms.sort()).toEqual(['dead-vlan', 'port-down']);
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

// `netxray trace` on the live ML2/OVN lab with the lab's own faults (LAB_BACKEND=ovn lab/fault): each fault is made
// with the real tools, the trace of the instance it hits must name it as the root cause (right host, symptoms under
// it), and the lab is healthy again after its undo. Changes the lab: runs only with NETXRAY_OVN_LAB=1 and a running
// OVN lab; needs `npm run build` (it runs bin/netxray).
import { describe, expect, it } from 'vitest';
import type { Finding, TraceReport } from '../../src/model/traceModel.js';
import { LIVE_TIMEOUT, OVN_NODE1, OVN_NODE2, metadataAckLag, ovnFault, ovnNetxrayTrace, ovnOsc, waitForLab } from './ovnHelpers.js';

const enabled = process.env.NETXRAY_OVN_LAB === '1' && process.env.NETXRAY_SKIP_LAB !== '1';
const fault = ovnFault;
const trace = ovnNetxrayTrace;
/** The findings nothing else explains, warnings and errors only. */
const causes = (r: TraceReport) => r.findings.filter((f) => !f.causedBy && f.severity !== 'info');
const idsOf = (fs: Finding[]) => [...new Set(fs.map((f) => f.id))].sort();

/** Inject, trace, undo (also when the assertions fail), and the instance is healthy again. */
function withFault(kind: string, vm: string, check: (r: TraceReport, status: number | null) => void, settle?: () => void) {
  it(`${kind}: the trace of ${vm} names it`, () => {
    fault(kind);
    try {
      settle?.();
      const { report, status } = trace(vm);
      expect(report.backend).toBe('ml2/ovn');
      expect(report.summary.verdict).toBe('problems');
      expect(status).toBe(1);
      check(report, status);
    } finally {
      fault('undo', kind);
    }
    expect(trace(vm).report.summary.verdict).toBe('healthy');
  }, 2 * LIVE_TIMEOUT);
}

describe.skipIf(!enabled)('netxray trace names the ML2/OVN lab faults (needs NETXRAY_OVN_LAB=1)', () => {
  withFault('lsp-deleted', 'vm4', (r) => {
    expect(idsOf(causes(r))).toEqual(['lsp-missing']);
    expect(causes(r)[0]).toMatchObject({ severity: 'error', host: OVN_NODE2 });
  });
  withFault('gateway-chassis-removed', 'vm1', (r) => {
    expect(idsOf(causes(r))).toEqual(['gateway-unclaimed']);
    expect(causes(r)[0]).toMatchObject({ severity: 'error', at: { part: 'router' } });
  });
  withFault('bridge-mapping-removed', 'vm3', (r) => {
    expect(idsOf(causes(r))).toEqual(['bridge-mapping-missing']);
    expect(causes(r)[0]).toMatchObject({ severity: 'error', host: OVN_NODE2 });
  });
  withFault('ovn-controller-down', 'vm4', (r) => {
    // right after the stop Neutron may still call the agent alive: then only the stale nb_cfg shows it (a warning)
    expect(idsOf(causes(r))).toEqual(['ovn-controller-down']);
    expect(causes(r)[0]).toMatchObject({ host: OVN_NODE2 });
  });
  withFault('ovn-northd-down', 'vm1', (r) => {
    expect(idsOf(causes(r))).toEqual(['ovn-northd-behind']);
    expect(r.findings.filter((f) => f.causedBy).every((f) => f.causedBy === 'ovn-northd-behind')).toBe(true);
  });
  withFault('encap-ip-wrong', 'vm4', (r) => {
    expect(idsOf(causes(r))).toEqual(['encap-ip-unassigned']);
    expect(causes(r)[0]).toMatchObject({ severity: 'error', host: OVN_NODE2, at: { part: 'hop', host: OVN_NODE2 } });
    expect(causes(r)[0].evidence[0].text).toBe('ip=127.0.1.222');
  });
  withFault('encap-ip-wrong', 'vm1', (r) => {
    // vm1 is on node 1: the far end of its Geneve tunnel is what is wrong
    expect(idsOf(causes(r))).toEqual(['encap-ip-unassigned']);
    expect(causes(r)[0]).toMatchObject({ severity: 'error', host: OVN_NODE2, at: { part: 'remote', host: OVN_NODE2 } });
  });
  // the NB check names the rule; vm1 → vm3 ICMP is still let in by the group's "IPv4 from members" rule
  // (test/trace/ovnWalk.test.ts shows the drop when both go)
  withFault('sg-rule-removed', 'vm1', (r) => {
    expect(idsOf(causes(r))).toEqual(['sg-acl-missing']);
    expect(causes(r)[0].message).toMatch(/\(ingress IPv4 icmp from anywhere\) has no ACL in the NB port group pg_/);
    const walk = trace('vm1', ['--to', 'vm3', '--proto', 'icmp']).report.walk!;
    expect(walk.verdict.kind).toBe('delivered');
    expect(walk.assumptions.join('\n')).toMatch(/allowed by ls_out_acl: .*from members of/);
  });
  // issue #13 on OVN: with nothing letting ICMP in (both rules deleted through Neutron, so the NB agrees), the walk is
  // dropped and names the ACL stage, Neutron's default drop and the group without a rule; undone, it is delivered again
  it('sg-icmp-blocked: vm1 → vm3 --proto icmp is dropped by neutron_pg_drop in ls_out_acl on node 2, the group named', () => {
    const walk = () => trace('vm1', ['--to', 'vm3', '--proto', 'icmp']).report.walk!;
    fault('sg-icmp-blocked');
    try {
      const v = walk().verdict;
      expect(v).toMatchObject({ kind: 'dropped', host: OVN_NODE2, reason: 'firewall-no-rule' });
      if (v.kind !== 'dropped') return;
      expect(v.bridge).toMatch(/egress$/);
      expect(v.explanation).toContain("neutron's default drop (neutron_pg_drop)");
      expect(v.explanation).toMatch(/No ingress rule of security group default \([0-9a-f-]{36}\) allows it/);
    } finally {
      fault('undo', 'sg-icmp-blocked');
    }
    expect(walk().verdict.kind).toBe('delivered');
  }, 2 * LIVE_TIMEOUT);
  withFault('nat-row-removed', 'vm1', (r) => {
    expect(idsOf(causes(r))).toEqual(['ovn-fip-nat-missing']);
    expect(causes(r)[0]).toMatchObject({ severity: 'error', at: { part: 'router' } });
  });
  withFault('metadata-namespace-deleted', 'vm4', (r) => {
    expect(idsOf(causes(r))).toEqual(['ovn-metadata-missing']);
    expect(causes(r)[0]).toMatchObject({ host: OVN_NODE2, at: { part: 'metadata' } });
  });
  withFault('tunnel-port-deleted', 'vm1', (r) => {
    // the fault stops node 1's ovn-controller first (else it puts the port back): once an NB change has come by, its
    // stale nb_cfg is a second cause on the same host; the tunnel is the error either way
    const ids = idsOf(causes(r));
    expect(ids).toContain('tunnel-missing');
    expect(ids.filter((id) => id !== 'tunnel-missing').every((id) => id === 'ovn-controller-down')).toBe(true);
    expect(causes(r).find((f) => f.id === 'tunnel-missing')).toMatchObject({ severity: 'error', host: OVN_NODE1, at: { part: 'remote', host: OVN_NODE2 } });
  });
  withFault('mtu-too-large', 'vm4', (r) => {
    expect(idsOf(causes(r))).toEqual(['vif-mtu-mismatch']);
    expect(causes(r)[0]).toMatchObject({ severity: 'warning', host: OVN_NODE2 });
    expect(causes(r)[0].evidence.map((e) => e.text)).toEqual(['mtu 1500', 'mtu=1442']);
  });
  withFault(
    'metadata-agent-down',
    'vm4',
    (r) => {
      expect(idsOf(causes(r))).toEqual(['ovn-metadata-agent-down']);
      expect(causes(r)[0]).toMatchObject({ host: OVN_NODE2, at: { part: 'metadata' } });
    },
    // the stopped agent shows once it has missed two liveness rounds (one behind is a round in progress): Neutron starts a
    // round when its agents are listed, at most every agent_down_time/2 (15 s in the lab)
    () => waitForLab(`${OVN_NODE2}'s metadata agent two rounds behind`, 300, () => (ovnOsc('network', 'agent', 'list'), metadataAckLag(OVN_NODE2) >= 2)),
  );
});

// Every lab fault kind gives its finding; the healthy lab gives none. Real fault recordings
// (test/fixtures/lab/faults/<kind>/) are used when present; otherwise the SYNTHETIC fault of test/trace/_faults.ts
// edits a healthy real recording the way lab/fault changes the outputs.
import { describe, expect, it } from 'vitest';
import { traceBackends } from '../../src/analyse/trace/index.js';
import { SYNTHETIC_FAULTS, withDhcpAndNat } from './_faults.js';
import { hasLabFixtures, labFixtureSnapshot, recordedFaults, recordedSnapshots, analyseChecks } from './_labSnapshot.js';

const TRACE_CHECKS = traceBackends['ml2-ovs']?.checks ?? [];

const healthy = recordedSnapshots().find((s) => s.label === 'lab-openvswitch.snapshot.json');

/** Real recordings: which instance (or port) shows each lab fault, and the finding it must produce. */
const REAL_FAULTS: Record<string, { trace: string; expect: string[]; also?: string[] }> = {
  'binding-failed': { trace: 'nxlab-fault-binding', expect: ['binding-failed'], also: ['port-down', 'agent-dead'] },
  'port-down': { trace: 'nxlab-fault-down', expect: ['port-down'], also: ['agent-dead', 'no-local-vlan'] },
  // the fault's tap is plugged with MTU 1500 on a 1450 network: a real, second problem
  'dead-vlan': { trace: 'nxlab-fault-deadvlan', expect: ['dead-vlan'], also: ['binding-host-mismatch', 'port-down', 'mtu-mismatch'] },
  'no-iface-id': { trace: 'vm1', expect: ['unmanaged-port'] },
  'flow-br-ex': { trace: 'vm2', expect: ['egress-flow-missing'] },
  'flow-br-int': { trace: 'vm2', expect: ['ingress-flow-missing'] },
  'flow-br-tun': { trace: 'vm1', expect: ['egress-flow-missing'] },
  'tunnel-port': { trace: 'vm1', expect: ['tunnel-port-missing'] },
  'tag-mismatch': { trace: 'vm1', expect: ['tag-mismatch'] },
  'dhcp-agent-down': { trace: 'vm1', expect: ['dhcp-agent-dead'] },
  'dnsmasq-killed': { trace: 'vm1', expect: ['dnsmasq-missing'] },
  'sg-no-icmp': { trace: 'vm1', expect: ['sg-no-icmp'] },
  'mtu-mismatch': { trace: 'vm1', expect: ['mtu-mismatch'] },
  'sshd-down': { trace: 'vm3', expect: ['host-unreachable'] },
  'fip-nat-missing': { trace: 'vm1', expect: ['fip-nat-missing'] },
};

describe('every finding id is registered once', () => {
  it('the registry has unique ids with a severity and a summary', () => {
    const ids = TRACE_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of TRACE_CHECKS) expect(c.summary.length).toBeGreaterThan(10);
    for (const kind of Object.values(REAL_FAULTS)) for (const id of kind.expect) expect(ids).toContain(id);
  });
});

describe.skipIf(!healthy)('synthetic faults on a real healthy recording (lab-openvswitch.snapshot.json)', () => {
  const base = healthy!.snapshot;

  it('the healthy recording, with DHCP processes and NAT rules as neutron writes them, gives no finding for any instance', () => {
    const s = withDhcpAndNat(structuredClone(base));
    for (const server of s.api.servers) {
      const report = analyseChecks(s, String(server.name));
      expect(report.findings, String(server.name)).toEqual([]);
    }
  });

  for (const [kind, fault] of Object.entries(SYNTHETIC_FAULTS)) {
    it(`${kind} (synthetic) → ${fault.expect.join(', ')}`, () => {
      const report = analyseChecks(fault.make(base), fault.trace);
      const ids = report.findings.map((f) => f.id);
      for (const id of fault.expect) expect(ids, JSON.stringify(report.findings, null, 1)).toContain(id);
      for (const f of report.findings.filter((x) => fault.expect.includes(x.id))) {
        expect(f.evidence.length, f.id).toBeGreaterThan(0);
        expect(f.hint.length, f.id).toBeGreaterThan(10);
        expect(['warning', 'error']).toContain(f.severity);
      }
    });
  }

  it('a disabled port is the cause, its DOWN status and dead VLAN are symptoms listed under it (port-disabled, synthetic)', () => {
    const report = analyseChecks(SYNTHETIC_FAULTS['port-disabled'].make(base), 'vm2');
    const port = report.interfaces[0].port.id;
    expect(report.findings[0]).toMatchObject({ id: 'port-disabled', severity: 'error', portId: port, hint: `openstack port set --enable ${port}` });
    expect(report.findings[0].causedBy).toBeUndefined();
    expect(report.findings.slice(1, 3).map((f) => [f.id, f.causedBy])).toEqual([['port-down', 'port-disabled'], ['dead-vlan', 'port-disabled']]);
    // without the cause, the same symptoms are causes of their own
    const deadOnly = analyseChecks(SYNTHETIC_FAULTS['dead-vlan'].make(base), 'vm2');
    expect(deadOnly.findings.every((f) => f.causedBy === undefined)).toBe(true);
  });

  it('a drop flow the agent did not install on the VIF\'s in_port is the first error, with the del-flows hint; the hop shows the drop (foreign-drop, synthetic)', () => {
    const report = analyseChecks(SYNTHETIC_FAULTS['foreign-drop'].make(base), 'vm2');
    expect(report.findings[0]).toMatchObject({ id: 'foreign-flow', severity: 'error' });
    expect(report.findings[0].hint).toMatch(/^remove it on \S+: ovs-ofctl --strict del-flows br-int "table=0,priority=100,in_port=\S+"/);
    expect(report.findings[0].evidence[0].text).toMatch(/cookie=0x0,.*actions=drop \(the agent's cookie on br-int: 0x[0-9a-f]+\)/);
    const vifHop = report.interfaces[0].hops.find((h) => h.frame.some((f) => f.action === 'drop'));
    expect(vifHop?.kind).toMatch(/vm-tap|ovs-port/);
  });

  it('an instance without ports, or in ERROR, says so (synthetic)', () => {
    const s = structuredClone(base);
    const vm2 = s.api.servers.find((x) => x.name === 'vm2')!;
    vm2.status = 'ERROR';
    s.api.ports = s.api.ports.filter((p) => p.device_id !== vm2.id);
    const report = analyseChecks(s, 'vm2');
    expect(report.interfaces).toEqual([]);
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([['instance-state', 'error'], ['instance-state', 'warning']]);
  });

  it('API only (--no-hosts): every interface still answers from the API, hosts are infos, no warning', () => {
    const s = structuredClone(base);
    s.hosts = [];
    const report = analyseChecks(s, 'vm3');
    expect(report.interfaces.map((i) => i.answers.localSegment)).toEqual(['unknown: nxlab-node2 could not be read', 'unknown: nxlab-node2 could not be read']);
    expect(report.findings.every((f) => f.severity === 'info')).toBe(true);
    expect(report.findings.map((f) => f.id)).toContain('host-unreachable');
  });

  it('garbage host outputs are an ovs-data-missing warning, not a crash', () => {
    const s = structuredClone(base);
    for (const o of s.hosts[0].outputs) o.stdout = o.id.startsWith('ovsdb-') ? 'ovs-vsctl: database connection failed (No such file or directory)' : '\u0000garbage';
    const host = s.hosts[0].host;
    const vm = s.api.servers.find((x) => x['OS-EXT-SRV-ATTR:host'] === host)!;
    const report = analyseChecks(s, String(vm.name));
    const f = report.findings.find((x) => x.id === 'ovs-data-missing');
    expect(f?.evidence.map((e) => e.text).join('\n')).toMatch(/ovsdb-port: not JSON/);
  });

  it('a tunnel peer that cannot be read is a warning on the instance using the tunnel (sshd-down, synthetic)', () => {
    const report = analyseChecks(SYNTHETIC_FAULTS['sshd-down'].make(base), 'vm1');
    expect(report.findings.map((f) => [f.id, f.severity])).toContainEqual(['host-unreachable', 'warning']);
  });

  it('the other direction of a deleted tunnel port is seen from the peer (tunnel-port, synthetic)', () => {
    const report = analyseChecks(SYNTHETIC_FAULTS['tunnel-port'].make(base), 'vm3');
    expect(report.findings.map((f) => f.id)).toContain('tunnel-port-missing');
  });
});

const faults = hasLabFixtures() ? recordedFaults() : [];
describe.skipIf(faults.length === 0)('recorded lab faults (test/fixtures/lab/faults)', () => {
  it('the healthy recording gives no warning or error for any instance', () => {
    const s = labFixtureSnapshot();
    for (const server of s.api.servers) expect(analyseChecks(s, String(server.name)).findings.filter((f) => f.severity !== 'info'), String(server.name)).toEqual([]);
  });
  for (const kind of faults) {
    const want = REAL_FAULTS[kind];
    it.skipIf(!want)(`${kind} → ${want?.expect.join(', ')}`, () => {
      const report = analyseChecks(labFixtureSnapshot(kind), want.trace);
      const ids = report.findings.map((f) => f.id);
      expect(ids, JSON.stringify(report.findings, null, 1)).toEqual(expect.arrayContaining(want.expect));
      // nothing beyond what the fault really causes
      for (const id of ids) expect([...want.expect, ...(want.also ?? [])], `unexpected ${id}`).toContain(id);
    });
  }
});

const saved = recordedSnapshots().find((s) => s.label === 'netxray-trace-save-vm1.snapshot.json');
describe.skipIf(!saved)('synthetic faults on the real outputs of `netxray trace vm1 --save` (qrouter NAT rules, dnsmasq processes)', () => {
  it('as collected: no finding', () => {
    expect(analyseChecks(saved!.snapshot, 'vm1').findings).toEqual([]);
  });
  it('an underlay device too small for VXLAN + network MTU is an mtu-mismatch (synthetic: lo MTU 1400)', () => {
    const s = structuredClone(saved!.snapshot);
    const out = s.hosts.find((h) => h.host === 'nxlab-node1')!.outputs.find((o) => o.id === 'ip-addr')!;
    out.stdout = JSON.stringify((JSON.parse(out.stdout) as { ifname: string; mtu: number }[]).map((d) => (d.ifname === 'lo' ? { ...d, mtu: 1400 } : d)));
    const f = analyseChecks(s, 'vm1').findings.find((x) => x.id === 'mtu-mismatch');
    expect(f?.message).toMatch(/need 1500 bytes, but the underlay device lo \(127\.0\.0\.1\) on nxlab-node1 has MTU 1400/);
  });

  for (const kind of ['fip-nat-missing', 'dnsmasq-killed', 'tag-mismatch', 'flow-br-tun', 'tunnel-port', 'mtu-mismatch', 'sg-no-icmp', 'dhcp-agent-down']) {
    it(`${kind} (synthetic) → ${SYNTHETIC_FAULTS[kind].expect.join(', ')}`, () => {
      const report = analyseChecks(SYNTHETIC_FAULTS[kind].make(saved!.snapshot), 'vm1');
      expect(report.findings.map((f) => f.id)).toEqual(expect.arrayContaining(SYNTHETIC_FAULTS[kind].expect));
    });
  }
});

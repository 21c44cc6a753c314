// analyseScan on every real lab recording (healthy and the 15 recorded faults): the scan's findings are exactly the
// union of `analyseTrace` over the same instances; a dead host (SYNTHETIC edit) is a finding while the others report.
import { describe, expect, it } from 'vitest';
import { analyseScan, scanHasProblems } from '../../src/analyse/scan.js';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { renderScanHtml } from '../../src/render/scan/html.js';
import { renderScanText } from '../../src/render/scan/text.js';
import { healthySources, labFixtureSnapshot, recordedFaults, recordedSnapshots } from '../trace/_labSnapshot.js';

/** What the scan must cover, worked out here without netxray: servers, plus compute ports of no listed server. */
function expectedRefs(s: CloudSnapshot): string[] {
  // a snapshot saved by `trace` lists its neighbours' ports, not their servers: only the traced instance is in scope
  if (s.subject?.kind === 'trace') return s.subject.instanceIds;
  const servers = new Set(s.api.servers.map((x) => String(x.id)));
  const bare = s.api.ports.filter((p) => String(p.device_owner).startsWith('compute:') && !servers.has(String(p.device_id))).map((p) => String(p.id));
  return [...servers, ...bare];
}

const key = (instanceId: string, f: { id: string; severity: string; portId?: string; host?: string; message: string }) =>
  `${instanceId} ${f.severity} ${f.id} ${f.portId ?? '-'} ${f.host ?? '-'} ${f.message}`;

/**
 * Each trace runs on its own copy of the snapshot, so it builds its own index: what the scan computes once per
 * snapshot and shares between instances (per-network and per-host facts) is checked against a fresh computation.
 */
function unionOfTraces(s: CloudSnapshot): string[] {
  return expectedRefs(s)
    .flatMap((ref) => {
      const r = analyseTrace(structuredClone(s), ref);
      return r.findings.map((f) => key(r.instance.id, f));
    })
    .sort();
}

const scanFindings = (s: CloudSnapshot) =>
  analyseScan(s)
    .instances.flatMap((i) => i.findings.map((f) => key(i.id, f)))
    .sort();

// Which finding each recorded lab fault must give somewhere in the scan (the per-instance expectations are test/trace/faults.test.ts's).
const FAULT_FINDING: Record<string, string> = {
  'binding-failed': 'binding-failed',
  'port-down': 'port-down',
  'dead-vlan': 'dead-vlan',
  'no-iface-id': 'unmanaged-port',
  'flow-br-ex': 'egress-flow-missing',
  'flow-br-int': 'ingress-flow-missing',
  'flow-br-tun': 'egress-flow-missing',
  'tunnel-port': 'tunnel-port-missing',
  'tag-mismatch': 'tag-mismatch',
  'dhcp-agent-down': 'dhcp-agent-dead',
  'dnsmasq-killed': 'dnsmasq-missing',
  'sg-no-icmp': 'sg-no-icmp',
  'mtu-mismatch': 'mtu-mismatch',
  'sshd-down': 'host-unreachable',
  'fip-nat-missing': 'fip-nat-missing',
};

describe('scan = union of per-instance traces, on real recordings', () => {
  for (const source of healthySources()) {
    it(`${source.label}: same findings as tracing every instance; every instance covered`, () => {
      const report = analyseScan(source.snapshot);
      expect(scanFindings(source.snapshot)).toEqual(unionOfTraces(source.snapshot));
      expect(report.instances.map((i) => i.id).sort()).toEqual(expectedRefs(source.snapshot).sort());
      expect(report.summary.interfaces).toBe(report.instances.reduce((n, i) => n + i.interfaces.length, 0));
    });
  }

  const faults = recordedFaults();
  it.skipIf(faults.length === 0)('the recorded lab faults (test/fixtures/lab/faults): scan findings = union of traces, and the fault is among them', () => {
    for (const fault of faults) {
      const s = labFixtureSnapshot(fault);
      const report = analyseScan(s);
      expect(scanFindings(s), fault).toEqual(unionOfTraces(s));
      expect(Object.keys(report.summary.countsByFinding), fault).toContain(FAULT_FINDING[fault]);
      expect(scanHasProblems(report), fault).toBe(true);
      // counts agree with the instances
      const total = Object.values(report.summary.countsByFinding).reduce((n, c) => n + c.count, 0);
      expect(total, fault).toBe(report.instances.reduce((n, i) => n + i.findings.length, 0));
    }
  });

  it('the fault port stuck in binding_failed is scanned as a bare port (no server owns it)', () => {
    if (!faults.includes('binding-failed')) return;
    const report = analyseScan(labFixtureSnapshot('binding-failed'));
    const bare = report.instances.find((i) => i.name === 'nxlab-fault-binding');
    expect(bare).toMatchObject({ kind: 'port' });
    expect(bare!.findings.map((f) => f.id)).toContain('binding-failed');
    expect(report.summary.worst[0].errors).toBeGreaterThan(0);
  });
});

const healthy = recordedSnapshots().find((s) => s.label === 'lab-openvswitch.snapshot.json');

describe.skipIf(!healthy)('filters, dead host, summary (on lab-openvswitch.snapshot.json)', () => {
  const base = healthy!.snapshot;

  it('--host / --network / --project narrow the instances', () => {
    const all = analyseScan(base);
    const node2 = analyseScan(base, { host: 'nxlab-node2' });
    expect(node2.instances.length).toBeGreaterThan(0);
    expect(node2.instances.length).toBeLessThan(all.instances.length);
    expect(node2.instances.every((i) => i.host === 'nxlab-node2')).toBe(true);
    const vlan = base.api.networks.find((n) => n['provider:network_type'] === 'vlan')!;
    const onVlan = analyseScan(base, { network: String(vlan.id) });
    expect(onVlan.instances.every((i) => i.interfaces.some((x) => x.network.id === vlan.id))).toBe(true);
    expect(onVlan.instances.length).toBeGreaterThan(0);
    const project = String(base.api.servers[0].tenant_id);
    expect(analyseScan(base, { project }).instances.every((i) => i.projectId === project)).toBe(true);
    expect(analyseScan(base, { project: 'no-such-project' }).instances).toEqual([]);
  });

  it('a dead host (SYNTHETIC: nxlab-node2 made unreachable in a copy) is a finding; nxlab-node1 instances still report', () => {
    const s = structuredClone(base);
    const node2 = s.hosts.find((h) => h.host === 'nxlab-node2')!;
    Object.assign(node2, { reachable: false, error: 'connect ECONNREFUSED 127.0.0.1:2223', outputs: [] });
    s.problems.push({ source: 'ssh', host: 'nxlab-node2', code: 'connection-refused', message: 'nxlab-node2: connection refused' });
    const report = analyseScan(s);
    expect(report.hosts.find((h) => h.host === 'nxlab-node2')).toMatchObject({ reachable: false });
    const on2 = report.instances.filter((i) => i.host === 'nxlab-node2');
    const on1 = report.instances.filter((i) => i.host === 'nxlab-node1');
    expect(on2.length).toBeGreaterThan(0);
    for (const i of on2) expect(i.findings.map((f) => [f.id, f.severity]), i.name).toContainEqual(['host-unreachable', 'error']);
    for (const i of on1) {
      expect(i.findings.filter((f) => f.severity === 'error'), i.name).toEqual([]);
      for (const x of i.interfaces) expect(typeof x.localVlan, i.name).toBe('number');
    }
    // node1's instances with a tunnel to node2 get it too, as a warning (a tunnel peer could not be read)
    const withIt = report.instances.filter((i) => i.findings.some((f) => f.id === 'host-unreachable')).length;
    expect(report.summary.countsByFinding['host-unreachable']).toMatchObject({ severity: 'error', instances: withIt });
    expect(report.summary.worst.map((w) => w.id).slice(0, on2.length).sort()).toEqual(on2.map((i) => i.id).sort());
    expect(report.problems).toContainEqual(expect.objectContaining({ code: 'connection-refused', host: 'nxlab-node2' }));
    expect(scanFindings(s)).toEqual(unionOfTraces(s));
    const text = renderScanText(report);
    expect(text).toMatch(/error\s+host-unreachable\s+\d+ on \d+ instances?/);
    expect(text).toMatch(/nxlab-node2: NOT read/);
  });

  it('a snapshot saved by trace scans only the traced instance', () => {
    const saved = recordedSnapshots().find((x) => x.label.startsWith('netxray-trace-save-vm1'));
    if (!saved) return;
    const report = analyseScan(saved.snapshot);
    expect(report.instances.map((i) => i.name)).toEqual(['vm1']);
    expect(report.instances[0].findings).toEqual(analyseTrace(saved.snapshot, 'vm1').findings);
  });

  it('html: one self-contained page (inline script only, no external URL); every summary link has its section', () => {
    const s = structuredClone(base);
    Object.assign(s.hosts.find((h) => h.host === 'nxlab-node2')!, { reachable: false, error: 'down', outputs: [] });
    const html = renderScanHtml(analyseScan(s));
    expect(html).not.toMatch(/<link|src=|https?:\/\/(?!127\.0\.0\.1)/i);
    expect(html).toContain("default-src 'none'");
    const links = [...html.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).filter((a) => a !== 'top');
    expect(links.length).toBeGreaterThan(0);
    for (const a of links) expect(html).toContain(`id="${a}"`);
    expect((html.match(/<svg class="nx-path"/g) ?? []).length).toBe(analyseScan(s).summary.interfaces);
  });

  it('text: the worst instances one line each, the first 30 (json/html keep all)', () => {
    const report = analyseScan(base);
    report.summary.worst = Array.from({ length: 45 }, (_, k) => ({ id: `id-${k}`, name: `vm-${k}`, kind: 'server' as const, host: 'h', errors: 1, warnings: 0, findingIds: ['port-down'] }));
    const lines = renderScanText(report).split('\n');
    expect(lines.filter((l) => /^ {2}vm-\d+ \(id-\d+\) on h: 1 error, 0 warnings: port-down$/.test(l))).toHaveLength(30);
    expect(lines).toContain('  … and 15 more (all of them: --format json or html)');
  });
});

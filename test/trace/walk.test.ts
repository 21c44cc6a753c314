// `netxray trace INSTANCE --to TARGET` on packet walks recorded from the lab (test/trace/fixtures/walk/record.sh):
// verdicts checked against what the recording itself says (OVSDB, dump-flows of the named host), parsers, CLI.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { parseFlows } from '../../src/analyse/trace/flows.js';
import { parseOvsdbList } from '../../src/analyse/trace/ovsdb.js';
import { datapathOutputs, parseDpifShow, parseOfprotoTrace } from '../../src/analyse/trace/backends/ml2-ovs/walk/ofprotoTrace.js';
import { planWalk } from '../../src/neutron/ml2-ovs/walkPlan.js';
import { runCli } from '../../src/cli/program.js';
import { walkRequestFrom } from '../../src/cli/walkFlags.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import type { TraceReport } from '../../src/model/traceModel.js';
import type { PacketWalk, WalkRequest } from '../../src/model/walkModel.js';
import { renderTraceMermaid } from '../../src/render/trace/mermaid.js';
import { renderTraceText } from '../../src/render/trace/text.js';
import { TRACE_FIXTURES } from './_labSnapshot.js';
import { captureStderr } from './_stderr.js';

const WALKS = join(TRACE_FIXTURES, 'walk');
const file = (fault: string, source: string, target: string) => join(WALKS, `${fault}--${source}--${target}.snapshot.json`);
const load = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as CloudSnapshot;
const request = (to: string, proto = 'icmp'): WalkRequest => walkRequestFrom({ to, proto }) as WalkRequest;

function walkOf(fault: string, source: string, target: string, proto?: string): { walk: PacketWalk; report: TraceReport; snapshot: CloudSnapshot } {
  const snapshot = load(file(fault, source, target));
  const report = analyseTrace(snapshot, source, { walk: request(target, proto) });
  return { walk: report.walk as PacketWalk, report, snapshot };
}

const outputOf = (snapshot: CloudSnapshot, host: string, id: string) => snapshot.hosts.find((h) => h.host === host)?.outputs.find((o) => o.id === id)?.stdout ?? '';

/** The br-int interface OVSDB (not the walk) says carries this Neutron port on this host. */
function ovsdbDevice(snapshot: CloudSnapshot, host: string, portId: string): string | undefined {
  const rows = parseOvsdbList(outputOf(snapshot, host, 'ovsdb-interface'));
  const row = rows.find((r) => JSON.stringify(r.external_ids).includes(portId));
  return row ? String(row.name) : undefined;
}

/** The flow the verdict names, looked up in the host's own dump-flows of that bridge. */
function dumpedFlow(snapshot: CloudSnapshot, host: string, bridge: string, table: number, priority: number | null, cookie: string | null) {
  return parseFlows(outputOf(snapshot, host, `flows:${bridge}`)).find((f) => f.table === table && f.priority === priority && f.cookie === cookie);
}

describe('packet walks on the healthy lab', () => {
  it('vm1 → vm3 (VXLAN, two hosts): delivered to the tap OVSDB has for vm3 on its host, through both hosts', () => {
    const { walk, snapshot, report } = walkOf('healthy', 'vm1', 'vm3');
    expect(walk.verdict).toMatchObject({ kind: 'delivered', into: 'vif' });
    const v = walk.verdict as Extract<PacketWalk['verdict'], { kind: 'delivered' }>;
    expect(v.port).toBe(ovsdbDevice(snapshot, v.host, walk.target.portId as string));
    const segments = walk.legs[0].segments;
    expect(segments.map((s) => [s.host, s.bridge])).toEqual([[walk.source.host, 'br-int'], [v.host, 'br-tun']]);
    expect(v.host).not.toBe(walk.source.host);
    // The tunnel hop names the port to the peer and the network's VNI.
    expect(segments[0].outputs.some((o) => o.tunnel?.tunnelId === 1001 && o.tunnel.remoteIp === '127.0.0.2')).toBe(true);
    // Every hop of the walk is a flow the host really has (same table, priority and cookie).
    for (const s of segments) for (const h of s.hops) if (h.priority !== null) expect(dumpedFlow(snapshot, s.host, h.bridge, h.table, h.priority, h.cookie), `${s.host} ${h.bridge} ${h.table}`).toBeDefined();
    expect(walk.securityGroups.map((d) => [d.direction, !!d.allowedBy])).toEqual([['egress', true], ['ingress', true]]);
    expect(report.findings.filter((f) => f.id.startsWith('walk-'))).toEqual([]);
  });

  it('vm2 → gateway (provider VLAN 100, gateway outside the cloud): leaves by br-ex tagged 100', () => {
    const { walk } = walkOf('healthy', 'vm2', 'gateway');
    expect(walk.verdict).toMatchObject({ kind: 'left-cloud', bridge: 'br-ex', vlan: 100 });
    expect(walk.assumptions.join(' ')).toMatch(/MAC is unknown/);
  });

  it('vm1 → internet (floating IP): leg 1 hands it to router1, leg 2 leaves untagged from the qg- port with the floating IP as source', () => {
    const { walk, snapshot } = walkOf('healthy', 'vm1', 'internet');
    expect(walk.legs).toHaveLength(2);
    expect(walk.legs[0].verdict).toMatchObject({ kind: 'delivered', into: 'router' });
    const fip = snapshot.api.floatingIps.find((f) => f.port_id === walk.source.portId);
    expect(walk.legs[1].packet.srcIp).toBe(fip?.floating_ip_address);
    expect(walk.legs[1].segments[0].inPort).toMatch(/^qg-/);
    expect(walk.verdict).toMatchObject({ kind: 'left-cloud', bridge: 'br-ex', vlan: null });
    expect(walk.assumptions.join(' ')).toMatch(/floating-IP NAT rewrites the source/);
  });

  it('vm1 → dhcp (udp:67) and → metadata (tcp:80): handed to the qdhcp- and qrouter- namespaces', () => {
    expect(walkOf('healthy', 'vm1', 'dhcp', 'udp:67').walk.verdict).toMatchObject({ kind: 'delivered', into: 'dhcp' });
    expect(walkOf('healthy', 'vm1', 'metadata', 'tcp:80').walk.verdict).toMatchObject({ kind: 'delivered', into: 'router' });
  });

  it('vm3 → vm2 picks vm3\'s provider interface and crosses to the other host by the provider network', () => {
    const { walk } = walkOf('healthy', 'vm3', 'vm2');
    expect(walk.source.interface).toBe(2);
    expect(walk.legs[0].segments.map((s) => s.bridge)).toEqual(['br-int', 'br-ex']);
    expect(walk.verdict).toMatchObject({ kind: 'delivered', into: 'vif' });
  });
});

describe('packet walks with lab faults: the walk names the flow, at the right host', () => {
  it('sg-icmp-blocked: vm1 → vm3 icmp dropped by the OVS firewall\'s ingress rules table on vm3\'s host, naming the group and the missing rule', () => {
    const { walk, report, snapshot } = walkOf('sg-icmp-blocked', 'vm1', 'vm3', 'icmp');
    const v = walk.verdict as Extract<PacketWalk['verdict'], { kind: 'dropped' }>;
    expect(v).toMatchObject({ kind: 'dropped', bridge: 'br-int', table: 82, reason: 'firewall-no-rule' });
    expect(v.host).toBe(walk.target.host);
    expect(v.drop?.table).toBe(93);
    expect(dumpedFlow(snapshot, v.host, 'br-int', 82, v.flow?.priority ?? null, v.flow?.cookie ?? null)).toBeDefined();
    const ingress = walk.securityGroups.find((d) => d.direction === 'ingress');
    expect(ingress?.allowedBy).toBeNull();
    expect(v.explanation).toContain(ingress?.groups[0].id);
    expect(v.explanation).toMatch(/--ingress --ethertype IPv4 --protocol icmp/);
    expect(report.findings.find((f) => f.id === 'walk-dropped')?.severity).toBe('error');
  });

  it.each([
    ['flow-br-tun', 'vm1', 'vm3', 'br-tun', 22, 'no-tunnel-flow'],
    ['tunnel-port', 'vm1', 'vm3', 'br-tun', 22, 'missing-output-port'],
    ['flow-br-ex', 'vm2', 'gateway', 'br-ex', 0, 'no-provider-translation'],
    ['flow-br-int', 'vm3', 'vm2', 'br-int', 0, 'no-provider-translation'],
    ['foreign-drop', 'vm1', 'vm3', 'br-int', 60, 'foreign-flow'],
  ])('%s: %s → %s dropped on nxlab-node1 %s table %i (%s), a flow the host has', (fault, source, target, bridge, table, reason) => {
    const { walk, snapshot } = walkOf(fault, source, target);
    const v = walk.verdict as Extract<PacketWalk['verdict'], { kind: 'dropped' }>;
    // lab/fault makes every one of these faults on node 1 (docs/lab.md).
    expect(v).toMatchObject({ kind: 'dropped', host: 'nxlab-node1', bridge, table, reason });
    expect(dumpedFlow(snapshot, v.host, bridge, table, v.flow?.priority ?? null, v.flow?.cookie ?? null)).toBeDefined();
  });
});

describe('a host of the walk that cannot be read', () => {
  it('gives a not-walked verdict and a warning, the first host still walked (SYNTHETIC: node 2 marked unreachable in a real recording)', () => {
    const snapshot = load(file('healthy', 'vm1', 'vm3'));
    const node2 = snapshot.hosts.find((h) => h.host === 'nxlab-node2')!;
    Object.assign(node2, { reachable: false, error: 'connection refused', outputs: [] });
    const report = analyseTrace(snapshot, 'vm1', { walk: request('vm3') });
    expect(report.walk?.verdict).toMatchObject({ kind: 'not-walked', host: 'nxlab-node2' });
    expect(report.walk?.legs[0].segments.map((s) => s.host)).toEqual(['nxlab-node1']);
    expect(report.findings.find((f) => f.id === 'walk-incomplete')?.severity).toBe('warning');
  });
});

describe('replaying walks (--from)', () => {
  const stderr = captureStderr();
  const dir = mkdtempSync(join(tmpdir(), 'netxray-walk-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const trace = (...args: string[]) => runCli(['node', 'netxray', 'trace', ...args]);

  it('every renderer carries the verdict; a drop exits 1', async () => {
    const path = file('sg-icmp-blocked', 'vm1', 'vm3');
    const out = join(dir, 'walk.json');
    expect(await trace('vm1', '--to', 'vm3', '--from', path, '-f', 'json', '-o', out)).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).walk.verdict).toMatchObject({ kind: 'dropped', table: 82 });
    const report = analyseTrace(load(path), 'vm1', { walk: request('vm3') });
    expect(renderTraceText(report)).toMatch(/Verdict: DROPPED on nxlab-node2 br-int table 82 .*priority=40 cookie=0x[0-9a-f]+/);
    expect(renderTraceMermaid(report)).toMatch(/dropped on nxlab-node2 br-int table 82 priority 40 cookie 0x[0-9a-f]+: firewall-no-rule/);
    // The walk arrives; the recording predates the automatic walks, so the trace is "could not be verified" (exit 4), not healthy.
    expect(await trace('vm1', '--to', 'vm3', '--from', file('healthy', 'vm1', 'vm3'), '-o', join(dir, 'ok.txt'))).toBe(4);
    expect(readFileSync(join(dir, 'ok.txt'), 'utf8')).toMatch(/Verdict: DELIVERED[^]*could not be verified: walks not recorded/);
  });

  it('a walk the snapshot was not collected for says it needs the live cloud', async () => {
    expect(await trace('vm1', '--to', 'vm4', '--from', file('healthy', 'vm1', 'vm3'))).toBe(2);
    expect(stderr.text()).toMatch(/needs the live cloud/);
    stderr.clear();
    expect(await trace('vm1', '--to', 'vm3', '--proto', 'tcp:22', '--from', file('healthy', 'vm1', 'vm3'))).toBe(2);
    expect(stderr.text()).toMatch(/holds no walk to vm3 \(tcp:22\).*needs the live cloud/);
    expect(stderr.text()).not.toMatch(/\n\s+at /);
  });

  it('bad walk flags: one line, exit 2', async () => {
    for (const args of [['--to', 'vm3', '--proto', 'sctp:9'], ['--to', 'vm3', '--from-interface', '0'], ['--proto', 'icmp']]) {
      stderr.clear();
      expect(await trace('vm1', ...args, '--from', file('healthy', 'vm1', 'vm3'))).toBe(2);
      expect(stderr.text().trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('ofproto/trace and dpif/show parsing', () => {
  const snapshot = load(file('healthy', 'vm1', 'vm3'));
  const remote = snapshot.hosts.find((h) => h.host === 'nxlab-node2')!;
  const traced = remote.outputs.find((o) => o.id.startsWith('ofproto-trace:'))!.stdout;

  it('keeps the bridge a conntrack pass resumes in (OVS prints the in_port\'s bridge)', () => {
    const parsed = parseOfprotoTrace(traced);
    const resumed = parsed.hops.filter((h) => h.pass === 1);
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.every((h) => h.bridge === 'br-int')).toBe(true);
    expect(parsed.hops.filter((h) => h.pass === 0).map((h) => h.bridge)).toEqual(expect.arrayContaining(['br-tun', 'br-int']));
    expect(parsed.datapathActions).toHaveLength(2);
  });

  it('maps datapath ports and VLANs from dpif/show', () => {
    const ports = parseDpifShow(remote.outputs.find((o) => o.id === 'dpif-show')!.stdout);
    const tunnel = ports.find((p) => p.type === 'vxlan');
    expect(tunnel?.options.remote_ip).toBe('127.0.0.1');
    const tap = ports.find((p) => p.name.startsWith('tap') && p.dpPort !== null)!;
    expect(datapathOutputs(`push_vlan(vid=100,pcp=0),${tap.dpPort},pop_vlan,clone(tnl_push(tnl_port(${tunnel?.dpPort}),header(size=50,type=4,eth(dst=aa:bb:cc:dd:ee:ff),ipv4(src=127.0.0.2,dst=127.0.0.1,proto=17),udp(src=0,dst=4789),vxlan(flags=0x8000000,vni=0x3e9)),out_port(1)))`, ports)).toEqual([
      { bridge: tap.bridge, port: tap.name, vlan: 100 },
      { bridge: tunnel?.bridge, port: tunnel?.name, vlan: null, tunnel: { remoteIp: '127.0.0.1', tunnelId: 1001 } },
    ]);
  });

  it('plans probes whose values the remote shell gets only as checked tokens', () => {
    const plan = planWalk(snapshot.api, snapshot.subject!.instanceIds[0], request('vm3'));
    for (const leg of plan.legs) for (const p of [leg.start, ...leg.continuations.map((c) => c.probe)]) {
      expect(p.argv.slice(0, 3)).toEqual(['ovs-appctl', '--timeout=10', 'ofproto/trace']);
      expect(p.argv.join(' ')).not.toMatch(/-generate|[;'"$`\\|&<>]/);
    }
  });

  it('every recorded walk plans the probes its snapshot holds', () => {
    for (const name of readdirSync(WALKS).filter((f) => f.endsWith('.snapshot.json'))) {
      const snap = load(join(WALKS, name));
      expect(snap.hosts.some((h) => h.outputs.some((o) => o.id.startsWith('ofproto-trace:'))), name).toBe(true);
    }
  });
});

// The path picture (src/render/path/) on the recorded lab (test/fixtures/lab, lab/record), healthy and with the
// recorded faults: what the graph holds is checked against the raw recordings (OVSDB Port tags, Neutron's floating
// IPs and router), the finding marks against the check's place, and Mermaid/DOT against the same graph.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import type { TraceReport } from '../../src/model/traceModel.js';
import { pathGraph, type PathGraph } from '../../src/render/path/pathGraph.js';
import { layoutPath } from '../../src/render/path/pathLayout.js';
import { walkRequestFrom } from '../../src/cli/walkFlags.js';
import type { WalkRequest } from '../../src/model/walkModel.js';
import { TRACE_FIXTURES, analyseChecks, hasLabFixtures, labFixtureSnapshot, portsOf, rawRows, recordedFaults } from './_labSnapshot.js';
import { renderTrace } from './_render.js';

const recorded = hasLabFixtures();
const graphOf = (r: TraceReport, n = 0): PathGraph => pathGraph({ facts: r.interfaces[n], owner: r.instance.name, findings: r.findings, walk: r.walk });
const tap = (portId: string) => `tap${portId.slice(0, 11)}`;

describe.skipIf(!recorded)('the path picture of vm1 (recorded lab)', () => {
  const snapshot = recorded ? labFixtureSnapshot() : undefined!;
  const report = recorded ? analyseChecks(snapshot, 'vm1') : undefined!;
  const vm1 = snapshot?.api.servers.find((s) => s.name === 'vm1');
  const port = vm1 ? portsOf(snapshot, String(vm1.id))[0] : undefined;

  it('two host boxes joined by a VXLAN edge labelled with VNI 1001 and both local VLANs (OVSDB Port tags)', () => {
    const graph = graphOf(report);
    const home = String(vm1!['OS-EXT-SRV-ATTR:host']);
    expect(graph.hosts).toHaveLength(2);
    expect(graph.hosts[0]).toBe(home);
    const peer = graph.hosts[1];
    const localTag = rawRows(snapshot, home, 'ovsdb-port').find((r) => r.name === tap(String(port!.id)))!.tag;
    // The peer's local VLAN for the network: the tag of any port of the network bound there (vm3's on node 2).
    const peerPort = snapshot.api.ports.find((p) => p.network_id === port!.network_id && p['binding:host_id'] === peer && String(p.device_owner).startsWith('compute:'))!;
    const peerTag = rawRows(snapshot, peer, 'ovsdb-port').find((r) => r.name === tap(String(peerPort.id)))!.tag;
    const tunnel = graph.edges.filter((e) => e.kind === 'tunnel');
    expect(tunnel).toHaveLength(1);
    const to = graph.nodes.find((n) => n.id === tunnel[0].to)!;
    const from = graph.nodes.find((n) => n.id === tunnel[0].from)!;
    expect([from.host, to.host]).toEqual([home, peer]);
    const words = tunnel[0].label.join(' | ');
    expect(words).toContain('VXLAN VNI 1001');
    expect(words).toContain(`local VLAN ${localTag} → VNI 1001 → local VLAN ${peerTag}`);
  });

  it('the floating-IP branch goes through the router to the external network, with Neutron\'s addresses', () => {
    const graph = graphOf(report);
    const fip = snapshot.api.floatingIps.find((f) => f.port_id === port!.id)!;
    const router = snapshot.api.routers.find((r) => r.id === fip.router_id)!;
    const external = ((router.external_gateway_info as { external_fixed_ips: { ip_address: string }[] }).external_fixed_ips).map((x) => x.ip_address);
    const chain = ['router', 'gw', 'ext'].map((id) => graph.nodes.find((n) => n.id === id));
    expect(chain.every(Boolean)).toBe(true);
    expect(chain[0]!.label).toBe(`router ${router.name}`);
    const nat = graph.edges.find((e) => e.from === 'router' && e.to === 'gw')!;
    expect(nat.label).toContain(`SNAT ${fip.fixed_ip_address} → ${fip.floating_ip_address}`);
    for (const ip of external) expect(chain[2]!.detail).toContain(ip);
    expect(graph.edges.some((e) => e.to === 'router' && graph.nodes.find((n) => n.id === e.from)?.kind === 'ovs-bridge')).toBe(true);
    expect(graph.nodes.some((n) => n.kind === 'dhcp')).toBe(true);
  });

  it('no finding: nothing marked, nothing broken', () => {
    const graph = graphOf(report);
    expect(report.findings).toEqual([]);
    expect(graph.nodes.filter((n) => n.findings.length || n.broken)).toEqual([]);
    expect(graph.edges.filter((e) => e.broken)).toEqual([]);
  });
});

describe.skipIf(!recorded || !recordedFaults().includes('flow-br-tun'))('the recorded flow-br-tun fault', () => {
  const snapshot = recorded ? labFixtureSnapshot('flow-br-tun') : undefined!;
  const report = recorded ? analyseTrace(snapshot, 'vm1') : undefined!;

  it('marks br-tun of nxlab-node1, not the tap', () => {
    const graph = graphOf(report);
    const marked = graph.nodes.filter((n) => n.findings.length);
    expect(marked.map((n) => [n.label, n.host, n.findings.map((k) => graph.findings[k].id)])).toEqual([['br-tun', 'nxlab-node1', ['egress-flow-missing']]]);
    expect(graph.nodes.find((n) => n.kind === 'vm-tap')!.findings).toEqual([]);
  });

  it('mermaid hangs the error note off the br-tun node; dot colours br-tun and Graphviz reads it', async () => {
    const graph = graphOf(report);
    const brTun = graph.nodes.find((n) => n.label === 'br-tun')!.id;
    const mermaid = await renderTrace('mermaid', report);
    expect(mermaid).toMatch(new RegExp(`^  i0_${brTun} -\\.- i0_f0$`, 'm'));
    expect(mermaid).not.toMatch(/i0_h0 -\.- i0_f/);
    const dot = await renderTrace('dot', report);
    expect(dot).toMatch(new RegExp(`"i0_${brTun}" \\[label="✕ br-tun[^\\]]*color="#D55E00"`));
    if (existsSync('/usr/bin/dot')) {
      const run = spawnSync('/usr/bin/dot', ['-Tsvg'], { input: dot, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
  });
});

describe.skipIf(!recorded)('every recorded fault: findings with a place land on that place', () => {
  it.each(recordedFaults())('%s', (fault) => {
    const snapshot = labFixtureSnapshot(fault);
    for (const server of snapshot.api.servers) {
      const report = analyseTrace(snapshot, String(server.id));
      report.interfaces.forEach((_i, n) => {
        const graph = graphOf(report, n);
        graph.findings.forEach((f, k) => {
          if (f.at?.part !== 'hop') return;
          const at = f.at;
          const node = graph.nodes.find((x) => x.findings.includes(k));
          const onPicture = report.interfaces[n].hops.some((h) => h.host === at.host && h.device === at.device);
          // On the picture: exactly that hop; not on it (a bridge the path does not reach): no hop of the picture.
          if (onPicture) expect([node?.host, node?.label]).toEqual([at.host, at.device]);
          else expect(node?.id.startsWith('h') ?? false).toBe(false);
        });
      });
    }
  });
});

describe.skipIf(!recorded)('one box per host', () => {
  // vm3 (node 2) reaches DHCP and its router on node 1, which is also its tunnel peer: node 1 is one box, the tunnel
  // end inside it, not a second box for the same host.
  it.each(['', ...recordedFaults()])('%s', (fault) => {
    const snapshot = labFixtureSnapshot(fault || undefined);
    for (const server of snapshot.api.servers) {
      const report = analyseTrace(snapshot, String(server.id));
      report.interfaces.forEach((_i, n) => {
        const layout = layoutPath(graphOf(report, n));
        const hosts = layout.boxes.map((b) => b.host);
        expect(new Set(hosts).size, `${server.name} interface ${n + 1}: ${hosts.join(', ')}`).toBe(hosts.length);
        for (const placed of layout.nodes) {
          const box = layout.boxes.find((b) => b.host === placed.node.host);
          if (!box) continue;
          const inside = placed.x >= box.x && placed.x <= box.x + box.w && placed.y >= box.y && placed.y <= box.y + box.h;
          expect(inside, `${placed.node.label} inside the box of ${box.host}`).toBe(true);
        }
      });
    }
  });
});

describe('the packet walk drawn on the path (recorded walks, test/trace/fixtures/walk)', () => {
  const walked = (name: string, source: string, target: string) => {
    const path = join(TRACE_FIXTURES, 'walk', `${name}--${source}--${target}.snapshot.json`);
    if (!existsSync(path)) return undefined;
    return analyseTrace(JSON.parse(readFileSync(path, 'utf8')), source, { walk: walkRequestFrom({ to: target, proto: 'icmp' }) as WalkRequest });
  };

  it('flow-br-tun vm1 → vm3: the drop is on the bridge and host the verdict names, the verdict node under it', () => {
    const report = walked('flow-br-tun', 'vm1', 'vm3');
    if (!report) return;
    const v = report.walk!.verdict;
    expect(v.kind).toBe('dropped');
    if (v.kind !== 'dropped') return;
    const graph = graphOf(report, report.interfaces.findIndex((i) => i.port.id === report.walk!.source.portId));
    const ended = graph.nodes.filter((n) => n.walk && n.kind !== 'verdict');
    expect(ended.map((n) => [n.label, n.host, n.walk])).toEqual([[v.bridge, v.host, 'dropped']]);
    const verdict = graph.nodes.find((n) => n.kind === 'verdict')!;
    expect(verdict.broken).toBe(true);
    expect(graph.edges.find((e) => e.to === 'walk')!.from).toBe(ended[0].id);
    // The walk's finding is drawn on the same node.
    const k = graph.findings.findIndex((f) => f.id === 'walk-dropped');
    expect(ended[0].findings).toContain(k);
  });

  it('healthy vm1 → vm3: delivered, drawn as such, nothing marked', () => {
    const report = walked('healthy', 'vm1', 'vm3');
    if (!report) return;
    expect(report.walk!.verdict.kind).toBe('delivered');
    const graph = graphOf(report, report.interfaces.findIndex((i) => i.port.id === report.walk!.source.portId));
    const verdict = graph.nodes.find((n) => n.kind === 'verdict')!;
    expect([verdict.walk, verdict.broken]).toEqual(['delivered', false]);
    expect(graph.nodes.filter((n) => n.findings.length)).toEqual([]);
  });
});

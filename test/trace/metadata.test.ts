// The metadata branch (interfaces[].metadata, issue 19) on real lab recordings: who answers 169.254.169.254:80, the
// router namespace's REDIRECT rule, the proxy's socket, the metadata agent; the finding and its mark on the picture.
// The lab runs its L3 agent with enable_metadata_proxy = false and no neutron-metadata-agent (lab/lib/config.sh), so
// its recordings hold no REDIRECT rule: the healthy "served" case and the faults are INJECTED into copies of the
// recordings (a Metadata agent row, the rule neutron writes, an `ss` listing), each labelled so below.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { findMetadataRedirect, metadataRedirectRule } from '../../src/neutron/neutronRules.js';
import { parseListening } from '../../src/analyse/trace/listening.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import type { TraceReport } from '../../src/model/traceModel.js';
import { pathGraph } from '../../src/render/path/pathGraph.js';
import { hasLabFixtures, labFixtureSnapshot, rawOutput, recordedSnapshots } from './_labSnapshot.js';
import { listenId, natId, outputs, redirectRemoved, routerOf, servedCopy, withListening, withMetadataAgent } from './_metadata.js';
import { renderTrace } from './_render.js';

const saved = recordedSnapshots().find((s) => s.label === 'netxray-trace-save-vm1.snapshot.json')?.snapshot;
const savedVm2 = recordedSnapshots().find((s) => s.label === 'netxray-trace-save-vm2.snapshot.json')?.snapshot;
const graphOf = (r: TraceReport) => pathGraph({ facts: r.interfaces[0], owner: r.instance.name, findings: r.findings });
const metadataFindings = (r: TraceReport) => r.findings.filter((f) => f.id.startsWith('metadata-'));

describe('the metadata rules and parsers', () => {
  it("finds the REDIRECT neutron's metadata driver writes, with its port, and nothing in a dump without it", () => {
    const dump = ['*nat', ':neutron-l3-agent-PREROUTING - [0:0]', '-A neutron-l3-agent-PREROUTING -d 198.51.100.7/32 -j DNAT --to-destination 10.0.0.5', metadataRedirectRule(8775), 'COMMIT'].join('\n');
    expect(findMetadataRedirect(dump)).toEqual({ rule: '-A neutron-l3-agent-PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 8775', toPort: 8775 });
    expect(findMetadataRedirect(dump.replace(/^.*REDIRECT.*$/m, ''))).toBeNull();
    // the MARK rule of the mangle table matches the same packets but hands them to no proxy
    expect(findMetadataRedirect('-A neutron-l3-agent-PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp --dport 80 -j MARK --set-xmark 0x1/0xffff')).toBeNull();
  });

  it('reads the listening sockets of the real ss on this machine: a real server on 127.0.0.1 is found with its port and process', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const port = (server.address() as { port: number }).port;
      const ss = spawnSync('ss', ['-l', '-t', '-n', '-p'], { encoding: 'utf8', timeout: 10_000 });
      expect(ss.status, ss.stderr).toBe(0);
      const found = parseListening(ss.stdout).find((x) => x.port === port);
      expect(found?.address).toBe('127.0.0.1');
      // ss names the process by its comm, as the kernel has it
      expect(found?.process).toBe(readFileSync(`/proc/${process.pid}/comm`, 'utf8').trim());
    } finally {
      server.close();
    }
  });
});

describe.skipIf(!saved)('the metadata branch on the recorded lab (netxray trace --save of vm1)', () => {
  it('routed vm1: the branch goes to its router\'s namespace; the lab serves no metadata (no Metadata agent), so no finding', () => {
    const router = routerOf(saved!);
    const nat = rawOutput(saved!, router.host, natId(router.id));
    expect(nat).toContain('*nat'); // the recorded nat table was read …
    expect(nat).not.toMatch(/169\.254\.169\.254/); // … and, the L3 agent running without the metadata proxy, holds no rule for it
    expect(saved!.api.agents.some((a) => a.agent_type === 'Metadata agent')).toBe(false);
    const report = analyseTrace(saved!, 'vm1');
    const m = report.interfaces[0].metadata;
    expect(m).toMatchObject({ address: '169.254.169.254', port: 80, via: 'router', host: router.host, namespace: `qrouter-${router.id}`, offered: false });
    expect(m.entry).toEqual({ how: 'redirect', state: 'missing', evidence: null });
    expect(m.proxy?.state).toBe('unknown'); // recorded before ss was collected
    expect(metadataFindings(report)).toEqual([]);
    const graph = graphOf(report);
    const meta = graph.nodes.find((n) => n.kind === 'metadata')!;
    expect(meta.label).toBe('metadata (not offered)');
    expect(meta.host).toBe(router.host);
    expect(graph.edges.find((e) => e.to === meta.id)?.from).toBe('router');
  });

  it('INJECTED (served): with the REDIRECT, a listening proxy and a Metadata agent, the branch is healthy and drawn with the rule', async () => {
    const { s, router } = servedCopy(saved!);
    const report = analyseTrace(s, 'vm1');
    const m = report.interfaces[0].metadata;
    expect(m.offered).toBe(true);
    expect(m.entry).toEqual({ how: 'redirect', state: 'present', evidence: metadataRedirectRule(9697) });
    expect(m.proxy).toEqual({ port: 9697, state: 'listening', process: 'haproxy' });
    expect(m.agent?.host).toBe(router.host);
    expect(report.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const graph = graphOf(report);
    const edge = graph.edges.find((e) => e.to === 'meta')!;
    expect(edge).toMatchObject({ from: 'router', broken: false, label: ['169.254.169.254:80 REDIRECT → :9697'] });
    expect(graph.nodes.find((n) => n.id === 'meta')).toMatchObject({ label: 'metadata proxy', broken: false, findings: [] });
    const text = await renderTrace('text', report);
    expect(text).toContain(`metadata  169.254.169.254:80 through router router1 on ${router.host} (qrouter-${router.id}): REDIRECT tcp 80 → 9697, proxy listening on 9697; metadata agent alive`);
  });

  it('INJECTED FAULT: the REDIRECT rule removed from the router namespace — an error on the metadata branch, with the missing rule and a fix', async () => {
    const s = redirectRemoved(saved!);
    const router = routerOf(s);
    const nat = outputs(s, router.host).find((o) => o.id === natId(router.id))!;
    expect(nat.stdout).not.toContain('REDIRECT');
    const report = analyseTrace(s, 'vm1');
    const found = metadataFindings(report);
    expect(found.map((f) => [f.id, f.severity])).toEqual([['metadata-redirect-missing', 'error']]);
    expect(found[0].at).toEqual({ part: 'metadata' });
    expect(found[0].host).toBe(router.host);
    expect(found[0].evidence).toEqual([{ source: `${router.host} ${nat.command}`, text: `missing: ${metadataRedirectRule(9697)}` }]);
    expect(found[0].hint).toContain('enable_metadata_proxy');
    expect(report.summary.errors).toBe(1);
    // drawn on the metadata node, not on the router or the VM, in every picture format
    const graph = graphOf(report);
    const meta = graph.nodes.find((n) => n.id === 'meta')!;
    expect(meta.findings.map((k) => graph.findings[k].id)).toEqual(['metadata-redirect-missing']);
    expect(graph.nodes.filter((n) => n.id !== 'meta').flatMap((n) => n.findings)).toEqual([]);
    expect(graph.edges.find((e) => e.to === 'meta')).toMatchObject({ broken: true, label: ['✕ no REDIRECT for 169.254.169.254:80'] });
    expect(await renderTrace('mermaid', report)).toContain('class i0_meta error');
    expect(await renderTrace('svg', report)).toMatch(/<g class="nx-node" data-node="meta" data-kind="metadata"[^>]* data-severity="error"/);
    expect(await renderTrace('dot', report)).toMatch(/"i0_meta" \[label="[^"]*metadata proxy[^\]]*fillcolor="#FBE1D3"/);
  });

  it('INJECTED FAULT: nothing listening on the proxy port — metadata-proxy-down', () => {
    const { s, router } = servedCopy(saved!);
    const ns = `qrouter-${router.id}`;
    const out = outputs(s, router.host).find((o) => o.id === listenId(ns))!;
    out.stdout = out.stdout.split('\n').filter((l) => !l.includes(':9697')).join('\n');
    const report = analyseTrace(s, 'vm1');
    expect(report.interfaces[0].metadata.proxy).toEqual({ port: 9697, state: 'not-listening', process: null });
    expect(metadataFindings(report).map((f) => f.id)).toEqual(['metadata-proxy-down']);
    expect(metadataFindings(report)[0].hint).toContain('neutron-l3-agent');
  });

  it('INJECTED FAULT: the metadata agent on the router host dead — metadata-agent-dead', () => {
    const { s } = servedCopy(saved!);
    s.api.agents.find((a) => a.agent_type === 'Metadata agent')!.alive = false;
    const report = analyseTrace(s, 'vm1');
    expect(metadataFindings(report).map((f) => f.id)).toEqual(['metadata-agent-dead']);
    expect(graphOf(report).nodes.find((n) => n.id === 'meta')?.detail).toBe('haproxy on :9697 · agent DEAD');
  });
});

describe.skipIf(!savedVm2)('isolated metadata on the recorded provider network (netxray trace --save of vm2)', () => {
  const dhcpNs = (s: CloudSnapshot) => {
    const vm2 = s.api.servers.find((x) => x.name === 'vm2')!;
    const net = String(s.api.ports.find((p) => p.device_id === vm2.id)!.network_id);
    const dhcp = s.api.ports.find((p) => p.network_id === net && p.device_owner === 'network:dhcp')!;
    return { ns: `qdhcp-${net}`, host: String(dhcp['binding:host_id']) };
  };

  it('no router and no 169.254.169.254 in the recorded DHCP namespace: metadata is not served there, nothing drawn', () => {
    const report = analyseTrace(savedVm2!, 'vm2');
    expect(report.interfaces[0].router).toBeNull();
    expect(report.interfaces[0].metadata).toMatchObject({ via: 'none', entry: null, proxy: null });
    expect(graphOf(report).nodes.some((n) => n.kind === 'metadata')).toBe(false);
  });

  it('INJECTED (enable_isolated_metadata): the DHCP namespace holds 169.254.169.254 and its proxy listens — served by DHCP; then the proxy stopped', () => {
    const s = structuredClone(savedVm2!);
    const { ns, host } = dhcpNs(s);
    const addr = outputs(s, host).find((o) => o.id === `netns-addr:${ns}`)!;
    const rows = JSON.parse(addr.stdout) as { ifname: string; addr_info: { family: string; local: string; prefixlen: number }[] }[];
    const tapRow = rows.find((r) => r.ifname !== 'lo')!;
    tapRow.addr_info.push({ family: 'inet', local: '169.254.169.254', prefixlen: 32 });
    addr.stdout = JSON.stringify(rows);
    withMetadataAgent(s, host);
    withListening(s, host, ns, ['169.254.169.254:80      0.0.0.0:*']);
    const report = analyseTrace(s, 'vm2');
    const m = report.interfaces[0].metadata;
    expect(m).toMatchObject({ via: 'dhcp', host, namespace: ns, offered: true, entry: { how: 'address', state: 'present', evidence: `169.254.169.254 on ${tapRow.ifname}` }, proxy: { port: 80, state: 'listening' } });
    expect(metadataFindings(report)).toEqual([]);
    const graph = graphOf(report);
    const edge = graph.edges.find((e) => e.to === 'meta')!;
    expect(graph.nodes.find((n) => n.id === edge.from)?.kind).toBe('dhcp');
    expect(edge.label).toEqual([`169.254.169.254:80 held in ${ns}`]);

    // INJECTED FAULT: the proxy gone from the listing
    outputs(s, host).find((o) => o.id === listenId(ns))!.stdout = 'State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n';
    const broken = analyseTrace(s, 'vm2');
    expect(metadataFindings(broken).map((f) => [f.id, f.at])).toEqual([['metadata-proxy-down', { part: 'metadata' }]]);
    expect(metadataFindings(broken)[0].hint).toContain('neutron-dhcp-agent');
  });
});

describe.skipIf(!hasLabFixtures())('the metadata branch on the lab/record fixtures (full iptables-save of the router)', () => {
  it("the router's recorded tables mark metadata requests (mangle) but redirect none (nat): the lab's L3 agent runs without the proxy", () => {
    const s = labFixtureSnapshot();
    const router = routerOf(s);
    const dump = rawOutput(s, router.host, natId(router.id));
    expect(dump).toMatch(/-d 169\.254\.169\.254\/32 -i qr-\+ -p tcp -m tcp --dport 80 -j MARK/);
    expect(findMetadataRedirect(dump)).toBeNull();
    const m = analyseTrace(s, 'vm1').interfaces[0].metadata;
    expect(m).toMatchObject({ via: 'router', offered: false, entry: { state: 'missing' } });
  });
});

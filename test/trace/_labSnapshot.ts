// Test helper: real lab recordings as CloudSnapshots. Two sources:
//  - test/fixtures/lab/ (lab/record: api/, nodes/<node>/, faults/<kind>/), converted here file by file;
//  - test/trace/fixtures/*.snapshot.json (recorded by test/trace/fixtures/record-snapshot.py from the running lab).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ApiObject, CloudSnapshot, CommandOutput, HostCapture } from '../../src/model/cloudSnapshot.js';
import { analyseTrace, type TraceAnalysisOptions } from '../../src/analyse/trace/index.js';
import type { TraceReport } from '../../src/model/traceModel.js';

export const LAB_FIXTURES = resolve(import.meta.dirname, '../fixtures/lab');
export const TRACE_FIXTURES = resolve(import.meta.dirname, 'fixtures');

export interface LabSource {
  label: string;
  snapshot: CloudSnapshot;
  firewall: string;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** The recorded snapshots under test/trace/fixtures. */
export function recordedSnapshots(): LabSource[] {
  if (!existsSync(TRACE_FIXTURES)) return [];
  return readdirSync(TRACE_FIXTURES)
    .filter((f) => f.endsWith('.snapshot.json'))
    .sort()
    .map((f) => ({ label: f, snapshot: readJson(join(TRACE_FIXTURES, f)) as CloudSnapshot, firewall: /iptables_hybrid|hybrid/.test(f) ? 'iptables_hybrid' : 'openvswitch' }));
}

export function hasLabFixtures(dir = LAB_FIXTURES): boolean {
  return existsSync(join(dir, 'MANIFEST.json'));
}

/** The fault kinds recorded under test/fixtures/lab/faults/. */
export function recordedFaults(dir = LAB_FIXTURES): string[] {
  const faults = join(dir, 'faults');
  return existsSync(faults) ? readdirSync(faults).sort() : [];
}

/**
 * A CloudSnapshot from the lab/record layout. With `fault`, files under faults/<fault>/ win; what a fault recording
 * does not hold (ovs-ofctl show, ip link) comes from the healthy recording, as a collector would see it unchanged.
 */
export function labFixtureSnapshot(fault?: string, dir = LAB_FIXTURES, namedFlows = false): CloudSnapshot {
  const layers = fault ? [join(dir, 'faults', fault), dir] : [dir];
  const find = (rel: string): string | undefined => layers.map((l) => join(l, rel)).find((p) => existsSync(p));
  const api = (rel: string, key: string): ApiObject[] => {
    const path = find(rel);
    return path ? ((readJson(path)[key] ?? []) as ApiObject[]) : [];
  };
  const nodes = readdirSync(join(dir, 'nodes')).sort();
  const hosts: HostCapture[] = nodes.map((node) => {
    const faultNode = fault ? join(dir, 'faults', fault, 'nodes', node) : undefined;
    const sshFailure = faultNode && existsSync(join(faultNode, 'ssh-true.txt')) ? readFileSync(join(faultNode, 'ssh-true.txt'), 'utf8') : undefined;
    if (sshFailure && !/exit status 0\s*$/.test(sshFailure)) {
      return { host: node, reachable: false, error: sshFailure.split('\n').filter((l) => l && !l.startsWith('$')).join(' ').trim(), outputs: [] };
    }
    const outputs: CommandOutput[] = [];
    const add = (id: string, rel: string, command: string) => {
      const path = find(join('nodes', node, rel));
      if (path) outputs.push({ id, command, exitCode: 0, stdout: readFileSync(path, 'utf8'), stderr: '', durationMs: 0 });
    };
    add('ovsdb-bridge', 'ovs-vsctl-list-Bridge.json', 'ovs-vsctl --format=json list Bridge');
    add('ovsdb-port', 'ovs-vsctl-list-Port.json', 'ovs-vsctl --format=json list Port');
    add('ovsdb-interface', 'ovs-vsctl-list-Interface.json', 'ovs-vsctl --format=json list Interface');
    for (const br of ['br-int', 'br-tun', 'br-ex']) {
      add(`flows:${br}`, `ovs-ofctl-dump-flows-${br}${namedFlows ? '.names' : ''}.txt`, `ovs-ofctl ${namedFlows ? '--names ' : ''}dump-flows ${br}`);
      add(`ofctl-show:${br}`, `ovs-ofctl-show-${br}.txt`, `ovs-ofctl show ${br}`);
    }
    add('ip-link', 'ip-o-link.txt', 'ip -o link show');
    // lab/record keeps `ps -eo args | grep dnsmasq` and the qrouter namespaces' iptables-save (faults and healthy)
    add('processes:dnsmasq', 'ps-dnsmasq.txt', 'pgrep -a dnsmasq');
    for (const layer of layers) {
      const netns = join(layer, 'nodes', node, 'netns');
      if (!existsSync(netns)) continue;
      for (const f of readdirSync(netns)) {
        const m = /^(qrouter-[0-9a-f-]{36})-iptables-save\.txt$/.exec(f);
        if (m && !outputs.some((o) => o.id === `netns-nat:${m[1]}`)) {
          outputs.push({ id: `netns-nat:${m[1]}`, command: `ip netns exec ${m[1]} iptables-save`, exitCode: 0, stdout: readFileSync(join(netns, f), 'utf8'), stderr: '', durationMs: 0 });
        }
      }
    }
    return { host: node, sshTarget: node, reachable: true, outputs };
  });
  const manifest = readJson(join(dir, 'MANIFEST.json'));
  return {
    schema: 'netxray/snapshot',
    version: 1,
    generator: { name: 'netxray', version: 'fixture' },
    collectedAt: String(manifest.recorded_at ?? '1970-01-01T00:00:00Z'),
    cloud: { authUrl: 'http://127.0.0.1:5000/v3' },
    api: {
      servers: api('api/nova/servers-detail.json', 'servers'),
      ports: api('api/neutron/ports.json', 'ports'),
      networks: api('api/neutron/networks.json', 'networks'),
      subnets: api('api/neutron/subnets.json', 'subnets'),
      floatingIps: api('api/neutron/floatingips.json', 'floatingips'),
      routers: api('api/neutron/routers.json', 'routers'),
      securityGroups: api('api/neutron/security-groups.json', 'security_groups'),
      agents: api('api/neutron/agents.json', 'agents'),
    },
    hosts,
    problems: hosts.filter((h) => !h.reachable).map((h) => ({ source: 'ssh' as const, host: h.host, code: 'host-unreachable', message: h.error ?? 'unreachable' })),
    cost: { apiRequests: 0, sshConnections: 0, hostCommands: 0, durationMs: 0 },
  };
}

/** lab/record outputs under test/fixtures: `lab/` and any `lab-*` variant (e.g. another firewall driver). */
export function labFixtureDirs(): string[] {
  const root = resolve(LAB_FIXTURES, '..');
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => /^lab($|-)/.test(d) && hasLabFixtures(join(root, d)))
    .sort()
    .map((d) => join(root, d));
}

/** Every healthy real recording available: the lab fixtures (if recorded) and the trace snapshots. */
export function healthySources(): LabSource[] {
  const sources = recordedSnapshots();
  for (const dir of labFixtureDirs().reverse()) {
    const firewall = String(readJson(join(dir, 'MANIFEST.json')).firewall_driver ?? 'openvswitch');
    const label = `test/fixtures/${dir.split('/').pop()}`;
    if (existsSync(join(dir, 'nodes', readdirSync(join(dir, 'nodes'))[0], 'ovs-ofctl-dump-flows-br-int.names.txt'))) {
      sources.unshift({ label: `${label} (--names flows)`, snapshot: labFixtureSnapshot(undefined, dir, true), firewall });
    }
    sources.unshift({ label, snapshot: labFixtureSnapshot(undefined, dir), firewall });
  }
  return sources;
}

// ---- Independent lookups in the raw outputs (no netxray parser), for expected values. ----

export function rawOutput(snapshot: CloudSnapshot, host: string, id: string): string {
  return snapshot.hosts.find((h) => h.host === host)?.outputs.find((o) => o.id === id)?.stdout ?? '';
}

type Cell = unknown;
/** Rows of `ovs-vsctl --format=json list` as {column: raw cell}. */
export function rawRows(snapshot: CloudSnapshot, host: string, id: string): Record<string, Cell>[] {
  const text = rawOutput(snapshot, host, id);
  if (!text) return [];
  const { headings, data } = JSON.parse(text) as { headings: string[]; data: Cell[][] };
  return data.map((row) => Object.fromEntries(headings.map((h, i) => [h, row[i]])));
}

/** A raw ["map", [[k, v]...]] cell as a plain object. */
export function rawMap(cell: Cell): Record<string, string> {
  return Array.isArray(cell) && cell[0] === 'map' ? Object.fromEntries((cell[1] as [string, Cell][]).map(([k, v]) => [k, String(v)])) : {};
}

/** A raw optional integer cell (bare number, or ["set", []]). */
export function rawInt(cell: Cell): number | null {
  return typeof cell === 'number' ? cell : null;
}

export function portsOf(snapshot: CloudSnapshot, serverId: string): ApiObject[] {
  return snapshot.api.ports.filter((p) => p.device_id === serverId);
}

/** Raw Interface rows of the ports of one bridge (Bridge.ports → Port.interfaces → Interface), for per-bridge ofports. */
export function rawBridgeInterfaces(snapshot: CloudSnapshot, host: string, bridge: string): Record<string, Cell>[] {
  const uuids = (cell: Cell): string[] => {
    if (!Array.isArray(cell)) return [];
    if (cell[0] === 'uuid') return [String(cell[1])];
    if (cell[0] === 'set') return (cell[1] as Cell[]).flatMap(uuids);
    return [];
  };
  const uuidOf = (row: Record<string, Cell>) => uuids(row._uuid)[0];
  const br = rawRows(snapshot, host, 'ovsdb-bridge').find((r) => r.name === bridge);
  if (!br) return [];
  const portIds = new Set(uuids(br.ports));
  const ifaceIds = new Set(rawRows(snapshot, host, 'ovsdb-port').filter((p) => portIds.has(uuidOf(p))).flatMap((p) => uuids(p.interfaces)));
  return rawRows(snapshot, host, 'ovsdb-interface').filter((i) => ifaceIds.has(uuidOf(i)));
}

/**
 * analyseTrace for the check tests on these recordings: they were made before the automatic walks, so every report
 * also carries the finding "walks not recorded" (auto-walk-not-run, info, unverified); this leaves that one finding out
 * (and recounts), so that a test states what the checks found. The walks themselves are tested on recordings with
 * walks (netxray-trace-save-walks-*.snapshot.json, walk.test.ts) and live.
 */
export function analyseChecks(snapshot: CloudSnapshot, ref: string, options?: TraceAnalysisOptions): TraceReport {
  const report = analyseTrace(snapshot, ref, options);
  const findings = report.findings.filter((f) => !(f.id === 'auto-walk-not-run' && /^walks not recorded/.test(f.message)));
  const unverified = findings.filter((f) => f.unverified).length;
  const problems = report.summary.errors + report.summary.warnings;
  return { ...report, findings, summary: { ...report.summary, infos: findings.filter((f) => f.severity === 'info').length, unverified, verdict: problems ? 'problems' : unverified ? 'unverified' : 'healthy' } };
}

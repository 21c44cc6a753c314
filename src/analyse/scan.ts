// analyseScan: a pure function from a CloudSnapshot to the ScanReport — analyseTrace for every instance in scope.
import { NetxrayError } from '../errors.js';
import type { BackendId } from '../model/backends.js';
import type { ApiObject, CloudSnapshot } from '../model/cloudSnapshot.js';
import {
  SCAN_SCHEMA,
  SCAN_VERSION,
  type ScanFilterSet,
  type ScanHost,
  type ScanInstance,
  type ScanInterface,
  type ScanProblem,
  type ScanReport,
  type ScanSummary,
} from '../model/scanModel.js';
import type { PathExit, PathFacts, Severity, TraceInterface, TraceReport, TraceVerdict, TranslationAction } from '../model/traceModel.js';
import { DEVICE_OWNER } from '../neutron/neutronRules.js';
import { NETXRAY_VERSION } from '../version.js';
import { analyseTrace, analysedApi, backendOf, offlineNoteOf } from './trace/index.js';

export interface ScanAnalysisOptions {
  /** `--backend`: analyse as this backend, whatever the snapshot says. */
  backend?: BackendId;
  /** Called after each instance is analysed (the CLI draws its progress bar with it). */
  onProgress?: (done: number, total: number) => void;
}

/** What a scan covers: its servers, and compute ports whose device is no server the API listed (how `trace` sees a bare port). */
interface Target {
  ref: string;
  kind: 'server' | 'port';
}

const text = (o: ApiObject, key: string): string | undefined => (typeof o[key] === 'string' ? (o[key] as string) : undefined);
const isComputePort = (p: ApiObject) => (text(p, 'device_owner') ?? '').startsWith(DEVICE_OWNER.computePrefix);

/** The snapshot's own collection filters always hold; those given narrow them (a different value for the same key is an error). */
function effectiveFilters(snapshot: CloudSnapshot, given: ScanFilterSet): ScanFilterSet {
  const saved = (snapshot.subject?.filters ?? {}) as ScanFilterSet;
  const out: ScanFilterSet = {};
  for (const key of ['project', 'host', 'network'] as const) {
    const a = saved[key];
    const b = given[key];
    if (a && b && a !== b) throw new NetxrayError('bad-input', `--${key} ${b}: the snapshot was collected for ${key} ${a} only`);
    const v = b ?? a;
    if (v) out[key] = v;
  }
  return out;
}

function targetsOf(snapshot: CloudSnapshot, api: CloudSnapshot['api'], filters: ScanFilterSet): Target[] {
  const { servers, ports } = api;
  const portsByDevice = new Map<string, ApiObject[]>();
  for (const p of ports) {
    const d = text(p, 'device_id') ?? '';
    if (!portsByDevice.has(d)) portsByDevice.set(d, []);
    portsByDevice.get(d)!.push(p);
  }
  let chosen = servers;
  // A snapshot saved by `trace` holds its neighbours' ports too: only the traced instance is in scope.
  if (snapshot.subject?.kind === 'trace') {
    const ids = new Set(snapshot.subject.instanceIds);
    return servers.filter((s) => ids.has(String(s.id))).map((s) => ({ ref: String(s.id), kind: 'server' as const }));
  }
  const { project, host, network } = filters;
  if (project) chosen = chosen.filter((s) => (text(s, 'tenant_id') ?? text(s, 'project_id')) === project);
  if (host) chosen = chosen.filter((s) => text(s, 'OS-EXT-SRV-ATTR:host') === host || (portsByDevice.get(String(s.id)) ?? []).some((p) => text(p, 'binding:host_id') === host));
  if (network) chosen = chosen.filter((s) => (portsByDevice.get(String(s.id)) ?? []).some((p) => text(p, 'network_id') === network));
  const serverIds = new Set(servers.map((s) => String(s.id)));
  const bare = ports.filter(
    (p) =>
      isComputePort(p) &&
      !serverIds.has(text(p, 'device_id') ?? '') &&
      (!project || (text(p, 'project_id') ?? text(p, 'tenant_id')) === project) &&
      (!host || text(p, 'binding:host_id') === host) &&
      (!network || text(p, 'network_id') === network),
  );
  return [...chosen.map((s) => ({ ref: String(s.id), kind: 'server' as const })), ...bare.map((p) => ({ ref: String(p.id), kind: 'port' as const }))];
}

/** The scan model (version 1) names exits as the OpenFlow action that makes them. */
const EXIT_ACTION: Record<PathExit['action'], TranslationAction> = {
  'vlan-rewrite': 'mod_vlan_vid',
  'vlan-strip': 'strip_vlan',
  tunnel: 'tunnel',
  missing: 'missing',
  none: 'none',
  unknown: 'unknown',
};

/** The backend-neutral part of an interface a path picture needs (PathFacts). */
function pathFactsOf(i: TraceInterface): PathFacts {
  const { index, floatingIps, network, host, localSegment, hops, exit, dhcp, router, metadata } = i;
  const gateway = router?.gateway ? (({ dataplane: _flows, ...rest }) => rest)(router.gateway) : null;
  return { index, port: { id: i.port.id, mac: i.port.mac, ips: i.port.ips, status: i.port.status }, floatingIps, network, host, localSegment, hops, exit, dhcp, metadata, router: router && { ...router, gateway } };
}

function compactInterface(i: TraceInterface): ScanInterface {
  return {
    portId: i.port.id,
    mac: i.port.mac,
    ips: i.port.ips,
    floatingIps: i.floatingIps,
    status: i.port.status,
    network: { id: i.network.id, name: i.network.name, type: i.network.type, segmentationId: i.network.segmentationId },
    host: i.host,
    localVlan: i.localSegment.id,
    path: i.hops.map((h) => ({ name: h.device, kind: h.kind, present: h.present, ...(h.portNumber !== undefined ? { ofport: h.portNumber } : {}) })),
    egress: {
      action: EXIT_ACTION[i.exit.action],
      ...(i.exit.vlan !== undefined ? { vlan: i.exit.vlan } : {}),
      ...(i.exit.tunnelId !== undefined ? { tunnelId: i.exit.tunnelId } : {}),
      remoteHosts: (i.exit.remotes ?? []).map((r) => r.host ?? r.ip),
    },
    provider: i.answers.provider,
    pathFacts: pathFactsOf(i),
  };
}

/** The compact scan entry of one trace report; its findings are the report's, unchanged. */
export function scanInstanceOf(report: TraceReport): ScanInstance {
  return {
    id: report.instance.id,
    name: report.instance.name,
    kind: report.instance.kind,
    host: report.instance.host,
    status: report.instance.status,
    projectId: report.instance.projectId,
    interfaces: report.interfaces.map(compactInterface),
    findings: report.findings,
    summary: report.summary,
  };
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The instance's trace verdict (a report from before verdicts: from its counts). */
const verdictOf = (i: ScanInstance): TraceVerdict => i.summary.verdict ?? (i.summary.errors + i.summary.warnings > 0 ? 'problems' : 'healthy');

function summarise(instances: ScanInstance[]): ScanSummary {
  const counts: ScanSummary['countsByFinding'] = {};
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const inst of instances) {
    errors += inst.summary.errors;
    warnings += inst.summary.warnings;
    infos += inst.summary.infos;
    const seen = new Set<string>();
    for (const f of inst.findings) {
      const c = (counts[f.id] ??= { count: 0, instances: 0, severity: f.severity });
      c.count += 1;
      if (SEVERITY_RANK[f.severity] < SEVERITY_RANK[c.severity]) c.severity = f.severity;
      if (!seen.has(f.id)) c.instances += 1;
      seen.add(f.id);
    }
  }
  const ordered = Object.fromEntries(
    Object.entries(counts).sort(([a, x], [b, y]) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity] || y.count - x.count || a.localeCompare(b)),
  );
  const worst = instances
    .filter((i) => i.summary.errors + i.summary.warnings > 0)
    .sort((a, b) => b.summary.errors - a.summary.errors || b.summary.warnings - a.summary.warnings || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((i) => ({
      id: i.id,
      name: i.name,
      kind: i.kind,
      host: i.host,
      errors: i.summary.errors,
      warnings: i.summary.warnings,
      findingIds: [...new Set(i.findings.filter((f) => f.severity !== 'info').map((f) => f.id))],
    }));
  return {
    instances: instances.length,
    interfaces: instances.reduce((n, i) => n + i.interfaces.length, 0),
    instancesWithErrors: instances.filter((i) => i.summary.errors > 0).length,
    instancesWithWarnings: instances.filter((i) => i.summary.errors === 0 && i.summary.warnings > 0).length,
    healthyInstances: instances.filter((i) => verdictOf(i) === 'healthy').length,
    unverifiedInstances: instances.filter((i) => verdictOf(i) === 'unverified').length,
    verdict: errors + warnings > 0 ? 'problems' : instances.some((i) => verdictOf(i) === 'unverified') ? 'unverified' : 'healthy',
    errors,
    warnings,
    infos,
    countsByFinding: ordered,
    worst,
  };
}

/**
 * The scan report of a snapshot: every server matching the filters, plus every compute port whose device is no
 * listed server (e.g. a port stuck in binding_failed), each traced by `analyseTrace` exactly as `netxray trace <id>`
 * would (so the scan's findings are the union of the per-instance traces). Pure; the parsed snapshot is cached by
 * analyseTrace per snapshot object, so hosts' outputs are parsed once for all instances.
 */
export function analyseScan(snapshot: CloudSnapshot, filters: ScanFilterSet = {}, options: ScanAnalysisOptions = {}): ScanReport {
  // A backend netxray cannot read stops the whole scan (one line), not each instance.
  const backend = backendOf(snapshot, options.backend);
  const effective = effectiveFilters(snapshot, filters);
  const targets = targetsOf(snapshot, analysedApi(snapshot, backend), effective);
  const instances: ScanInstance[] = [];
  const problems: ScanProblem[] = snapshot.problems.map((p) => ({ ...p }));
  targets.forEach((t, n) => {
    try {
      instances.push(scanInstanceOf(analyseTrace(snapshot, t.ref, { backend: options.backend })));
    } catch (err) {
      // One instance the analysis cannot follow must not hide the others.
      if (!(err instanceof NetxrayError)) throw err;
      problems.push({ source: 'analysis', code: 'not-traced', instanceId: t.ref, message: `${t.kind} ${t.ref}: ${err.message}` });
    }
    options.onProgress?.(n + 1, targets.length);
  });
  instances.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const perHost = new Map<string, number>();
  for (const i of instances) if (i.host) perHost.set(i.host, (perHost.get(i.host) ?? 0) + 1);
  const hosts: ScanHost[] = snapshot.hosts
    .map((h) => ({ host: h.host, reachable: h.reachable, ...(h.error ? { error: h.error } : {}), instances: perHost.get(h.host) ?? 0 }))
    .sort((a, b) => a.host.localeCompare(b.host));
  return {
    schema: SCAN_SCHEMA,
    version: SCAN_VERSION,
    generator: { name: 'netxray', version: NETXRAY_VERSION },
    collectedAt: snapshot.collectedAt,
    filters: effective,
    instances,
    hosts,
    summary: summarise(instances),
    problems,
    cost: { ...snapshot.cost },
    ...(snapshot.offline ? { offline: offlineNoteOf(snapshot, backend) } : {}),
  };
}

/** Exit status rule of `netxray scan`, as trace's: any finding of severity warning or error. */
/** Nothing wrong found, but some instance's path could not be verified (exit status 4 of `netxray scan`, as trace). */
export function scanIsUnverified(report: ScanReport): boolean {
  return report.summary.verdict === 'unverified';
}

export function scanHasProblems(report: ScanReport): boolean {
  return report.summary.errors + report.summary.warnings > 0;
}

// analyseTrace: a pure function from a CloudSnapshot to the TraceReport of one instance (or one bare port).
import { NetxrayError } from '../../errors.js';
import type { BackendId } from '../../model/backends.js';
import type { ApiObject, CloudSnapshot } from '../../model/cloudSnapshot.js';
import { TRACE_SCHEMA, TRACE_VERSION, type AutoWalk, type Finding, type OfflineNote, type Severity, type TraceInstance, type TraceReport, type TraceVerdict } from '../../model/traceModel.js';
import { autoWalkFindings, walksNotRecorded } from './autoWalkFindings.js';
import { chooseBackend } from '../../neutron/backends.js';
import { NETXRAY_VERSION } from '../../version.js';
import type { TraceBackend, WalkAnalysis } from './backend.js';
import { traceBackend } from './backends/index.js';
import { runChecks } from './checks/checkHelpers.js';
import { CloudIndex, str } from './cloudIndex.js';
import { orderPorts } from '../../neutron/portOrder.js';
import { chooseTraceSubject } from '../../neutron/traceSubject.js';
import type { WalkRequest } from '../../model/walkModel.js';

export type { TraceBackend, TraceCheck, InterfaceAnalysis, WalkAnalysis, WalkFindingKind } from './backend.js';
export { traceBackends } from './backends/index.js';

export interface TraceAnalysisOptions {
  /** `--backend`: analyse as this backend, whatever the snapshot says. */
  backend?: BackendId;
  /** `--to`: walk one packet too (the backend's walk capability; a backend without one is a `bad-input` error). */
  walk?: WalkRequest;
}

/** The backend's packet walk, or the one-line error of a backend without one. */
export function walkAnalysisOf(backend: TraceBackend): WalkAnalysis {
  if (!backend.walk) throw new NetxrayError('bad-input', `--to: the ${backend.label} backend cannot walk a packet yet`);
  return backend.walk;
}

/** The backend of a snapshot: forced, else the one its collection planned for, else detected from its agent list. */
export function backendOf(snapshot: CloudSnapshot, forced?: BackendId): TraceBackend {
  if (forced) return traceBackend(forced, `--backend ${forced}`);
  if (snapshot.backend) return traceBackend(snapshot.backend, 'recorded in the snapshot');
  const { backend, how } = chooseBackend(undefined, snapshot.api.agents);
  return traceBackend(backend, how);
}

interface Target {
  instance: TraceInstance;
  ports: ApiObject[];
}

/** Finds the instance by UUID or exact name; a Neutron port id or name is traced as a one-interface "instance". */
function resolveTarget(index: CloudIndex, ref: string): Target {
  const wanted = ref.trim();
  if (!wanted) throw new NetxrayError('bad-input', 'instance: give a name or UUID');
  const byId = index.server(wanted);
  const servers = byId ? [byId] : index.serversNamed(wanted);
  const byPortId = index.port(wanted);
  const ports = servers.length ? [] : byPortId ? [byPortId] : index.portsNamed(wanted);
  const subject = chooseTraceSubject(wanted, servers, ports, 'in the snapshot');
  if (subject.kind === 'server') {
    const { server } = subject;
    const id = str(server, 'id') ?? '';
    return {
      instance: {
        id,
        name: str(server, 'name') ?? id,
        host: str(server, 'OS-EXT-SRV-ATTR:host'),
        status: str(server, 'status'),
        projectId: str(server, 'tenant_id') ?? str(server, 'project_id'),
        kind: 'server',
      },
      ports: orderPorts(server, index.portsOfDevice(id)),
    };
  }
  const { port } = subject;
  const id = str(port, 'id') ?? '';
  return {
    instance: { id, name: str(port, 'name') || id, host: str(port, 'binding:host_id') || null, status: str(port, 'status'), projectId: str(port, 'project_id') ?? str(port, 'tenant_id'), kind: 'port' },
    ports: [port],
  };
}

/** resolveTarget; a port a report holds but netxray does not understand (OfflineVifs) is not-found with the reason. */
function resolveOfflineTarget(snapshot: CloudSnapshot, backend: TraceBackend, index: CloudIndex, ref: string): Target {
  try {
    return resolveTarget(index, ref);
  } catch (error) {
    if (!(error instanceof NetxrayError) || error.code !== 'not-found' || !withoutApi(snapshot)) throw error;
    for (const [host, vifs] of backend.offlineVifs?.(snapshot) ?? []) {
      const vif = vifs.notUnderstood.find((v) => v.portId === ref.trim());
      if (vif) throw new NetxrayError('not-found', `port ${vif.portId} is ${vif.device} on ${host}'s ${vifs.bridge}, but netxray does not understand it: ${vif.reason}`);
    }
    throw error;
  }
}

/** Parsed host outputs per snapshot object: `scan` traces many instances of one snapshot without re-parsing. */
const indexes = new WeakMap<CloudSnapshot, CloudIndex>();

function indexOf(snapshot: CloudSnapshot, backend: TraceBackend): CloudIndex {
  let index = indexes.get(snapshot);
  if (!index) {
    index = new CloudIndex(withoutApi(snapshot) ? { ...snapshot, api: offlineApiOf(snapshot, backend) } : snapshot);
    indexes.set(snapshot, index);
  }
  return index;
}

/** The API objects the analysis sees: the snapshot's, or (sosreports without the API) those its hosts record. */
export function analysedApi(snapshot: CloudSnapshot, backend: TraceBackend): CloudSnapshot['api'] {
  return indexOf(snapshot, backend).snapshot.api;
}

/** Read from sosreports without the Neutron API (docs/sos.md). */
const withoutApi = (snapshot: CloudSnapshot) => snapshot.offline?.api === 'derived-from-hosts';

function offlineApiOf(snapshot: CloudSnapshot, backend: TraceBackend): CloudSnapshot['api'] {
  if (!backend.hostDerivedApi) throw new NetxrayError('bad-input', `--sos: the ${backend.label} backend cannot read hosts without the Neutron API yet`);
  return backend.hostDerivedApi(snapshot);
}

/** The report's note on an offline snapshot (sosreports): the reports read and what needs the API. */
export function offlineNoteOf(snapshot: CloudSnapshot, backend: TraceBackend): OfflineNote | undefined {
  const offline = snapshot.offline;
  if (!offline) return undefined;
  const vifs = backend.offlineVifs?.(snapshot);
  return {
    source: offline.kind,
    api: offline.api,
    reports: offline.reports.map((r) => ({
      source: r.source,
      host: r.host,
      sosVersion: r.sosVersion,
      packages: r.packages,
      ...(r.ovsVersion ? { ovsVersion: r.ovsVersion } : {}),
      namespaces: r.namespaces,
      agentConfigFiles: r.agentConfig?.files ?? null,
      problems: r.problems,
      ...(vifs?.has(r.host) ? { vifs: vifs.get(r.host) } : {}),
    })),
    absent: offline.api === 'derived-from-hosts' ? [...(backend.offlineAbsent ?? [])] : [],
  };
}

/**
 * The trace report of one instance (name or UUID; or a bare Neutron port) from a snapshot. Pure: the snapshot is not
 * modified (do not modify it between calls either: its parsed form is cached per object). Throws NetxrayError
 * `not-found`/`bad-input` when the instance is not in the snapshot or the name is ambiguous.
 */
export function analyseTrace(snapshot: CloudSnapshot, instanceRef: string, options: TraceAnalysisOptions = {}): TraceReport {
  const backend = backendOf(snapshot, options.backend);
  const index = indexOf(snapshot, backend);
  const { instance, ports } = resolveOfflineTarget(snapshot, backend, index, instanceRef);
  const analyses = ports.map((p, position) => backend.analyseInterface(index, p, { position, count: ports.length, instanceName: instance.name }));
  const checks = withoutApi(snapshot) ? backend.checks.filter((c) => !c.needsApi) : backend.checks;
  const checked = runChecks({ index, instance, interfaces: analyses }, checks);
  const walker = options.walk && { analysis: walkAnalysisOf(backend), request: options.walk };
  const walk = walker ? walker.analysis.walk(index, instance.id, walker.request) : undefined;
  const walkProblem = walker && walk ? walker.analysis.finding(walk) : null;
  const auto = autoWalksOf(snapshot, backend, index, instance);
  const findings = withWalkFindings(checked, [...(walkProblem ? [walkProblem] : []), ...auto.findings]);

  const hostNames = new Set<string>();
  if (instance.host) hostNames.add(instance.host);
  for (const a of analyses) {
    if (a.host) hostNames.add(a.host);
    for (const r of a.trace.exit.remotes ?? []) if (r.host) hostNames.add(r.host);
  }
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const problems = count('error') + count('warning');
  const unverified = findings.filter((f) => f.unverified).length;
  return {
    schema: TRACE_SCHEMA,
    version: TRACE_VERSION,
    generator: { name: 'netxray', version: NETXRAY_VERSION },
    collectedAt: snapshot.collectedAt,
    query: instanceRef,
    backend: backend.label,
    instance,
    interfaces: analyses.map((a) => a.trace),
    hosts: [...hostNames].map((host) => backend.describeHost(index, host)),
    findings,
    summary: { interfaces: analyses.length, errors: count('error'), warnings: count('warning'), infos: count('info'), unverified, verdict: verdictOf(problems, unverified) },
    ...(walk ? { walk } : {}),
    ...(auto.walks ? { walks: auto.walks } : {}),
    ...(snapshot.offline ? { offline: offlineNoteOf(snapshot, backend) } : {}),
  };
}

/**
 * The automatic walks of an instance and their findings: walked when the snapshot recorded them; else one finding saying
 * they were not (the path is then not proven). A bare port is not walked (the walks start from an instance's VIF).
 */
function autoWalksOf(snapshot: CloudSnapshot, backend: TraceBackend, index: CloudIndex, instance: TraceInstance): { walks?: AutoWalk[]; findings: Finding[] } {
  if (instance.kind !== 'server' || !backend.walk) return { findings: [] };
  const recorded = snapshot.subject?.autoWalks;
  const missing = walksNotRecorded(recorded, snapshot.offline !== undefined);
  if (missing) return { findings: [missing] };
  const walks = backend.walk.autoWalks(index, instance.id);
  return { walks, findings: autoWalkFindings(walks, backend.walk.finding) };
}

/**
 * The checks' findings with the walks' after them, symptoms under causes: a dropped walk is a symptom of the first error
 * the checks found on the same port, or host-wide on the host that dropped it (the element the walk proves is broken);
 * else it is a cause of its own, ranked by severity with the checks' causes.
 */
function withWalkFindings(checked: Finding[], walkFindings: Finding[]): Finding[] {
  const groups: Finding[][] = [];
  for (const f of checked) {
    if (f.causedBy && groups.length) groups[groups.length - 1].push(f);
    else groups.push([f]);
  }
  for (const f of walkFindings) {
    const group = f.severity === 'error' ? groups.find(([c]) => c.severity === 'error' && ((c.portId !== undefined && c.portId === f.portId) || (c.portId === undefined && c.host !== undefined && c.host === f.host))) : undefined;
    if (group) group.push({ ...f, causedBy: group[0].id });
    else groups.push([f]);
  }
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return groups.sort((a, b) => rank[a[0].severity] - rank[b[0].severity]).flat();
}

/** Healthy only when nothing is wrong and nothing could not be checked. */
function verdictOf(problems: number, unverified: number): TraceVerdict {
  if (problems > 0) return 'problems';
  return unverified > 0 ? 'unverified' : 'healthy';
}

/** Exit status rule of `netxray trace`: findings of severity warning or error. */
export function hasProblems(report: TraceReport): boolean {
  return report.summary.errors + report.summary.warnings > 0;
}

/** Nothing wrong was found, but a part of the path could not be checked (exit status 4 of `netxray trace`). */
export function isUnverified(report: TraceReport): boolean {
  return !hasProblems(report) && report.summary.unverified > 0;
}

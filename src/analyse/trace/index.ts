// analyseTrace: a pure function from a CloudSnapshot to the TraceReport of one instance (or one bare port).
import { NetxrayError } from '../../errors.js';
import type { ApiObject, CloudSnapshot } from '../../model/cloudSnapshot.js';
import { TRACE_SCHEMA, TRACE_VERSION, type TraceHost, type TraceInstance, type TraceReport } from '../../model/traceModel.js';
import { NETXRAY_VERSION } from '../../version.js';
import { plainAnswers } from './answers.js';
import { runChecks } from './checks.js';
import { CloudIndex, obj, str } from './cloudIndex.js';
import { AGENT_TYPE } from './neutronOvsRules.js';
import { buildInterface } from './paths.js';
import { orderPorts } from './portOrder.js';
import { analyseWalk, walkFinding } from './walk/analyseWalk.js';
import type { WalkRequest } from '../../model/walkModel.js';

export { TRACE_CHECKS, type TraceCheck } from './checks.js';

interface Target {
  instance: TraceInstance;
  ports: ApiObject[];
}

/** Finds the instance by UUID or exact name; a Neutron port id or name is traced as a one-interface "instance". */
function resolveTarget(index: CloudIndex, ref: string): Target {
  const wanted = ref.trim();
  if (!wanted) throw new NetxrayError('bad-input', 'instance: give a name or UUID');
  const byId = index.server(wanted);
  const matches = byId ? [byId] : index.serversNamed(wanted);
  if (matches.length > 1) {
    throw new NetxrayError('bad-input', `"${ref}" names ${matches.length} instances: ${matches.map((s) => str(s, 'id')).join(', ')}; give the UUID`);
  }
  if (matches.length === 1) {
    const server = matches[0];
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
  const named = index.portsNamed(wanted);
  const port = index.port(wanted) ?? (named.length === 1 ? named[0] : undefined);
  if (port) {
    const id = str(port, 'id') ?? '';
    return {
      instance: { id, name: str(port, 'name') || id, host: str(port, 'binding:host_id') || null, status: str(port, 'status'), projectId: str(port, 'project_id') ?? str(port, 'tenant_id'), kind: 'port' },
      ports: [port],
    };
  }
  throw new NetxrayError('not-found', `no instance (or port) named or with id "${ref}" in the snapshot`);
}

/** Parsed host outputs per snapshot object: `scan` traces many instances of one snapshot without re-parsing. */
const indexes = new WeakMap<CloudSnapshot, CloudIndex>();

function indexOf(snapshot: CloudSnapshot): CloudIndex {
  let index = indexes.get(snapshot);
  if (!index) {
    index = new CloudIndex(snapshot);
    indexes.set(snapshot, index);
  }
  return index;
}

/**
 * The trace report of one instance (name or UUID; or a bare Neutron port) from a snapshot. Pure: the snapshot is not
 * modified (do not modify it between calls either: its parsed form is cached per object). Throws NetxrayError
 * `not-found`/`bad-input` when the instance is not in the snapshot or the name is ambiguous.
 */
export function analyseTrace(snapshot: CloudSnapshot, instanceRef: string, walkRequest?: WalkRequest): TraceReport {
  const index = indexOf(snapshot);
  const { instance, ports } = resolveTarget(index, instanceRef);
  const analyses = ports.map((p, i) => buildInterface(index, p, i));
  for (const a of analyses) a.trace.answers = plainAnswers(a.trace, analyses.length, instance.name, !!a.state?.reachable && a.state.ports.size > 0);
  const findings = runChecks({ index, instance, interfaces: analyses });
  const walk = walkRequest ? analyseWalk(index, instance.id, walkRequest) : undefined;
  const walkProblem = walk ? walkFinding(walk) : null;
  if (walkProblem) findings.push(walkProblem);

  const hostNames = new Set<string>();
  if (instance.host) hostNames.add(instance.host);
  for (const a of analyses) {
    if (a.host) hostNames.add(a.host);
    for (const r of a.trace.egress.remoteHosts ?? []) if (r.host) hostNames.add(r.host);
  }
  const hosts: TraceHost[] = [...hostNames].map((host) => {
    const state = index.hosts.get(host);
    const conf = index.ovsAgentConfig(host);
    const mappings = obj(conf, 'bridge_mappings');
    return {
      host,
      reachable: state?.reachable ?? false,
      ...(state?.error ? { error: state.error } : state ? {} : { error: 'not collected' }),
      tableLayout: state && state.tableLayoutDetected ? state.tableLayout.name : null,
      tunnelingIp: str(conf, 'tunneling_ip'),
      bridgeMappings: Object.fromEntries(Object.entries(mappings).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
      ovsAgent: index.agentRef(AGENT_TYPE.ovs, host),
    };
  });
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return {
    schema: TRACE_SCHEMA,
    version: TRACE_VERSION,
    generator: { name: 'netxray', version: NETXRAY_VERSION },
    collectedAt: snapshot.collectedAt,
    query: instanceRef,
    instance,
    interfaces: analyses.map((a) => a.trace),
    hosts,
    findings,
    summary: { interfaces: analyses.length, errors: count('error'), warnings: count('warning'), infos: count('info') },
    ...(walk ? { walk } : {}),
  };
}

/** Exit status rule of `netxray trace`: findings of severity warning or error. */
export function hasProblems(report: TraceReport): boolean {
  return report.summary.errors + report.summary.warnings > 0;
}

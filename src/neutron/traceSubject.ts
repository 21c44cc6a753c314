// What a trace argument names: a Nova server (by UUID, else by exact name), else a Neutron port traced alone (by UUID,
// else by exact name). One rule for the live collection (on the APIs' answers) and the snapshot analysis.
import { NetxrayError } from '../errors.js';
import type { ApiObject } from '../model/cloudSnapshot.js';

export type TraceSubject = { kind: 'server'; server: ApiObject } | { kind: 'port'; port: ApiObject };

const project = (o: ApiObject) => String(o.tenant_id ?? o.project_id ?? '?');
const listed = (list: readonly ApiObject[]) => list.map((o) => `${String(o.id)} (project ${project(o)})`).join(', ');

/** Those of `candidates` with that id; if none, those with that exact name. */
function named(candidates: readonly ApiObject[], ref: string): ApiObject[] {
  const byId = candidates.filter((o) => o.id === ref);
  return byId.length ? byId : candidates.filter((o) => o.name === ref);
}

/**
 * Picks the subject among the candidates looked up for `ref` (a superset is fine: others are ignored). `where` says
 * where they were looked for ("in the snapshot", "in any project"), for the not-found message.
 */
export function chooseTraceSubject(ref: string, servers: readonly ApiObject[], ports: readonly ApiObject[], where: string): TraceSubject {
  const matchingServers = named(servers, ref);
  if (matchingServers.length === 1) return { kind: 'server', server: matchingServers[0] };
  if (matchingServers.length > 1) throw new NetxrayError('bad-input', `"${ref}" names ${matchingServers.length} instances: ${listed(matchingServers)}; give the UUID`);
  const matchingPorts = named(ports, ref);
  if (matchingPorts.length === 1) return { kind: 'port', port: matchingPorts[0] };
  if (matchingPorts.length > 1) throw new NetxrayError('bad-input', `"${ref}" names no instance but ${matchingPorts.length} ports: ${listed(matchingPorts)}; give the port's UUID`);
  throw new NetxrayError('not-found', `no instance or port named or with id "${ref}" ${where}`);
}

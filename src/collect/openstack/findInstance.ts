// Finds what a trace argument names through the APIs: a Nova instance by UUID or exact name (Nova's name filter is a
// regex, so anchor it and compare exactly), else a Neutron port by UUID or exact name. Which one wins is the shared
// rule of src/neutron/traceSubject.ts, which the snapshot analysis applies too.
import { NetxrayError } from '../../errors.js';
import type { ApiObject } from '../../model/cloudSnapshot.js';
import { chooseTraceSubject, type TraceSubject } from '../../neutron/traceSubject.js';
import { ApiError } from './keystone.js';
import { queryString, type OpenStackApi } from './openstackApi.js';

export const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Escapes regex metacharacters for Nova's `name` filter (Python re / SQL REGEXP). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\${c}`);
}

/** GET one object; null when the API says it does not exist (404). */
async function getOne(api: OpenStackApi, service: 'compute' | 'network', path: string, key: string): Promise<ApiObject | null> {
  try {
    const body = await api.get<Record<string, ApiObject>>(service, path);
    return body[key] ?? null;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** The instances with that UUID, else those whose name matches it (a superset: the exact comparison is the caller's). */
async function serverCandidates(api: OpenStackApi, ref: string, admin: boolean): Promise<ApiObject[]> {
  if (UUID.test(ref)) {
    // Not found by id (or another project's instance): an instance may still be named like a UUID.
    const server = await getOne(api, 'compute', `/servers/${encodeURIComponent(ref)}`, 'server');
    if (server) return [server];
  }
  const byName = (allTenants: boolean) =>
    api.list('compute', `/servers/detail${queryString({ name: `^${escapeRegex(ref)}$`, all_tenants: allTenants ? '1' : undefined })}`, 'servers');
  try {
    return await byName(admin);
  } catch (err) {
    if (!(admin && err instanceof ApiError && err.status === 403)) throw err;
    return byName(false); // the policy refuses all_tenants: search the token's project only
  }
}

/** The Neutron port with that UUID, else the ports with that exact name (Neutron's name filter is exact). */
async function portCandidates(api: OpenStackApi, ref: string): Promise<ApiObject[]> {
  if (UUID.test(ref)) {
    const port = await getOne(api, 'network', `/ports/${encodeURIComponent(ref)}`, 'port');
    if (port) return [port];
  }
  return api.list('network', `/ports${queryString({ name: ref })}`, 'ports');
}

const scopeOf = (admin: boolean) => (admin ? 'in any project' : "in the token's project (not admin: other projects were not searched)");

/** What `netxray trace <ref>` traces: an instance, else a Neutron port on its own (asked only when no instance matches). */
export async function findTraceSubject(api: OpenStackApi, ref: string, admin: boolean): Promise<TraceSubject> {
  if (!ref.trim()) throw new NetxrayError('bad-input', 'instance: give a name or UUID');
  const servers = await serverCandidates(api, ref, admin);
  const ports = servers.some((s) => s.id === ref || s.name === ref) ? [] : await portCandidates(api, ref);
  return chooseTraceSubject(ref, servers, ports, scopeOf(admin));
}

/** An instance only (a walk's `--to` target). */
export async function findInstance(api: OpenStackApi, ref: string, admin: boolean): Promise<ApiObject> {
  if (!ref.trim()) throw new NetxrayError('bad-input', 'instance: give a name or UUID');
  const servers = await serverCandidates(api, ref, admin);
  if (!servers.some((s) => s.id === ref || s.name === ref)) throw new NetxrayError('not-found', `no instance named or with id "${ref}" ${scopeOf(admin)}`);
  const subject = chooseTraceSubject(ref, servers, [], scopeOf(admin));
  if (subject.kind !== 'server') throw new NetxrayError('not-found', `no instance named or with id "${ref}" ${scopeOf(admin)}`);
  return subject.server;
}

// Finds one Nova instance by UUID or exact name (Nova's name filter is a regex, so anchor it and compare exactly).
import { NetxrayError } from '../../errors.js';
import type { ApiObject } from '../../model/cloudSnapshot.js';
import { ApiError } from './keystone.js';
import { queryString, type OpenStackApi } from './openstackApi.js';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Escapes regex metacharacters for Nova's `name` filter (Python re / SQL REGEXP). */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, (c) => `\\${c}`);
}

export async function findInstance(api: OpenStackApi, ref: string, admin: boolean): Promise<ApiObject> {
  if (!ref.trim()) throw new NetxrayError('bad-input', 'instance: give a name or UUID');
  if (UUID.test(ref)) {
    try {
      const { server } = await api.get<{ server: ApiObject }>('compute', `/servers/${encodeURIComponent(ref)}`);
      return server;
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
      // Not an id after all (or another project's instance): an instance may still be named like a UUID.
    }
  }
  const byName = (allTenants: boolean) =>
    api.list('compute', `/servers/detail${queryString({ name: `^${escapeRegex(ref)}$`, all_tenants: allTenants ? '1' : undefined })}`, 'servers');
  let candidates: ApiObject[];
  try {
    candidates = await byName(admin);
  } catch (err) {
    if (!(admin && err instanceof ApiError && err.status === 403)) throw err;
    candidates = await byName(false); // the policy refuses all_tenants: search the token's project only
  }
  const exact = candidates.filter((s) => s.name === ref);
  if (exact.length === 1) return exact[0];
  if (exact.length === 0) {
    const scope = admin ? 'in any project' : "in the token's project (not admin: other projects were not searched)";
    throw new NetxrayError('not-found', `no instance named or with id "${ref}" ${scope}`);
  }
  const list = exact.map((s) => `${String(s.id)} (project ${String(s.tenant_id ?? s.project_id ?? '?')})`).join(', ');
  throw new NetxrayError('bad-input', `"${ref}" names ${exact.length} instances: ${list}; give the UUID`);
}

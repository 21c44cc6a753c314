// The registry of collection backends: one entry per backend id (src/neutron/backends.ts); undefined = not implemented yet.
import { NetxrayError } from '../../errors.js';
import type { WalkRequest } from '../../model/walkModel.js';
import { BACKEND_LABEL, implementedBackend, type BackendId } from '../../neutron/backends.js';
import type { CollectBackend, PlanOptions, WalkCollection } from './backend.js';
import { ml2OvnCollector } from './ml2-ovn/index.js';
import { ml2OvsCollector } from './ml2-ovs/index.js';

export const collectBackends: Readonly<Record<BackendId, CollectBackend | undefined>> = {
  'ml2-ovs': ml2OvsCollector,
  'ml2-ovn': ml2OvnCollector,
};

/** The collector of a backend, or the one-line "not implemented yet" error. */
export function collectBackend(id: BackendId, how: string): CollectBackend {
  return implementedBackend(collectBackends, id, how);
}

/** The backend's packet-walk collection (`trace --to`), or the one-line error of a backend without one. */
export function walkCollectionOf(backend: CollectBackend, request: WalkRequest, options: PlanOptions = {}): WalkCollection {
  if (!backend.walk) throw new NetxrayError('bad-input', `--to: the ${BACKEND_LABEL[backend.id]} backend cannot walk a packet yet`);
  return backend.walk(request, options);
}

export type { CollectBackend, HostPlan, PlanOptions, WalkCollection } from './backend.js';

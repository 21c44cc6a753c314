// The registry of collection backends: one entry per backend id (src/neutron/backends.ts); undefined = not implemented yet.
import { implementedBackend, type BackendId } from '../../neutron/backends.js';
import type { CollectBackend } from './backend.js';
import { ml2OvsCollector } from './ml2-ovs/index.js';

export const collectBackends: Readonly<Record<BackendId, CollectBackend | undefined>> = {
  'ml2-ovs': ml2OvsCollector,
  'ml2-ovn': undefined,
};

/** The collector of a backend, or the one-line "not implemented yet" error. */
export function collectBackend(id: BackendId, how: string): CollectBackend {
  return implementedBackend(collectBackends, id, how);
}

export type { CollectBackend, HostPlan } from './backend.js';

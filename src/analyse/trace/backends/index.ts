// The registry of trace-analysis backends: one entry per backend id (src/model/backends.ts); undefined = not implemented yet.
import { implementedBackend, type BackendId } from '../../../neutron/backends.js';
import type { TraceBackend } from '../backend.js';
import { ml2OvnBackend } from './ml2-ovn/index.js';
import { ml2OvsBackend } from './ml2-ovs/index.js';

export const traceBackends: Readonly<Record<BackendId, TraceBackend | undefined>> = {
  'ml2-ovs': ml2OvsBackend,
  'ml2-ovn': ml2OvnBackend,
};

/** The analysis of a backend, or the one-line "not implemented yet" error. */
export function traceBackend(id: BackendId, how: string): TraceBackend {
  return implementedBackend(traceBackends, id, how);
}

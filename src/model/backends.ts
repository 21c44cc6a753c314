// The networking backends by name: the ids snapshots, flags and registries use, and how reports spell them.

/** `--backend` values and `CloudSnapshot.backend`. Each side (collect, analyse) keeps one registry keyed by these ids. */
export const BACKEND_IDS = ['ml2-ovs', 'ml2-ovn'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];

/** How reports name the backend (`TraceReport.backend`): the ML2 mechanism driver's own spelling. */
export const BACKEND_LABEL = { 'ml2-ovs': 'ml2/ovs', 'ml2-ovn': 'ml2/ovn' } as const satisfies Record<BackendId, string>;
export type BackendLabel = (typeof BACKEND_LABEL)[BackendId];

export function isBackendId(value: unknown): value is BackendId {
  return typeof value === 'string' && (BACKEND_IDS as readonly string[]).includes(value);
}

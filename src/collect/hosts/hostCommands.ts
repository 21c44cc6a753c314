// One read-only command a collection runs on a host, as a backend's collection plan lists it.

/** `Id`: backends' plans use the ids of src/model/hostOutputIds.ts; the SSH layer runs any. */
export interface HostCommand<Id extends string = string> {
  /** Stable id in the snapshot (CommandOutput.id). */
  id: Id;
  argv: readonly string[];
  /** Run instead when argv fails with this stderr (e.g. an OpenFlow version the bridge does not allow). */
  fallback?: { when: RegExp; argv: readonly string[] };
  /** A failure is expected on some hosts and not worth a problem. */
  optional?: boolean;
}

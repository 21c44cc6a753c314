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
  /** May share one process with the other commands of its batch that can (./joinedCommands.ts). */
  joinable?: JoinableCommand;
}

/**
 * How a command shares a process: every command of a batch with the same `key` runs as one `head tail₁ -- tail₂ …`
 * (a tool that takes several commands joined by `--` and prints `documents` lines for each, such as ovn-nbctl and
 * ovn-sbctl with --format=json: one JSON table per command). `argv` is then `head` + `tail`.
 */
export interface JoinableCommand {
  key: string;
  head: readonly string[];
  tail: readonly string[];
  documents: number;
}

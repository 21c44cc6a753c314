// The commands asked of one host, gathered into batches: all those asked in one turn of the event loop (or while the
// previous batch waits to start) go together, and each id runs once. Shared by the SSH visit (./collectHost.ts: a
// channel per batch) and the local one (./localVisit.ts: a process per joined batch).
import type { HostCommand } from './hostCommands.js';

export class TurnBatches {
  /** Ids asked for, in the order first asked: run, running or waiting. */
  readonly requested = new Set<string>();
  private readonly waiting: HostCommand[] = [];

  /** Keeps the commands not asked before; true when they open a new batch, which the caller then starts with take(). */
  add(commands: readonly HostCommand[]): boolean {
    const fresh = commands.filter((cmd) => !this.requested.has(cmd.id));
    if (fresh.length === 0) return false;
    for (const cmd of fresh) this.requested.add(cmd.id);
    const opensBatch = this.waiting.length === 0;
    this.waiting.push(...fresh);
    return opensBatch;
  }

  /** The open batch, after the current turn: every command added until then. */
  async take(): Promise<HostCommand[]> {
    await new Promise<void>((turnEnds) => setImmediate(turnEnds));
    return this.waiting.splice(0);
  }
}

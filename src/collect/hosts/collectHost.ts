// Runs the fixed command list on one host over one SSH connection and records outputs and problems.
import type { CollectionProblem, CommandOutput, HostCapture } from '../../model/cloudSnapshot.js';
import type { HostAccess } from './hostAccess.js';
import type { HostCommand } from './hostCommands.js';
import { BatchProgress, commandBatch, splitBatchOutput } from './commandBatch.js';
import { alone, joinCommands, splitJoinedOutput, type BatchCommand } from './joinedCommands.js';
import { connectSsh, DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_SESSION_DEADLINE_MS, SshFailure, type ExecResult, type SshConnectOptions, type SshConnection } from './sshSession.js';
import { TurnBatches } from './turnBatches.js';

export interface HostCollectOptions extends SshConnectOptions {
  access: HostAccess;
  commandTimeoutMs?: number;
  /** Channels one batch is spread over, side by side (default 1; at most channelsPerConnection). */
  channelsPerBatch?: number;
  /** Limit of the whole visit from connecting (defaults to DEFAULT_SESSION_DEADLINE_MS). */
  sessionDeadlineMs?: number;
}

export interface HostCollection {
  capture: HostCapture;
  problems: CollectionProblem[];
  sshConnections: number;
  hostCommands: number;
}

const SUDO_REFUSED = /sudo: (a password is required|a terminal is required|.*not allowed|.*may not run)/i;

/**
 * One host's visit: one SSH connection, opened once, on which command batches run as they become known (a trace
 * learns which namespaces to read only after the API has answered). Commands already run are not run again.
 */
export class HostVisit {
  private sshConnections = 0;
  private hostCommands = 0;
  private readonly problems: CollectionProblem[] = [];
  private readonly capture: HostCapture;
  private readonly outputs = new Map<string, CommandOutput>();
  private readonly batches = new TurnBatches();
  private readonly missing = new Map<string, string[]>();
  private readonly running: Promise<void>[] = [];
  private readonly connection: Promise<SshConnection | undefined>;
  private releaseSlot: () => void = () => undefined;
  private expired = false;
  private deadline: ReturnType<typeof setTimeout> | undefined;

  /** `admit` bounds how many hosts are visited at once: the visit holds its slot from connecting until finish(). */
  constructor(
    private readonly host: string,
    private readonly options: HostCollectOptions,
    admit: (task: () => Promise<void>) => Promise<void> = (task) => task(),
  ) {
    this.capture = { host, reachable: false, outputs: [] };
    const admitted = new Promise<void>((inSlot) => {
      void admit(() => new Promise<void>((release) => ((this.releaseSlot = release), inSlot())));
    });
    this.connection = admitted.then(() => this.startDeadline()).then(() => connectSsh(host, { ...options, onConnection: () => ((this.sshConnections += 1), options.onConnection?.()) })).then(
      (conn) => {
        if (this.expired) conn.destroy();
        this.capture.reachable = true;
        this.capture.sshTarget = conn.description;
        return conn;
      },
      (err: unknown) => {
        if (!(err instanceof SshFailure)) throw err;
        this.capture.error = err.message;
        this.problems.push({ source: 'ssh', host, code: err.code, message: err.message });
        return undefined;
      },
    );
  }

  /**
   * Starts the commands of this list not yet run on this host. Lists given before the connection is up, or in the
   * same turn of the event loop (a trace's final plan and its walks), go as one batch: every batch opens a channel,
   * and a channel costs the server a session (fork, the login shell and its rc files: 0.4–0.8 s on the loaded lab,
   * 3–4 s where root's .bashrc runs pyenv) against ~10–300 ms per read-only command.
   */
  run(commands: readonly HostCommand[]): void {
    if (!this.batches.add(commands)) return;
    // A connection that threw is finish()'s to report; the commands waiting on it just do not run.
    const start = async (conn: SshConnection | undefined) => {
      const batch = await this.batches.take();
      if (conn) await this.runBatch(conn, batch);
    };
    this.running.push(this.connection.then(start, () => undefined));
  }

  /** Waits for every command, closes the connection; outputs in the order of `order` (ids), then the rest. */
  async finish(order: readonly string[] = []): Promise<HostCollection> {
    let conn: SshConnection | undefined;
    try {
      conn = await this.connection;
      // Commands may be added while others run: wait until the list stops growing.
      for (let done = 0; done < this.running.length; done = this.running.length) await Promise.all(this.running.slice(done));
    } finally {
      clearTimeout(this.deadline);
      conn?.close();
      this.releaseSlot();
    }
    const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
    this.capture.outputs = [...this.outputs.values()].sort((a, b) => rank(a.id) - rank(b.id));
    const asked = [...this.batches.requested];
    for (const [program, ids] of this.missing) {
      const inOrder = [...ids].sort((a, b) => asked.indexOf(a) - asked.indexOf(b));
      this.problems.push({ source: 'host', host: this.host, code: 'command-missing', message: `${this.host}: ${program} not found (exit 127): ${inOrder.join(', ')} not collected` });
    }
    return { capture: this.capture, problems: this.problems, sshConnections: this.sshConnections, hostCommands: this.hostCommands };
  }

  /** The visit's overall deadline: when it passes, the connection is dropped and what has not run is reported. */
  private startDeadline(): void {
    const limitMs = this.options.sessionDeadlineMs ?? DEFAULT_SESSION_DEADLINE_MS;
    this.deadline = setTimeout(() => {
      this.expired = true;
      this.problems.push({ source: 'ssh', host: this.host, code: 'timeout', message: `${this.host}: the visit did not end within ${limitMs / 1000} s; connection dropped` });
      void this.connection.then((conn) => conn?.destroy(), () => undefined);
    }, limitMs);
  }

  private get timeoutMs(): number {
    return this.options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  }

  /**
   * One batch, spread round-robin over `channelsPerBatch` channels (default 1): each channel runs its share one after
   * the other (commandBatch.ts), the channels side by side. Side by side pays only where a session is cheap next to
   * the commands: on the lab (sessions of 3–4 s at load 15–19) 4 channels took 9.0 s against 5.4 s for one
   * (bench/hostBatch.bench.mjs); once the lab's sshd no longer sourced root's .bashrc, 0.30 s against 0.32 s at load
   * 2.5 (11 commands): no gain worth a session per channel. A host that refuses the extra channels gets them one at a time (channelGate.ts).
   */
  private async runBatch(conn: SshConnection, commands: readonly HostCommand[]): Promise<void> {
    if (this.expired) {
      for (const cmd of commands) this.problems.push({ source: 'ssh', host: this.host, code: 'timeout', outputId: cmd.id, message: `${this.host}: ${cmd.id} did not run: the visit's deadline passed` });
      return;
    }
    const batch = joinCommands(commands);
    this.hostCommands += batch.length;
    const shares = roundRobin(batch, Math.min(this.options.channelsPerBatch ?? 1, conn.channels));
    const retries = (await Promise.all(shares.map((share) => this.runChannel(conn, share)))).flat();
    // Fallbacks in the original order, whichever channel their first try ran in.
    retries.sort((a, b) => commands.findIndex((c) => c.id === a.id) - commands.findIndex((c) => c.id === b.id));
    if (retries.length > 0) await this.runBatch(conn, retries);
  }

  /** Runs commands one after the other in one channel; returns those to try again (with their fallback, or alone). */
  private async runChannel(conn: SshConnection, batched: readonly BatchCommand[]): Promise<HostCommand[]> {
    const commands = batched.map((b) => b.command);
    const lines = commands.map((cmd) => this.options.access.commandLine(cmd.argv));
    const batch = commandBatch(lines);
    const progress = new BatchProgress(batch.nonce, commands.length);
    let r: ExecResult;
    try {
      // The timeout is each command's: it starts again whenever one finishes, within the batch's overall deadline.
      r = await conn.exec(batch.commandLine, { timeoutMs: this.timeoutMs, deadlineMs: this.timeoutMs * commands.length, progress: (chunk) => progress.feed(chunk) });
    } catch (err) {
      if (!(err instanceof SshFailure)) throw err;
      for (const cmd of commands) this.problems.push({ source: 'ssh', host: this.host, code: err.code, outputId: cmd.id, message: `${cmd.id}: ${err.message}` });
      return [];
    }
    const results = splitBatchOutput(r.stdout, r.stderr, batch.nonce, commands.length);
    const firstUnfinished = results.findIndex((x) => x.exitCode === null);
    const retries: HostCommand[] = [];
    commands.forEach((cmd, i) => {
      const result = results[i];
      const out: CommandOutput = { id: cmd.id, command: lines[i], ...result, durationMs: progress.durationMs(i) ?? r.durationMs };
      const parts = batched[i].parts;
      if (out.exitCode === null) {
        for (const c of parts ?? [cmd]) {
          this.outputs.set(c.id, { ...out, id: c.id });
          this.problems.push(this.unfinished(c, r, i > firstUnfinished));
        }
        return;
      }
      if (parts) {
        const split = splitJoinedOutput(parts, out);
        if (split) split.forEach((o, j) => this.record(parts[j], o));
        else retries.push(...parts.map(alone));
        return;
      }
      if (cmd.fallback && out.exitCode !== 0 && cmd.fallback.when.test(out.stderr)) {
        retries.push({ id: cmd.id, argv: cmd.fallback.argv, ...(cmd.optional ? { optional: true } : {}) });
        return;
      }
      this.record(cmd, out);
    });
    return retries;
  }

  private record(cmd: HostCommand, out: CommandOutput): void {
    this.outputs.set(cmd.id, out);
    classify(this.host, cmd, out, this.problems, this.missing);
  }

  /** Why a batched command has no exit status: the batch's timeout, a lost connection, or output cut at the limit. */
  private unfinished(cmd: HostCommand, r: ExecResult, notStarted: boolean): CollectionProblem {
    const host = this.host;
    const outputId = cmd.id;
    if (notStarted) return { source: 'host', host, code: r.timedOut ? 'timeout' : 'command-failed', outputId, message: `${host}: ${cmd.id} did not run: an earlier command of its batch ${r.timedOut ? 'timed out' : 'did not finish'}` };
    if (r.timedOut) return { source: 'host', host, code: 'timeout', outputId, message: `${host}: ${cmd.id} did not finish within ${this.timeoutMs / 1000} s` };
    if (r.truncated) return { source: 'host', host, code: 'command-failed', outputId, message: `${host}: ${cmd.id}: output cut at the size limit` };
    return { source: 'ssh', host, code: 'ssh-error', outputId, message: `${host}: ${cmd.id}: the channel closed without an exit status (connection lost?)` };
  }
}

/** `count` shares of the list, dealt like cards: neighbours (say the flows of each bridge) land in different shares. */
function roundRobin<T>(items: readonly T[], count: number): T[][] {
  const shares: T[][] = Array.from({ length: Math.max(1, Math.min(count, items.length)) }, () => []);
  items.forEach((item, i) => shares[i % shares.length].push(item));
  return shares;
}

/** Runs a fixed command list on one host over one SSH connection. */
export async function collectHost(host: string, commands: readonly HostCommand[], options: HostCollectOptions): Promise<HostCollection> {
  const visit = new HostVisit(host, options);
  visit.run(commands);
  return visit.finish(commands.map((c) => c.id));
}

/** What a finished command's failure means: a missing program, sudo refusing, or a failure worth a problem. */
function classify(host: string, cmd: HostCommand, out: CommandOutput, problems: CollectionProblem[], missing: Map<string, string[]>): void {
  if (out.exitCode === 0) return;
  if (out.exitCode === 127) {
    const program = cmd.argv[0];
    missing.set(program, [...(missing.get(program) ?? []), cmd.id]);
    return;
  }
  if (SUDO_REFUSED.test(out.stderr)) {
    problems.push({ source: 'host', host, code: 'sudo-refused', outputId: cmd.id, message: `${host}: sudo -n refused ${cmd.id}: ${firstLine(out.stderr)}` });
    return;
  }
  if (cmd.optional) return;
  problems.push({ source: 'host', host, code: 'command-failed', outputId: cmd.id, message: `${host}: ${cmd.id} exited ${out.exitCode}: ${firstLine(out.stderr) || 'no error output'}` });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}

// Runs a plan's read-only commands on this machine (no SSH, no shell: argv as given), each with a timeout, recorded
// like a host visit: e.g. ovn-nbctl/ovn-sbctl against the --ovn-nb/--ovn-sb endpoints.
import type { CollectionProblem, CommandOutput, HostCapture } from '../../model/cloudSnapshot.js';
import type { HostCollection } from './collectHost.js';
import type { HostCommand } from './hostCommands.js';
import { OffThreadExec } from './offThreadExec.js';
import { alone, joinCommands, splitJoinedOutput, type BatchCommand } from './joinedCommands.js';
import { shellJoin } from './shellQuote.js';
import { DEFAULT_COMMAND_TIMEOUT_MS } from './sshSession.js';
import { TurnBatches } from './turnBatches.js';

const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * The local counterpart of HostVisit (./collectHost.ts): run() as commands become known, finish() for the capture.
 * Commands given in one turn of the event loop form a batch: its joinable ones share a process (./joinedCommands.ts),
 * and the processes start after the turn, once whatever the caller sends next (the API requests of the same round) is
 * on its way. The processes start from a worker thread (./offThreadExec.ts), so that their fork and exec do not
 * hold up the SSH handshakes and API answers of the same moment.
 */
export class LocalVisit {
  private readonly outputs = new Map<string, CommandOutput>();
  private readonly problems: CollectionProblem[] = [];
  private readonly running: Promise<void>[] = [];
  private readonly batches = new TurnBatches();
  private commands = 0;
  private readonly exec = new OffThreadExec();

  constructor(
    private readonly label: string,
    private readonly timeoutMs = DEFAULT_COMMAND_TIMEOUT_MS,
  ) {}

  run(commands: readonly HostCommand[]): void {
    if (!this.batches.add(commands)) return;
    this.running.push(
      this.batches.take().then((batch) => Promise.all(joinCommands(batch).map((b) => this.runBatchCommand(b))).then(() => undefined)),
    );
  }

  async finish(order: readonly string[] = []): Promise<HostCollection> {
    for (let done = 0; done < this.running.length; done = this.running.length) await Promise.all(this.running.slice(done));
    this.exec.close();
    const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
    const capture: HostCapture = { host: this.label, reachable: true, outputs: [...this.outputs.values()].sort((a, b) => rank(a.id) - rank(b.id)) };
    return { capture, problems: this.problems, sshConnections: 0, hostCommands: this.commands };
  }

  private async runBatchCommand({ command, parts }: BatchCommand): Promise<void> {
    this.commands += 1;
    const r = await this.exec.run({ argv: command.argv, timeoutMs: this.timeoutMs, maxBytes: MAX_OUTPUT_BYTES });
    const output = { command: shellJoin(command.argv), ...r };
    if (!parts) return this.record(command, { id: command.id, ...output });
    const split = splitJoinedOutput(parts, output);
    if (split) split.forEach((out, i) => this.record(parts[i], out));
    else await Promise.all(parts.map((part) => this.runBatchCommand({ command: alone(part) })));
  }

  private record(cmd: HostCommand, out: CommandOutput): void {
    this.outputs.set(cmd.id, out);
    if (out.exitCode === 0 || cmd.optional) return;
    const code = out.exitCode === null ? 'timeout' : out.exitCode === 127 ? 'command-missing' : 'command-failed';
    this.problems.push({ source: 'host', host: this.label, code, outputId: cmd.id, message: `${this.label}: ${cmd.id} ${out.exitCode === null ? `did not finish within ${this.timeoutMs / 1000} s` : `exited ${out.exitCode}: ${out.stderr.trim().split('\n')[0] ?? ''}`}` });
  }
}

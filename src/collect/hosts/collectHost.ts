// Runs the fixed command list on one host over one SSH connection and records outputs and problems.
import type { CollectionProblem, CommandOutput, HostCapture } from '../../model/cloudSnapshot.js';
import type { HostAccess } from './hostAccess.js';
import type { HostCommand } from './hostCommands.js';
import { connectSsh, DEFAULT_COMMAND_TIMEOUT_MS, SshFailure, type SshConnectOptions, type SshConnection } from './sshSession.js';

export interface HostCollectOptions extends SshConnectOptions {
  access: HostAccess;
  commandTimeoutMs?: number;
}

export interface HostCollection {
  capture: HostCapture;
  problems: CollectionProblem[];
  sshConnections: number;
  hostCommands: number;
}

const SUDO_REFUSED = /sudo: (a password is required|a terminal is required|.*not allowed|.*may not run)/i;

export async function collectHost(host: string, commands: readonly HostCommand[], options: HostCollectOptions): Promise<HostCollection> {
  let sshConnections = 0;
  let hostCommands = 0;
  const problems: CollectionProblem[] = [];
  const capture: HostCapture = { host, reachable: false, outputs: [] };
  let conn: SshConnection;
  try {
    conn = await connectSsh(host, { ...options, onConnection: () => ((sshConnections += 1), options.onConnection?.()) });
  } catch (err) {
    if (!(err instanceof SshFailure)) throw err;
    capture.error = err.message;
    problems.push({ source: 'ssh', host, code: err.code, message: err.message });
    return { capture, problems, sshConnections, hostCommands };
  }
  capture.reachable = true;
  capture.sshTarget = conn.description;
  const timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const missing = new Map<string, string[]>();
  try {
    const lost = new Set<string>();
    const run = async (argv: readonly string[], id: string): Promise<CommandOutput> => {
      const command = options.access.commandLine(argv);
      hostCommands += 1;
      const r = await conn.exec(command, timeoutMs);
      // A channel closed without an exit status and without our timeout: the connection went away under it.
      if (r.exitCode === null && !r.timedOut && !r.signal) lost.add(id);
      return { id, command, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, durationMs: r.durationMs };
    };
    const outputs = await Promise.all(
      commands.map(async (cmd) => {
        let out: CommandOutput;
        try {
          out = await run(cmd.argv, cmd.id);
          if (cmd.fallback && out.exitCode !== 0 && out.exitCode !== null && cmd.fallback.when.test(out.stderr)) out = await run(cmd.fallback.argv, cmd.id);
        } catch (err) {
          if (!(err instanceof SshFailure)) throw err;
          problems.push({ source: 'ssh', host, code: err.code, message: `${cmd.id}: ${err.message}` });
          return undefined;
        }
        if (lost.has(cmd.id)) problems.push({ source: 'ssh', host, code: 'ssh-error', message: `${host}: ${cmd.id}: the channel closed without an exit status (connection lost?)` });
        else classify(host, cmd, out, timeoutMs, problems, missing);
        return out;
      }),
    );
    capture.outputs = outputs.filter((o): o is CommandOutput => o !== undefined);
  } finally {
    conn.close();
  }
  for (const [program, ids] of missing) {
    problems.push({ source: 'host', host, code: 'command-missing', message: `${host}: ${program} not found (exit 127): ${ids.join(', ')} not collected` });
  }
  return { capture, problems, sshConnections, hostCommands };
}

function classify(host: string, cmd: HostCommand, out: CommandOutput, timeoutMs: number, problems: CollectionProblem[], missing: Map<string, string[]>): void {
  if (out.exitCode === 0) return;
  if (out.exitCode === null) {
    problems.push({ source: 'host', host, code: 'timeout', message: `${host}: ${cmd.id} did not finish within ${timeoutMs / 1000} s` });
    return;
  }
  if (out.exitCode === 127) {
    const program = cmd.argv[0];
    missing.set(program, [...(missing.get(program) ?? []), cmd.id]);
    return;
  }
  if (SUDO_REFUSED.test(out.stderr)) {
    problems.push({ source: 'host', host, code: 'sudo-refused', message: `${host}: sudo -n refused ${cmd.id}: ${firstLine(out.stderr)}` });
    return;
  }
  if (cmd.optional) return;
  problems.push({ source: 'host', host, code: 'command-failed', message: `${host}: ${cmd.id} exited ${out.exitCode}: ${firstLine(out.stderr) || 'no error output'}` });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}

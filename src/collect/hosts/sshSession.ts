// One SSH connection per host (through ProxyJump hops if configured), host keys checked against known_hosts, commands with timeouts.
import { statSync } from 'node:fs';
import { INPUT_LIMITS, readInputFile } from '../../inputFile.js';
import type { Duplex } from 'node:stream';
import type { AnyAuthMethod, AuthMethod, Client as SshClient, ClientChannel, ConnectConfig, ParsedKey } from 'ssh2';
import type ssh2 from 'ssh2';

type Ssh2 = typeof ssh2;
let ssh2Library: Promise<Ssh2> | undefined;
/**
 * ssh2, loaded on first use (0.4-0.6 s of start-up on a loaded machine): a collection calls this once its first API
 * request is on its way, so the library loads while the process waits for Keystone. ssh2 is CommonJS: Node's ESM
 * loader gives it only a default export (vitest hid this by transforming it).
 */
export function loadSsh2(): Promise<Ssh2> {
  ssh2Library ??= import('ssh2').then((m) => ('default' in m ? m.default : (m as Ssh2)));
  return ssh2Library;
}
import { ChannelGate } from './channelGate.js';
import { checkHostKey, fingerprint, knownHostsName, loadKnownHosts, type HostKeyVerdict } from './knownHosts.js';
import { parseJumpSpec, resolveSshHost, type SshConfig, type SshHostSettings, type StrictHostKeyChecking } from './sshConfig.js';

export const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;
/** Opening a channel (the server forks a session: 0.4–0.8 s on the loaded lab), apart from the command's own time. */
export const DEFAULT_CHANNEL_OPEN_TIMEOUT_MS = 30_000;
/** One host's whole visit, connect to close: however the host answers, it cannot hold a collection longer. */
export const DEFAULT_SESSION_DEADLINE_MS = 10 * 60_000;
/** Channels open at once on one connection (fewer if the server refuses more: channelGate.ts); OpenSSH's MaxSessions defaults to 10. */
export const DEFAULT_CHANNELS_PER_CONNECTION = 4;
/** Output kept per command stream; larger outputs are cut and flagged. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export type SshProblemCode =
  | 'host-not-in-ssh-config'
  | 'host-unreachable'
  | 'connection-refused'
  | 'timeout'
  | 'auth-failed'
  | 'host-key-mismatch'
  | 'host-key-unknown'
  | 'host-key-revoked'
  | 'proxy-command-unsupported'
  | 'ssh-error';

/** A host that could not be reached; collectors turn it into a CollectionProblem, never a crash. */
export class SshFailure extends Error {
  constructor(
    readonly code: SshProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'SshFailure';
  }
}

/** The server refused to open a channel (SSH_MSG_CHANNEL_OPEN_FAILURE), e.g. beyond its MaxSessions. */
export class ChannelRefused extends SshFailure {
  constructor(message: string) {
    super('ssh-error', message);
    this.name = 'ChannelRefused';
  }
}

export interface SshConnectOptions {
  config: SshConfig;
  /** Overrides ConnectTimeout of the config. */
  connectTimeoutMs?: number;
  /** Overrides StrictHostKeyChecking of the config (the user's explicit opt-out is `no`). */
  strictHostKeyChecking?: StrictHostKeyChecking;
  /** ssh-agent socket; defaults to SSH_AUTH_SOCK. Not used with IdentitiesOnly. */
  agent?: string;
  channelsPerConnection?: number;
  /** Called for each TCP+SSH connection made (jump hops included), for the cost count. */
  onConnection?: () => void;
}

export interface ExecLimits {
  /** Limit of the host's answer to the channel open and exec requests (defaults to DEFAULT_CHANNEL_OPEN_TIMEOUT_MS). */
  openTimeoutMs?: number;
  /** Limit of each command once the channel is open: restarts whenever `progress` says a command finished. */
  timeoutMs?: number;
  /** Limit of the whole command line once the channel is open, never restarted (defaults to `timeoutMs`). */
  deadlineMs?: number;
  /** Sees stdout as it arrives; true when a batched command finished with this chunk. */
  progress?: (chunk: Buffer) => boolean;
}

export interface ExecResult {
  exitCode: number | null;
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  truncated?: boolean;
}

/** A small counting semaphore: at most `limit` tasks at once. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>) => {
    if (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

export class SshConnection {
  private readonly gate: ChannelGate;

  constructor(
    /** Jump hosts first, the target last. */
    private readonly clients: SshClient[],
    readonly target: SshHostSettings,
    channels: number,
  ) {
    this.gate = new ChannelGate(channels);
  }

  /** Channels this connection opens at once now (the configured number, or what the server accepted). */
  get channels(): number {
    return this.gate.limit;
  }

  /** `user@host:port` of the target, no key material. */
  get description(): string {
    return `${this.target.user}@${this.target.hostName}:${this.target.port}`;
  }

  /**
   * Runs one command line in its own channel; never rejects for the command's own failure or timeout. The channel
   * must open within `openTimeoutMs`; the command then has `timeoutMs` to finish. `progress` sees stdout as it
   * arrives; when it returns true (a batched command finished), that limit starts again, but never past
   * `deadlineMs` from the opening: what the host prints cannot keep a channel open for ever. A channel the server
   * refuses while others of this connection are open waits for one of them and is asked again (channelGate.ts).
   */
  exec(command: string, limits: ExecLimits = {}): Promise<ExecResult> {
    const client = this.clients[this.clients.length - 1];
    const timeoutMs = limits.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    const deadlineMs = Math.max(timeoutMs, limits.deadlineMs ?? timeoutMs);
    const openTimeoutMs = limits.openTimeoutMs ?? DEFAULT_CHANNEL_OPEN_TIMEOUT_MS;
    return this.gate.run(
      () =>
        new Promise<ExecResult>((resolve, reject) => {
          const started = Date.now();
          const out: Buffer[] = [];
          const errOut: Buffer[] = [];
          let sizes = [0, 0];
          let truncated = false;
          let timedOut = false;
          let settled = false;
          let channel: ClientChannel | undefined;
          const settle = (code: number | null, signal?: string) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            clearTimeout(deadline);
            resolve({
              exitCode: timedOut ? null : code,
              signal: signal ?? undefined,
              stdout: Buffer.concat(out).toString('utf8'),
              stderr: Buffer.concat(errOut).toString('utf8'),
              durationMs: Date.now() - started,
              timedOut,
              ...(truncated ? { truncated } : {}),
            });
          };
          // Settles at once: a host that ignores the signal and never closes the channel must not hold the caller.
          const onTimeout = () => {
            if (settled) return;
            if (!channel) {
              settled = true;
              return reject(new SshFailure('timeout', `${this.target.alias}: the host did not open a channel within ${openTimeoutMs / 1000} s`));
            }
            timedOut = true;
            settle(null);
            try {
              channel.signal('KILL');
            } catch {
              /* the server may not support signals */
            }
            channel.close();
          };
          let timer = setTimeout(onTimeout, openTimeoutMs);
          let deadline: ReturnType<typeof setTimeout> | undefined;
          const keep = (bucket: Buffer[], i: 0 | 1) => (chunk: Buffer) => {
            if (sizes[i] + chunk.length > MAX_OUTPUT_BYTES) {
              truncated = true;
              return;
            }
            sizes = i === 0 ? [sizes[0] + chunk.length, sizes[1]] : [sizes[0], sizes[1] + chunk.length];
            bucket.push(chunk);
          };
          const keepOut = keep(out, 0);
          const keepErr = keep(errOut, 1);
          const progress = limits.progress ?? (() => false);
          client.exec(command, (err, stream) => {
            if (settled) {
              if (!err) stream.close();
              return;
            }
            if (err) {
              settled = true;
              clearTimeout(timer);
              const message = `${this.target.alias}: cannot open a channel: ${err.message}`;
              // ssh2 sets `reason` (SSH_OPEN_* code) only when the server answered the open with a failure.
              return reject('reason' in err ? new ChannelRefused(message) : new SshFailure('ssh-error', message));
            }
            channel = stream;
            clearTimeout(timer);
            timer = setTimeout(onTimeout, timeoutMs);
            deadline = setTimeout(onTimeout, deadlineMs);
            stream.on('data', (chunk: Buffer) => {
              if (settled) return;
              keepOut(chunk);
              if (progress(chunk)) {
                clearTimeout(timer);
                timer = setTimeout(onTimeout, timeoutMs);
              }
            });
            stream.stderr.on('data', (chunk: Buffer) => {
              if (!settled) keepErr(chunk);
            });
            stream.on('close', (code: number | null, signal?: string) => settle(code ?? null, signal));
          });
        }),
      (err) => err instanceof ChannelRefused,
    );
  }

  close(): void {
    for (const c of [...this.clients].reverse()) c.end();
  }

  /** Drops the connection without waiting for the host: its channels close at once. */
  destroy(): void {
    for (const c of [...this.clients].reverse()) c.destroy();
  }
}

/**
 * Identity files parsed once per process (by path, size and mtime), and handed to ssh2 parsed: each host's connection
 * parsed every file twice before (the check here and ssh2's own), while the API is answering on the same thread.
 */
const parsedIdentities = new Map<string, ParsedKey | null>();

/** Private keys of the settings that exist and need no passphrase (encrypted ones are skipped, as in batch mode). */
function loadIdentities({ utils }: Ssh2, settings: SshHostSettings): { file: string; key: ParsedKey }[] {
  const keys: { file: string; key: ParsedKey }[] = [];
  for (const file of settings.identityFiles) {
    let stamp: string;
    try {
      const st = statSync(file);
      stamp = `${file}\0${st.size}\0${st.mtimeMs}`;
    } catch {
      continue;
    }
    if (!parsedIdentities.has(stamp)) {
      let parsed: ParsedKey | null = null;
      try {
        const key = utils.parseKey(readInputFile(file, INPUT_LIMITS.privateKey));
        parsed = key instanceof Error ? null : key;
      } catch {
        parsed = null;
      }
      parsedIdentities.set(stamp, parsed);
    }
    const key = parsedIdentities.get(stamp);
    if (key) keys.push({ file, key });
  }
  return keys;
}

function authMethods(lib: Ssh2, settings: SshHostSettings, agent: string | undefined): { methods: AnyAuthMethod[]; tried: string[] } {
  const username = settings.user;
  const methods: AnyAuthMethod[] = [];
  const tried: string[] = [];
  if (agent && !settings.identitiesOnly) {
    methods.push({ type: 'agent', username, agent });
    tried.push('ssh-agent');
  }
  for (const { file, key } of loadIdentities(lib, settings)) {
    methods.push({ type: 'publickey', username, key });
    tried.push(file);
  }
  return { methods, tried };
}

function describeVerdict(settings: SshHostSettings, verdict: HostKeyVerdict, presented: Buffer): SshFailure {
  const name = knownHostsName(settings.hostKeyAlias ?? settings.hostName, settings.port);
  const fp = fingerprint(presented);
  if (verdict.status === 'mismatch') {
    return new SshFailure('host-key-mismatch', `${settings.alias}: HOST KEY MISMATCH for ${name}: it presented ${fp}, ${verdict.entry.file}:${verdict.entry.line} has another key; refusing to connect (possible man-in-the-middle)`);
  }
  if (verdict.status === 'revoked') return new SshFailure('host-key-revoked', `${settings.alias}: host key ${fp} of ${name} is revoked in ${verdict.entry.file}:${verdict.entry.line}`);
  const files = settings.knownHostsFiles.filter((f) => f !== '/dev/null').slice(0, 2).join(', ') || 'no known_hosts file';
  return new SshFailure('host-key-unknown', `${settings.alias}: host key of ${name} (${fp}) is not in ${files}; add it (ssh-keyscan -p ${settings.port} ${settings.hostName}) or opt out with StrictHostKeyChecking no / accept-new`);
}

/** One SSH hop: TCP (or a forwarded stream), host-key check, public-key auth. */
function connectHop(lib: Ssh2, settings: SshHostSettings, options: SshConnectOptions, sock?: Duplex): Promise<SshClient> {
  const timeout = options.connectTimeoutMs ?? settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const strict = options.strictHostKeyChecking ?? settings.strictHostKeyChecking;
  const entries = strict === 'no' ? [] : loadKnownHosts(settings.knownHostsFiles);
  const { methods, tried } = authMethods(lib, settings, options.agent ?? process.env.SSH_AUTH_SOCK);
  const where = `${settings.user}@${settings.hostName}:${settings.port}`;
  return new Promise<SshClient>((resolve, reject) => {
    if (settings.proxyCommand) {
      return reject(new SshFailure('proxy-command-unsupported', `${settings.alias}: ProxyCommand is not supported (use ProxyJump)`));
    }
    if (methods.length === 0) {
      return reject(new SshFailure('auth-failed', `${settings.alias}: no usable private key (IdentityFile: ${settings.identityFiles.join(', ')}; encrypted keys need ssh-agent)`));
    }
    const client = new lib.Client();
    let refused: SshFailure | undefined;
    let settled = false;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      if (err) {
        client.end();
        reject(err);
      } else resolve(client);
    };
    // ssh2's readyTimeout covers the handshake; this also bounds a TCP connect that never completes.
    const guard = setTimeout(() => done(new SshFailure('timeout', `${settings.alias}: no SSH session with ${where} within ${timeout / 1000} s (timeout)`)), timeout + 1000);
    client.on('ready', () => done());
    client.on('error', (err: Error & { level?: string; code?: string }) => done(refused ?? mapError(settings, where, tried, timeout, err)));
    client.on('close', () => done(refused ?? new SshFailure('ssh-error', `${settings.alias}: ${where} closed the connection during login`)));
    options.onConnection?.();
    const config: ConnectConfig = {
      host: settings.hostName,
      port: settings.port,
      username: settings.user,
      readyTimeout: timeout,
      keepaliveInterval: 0,
      authHandler: methods as AuthMethod[],
      hostVerifier: (key: Buffer) => {
        if (strict === 'no') return true;
        const verdict = checkHostKey(entries, settings.hostKeyAlias ?? settings.hostName, settings.port, key);
        if (verdict.status === 'known' || (verdict.status === 'unknown' && strict === 'accept-new')) return true;
        refused = describeVerdict(settings, verdict, key);
        return false;
      },
      ...(sock ? { sock } : {}),
    };
    client.connect(config);
  });
}

function mapError(settings: SshHostSettings, where: string, tried: string[], timeout: number, err: Error & { level?: string; code?: string }): SshFailure {
  if (err.level === 'client-authentication') {
    return new SshFailure('auth-failed', `${settings.alias}: ${where} refused public-key login (tried ${tried.join(', ')})`);
  }
  if (err.message === 'Connection lost before handshake') {
    // TCP was accepted and closed at once: typically a relay/forwarder or load balancer with no sshd behind it
    // (the lab's node 2 with sshd stopped), or sshd refusing at MaxStartups. For the user: no SSH service there.
    return new SshFailure('connection-refused', `${settings.alias}: ${where}: the connection closed before the SSH handshake (no sshd answering behind it?)`);
  }
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT') {
    return new SshFailure('timeout', `${settings.alias}: no SSH session with ${where} within ${timeout / 1000} s (timeout)`);
  }
  switch (err.code) {
    case 'ECONNREFUSED':
      return new SshFailure('connection-refused', `${settings.alias}: ${where}: connection refused (sshd down?)`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return settings.explicit
        ? new SshFailure('host-unreachable', `${settings.alias}: host name ${settings.hostName} does not resolve`)
        : new SshFailure('host-not-in-ssh-config', `${settings.alias}: not in the ssh config and the name does not resolve; add a Host ${settings.alias} block with its HostName`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new SshFailure('host-unreachable', `${settings.alias}: ${where}: host unreachable`);
    default:
      return new SshFailure('ssh-error', `${settings.alias}: ${where}: ${err.message}`);
  }
}

/** Opens the connection to `alias` as the config says, through each ProxyJump hop (forwarded over the previous hop). */
export async function connectSsh(alias: string, options: SshConnectOptions): Promise<SshConnection> {
  const target = resolveSshHost(options.config, alias);
  const hops = target.proxyJump.map((spec) => {
    const j = parseJumpSpec(spec);
    const s = resolveSshHost(options.config, j.host);
    return { ...s, user: j.user ?? s.user, port: j.port ?? s.port, proxyJump: [] };
  });
  const chain = [...hops, target];
  const lib = await loadSsh2();
  const clients: SshClient[] = [];
  try {
    for (const settings of chain) {
      const previous = clients[clients.length - 1];
      const sock = previous ? await forward(previous, settings, options) : undefined;
      clients.push(await connectHop(lib, settings, options, sock));
    }
  } catch (err) {
    for (const c of clients.reverse()) c.end();
    if (err instanceof SshFailure && clients.length > 0 && chain.length > 1) {
      err.message = `${alias} (via ${target.proxyJump.join(', ')}): ${err.message}`;
    }
    throw err;
  }
  return new SshConnection(clients, target, options.channelsPerConnection ?? DEFAULT_CHANNELS_PER_CONNECTION);
}

function forward(via: SshClient, to: SshHostSettings, options: SshConnectOptions): Promise<Duplex> {
  const timeout = options.connectTimeoutMs ?? to.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  return new Promise<Duplex>((resolve, reject) => {
    const timer = setTimeout(() => reject(new SshFailure('timeout', `${to.alias}: jump host did not open a tunnel to ${to.hostName}:${to.port} within ${timeout / 1000} s`)), timeout);
    via.forwardOut('127.0.0.1', 0, to.hostName, to.port, (err, stream) => {
      clearTimeout(timer);
      if (err) return reject(new SshFailure('connection-refused', `${to.alias}: the jump host could not reach ${to.hostName}:${to.port}: ${err.message}`));
      resolve(stream);
    });
  });
}

// SSH collection against real ssh2 servers on 127.0.0.1 (in-process, started here): host-key refusal, auth
// failure, one connection for many commands, exit 127, command timeout, connection refused, ProxyJump.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Server, type Connection, type ServerChannel } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BatchProgress } from '../../src/collect/hosts/commandBatch.js';
import { collectHost, HostVisit } from '../../src/collect/hosts/collectHost.js';
import { limiter } from '../../src/collect/hosts/sshSession.js';
import { parseHostAccess } from '../../src/collect/hosts/hostAccess.js';
import type { HostCommand } from '../../src/collect/hosts/hostCommands.js';
import { parseSshConfig } from '../../src/collect/hosts/sshConfig.js';
import { connectSsh, SshFailure } from '../../src/collect/hosts/sshSession.js';
import { toolRead } from './_joinableTool.js';
import { ed25519Key } from './_keys.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nx-ssh-'));
const hostKey = ed25519Key();
const otherHostKey = ed25519Key();
const jumpHostKey = ed25519Key();
const userKey = ed25519Key();
const strangerKey = ed25519Key();
writeFileSync(path.join(dir, 'id_user'), userKey.private, { mode: 0o600 });
writeFileSync(path.join(dir, 'id_stranger'), strangerKey.private, { mode: 0o600 });

// Batched commands (`sh -c '<script>'`) run in a real /bin/sh; the host's programs that matter here are fakes
// that inject what a real host does on demand only with the right setup (sudo wanting a password, a bridge
// refusing OpenFlow 1.0, a command that hangs). Everything else (echo, false, a missing program) is real.
const fakeBin = path.join(dir, 'bin');
mkdirSync(fakeBin);
const fakeProgram = (name: string, body: string) => writeFileSync(path.join(fakeBin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
fakeProgram('sudo', "echo 'sudo: a password is required' >&2; exit 1");
fakeProgram(
  'ovs-ofctl',
  [
    'if [ "$1" = -O ]; then printf \'OFPST_FLOW reply (OF1.3) (xid=0x2):\\n cookie=0x1, table=0, priority=0 actions=drop\\n\'; exit 0; fi',
    "echo 'ovs-ofctl: br-of13: failed to connect to socket (Broken pipe)' >&2",
    "echo 'version negotiation failed (we support version 0x01, peer supports version 0x04)' >&2",
    'exit 1',
  ].join('\n'),
);
fakeProgram('hang', 'exec sleep 30');

/** `done` runs before the exit status goes out: the session is over for the server before the client can know it. */
function runInShell(command: string, stream: ServerChannel, done: () => void = () => undefined): void {
  const child = spawn('/bin/sh', ['-c', command], { env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH}` } });
  child.stdout.pipe(stream, { end: false });
  child.stderr.pipe(stream.stderr, { end: false });
  child.on('close', (code) => {
    done();
    stream.exit(code ?? 255);
    stream.end();
  });
  stream.on('close', () => child.kill('SIGKILL'));
}

interface FakeHost {
  server: Server;
  port: number;
  connections: number;
  commands: string[];
  /** Session channels refused for being beyond `maxSessions` (OpenSSH's MaxSessions). */
  refused: number;
}

interface HostOptions {
  forward?: boolean;
  /** Session channels one connection may have open at once; more are refused, as sshd does beyond MaxSessions. */
  maxSessions?: number;
  /** Holds every `sh -c` until this many have arrived (then runs them all): only concurrent channels get through. */
  rendezvous?: number;
}

/** A real SSH server that accepts userKey and answers a few fixed commands like a shell would. */
async function startHost(key: typeof hostKey, opts: HostOptions = {}): Promise<FakeHost> {
  const h: FakeHost = { server: undefined as unknown as Server, port: 0, connections: 0, commands: [], refused: 0 };
  let held: (() => void)[] = [];
  h.server = new Server({ hostKeys: [key.private] }, (client: Connection) => {
    h.connections += 1;
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey' || !ctx.key.data.equals(userKey.blob)) return ctx.reject(['publickey']);
      if (ctx.signature && ctx.blob && userKey.parsed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
      ctx.accept();
    });
    client.on('ready', () => {
      let open = 0;
      client.on('session', (accept, reject) => {
        if (open >= (opts.maxSessions ?? Infinity)) {
          h.refused += 1;
          return reject();
        }
        open += 1;
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          const stream = acceptExec();
          const done = () => (open -= 1); // a session here is one exec: it ends with its answer
          h.commands.push(info.command);
          if (info.command.startsWith('sh -c ') && opts.rendezvous) {
            held.push(() => runInShell(info.command, stream, done));
            if (held.length < opts.rendezvous) return;
            const go = held;
            held = [];
            for (const run of go) run();
            return;
          }
          if (info.command.startsWith('sh -c ')) return runInShell(info.command, stream, done);
          if (info.command === 'hang') return; // never answers: the client's command timeout must fire
          done();
          if (info.command.startsWith('sudo -n ')) {
            stream.stderr.write('sudo: a password is required\n');
            stream.exit(1);
          } else if (info.command === 'ovs-ofctl dump-flows br-of13') {
            stream.stderr.write('ovs-ofctl: br-of13: failed to connect to socket (Broken pipe)\nversion negotiation failed (we support version 0x01, peer supports version 0x04)\n');
            stream.exit(1);
          } else if (info.command === 'ovs-ofctl -O OpenFlow13 dump-flows br-of13') {
            stream.write('OFPST_FLOW reply (OF1.3) (xid=0x2):\n cookie=0x1, table=0, priority=0 actions=drop\n');
            stream.exit(0);
          } else if (info.command.startsWith('nosuch')) {
            stream.stderr.write('sh: 1: nosuch: not found\n');
            stream.exit(127);
          } else if (info.command.startsWith('echo ')) {
            stream.write(`${info.command.slice(5)}\n`);
            stream.exit(0);
          } else {
            stream.stderr.write('failed\n');
            stream.exit(2);
          }
          stream.end();
        });
      });
      if (opts.forward) {
        client.on('tcpip', (accept, _reject, info) => {
          const upstream = net.connect(info.destPort, info.destIP, () => {
            const channel = accept();
            channel.pipe(upstream).pipe(channel);
          });
          upstream.on('error', () => undefined);
        });
      }
    });
  });
  await new Promise<void>((r) => h.server.listen(0, '127.0.0.1', r));
  h.port = (h.server.address() as AddressInfo).port;
  return h;
}

let target: FakeHost;
let jump: FakeHost;
let closedPort = 0;

beforeAll(async () => {
  target = await startHost(hostKey);
  jump = await startHost(jumpHostKey, { forward: true });
  const tmp = net.createServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
  closedPort = (tmp.address() as AddressInfo).port;
  await new Promise<void>((r) => tmp.close(() => r()));
});
afterAll(() => {
  target.server.close();
  jump.server.close();
  rmSync(dir, { recursive: true, force: true });
});

function knownHosts(lines: string[]): string {
  const f = path.join(dir, `kh-${Math.random().toString(36).slice(2)}`);
  writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
}
const entry = (port: number, key: Buffer) => `[127.0.0.1]:${port} ssh-ed25519 ${key.toString('base64')}`;

function config(extra: string, kh: string, identity = 'id_user'): ReturnType<typeof parseSshConfig> {
  return parseSshConfig(
    `Host node-a\n  HostName 127.0.0.1\n  Port ${target.port}\nHost node-closed\n  HostName 127.0.0.1\n  Port ${closedPort}\n` +
      `Host jumper\n  HostName 127.0.0.1\n  Port ${jump.port}\nHost node-behind\n  HostName 127.0.0.1\n  Port ${target.port}\n  ProxyJump jumper\n` +
      `${extra}\nHost *\n  User netxray\n  IdentityFile ${path.join(dir, identity)}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${kh}\n  GlobalKnownHostsFile /dev/null\n`,
    { home: dir, localUser: 'me' },
  );
}

const commands: HostCommand[] = [
  { id: 'one', argv: ['echo', 'first'] },
  { id: 'two', argv: ['echo', '$(id); rm -rf /'] },
  { id: 'three', argv: ['echo', 'third'] },
  { id: 'missing-a', argv: ['nosuch', 'a'] },
  { id: 'missing-b', argv: ['nosuch', 'b'] },
  { id: 'fails', argv: ['false'] },
];

async function failure(p: Promise<unknown>): Promise<SshFailure> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(SshFailure);
  return e as SshFailure;
}

describe('ssh host collection', () => {
  it('one connection, every command in it; exit 127 → command-missing (one problem per program), other failures recorded', async () => {
    const before = target.connections;
    const cfg = config('', knownHosts([entry(target.port, hostKey.blob)]));
    const r = await collectHost('node-a', commands, { config: cfg, access: parseHostAccess('plain') });
    expect(target.connections - before).toBe(1);
    expect(r.sshConnections).toBe(1);
    expect(r.hostCommands).toBe(6);
    expect(r.capture).toMatchObject({ host: 'node-a', reachable: true, sshTarget: `netxray@127.0.0.1:${target.port}` });
    const byId = Object.fromEntries(r.capture.outputs.map((o) => [o.id, o]));
    expect(byId.one.stdout).toBe('first\n');
    expect(byId.two.command).toBe("echo '$(id); rm -rf /'");
    expect(byId['missing-a'].exitCode).toBe(127);
    expect(r.problems.map((p) => p.code).sort()).toEqual(['command-failed', 'command-missing']);
    expect(r.problems.find((p) => p.code === 'command-missing')?.message).toBe('node-a: nosuch not found (exit 127): missing-a, missing-b not collected');
    expect(r.problems.find((p) => p.code === 'command-failed')?.outputId).toBe('fails');
  });

  it('a visit topped up while it runs: one connection, each command once, outputs in the order asked; the slot is held until finish', async () => {
    const before = target.connections;
    const channelsBefore = target.commands.length;
    const cfg = config('', knownHosts([entry(target.port, hostKey.blob)]));
    const admit = limiter(1);
    const visit = new HostVisit('node-a', { config: cfg, access: parseHostAccess('plain') }, admit);
    visit.run(commands.slice(0, 2));
    // A second visit waits for the first one's slot: it must not connect before the first finishes.
    const second = new HostVisit('node-a', { config: cfg, access: parseHostAccess('plain') }, admit);
    second.run(commands.slice(0, 1));
    visit.run(commands.slice(1, 3)); // 'two' again, and 'three'
    const r = await visit.finish(['three', 'one', 'two']);
    // Checked as finish() returns, before any I/O could let the second visit connect in the slot just freed (a fixed
    // 300 ms wait here failed on a loaded machine when the first visit had not connected yet).
    expect(target.connections - before).toBe(1);
    expect(r.sshConnections).toBe(1);
    expect(r.hostCommands).toBe(3);
    expect(r.capture.outputs.map((o) => o.id)).toEqual(['three', 'one', 'two']);
    // Both lists were given before the connection was up: one batch, one channel (a session) for the three commands.
    expect(target.commands.length - channelsBefore).toBe(1);
    const s = await second.finish();
    expect(s.capture.outputs.map((o) => o.id)).toEqual(['one']);
    expect(target.connections - before).toBe(2);
  });

  it('joinable reads share one process in the batch; when it fails each runs alone in the next batch', async () => {
    const cfg = config('', knownHosts([entry(target.port, hostKey.blob)]));
    const channelsBefore = target.commands.length;
    const ok = await collectHost('node-a', [toolRead('a', ['x']), commands[0], toolRead('b', ['y', 'z'])], { config: cfg, access: parseHostAccess('plain') });
    expect(ok.hostCommands).toBe(2);
    expect(target.commands.length - channelsBefore).toBe(1);
    expect(ok.capture.outputs.map((o) => [o.id, o.stdout])).toEqual([['a', 'x\n'], ['one', 'first\n'], ['b', 'y\nz\n']]);
    expect(ok.problems).toEqual([]);
    const failed = await collectHost('node-a', [toolRead('a', ['x']), toolRead('bad', ['fail'])], { config: cfg, access: parseHostAccess('plain') });
    expect(failed.hostCommands).toBe(3);
    expect(failed.capture.outputs.map((o) => [o.id, o.exitCode, o.stdout])).toEqual([['a', 0, 'x\n'], ['bad', 1, '']]);
    expect(failed.problems).toEqual([{ source: 'host', host: 'node-a', code: 'command-failed', outputId: 'bad', message: 'node-a: bad exited 1: tool: cannot read fail' }]);
  });

  it('a batch runs in several channels side by side: each command once, outputs in the order asked', async () => {
    // The host holds every batch channel until four have arrived: one channel at a time would never get through.
    const wide = await startHost(hostKey, { rendezvous: 4 });
    try {
      const cfg = config(`Host node-wide\n  HostName 127.0.0.1\n  Port ${wide.port}`, knownHosts([entry(wide.port, hostKey.blob)]));
      const r = await collectHost('node-wide', commands, { config: cfg, access: parseHostAccess('plain'), channelsPerBatch: 4 });
      expect([wide.connections, r.sshConnections, r.hostCommands, wide.commands.length]).toEqual([1, 1, 6, 4]);
      expect(r.capture.outputs.map((o) => [o.id, o.exitCode])).toEqual([['one', 0], ['two', 0], ['three', 0], ['missing-a', 127], ['missing-b', 127], ['fails', 1]]);
      expect(r.capture.outputs.map((o) => o.stdout).slice(0, 3)).toEqual(['first\n', '$(id); rm -rf /\n', 'third\n']);
      expect(r.problems.map((p) => p.code).sort()).toEqual(['command-failed', 'command-missing']);
    } finally {
      wide.server.close();
    }
  });

  it('a host that refuses channels beyond its MaxSessions gets them one at a time, every command still answered', async () => {
    const strict = await startHost(hostKey, { maxSessions: 1 });
    try {
      const cfg = config(`Host node-strict\n  HostName 127.0.0.1\n  Port ${strict.port}`, knownHosts([entry(strict.port, hostKey.blob)]));
      const r = await collectHost('node-strict', commands, { config: cfg, access: parseHostAccess('plain'), channelsPerBatch: 4 });
      // The four channels asked at once: the host took one and refused the others, which then waited their turn.
      expect(strict.refused).toBeGreaterThanOrEqual(3);
      expect(r.capture.outputs.map((o) => [o.id, o.exitCode])).toEqual([['one', 0], ['two', 0], ['three', 0], ['missing-a', 127], ['missing-b', 127], ['fails', 1]]);
      expect(r.problems.map((p) => p.code).sort()).toEqual(['command-failed', 'command-missing']);
      expect(r.hostCommands).toBe(6);
    } finally {
      strict.server.close();
    }
  });

  it('a host that refuses every channel: each command is a problem, none is retried for ever', async () => {
    const closed = await startHost(hostKey, { maxSessions: 0 });
    try {
      const cfg = config(`Host node-closed-sessions\n  HostName 127.0.0.1\n  Port ${closed.port}`, knownHosts([entry(closed.port, hostKey.blob)]));
      const r = await collectHost('node-closed-sessions', commands, { config: cfg, access: parseHostAccess('plain'), channelsPerBatch: 4 });
      expect(r.capture.reachable).toBe(true);
      expect(r.capture.outputs).toEqual([]);
      const messages = r.problems.map((p) => `${p.code} ${p.message}`).sort();
      expect(messages).toEqual(commands.map((c) => `ssh-error ${c.id}: node-closed-sessions: cannot open a channel: (SSH) Channel open failure: `).sort());
      // Each channel is asked again at most once per channel still open beside it: 4 + 3 + 2 + 1 at most.
      expect(closed.refused).toBeGreaterThanOrEqual(4);
      expect(closed.refused).toBeLessThanOrEqual(10);
    } finally {
      closed.server.close();
    }
  });

  it('sudo -n refusing (password required) → sudo-refused; a bridge refusing OpenFlow 1.0 → retried with -O OpenFlow13', async () => {
    const cfg = config('', knownHosts([entry(target.port, hostKey.blob)]));
    const flows: HostCommand = { id: 'flows:br-of13', argv: ['ovs-ofctl', 'dump-flows', 'br-of13'], fallback: { when: /version negotiation failed/, argv: ['ovs-ofctl', '-O', 'OpenFlow13', 'dump-flows', 'br-of13'] } };
    const plain = await collectHost('node-a', [flows], { config: cfg, access: parseHostAccess('plain') });
    expect(plain.capture.outputs[0]).toMatchObject({ id: 'flows:br-of13', command: 'ovs-ofctl -O OpenFlow13 dump-flows br-of13', exitCode: 0 });
    expect(plain.hostCommands).toBe(2);
    expect(plain.problems).toEqual([]);
    const sudo = await collectHost('node-a', [commands[0]], { config: cfg, access: parseHostAccess('sudo') });
    expect(sudo.capture.outputs[0].command).toBe('sudo -n echo first');
    expect(sudo.problems).toEqual([{ source: 'host', host: 'node-a', code: 'sudo-refused', outputId: 'one', message: 'node-a: sudo -n refused one: sudo: a password is required' }]);
  });

  it('host key mismatch and unknown host are refused by default; StrictHostKeyChecking no / accept-new opt out', async () => {
    const mismatch = config('', knownHosts([entry(target.port, otherHostKey.blob)]));
    const m = await failure(connectSsh('node-a', { config: mismatch }));
    expect(m.code).toBe('host-key-mismatch');
    expect(m.message).toMatch(/HOST KEY MISMATCH for \[127\.0\.0\.1\]:\d+: it presented SHA256:/);
    const unknown = config('', knownHosts([]));
    const u = await failure(connectSsh('node-a', { config: unknown }));
    expect(u.code).toBe('host-key-unknown');
    const viaCollect = await collectHost('node-a', commands, { config: unknown, access: parseHostAccess('plain') });
    expect(viaCollect.capture.reachable).toBe(false);
    expect(viaCollect.problems).toEqual([{ source: 'ssh', host: 'node-a', code: 'host-key-unknown', message: expect.stringContaining('not in') }]);
    expect(viaCollect.hostCommands).toBe(0);
    (await connectSsh('node-a', { config: unknown, strictHostKeyChecking: 'accept-new' })).close();
    (await connectSsh('node-a', { config: config('Host node-a\n  StrictHostKeyChecking no', knownHosts([])) })).close();
    expect((await failure(connectSsh('node-a', { config: mismatch, strictHostKeyChecking: 'accept-new' }))).code).toBe('host-key-mismatch');
  });

  it('auth failure, connection refused, unknown host name', async () => {
    const kh = knownHosts([entry(target.port, hostKey.blob)]);
    const a = await failure(connectSsh('node-a', { config: config('', kh, 'id_stranger') }));
    expect(a.code).toBe('auth-failed');
    expect(a.message).toContain('refused public-key login');
    const c = await failure(connectSsh('node-closed', { config: config('', kh) }));
    expect(c.code).toBe('connection-refused');
    const n = await failure(connectSsh('no-such-host.invalid', { config: config('', kh), connectTimeoutMs: 5000 }));
    expect(n.code).toBe('host-not-in-ssh-config');
  });

  it('a server that accepts TCP and closes at once (a relay with no sshd behind it) → connection-refused', async () => {
    const closer = net.createServer((socket) => socket.destroy());
    await new Promise<void>((r) => closer.listen(0, '127.0.0.1', r));
    const port = (closer.address() as AddressInfo).port;
    const cfg = parseSshConfig(`Host relay\n  HostName 127.0.0.1\n  Port ${port}\n  IdentityFile ${path.join(dir, 'id_user')}\n  StrictHostKeyChecking no\n`, { home: dir });
    const f = await failure(connectSsh('relay', { config: cfg }));
    expect(f.code).toBe('connection-refused');
    expect(f.message).toContain('closed before the SSH handshake');
    closer.close();
  });

  it('a server that accepts TCP but never speaks SSH → timeout within the connect limit', async () => {
    const mute = net.createServer(() => undefined); // holds the socket open, sends no banner
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    const port = (mute.address() as AddressInfo).port;
    const cfg = parseSshConfig(`Host mute\n  HostName 127.0.0.1\n  Port ${port}\n  IdentityFile ${path.join(dir, 'id_user')}\n  StrictHostKeyChecking no\n`, { home: dir });
    const t0 = Date.now();
    const f = await failure(connectSsh('mute', { config: cfg, connectTimeoutMs: 500 }));
    expect(f.code).toBe('timeout');
    expect(f.message).toMatch(/within 0\.5 s \(timeout\)/);
    // Far below the 15 s default it overrides, with room for a loaded machine.
    expect(Date.now() - t0).toBeLessThan(10_000);
    mute.close();
  });

  it('a command that never ends times out within its limit; the connection still serves the others', async () => {
    const conn = await connectSsh('node-a', { config: config('', knownHosts([entry(target.port, hostKey.blob)])) });
    // The 30 s limit of the second command is far beyond what echo takes even on a loaded machine.
    const [hung, fine] = await Promise.all([conn.exec('hang', { timeoutMs: 400 }), conn.exec('echo ok')]);
    conn.close();
    expect(hung.timedOut).toBe(true);
    expect(hung.exitCode).toBeNull();
    expect(hung.durationMs).toBeGreaterThanOrEqual(400);
    expect(hung.durationMs).toBeLessThan(30_000);
    expect(fine.stdout).toBe('ok\n');
  });

  describe('in a batch', () => {
    afterEach(() => vi.useRealTimers());

    it('the timeout is per command: a hung one times out, earlier ones keep their output, later ones are reported not run', async () => {
      // The command clock is faked (only setTimeout): it moves when the test says, after the events it waits for,
      // so a loaded machine cannot make a quick command look hung. Network, processes and Date stay real.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      // Resolved from inside the client's own progress count (the real method, observed): no polling, no clock.
      let quickOnesFinished: () => void = () => undefined;
      const seen = new Promise<void>((r) => (quickOnesFinished = r));
      const feed = BatchProgress.prototype.feed;
      const watch = vi.spyOn(BatchProgress.prototype, 'feed').mockImplementation(function (this: BatchProgress, chunk) {
        const more = feed.call(this, chunk);
        if (this.finished >= 2) quickOnesFinished();
        return more;
      });
      const cfg = config('', knownHosts([entry(target.port, hostKey.blob)]));
      const slow: HostCommand[] = [
        { id: 'quick', argv: ['echo', 'quick'] },
        { id: 'also-quick', argv: ['echo', 'also'] },
        { id: 'hung', argv: ['hang'] },
        { id: 'after', argv: ['echo', 'after'] },
      ];
      let settled = false;
      const running = collectHost('node-a', slow, { config: cfg, access: parseHostAccess('plain'), commandTimeoutMs: 500, channelsPerConnection: 1 }).finally(() => (settled = true));
      // The client has seen the two quick commands finish: the hung one's limit runs from here.
      await seen;
      watch.mockRestore();
      await vi.advanceTimersByTimeAsync(499);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const r = await running;
      const byId = Object.fromEntries(r.capture.outputs.map((o) => [o.id, o]));
      expect(byId.quick).toMatchObject({ stdout: 'quick\n', exitCode: 0 });
      expect(byId['also-quick']).toMatchObject({ stdout: 'also\n', exitCode: 0 });
      expect(byId.hung.exitCode).toBeNull();
      expect(r.problems.map((p) => [p.code, p.message])).toEqual([
        ['timeout', 'node-a: hung did not finish within 0.5 s'],
        ['timeout', 'node-a: after did not run: an earlier command of its batch timed out'],
      ]);
    });
  });

  it('ProxyJump: through the jump host (forwardOut), each hop checked against known_hosts', async () => {
    const before = { jump: jump.connections, target: target.connections };
    const kh = knownHosts([entry(target.port, hostKey.blob), entry(jump.port, jumpHostKey.blob)]);
    let counted = 0;
    const conn = await connectSsh('node-behind', { config: config('', kh), onConnection: () => (counted += 1) });
    expect((await conn.exec('echo behind')).stdout).toBe('behind\n');
    conn.close();
    expect([jump.connections - before.jump, target.connections - before.target, counted]).toEqual([1, 1, 2]);
    const badJump = knownHosts([entry(target.port, hostKey.blob), entry(jump.port, otherHostKey.blob)]);
    expect((await failure(connectSsh('node-behind', { config: config('', badJump) }))).code).toBe('host-key-mismatch');
  });
});

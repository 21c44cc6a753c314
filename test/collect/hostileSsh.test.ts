// Hostile SSH hosts on 127.0.0.1 (real ssh2 servers started here): a host that accepts the login and then never
// answers, or prints forged "command finished" markers for ever, must not hold a collection beyond its limits.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Server, type Connection, type ServerChannel } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectHost } from '../../src/collect/hosts/collectHost.js';
import { parseHostAccess } from '../../src/collect/hosts/hostAccess.js';
import { parseSshConfig } from '../../src/collect/hosts/sshConfig.js';
import { connectSsh, SshFailure } from '../../src/collect/hosts/sshSession.js';
import { ed25519Key } from './_keys.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nx-ssh-'));
const hostKey = ed25519Key();
const userKey = ed25519Key();
writeFileSync(path.join(dir, 'id_user'), userKey.private, { mode: 0o600 });

type Behaviour = 'no-channel' | 'no-exec' | 'forged-markers' | 'silent-exec';

/** An sshd that lets userKey in, then misbehaves as told on every session. */
async function hostileHost(behaviour: Behaviour): Promise<{ server: Server; port: number; channels: ServerChannel[] }> {
  const channels: ServerChannel[] = [];
  const server = new Server({ hostKeys: [hostKey.private] }, (client: Connection) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => (ctx.method === 'publickey' && ctx.key.data.equals(userKey.blob) ? ctx.accept() : ctx.reject(['publickey'])));
    client.on('ready', () => {
      client.on('session', (accept) => {
        if (behaviour === 'no-channel') return; // neither confirms nor refuses the channel
        const session = accept();
        session.on('exec', (acceptExec, _reject, info) => {
          if (behaviour === 'no-exec') return; // never answers the exec request
          const stream = acceptExec();
          channels.push(stream);
          if (behaviour === 'silent-exec') return;
          // The batch's nonce is in the command line the host receives: it prints "finished" markers of its own,
          // for command numbers far past the batch's end, and never runs anything.
          const nonce = /([0-9a-f]{24}) 0 begin/.exec(info.command)?.[1] ?? 'x';
          let i = 0;
          const forge = setInterval(() => stream.write(`\n${nonce} ${i++} end 0\n`), 20);
          stream.on('close', () => clearInterval(forge));
          client.on('close', () => clearInterval(forge));
        });
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, channels };
}

const hosts: Record<Behaviour, Awaited<ReturnType<typeof hostileHost>>> = {} as never;
beforeAll(async () => {
  for (const b of ['no-channel', 'no-exec', 'forged-markers', 'silent-exec'] as const) hosts[b] = await hostileHost(b);
});
afterAll(() => {
  for (const h of Object.values(hosts)) h.server.close();
  rmSync(dir, { recursive: true, force: true });
});

function config(behaviour: Behaviour) {
  const kh = path.join(dir, 'known_hosts');
  writeFileSync(kh, Object.values(hosts).map((h) => `[127.0.0.1]:${h.port} ssh-ed25519 ${hostKey.blob.toString('base64')}`).join('\n') + '\n');
  return parseSshConfig(
    `Host hostile\n  HostName 127.0.0.1\n  Port ${hosts[behaviour].port}\n  User netxray\n  IdentityFile ${path.join(dir, 'id_user')}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${kh}\n  GlobalKnownHostsFile /dev/null\n`,
    { home: dir, localUser: 'me' },
  );
}

async function failure(p: Promise<unknown>): Promise<SshFailure> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(SshFailure);
  return e as SshFailure;
}

const commands = [
  { id: 'first', argv: ['echo', 'first'] },
  { id: 'second', argv: ['echo', 'second'] },
];

describe('a hostile host cannot hang a collection', () => {
  it('a channel the host never confirms → timeout', async () => {
    const conn = await connectSsh('hostile', { config: config('no-channel') });
    const f = await failure(conn.exec('echo x', { openTimeoutMs: 300 }));
    conn.destroy();
    expect(f.code).toBe('timeout');
    expect(f.message).toBe('hostile: the host did not open a channel within 0.3 s');
  });

  it('an exec request the host never answers → timeout', async () => {
    const conn = await connectSsh('hostile', { config: config('no-exec') });
    const f = await failure(conn.exec('echo x', { openTimeoutMs: 300 }));
    conn.destroy();
    expect(f.code).toBe('timeout');
  });

  it('forged "finished" markers cannot keep a batch alive: no more than the batch has are counted, and the batch has a deadline', async () => {
    // One channel for both commands: forged markers for command 1 and beyond reach the same batch.
    const r = await collectHost('hostile', commands, { config: config('forged-markers'), access: parseHostAccess('plain'), commandTimeoutMs: 300, channelsPerConnection: 1 });
    // The markers carry no begin or exit status: neither command really finished, and the batch ended at its deadline.
    expect(r.capture.outputs.map((o) => [o.id, o.exitCode])).toEqual([['first', null], ['second', null]]);
    expect(r.problems.map((p) => p.code)).toEqual(['timeout', 'timeout']);
    expect(hosts['forged-markers'].channels.length).toBe(1);
  });

  it('a host that accepts a command and never ends it is dropped at the visit deadline', async () => {
    const r = await collectHost('hostile', commands, { config: config('silent-exec'), access: parseHostAccess('plain'), commandTimeoutMs: 600_000, sessionDeadlineMs: 300 });
    expect(r.problems[0]).toEqual({ source: 'ssh', host: 'hostile', code: 'timeout', message: 'hostile: the visit did not end within 0.3 s; connection dropped' });
    expect(r.capture.outputs.every((o) => o.exitCode === null)).toBe(true);
  });

  it('ssh_config commands are never run (ProxyCommand, LocalCommand, Match exec); a host named -oProxyCommand=… is only a name', async () => {
    const marker = (name: string) => path.join(dir, `ran-${name}`);
    const kh = path.join(dir, 'known_hosts');
    config('no-exec'); // writes known_hosts
    const host = `  HostName 127.0.0.1\n  Port ${hosts['no-exec'].port}\n  User netxray\n  IdentityFile ${path.join(dir, 'id_user')}\n  IdentitiesOnly yes\n  UserKnownHostsFile ${kh}\n  PermitLocalCommand yes\n  LocalCommand touch ${marker('local')}\n`;
    const cfg = parseSshConfig(
      `Match exec "touch ${marker('match')}"\n  User other\nHost proxied\n  ProxyCommand touch ${marker('proxy')}\n${host}Host plain\n${host}`,
      { home: dir, localUser: 'me' },
    );
    expect((await failure(connectSsh('proxied', { config: cfg }))).code).toBe('proxy-command-unsupported');
    (await connectSsh('plain', { config: cfg })).destroy(); // logged in: LocalCommand would have run by now
    const dashed = `-oProxyCommand=touch ${marker('dashed')}`;
    // Not an option to anything (no ssh binary runs): a name with no key configured for it.
    expect((await failure(connectSsh(dashed, { config: cfg }))).message).toMatch(/^-oProxyCommand=touch \S+: no usable private key \(IdentityFile: [^\n]*\)$/);
    for (const name of ['match', 'proxy', 'local', 'dashed']) expect(existsSync(marker(name)), name).toBe(false);
  });

  it('an IdentityFile that is /dev/zero is skipped, not read for ever', async () => {
    const cfg = parseSshConfig(`Host zero\n  HostName 127.0.0.1\n  Port ${hosts['no-exec'].port}\n  IdentityFile /dev/zero\n  IdentitiesOnly yes\n  StrictHostKeyChecking no\n`, { home: dir, localUser: 'me' });
    const f = await failure(connectSsh('zero', { config: cfg }));
    expect(f.code).toBe('auth-failed');
    expect(f.message).toBe('zero: no usable private key (IdentityFile: /dev/zero; encrypted keys need ssh-agent)');
  });
});

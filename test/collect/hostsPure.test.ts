// Pure host-side pieces: shell quoting, bridge names, host access wrappers, the command list, ssh_config and known_hosts.
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHostAccess } from '../../src/collect/hosts/hostAccess.js';
import { ed25519Key } from './_keys.js';
import { bridgesOfHost, hostCommandsFor } from '../../src/collect/backends/ml2-ovs/collectionPlan.js';
import { checkHostKey, knownHostsName, parseKnownHosts } from '../../src/collect/hosts/knownHosts.js';
import { isValidBridgeName, shellJoin, shellQuote } from '../../src/collect/hosts/shellQuote.js';
import { matchHostPatterns, parseJumpSpec, parseSshConfig, resolveSshHost } from '../../src/collect/hosts/sshConfig.js';

/** What sh makes of a quoted word: printf the argv back (a real shell, no mocks). */
function shWords(line: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shell quoting', () => {
  const hostile = ['br-int; rm -rf /', '$(id)', '`id`', "it's", 'a b', '', '*', '-rf', 'x\ny', '"q"', '\\', '$HOME', '!!', 'br-int&&reboot'];
  it('every hostile value reaches the command as one unchanged argument', () => {
    for (const v of hostile) expect(shWords(shellQuote(v)), JSON.stringify(v)).toEqual([v]);
    expect(shWords(shellJoin(['ovs-ofctl', 'dump-flows', 'br-int; rm -rf /']))).toEqual(['ovs-ofctl', 'dump-flows', 'br-int; rm -rf /']);
  });
  it('plain names stay bare, others are single-quoted', () => {
    expect(shellQuote('br-int')).toBe('br-int');
    expect(shellQuote('$(id)')).toBe("'$(id)'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
  it('bridge names: OVS/Linux charset, at most 15 bytes, no shell metacharacters or leading dash', () => {
    for (const ok of ['br-int', 'br-ex', 'br_provider.1', 'br-tun']) expect(isValidBridgeName(ok), ok).toBe(true);
    for (const bad of ['br-int; rm -rf /', '$(id)', '-O', 'a'.repeat(16), 'br/x', 'br x', '', '..']) expect(isValidBridgeName(bad), bad).toBe(false);
  });
});

describe('host access and commands', () => {
  it('plain, sudo -n, docker/podman exec, sudo+docker; bad specs refused', () => {
    const argv = ['ovs-ofctl', 'dump-flows', 'br-int'];
    expect(parseHostAccess('plain').commandLine(argv)).toBe('ovs-ofctl dump-flows br-int');
    expect(parseHostAccess('sudo').commandLine(argv)).toBe('sudo -n ovs-ofctl dump-flows br-int');
    expect(parseHostAccess('docker:openvswitch_vswitchd').commandLine(argv)).toBe('docker exec openvswitch_vswitchd ovs-ofctl dump-flows br-int');
    expect(parseHostAccess('podman:ovs').commandLine(argv)).toBe('podman exec ovs ovs-ofctl dump-flows br-int');
    expect(parseHostAccess('sudo+docker:ovs').commandLine(argv)).toBe('sudo -n docker exec ovs ovs-ofctl dump-flows br-int');
    expect(() => parseHostAccess('docker:$(id)')).toThrow(/valid container name/);
    expect(() => parseHostAccess('ssh')).toThrow(/use one of plain, sudo/);
    expect(() => parseHostAccess('sudo:x')).toThrow(/use one of/);
  });

  it('bridges from the agent configuration; hostile mappings are rejected, never run', () => {
    const agents = [
      { host: 'n1', agent_type: 'Open vSwitch agent', configurations: { bridge_mappings: { physnet1: 'br-ex', evil: 'br-x; reboot' }, tunnel_types: ['vxlan'], integration_bridge: 'br-int' } },
      { host: 'n2', agent_type: 'Open vSwitch agent', configurations: { bridge_mappings: {}, tunnel_types: [] } },
      { host: 'n1', agent_type: 'DHCP agent', configurations: {} },
    ];
    const b1 = bridgesOfHost(agents, 'n1');
    expect(b1).toEqual({ integration: 'br-int', tunnel: 'br-tun', provider: ['br-ex'], rejected: ['br-x; reboot'] });
    expect(bridgesOfHost(agents, 'n2')).toEqual({ integration: 'br-int', tunnel: undefined, provider: [], rejected: [] });
    const ids = hostCommandsFor(b1).map((c) => c.id);
    expect(ids).toEqual(['ovsdb-bridge', 'ovsdb-port', 'ovsdb-interface', 'ovsdb-open-vswitch', 'flows:br-int', 'ofctl-show:br-int', 'flows:br-tun', 'ofctl-show:br-tun', 'flows:br-ex', 'ofctl-show:br-ex', 'ip-link', 'ip-addr', 'ip-netns']);
    for (const c of hostCommandsFor(b1)) expect(c.argv.join(' ')).not.toContain('reboot');
    const r = '08bcee9d-1b9d-415d-9a3a-67d304298e9c';
    const n = '3f362dd5-3bd2-4c52-9ddb-a01bc4cb2c9e';
    const withNs = hostCommandsFor(b1, { routers: [r, '$(id)'], dhcpNetworks: [n] }).map((c) => c.id);
    expect(withNs).toEqual(expect.arrayContaining([`netns-addr:qrouter-${r}`, `netns-nat:qrouter-${r}`, `netns-listen:qrouter-${r}`, `netns-addr:qdhcp-${n}`, `netns-listen:qdhcp-${n}`, 'processes:dnsmasq']));
    expect(withNs.join(' ')).not.toContain('$(id)');
    // the metadata proxy's socket: ss only lists (read-only), and the namespace name reaches the shell as one quoted word
    const listen = hostCommandsFor(b1, { routers: [r], dhcpNetworks: [] }).find((c) => c.id === `netns-listen:qrouter-${r}`)!;
    expect(listen.argv).toEqual(['ip', 'netns', 'exec', `qrouter-${r}`, 'ss', '-l', '-t', '-n', '-p']);
    expect(shWords(shellJoin(listen.argv))).toEqual(listen.argv);
  });
});

describe('ssh_config', () => {
  const home = mkdtempSync(path.join(os.tmpdir(), 'nx-sshcfg-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  mkdirSync(path.join(home, '.ssh', 'conf.d'), { recursive: true });
  writeFileSync(path.join(home, '.ssh', 'conf.d', 'a.conf'), 'Host inc-*\n  Port 2200\n  User included\n');
  const text = `
# comment
Include conf.d/*.conf
Host compute-* !compute-bad
  HostName %h.mgmt.example
  User ops
  IdentityFile ~/.ssh/id_compute
Host compute-1
  Port 2201
  User ignored-first-wins
Host bastioned
  HostName 10.0.0.9
  ProxyJump jumper@bastion:2022
  StrictHostKeyChecking accept-new
Host nocheck
  StrictHostKeyChecking=no
  UserKnownHostsFile /dev/null
Match exec "true"
  User never
Host *
  User fallback
  IdentityFile ~/.ssh/id_all
  ConnectTimeout 7
`;
  const cfg = parseSshConfig(text, { home, localUser: 'me' });

  it('patterns with * ? and negation, case-insensitive', () => {
    expect(matchHostPatterns('compute-1', ['compute-*', '!compute-bad'])).toBe(true);
    expect(matchHostPatterns('compute-bad', ['compute-*', '!compute-bad'])).toBe(false);
    expect(matchHostPatterns('Node7', ['node?'])).toBe(true);
    expect(matchHostPatterns('node17', ['node?'])).toBe(false);
    expect(matchHostPatterns('a', ['b,a'])).toBe(true);
  });

  it('first obtained value wins; IdentityFile accumulates with ~ expansion; %h in HostName; Include', () => {
    const s = resolveSshHost(cfg, 'compute-1');
    expect(s).toMatchObject({ hostName: 'compute-1.mgmt.example', user: 'ops', port: 2201, strictHostKeyChecking: 'yes', connectTimeoutMs: 7000, explicit: true });
    expect(s.identityFiles).toEqual([path.join(home, '.ssh/id_compute'), path.join(home, '.ssh/id_all')]);
    expect(s.knownHostsFiles.slice(0, 2)).toEqual([path.join(home, '.ssh/known_hosts'), path.join(home, '.ssh/known_hosts2')]);
    expect(resolveSshHost(cfg, 'compute-bad')).toMatchObject({ hostName: 'compute-bad', user: 'fallback', port: 22, explicit: false });
    expect(resolveSshHost(cfg, 'inc-3')).toMatchObject({ user: 'included', port: 2200 });
    expect(cfg.warnings[0]).toMatch(/Match exec "true"|Match exec true/);
  });

  it('ProxyJump, StrictHostKeyChecking variants, UserKnownHostsFile', () => {
    expect(resolveSshHost(cfg, 'bastioned')).toMatchObject({ hostName: '10.0.0.9', proxyJump: ['jumper@bastion:2022'], strictHostKeyChecking: 'accept-new' });
    expect(parseJumpSpec('jumper@bastion:2022')).toEqual({ user: 'jumper', host: 'bastion', port: 2022 });
    expect(parseJumpSpec('bastion')).toEqual({ user: undefined, host: 'bastion', port: undefined });
    const n = resolveSshHost(cfg, 'nocheck');
    expect(n.strictHostKeyChecking).toBe('no');
    expect(n.knownHostsFiles[0]).toBe('/dev/null');
    const none = resolveSshHost(parseSshConfig('', { home, localUser: 'me' }), 'x');
    expect(none).toMatchObject({ user: 'me', port: 22, strictHostKeyChecking: 'yes', explicit: false, proxyJump: [] });
    expect(none.identityFiles).toContain(path.join(home, '.ssh/id_ed25519'));
  });
});

describe('known_hosts', () => {
  const blobA = ed25519Key().blob;
  const blobB = ed25519Key().blob;
  const hashed = (name: string) => {
    const salt = randomBytes(20);
    return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
  };

  it('[host]:port form, plain and hashed entries, mismatch, unknown, revoked', () => {
    expect(knownHostsName('10.0.0.1', 22)).toBe('10.0.0.1');
    expect(knownHostsName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
    const text = [
      `[127.0.0.1]:2222 ssh-ed25519 ${blobA.toString('base64')}`,
      `${hashed('[127.0.0.1]:2223')} ssh-ed25519 ${blobA.toString('base64')}`,
      `node9,10.9.9.9 ssh-ed25519 ${blobB.toString('base64')} comment`,
      `@revoked * ssh-ed25519 ${blobB.toString('base64')}`,
    ].join('\n');
    const entries = parseKnownHosts(text, 'kh');
    expect(checkHostKey(entries, '127.0.0.1', 2222, blobA).status).toBe('known');
    expect(checkHostKey(entries, '127.0.0.1', 2223, blobA).status).toBe('known');
    const mm = checkHostKey(entries, '127.0.0.1', 2222, blobB);
    expect(mm.status).toBe('revoked');
    const onlyPlain = parseKnownHosts(text.split('\n').slice(0, 2).join('\n'));
    expect(checkHostKey(onlyPlain, '127.0.0.1', 2223, blobB).status).toBe('mismatch');
    expect(checkHostKey(onlyPlain, '127.0.0.1', 22, blobA).status).toBe('unknown');
    expect(checkHostKey(onlyPlain, '127.0.0.2', 2222, blobA).status).toBe('unknown');
  });
});

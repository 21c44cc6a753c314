// Snapshot files (save/load/validation), redaction of secrets, and which hosts a trace visits.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectTraceSnapshot } from '../../src/collect/collectTrace.js';
import { involvedHosts } from '../../src/collect/backends/ml2-ovs/involvedHosts.js';
import { loadSnapshot, redactSnapshot, saveSnapshot } from '../../src/collect/snapshotFile.js';
import { SNAPSHOT_SCHEMA, SNAPSHOT_VERSION, type CloudSnapshot } from '../../src/model/cloudSnapshot.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nx-snapfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function snapshot(api: Partial<CloudSnapshot['api']> = {}): CloudSnapshot {
  return {
    schema: SNAPSHOT_SCHEMA,
    version: SNAPSHOT_VERSION,
    generator: { name: 'netxray', version: '0.0.0' },
    collectedAt: '2026-11-23T00:00:00.000Z',
    cloud: { authUrl: 'http://k/v3' },
    api: { servers: [], ports: [], networks: [], subnets: [], floatingIps: [], routers: [], securityGroups: [], agents: [], ...api },
    hosts: [{ host: 'n1', reachable: true, outputs: [{ id: 'ip-link', command: 'ip -j link', exitCode: 0, stdout: 'pw=Sekret-123 and Sekret-123', stderr: '', durationMs: 1 }] }],
    problems: [],
    cost: { apiRequests: 1, sshConnections: 1, hostCommands: 1, durationMs: 1 },
  };
}

describe('snapshot files', () => {
  it('save → load round trip; validation names the field at fault', () => {
    const file = path.join(dir, 's.json');
    saveSnapshot(file, snapshot());
    expect(loadSnapshot(file)).toEqual(snapshot());
    const bad = (mutate: (s: Record<string, unknown>) => void) => {
      const s = JSON.parse(JSON.stringify(snapshot())) as Record<string, unknown>;
      mutate(s);
      writeFileSync(file, JSON.stringify(s));
      return () => loadSnapshot(file);
    };
    expect(bad((s) => (s.schema = 'x'))).toThrow(/schema must be "netxray\/snapshot"/);
    expect(bad((s) => (s.version = 2))).toThrow(/version 2 is not supported/);
    expect(bad((s) => delete (s.api as Record<string, unknown>).ports)).toThrow(/api\.ports must be a list/);
    expect(bad((s) => ((s.hosts as { outputs: { stdout: unknown }[] }[])[0].outputs[0].stdout = 3))).toThrow(/hosts\[0\]\.outputs\[0\]\.stdout must be a string/);
    writeFileSync(file, '{');
    expect(() => loadSnapshot(file)).toThrow(/not JSON/);
    expect(() => loadSnapshot(path.join(dir, 'none.json'))).toThrow(/cannot read the snapshot \(ENOENT\)/);
  });

  it('redaction replaces every occurrence of each secret; short ones wherever they stand as a word of their own', () => {
    const r = redactSnapshot(snapshot(), ['Sekret-123', 'ab']);
    expect(r.hosts[0].outputs[0].stdout).toBe('pw=<redacted> and <redacted>');
    expect(JSON.stringify(r)).not.toContain('Sekret-123');
    const short = snapshot({ servers: [{ id: 'vm', name: 'pw', description: 'password=pw;', tag: 'pwned', url: 'http://u:pw@k/' }] });
    const s = redactSnapshot(short, ['pw']).api.servers[0];
    expect(s).toEqual({ id: 'vm', name: '<redacted>', description: 'password=<redacted>;', tag: 'pwned', url: 'http://u:<redacted>@k/' });
  });

  it('redaction walks data nested 20,000 deep (no stack overflow) and keeps a __proto__ key a key', () => {
    let deep: unknown = 'Sekret-123';
    for (let i = 0; i < 20_000; i++) deep = i % 2 ? { nested: deep } : [deep];
    const hostile = JSON.parse('{"id": "vm", "__proto__": {"polluted": "Sekret-123"}}') as Record<string, unknown>;
    const r = redactSnapshot(snapshot({ servers: [{ id: 'deep', deep }, hostile] }), ['Sekret-123']);
    let inner: unknown = r.api.servers[0].deep;
    for (let i = 19_999; i >= 0; i--) inner = i % 2 ? (inner as { nested: unknown }).nested : (inner as unknown[])[0];
    expect(inner).toBe('<redacted>');
    const copy = r.api.servers[1];
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['id', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: '<redacted>' });
  });
});

describe('involved hosts', () => {
  const api: CloudSnapshot['api'] = {
    subnets: [],
    floatingIps: [],
    securityGroups: [],
    servers: [{ id: 'vm', 'OS-EXT-SRV-ATTR:host': 'c1' }],
    agents: [{ id: 'a-dhcp', host: 'net1' }, { id: 'a-l3', host: 'net2' }],
    networks: [{ id: 'n-vx', 'provider:network_type': 'vxlan' }, { id: 'n-vlan', 'provider:network_type': 'vlan' }],
    routers: [{ id: 'r1' }],
    ports: [
      { id: 'p1', device_id: 'vm', network_id: 'n-vx', 'binding:host_id': 'c1' },
      { id: 'p2', device_id: 'vm', network_id: 'n-vlan', 'binding:host_id': 'c1' },
      { id: 'd1', device_owner: 'network:dhcp', network_id: 'n-vx', 'binding:host_id': 'net1' },
      { id: 'q1', device_owner: 'network:router_interface', device_id: 'r1', network_id: 'n-vx', 'binding:host_id': 'net2' },
      { id: 'o1', device_id: 'other', network_id: 'n-vx', 'binding:host_id': 'c9' },
      { id: 'o2', device_id: 'other2', network_id: 'n-vlan', 'binding:host_id': 'c8' },
    ],
    networkDhcpAgents: { 'n-vx': ['a-dhcp'] },
    routerL3Agents: { r1: ['a-l3'] },
  };
  it('instance host, DHCP and L3 agent hosts, tunnel peers only on tunnel networks, capped', () => {
    expect(involvedHosts(api, 'vm')).toEqual([
      { host: 'c1', roles: ['instance'], routers: [], dhcpNetworks: [] },
      { host: 'net1', roles: ['dhcp-agent'], routers: [], dhcpNetworks: ['n-vx'] },
      { host: 'net2', roles: ['l3-agent'], routers: ['r1'], dhcpNetworks: [] },
      { host: 'c9', roles: ['tunnel-peer'], routers: [], dhcpNetworks: [] },
    ]);
    expect(involvedHosts(api, 'vm', { maxTunnelPeers: 0 }).map((h) => h.host)).toEqual(['c1', 'net1', 'net2']);
  });
  it('router and network ids that are names of Object members (constructor, __proto__) find no schedule', () => {
    const hostile = JSON.parse('{"constructor": ["a-l3"], "__proto__": ["a-l3"]}') as Record<string, string[]>;
    const odd = { ...api, routers: [{ id: 'constructor' }, { id: 'toString' }, { id: '__proto__' }], routerL3Agents: hostile, networkDhcpAgents: {} };
    expect(involvedHosts(odd, 'vm', { maxTunnelPeers: 0 })).toEqual([
      { host: 'c1', roles: ['instance'], routers: [], dhcpNetworks: [] },
      { host: 'net1', roles: ['dhcp-agent'], routers: [], dhcpNetworks: ['n-vx'] },
      { host: 'net2', roles: ['l3-agent'], routers: ['__proto__', 'constructor'], dhcpNetworks: [] },
    ]);
  });
  it('without admin fields: nothing to visit', () => {
    expect(involvedHosts({ ...api, servers: [{ id: 'vm' }], ports: api.ports.map((p) => ({ ...p, 'binding:host_id': undefined })), networkDhcpAgents: {}, routerL3Agents: {} }, 'vm')).toEqual([]);
  });
});

describe('collectTraceSnapshot input checks', () => {
  // auth_url points at a port nobody listens on: these must fail on their own input before any request
  const credentials = { env: { OS_AUTH_URL: 'http://127.0.0.1:9/v3', OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_PROJECT_NAME: 'p' }, cwd: '/nonexistent', home: '/nonexistent' };
  it('a bad --host-access or a missing --ssh-config fails before any API request', async () => {
    await expect(collectTraceSnapshot('vm1', { credentials, hostAccess: 'telnet' })).rejects.toThrow(/host access "telnet"/);
    await expect(collectTraceSnapshot('vm1', { credentials, sshConfigFile: '/no/such/ssh_config' })).rejects.toThrow('--ssh-config /no/such/ssh_config: no such file');
    await expect(collectTraceSnapshot('vm1', { credentials, skipHosts: true })).rejects.toThrow(/POST http:\/\/127\.0\.0\.1:9\/v3\/auth\/tokens: connection refused/);
  });
});

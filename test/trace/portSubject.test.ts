// `netxray trace <port>`: a Neutron port that belongs to no instance is traced alone, live as from a snapshot (one rule,
// src/neutron/traceSubject.ts). Live runs go through the real CLI in process against test/scan/_fakeCloud.ts, a fake
// Keystone/Nova/Neutron on 127.0.0.1 that stands in for the APIs and serves a real lab recording's objects.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { involvedHosts } from '../../src/collect/backends/ml2-ovs/involvedHosts.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import type { TraceReport } from '../../src/model/traceModel.js';
import { chooseTraceSubject } from '../../src/neutron/traceSubject.js';
import { startFakeCloud, type FakeCloud } from '../scan/_fakeCloud.js';
import { TRACE_FIXTURES } from './_labSnapshot.js';
import { captureStderr } from './_stderr.js';

const PASSWORD = 'Port-Subject-Pa55word';
const recorded = JSON.parse(readFileSync(join(TRACE_FIXTURES, 'netxray-trace-save-vm1.snapshot.json'), 'utf8')) as CloudSnapshot;
// The router's gateway port: a Neutron port of no instance (device_owner network:router_gateway), with its own network.
const gateway = recorded.api.ports.find((p) => p.device_owner === 'network:router_gateway')!;
// INJECTED: a name on the DHCP port (the lab's ports have none), to look a port up by name.
const api = structuredClone(recorded.api);
const dhcp = api.ports.find((p) => p.device_owner === 'network:dhcp')!;
dhcp.name = 'dhcp-of-private';
const vm1 = api.servers.find((s) => s.name === 'vm1')!;

const dir = mkdtempSync(join(tmpdir(), 'nx-port-subject-'));
const stderr = captureStderr();
let cloud: FakeCloud;

beforeAll(async () => {
  cloud = await startFakeCloud(api, PASSWORD);
  writeFileSync(
    join(dir, 'clouds.yaml'),
    `clouds:\n  fake:\n    auth:\n      auth_url: ${cloud.authUrl}\n      username: admin\n      password: ${PASSWORD}\n      project_name: admin\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n`,
  );
});
afterAll(async () => {
  await cloud.close();
  rmSync(dir, { recursive: true, force: true });
});

async function trace(...args: string[]): Promise<number> {
  const saved = { ...process.env };
  try {
    for (const k of Object.keys(process.env)) if (k.startsWith('OS_')) delete process.env[k];
    process.env.OS_CLIENT_CONFIG_FILE = join(dir, 'clouds.yaml');
    return await runCli(['node', 'netxray', 'trace', ...args]);
  } finally {
    process.env = saved;
  }
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as TraceReport;
/** A report without what differs between two runs of the same analysis. */
const stable = (r: TraceReport) => ({ ...r, collectedAt: '' });

describe('trace of a port that belongs to no instance', () => {
  it('live by UUID: traced as a one-interface "instance" of kind port; --from its saved snapshot gives the same report', async () => {
    const live = join(dir, 'gw-live.json');
    const snap = join(dir, 'gw.snapshot.json');
    const code = await trace(String(gateway.id), '--os-cloud', 'fake', '--no-hosts', '-q', '--save', snap, '-f', 'json', '-o', live);
    expect(code, stderr.text()).toBe(4); // 4 "could not be verified": --no-hosts reads no host (not 2 "no instance")
    const report = read(live);
    expect(report.instance).toMatchObject({ kind: 'port', id: gateway.id, host: gateway['binding:host_id'] });
    expect(report.interfaces.map((i) => [i.port.id, i.network.id])).toEqual([[gateway.id, gateway.network_id]]);
    // the port was found with Nova asked first (by id, then by name), then Neutron by id
    expect(cloud.requests.some((r) => r.startsWith(`GET /compute/v2.1/servers/${String(gateway.id)}`))).toBe(true);
    expect(cloud.requests.some((r) => r.startsWith(`GET /network/v2.0/ports/${String(gateway.id)}`))).toBe(true);
    const offline = join(dir, 'gw-offline.json');
    expect(await trace(String(gateway.id), '--from', snap, '-f', 'json', '-o', offline)).toBe(code);
    expect(stable(read(offline))).toEqual(stable(report));
  });

  it('live by name (Neutron\'s exact name filter), same subject as the snapshot rule picks', async () => {
    const live = join(dir, 'dhcp-live.json');
    await trace('dhcp-of-private', '--os-cloud', 'fake', '--no-hosts', '-q', '-f', 'json', '-o', live);
    expect(read(live).instance).toMatchObject({ kind: 'port', id: dhcp.id, name: 'dhcp-of-private' });
    expect(chooseTraceSubject('dhcp-of-private', api.servers, api.ports, 'in the snapshot')).toEqual({ kind: 'port', port: dhcp });
  });

  it("the hosts to read for a port traced alone: its own binding host, as the port's 'instance' host", () => {
    const hosts = involvedHosts(recorded.api, String(gateway.id));
    expect(hosts.find((h) => h.host === gateway['binding:host_id'])?.roles).toContain('instance');
  });

  it('an instance still wins over a port, by name and by UUID', async () => {
    const live = join(dir, 'vm1-live.json');
    await trace('vm1', '--os-cloud', 'fake', '--no-hosts', '-q', '-f', 'json', '-o', live);
    expect(read(live).instance).toMatchObject({ kind: 'server', id: vm1.id });
    expect(chooseTraceSubject(String(vm1.id), api.servers, api.ports, '')).toEqual({ kind: 'server', server: vm1 });
  });

  it('nothing of that name or id: exit 2 and one line naming both kinds', async () => {
    const before = stderr.text().length;
    expect(await trace('no-such-thing', '--os-cloud', 'fake', '--no-hosts', '-q')).toBe(2);
    expect(stderr.text().slice(before).trim()).toBe('netxray: no instance or port named or with id "no-such-thing" in any project');
  });
});

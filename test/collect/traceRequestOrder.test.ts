// The trace's API requests start as soon as what they need is known (src/collect/openstack/collectCloud.ts), against
// test/scan/_fakeCloud.ts serving the lab recording of vm1. Each test holds one answer until the request that must not
// wait for it has arrived (or the reveal has happened): a collection that still waited would never finish, and the
// test fails on its timeout. The fake stands in for the lab because the lab's answers cannot be held on demand.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { collectCloudForTrace } from '../../src/collect/openstack/collectCloud.js';
import { validateCloud } from '../../src/collect/openstack/credentials.js';
import { HttpClient } from '../../src/collect/openstack/http.js';
import { KeystoneSession } from '../../src/collect/openstack/keystone.js';
import { OpenStackApi } from '../../src/collect/openstack/openstackApi.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { startFakeCloud, type FakeCloud, type FakeCloudOptions } from '../scan/_fakeCloud.js';

const recording = JSON.parse(readFileSync(new URL('../trace/fixtures/netxray-trace-save-vm1.snapshot.json', import.meta.url), 'utf8')) as CloudSnapshot;
const vm1 = recording.api.servers[0];
const PASSWORD = 'fake-cloud-password';
const TIMEOUT_MS = 60_000;

let cloud: FakeCloud | undefined;
let http: HttpClient | undefined;
afterEach(async () => {
  http?.close();
  await cloud?.close();
  cloud = http = undefined;
});

/** A gate the fake's `hold` waits on, opened by the test. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

async function connect(hold: FakeCloudOptions['hold']): Promise<OpenStackApi> {
  cloud = await startFakeCloud(recording.api, PASSWORD, { hold });
  const { credentials } = validateCloud({ auth: { auth_url: cloud.authUrl, username: 'admin', password: PASSWORD, project_name: 'admin' } }, { sources: [] });
  http = new HttpClient();
  return new OpenStackApi(new KeystoneSession(credentials, http));
}

describe('trace API requests start when what they need is known', () => {
  it('a UUID: the instance ports are asked before Nova has answered the lookup', { timeout: TIMEOUT_MS }, async () => {
    const portsAsked = gate();
    const api = await connect((request) => {
      if (request === `GET /network/v2.0/ports?device_id=${vm1.id}`) portsAsked.open();
      return request.startsWith('GET /compute/v2.1/servers') ? portsAsked.promise : undefined;
    });
    const c = await collectCloudForTrace(api, String(vm1.id));
    expect(c.instanceIds).toEqual([vm1.id]);
    expect(c.api.ports.filter((p) => p.device_id === vm1.id).length).toBe(recording.api.ports.filter((p) => p.device_id === vm1.id).length);
    // Used, not asked twice: one request for the instance's ports.
    expect(cloud!.requests.filter((r) => r.startsWith(`GET /network/v2.0/ports?device_id=${vm1.id}`))).toHaveLength(1);
  });

  it('a name: the external networks are asked beside the lookup, not after it', { timeout: TIMEOUT_MS }, async () => {
    const externalAsked = gate();
    const api = await connect((request) => {
      if (request.startsWith('GET /network/v2.0/networks?router%3Aexternal=true')) externalAsked.open();
      return request.startsWith('GET /compute/v2.1/servers') ? externalAsked.promise : undefined;
    });
    const c = await collectCloudForTrace(api, 'vm1');
    expect(c.api.networks.map((n) => n.name).sort()).toEqual(recording.api.networks.map((n) => n.name).sort());
    expect(c.api.subnets.map((s) => s.id).sort()).toEqual(recording.api.subnets.map((s) => s.id).sort());
  });

  it('the hosts with ports on the networks are revealed before the floating IPs and subnets answer', { timeout: TIMEOUT_MS }, async () => {
    const peersRevealed = gate();
    const api = await connect((request) => (/^GET \/network\/v2\.0\/(floatingips|subnets)\?/.test(request) ? peersRevealed.promise : undefined));
    const revealed: { stage: string; hosts: string[] }[] = [];
    const c = await collectCloudForTrace(api, 'vm1', (partial, _id, stage) => {
      const hosts = [...new Set(partial.ports.map((p) => String(p['binding:host_id'] ?? '')).filter(Boolean))].sort();
      revealed.push({ stage, hosts });
      if (partial.ports.some((p) => p.device_id !== vm1.id)) peersRevealed.open();
    });
    const allHosts = [...new Set(recording.api.ports.map((p) => String(p['binding:host_id'] ?? '')).filter(Boolean))].sort();
    expect(revealed.map((r) => r.stage)).toEqual(['ports', 'ports', 'networks']);
    expect(revealed[1].hosts.length).toBeGreaterThan(revealed[0].hosts.length);
    expect(c.api.floatingIps).toHaveLength(recording.api.floatingIps.length);
    expect(allHosts).toEqual(expect.arrayContaining(revealed[1].hosts));
  });
});

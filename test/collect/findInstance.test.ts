// Instance lookup against a loopback HTTP server that injects what the lab cannot show without being changed:
// duplicate names, regex near-misses, a policy refusing all_tenants.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCloud } from '../../src/collect/openstack/credentials.js';
import { escapeRegex, findInstance } from '../../src/collect/openstack/findInstance.js';
import { HttpClient } from '../../src/collect/openstack/http.js';
import { KeystoneSession } from '../../src/collect/openstack/keystone.js';
import { OpenStackApi } from '../../src/collect/openstack/openstackApi.js';

const SERVERS = [
  { id: '11111111-1111-1111-1111-111111111111', name: 'web', tenant_id: 'p1' },
  { id: '22222222-2222-2222-2222-222222222222', name: 'web', tenant_id: 'p2' },
  { id: '33333333-3333-3333-3333-333333333333', name: 'db', tenant_id: 'p1' },
  { id: '44444444-4444-4444-4444-444444444444', name: 'a.b(1)', tenant_id: 'p1' },
];
let base = '';
let refuseAllTenants = false;
const queries: string[] = [];
const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', base);
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  req.resume();
  req.on('end', () => {
    if (url.pathname === '/v3/auth/tokens') {
      const catalog = [{ type: 'compute', endpoints: [{ interface: 'public', region_id: 'R', url: `${base}/compute/v2.1` }] }];
      return json(201, { token: { expires_at: new Date(Date.now() + 3e6).toISOString(), roles: [{ name: 'admin' }], catalog } }, { 'X-Subject-Token': 't' });
    }
    const single = /^\/compute\/v2\.1\/servers\/([^/]+)$/.exec(url.pathname);
    if (single && single[1] !== 'detail') {
      const s = SERVERS.find((x) => x.id === single[1]);
      return s ? json(200, { server: s }) : json(404, { itemNotFound: { message: 'not found' } });
    }
    if (url.pathname === '/compute/v2.1/servers/detail') {
      queries.push(url.search);
      if (refuseAllTenants && url.searchParams.get('all_tenants')) return json(403, { forbidden: { message: 'policy' } });
      // Like Nova: the name filter is a regex search (re.search semantics), so unanchored names over-match.
      const re = new RegExp(url.searchParams.get('name') ?? '');
      return json(200, { servers: SERVERS.filter((s) => re.test(s.name) || re.test(`${s.name}-old`)) });
    }
    json(404, {});
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

function api() {
  const { credentials } = validateCloud({ auth: { auth_url: `${base}/v3`, username: 'u', password: 'p', project_name: 'p' } }, { sources: [] });
  return new OpenStackApi(new KeystoneSession(credentials, new HttpClient()));
}

describe('findInstance', () => {
  it('escapes regex metacharacters and anchors the name', () => {
    expect(escapeRegex('a.b(1)')).toBe('a\\.b\\(1\\)');
  });

  it('exact name among regex matches; UUID directly; a name that looks like nothing → not-found', async () => {
    const a = api();
    expect((await findInstance(a, 'db', true)).id).toBe(SERVERS[2].id);
    expect((await findInstance(a, 'a.b(1)', true)).id).toBe(SERVERS[3].id);
    const q = new URLSearchParams(queries.at(-1));
    expect([q.get('name'), q.get('all_tenants')]).toEqual(['^a\\.b\\(1\\)$', '1']);
    expect((await findInstance(a, SERVERS[0].id, true)).name).toBe('web');
    await expect(findInstance(a, 'd', true)).rejects.toThrow(/no instance named or with id "d" in any project/);
    a.session.http.close();
  });

  it('two instances with one name → ambiguity listing ids and projects', async () => {
    const a = api();
    await expect(findInstance(a, 'web', true)).rejects.toThrow(
      `"web" names 2 instances: ${SERVERS[0].id} (project p1), ${SERVERS[1].id} (project p2); give the UUID`,
    );
    a.session.http.close();
  });

  it('all_tenants refused by policy → searches the token project instead', async () => {
    refuseAllTenants = true;
    const a = api();
    expect((await findInstance(a, 'db', true)).id).toBe(SERVERS[2].id);
    expect(queries.slice(-2).map((q) => q.includes('all_tenants'))).toEqual([true, false]);
    refuseAllTenants = false;
    a.session.http.close();
  });
});

// Keystone session and API lists against a tiny real HTTP server on 127.0.0.1: a fault injector (token expiry,
// pagination, silence, refused connections), not a model of OpenStack.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCloud } from '../../src/collect/openstack/credentials.js';
import { HttpClient } from '../../src/collect/openstack/http.js';
import { KeystoneSession, tokenRequestBody } from '../../src/collect/openstack/keystone.js';
import { OpenStackApi, nextLink } from '../../src/collect/openstack/openstackApi.js';

let server: http.Server;
let base = '';
let tokensIssued = 0;
let revoked = new Set<string>();
const seen: string[] = [];
const perSocket = new WeakMap<object, number>();

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      if (url.pathname !== '/net/v2.0/flaky') perSocket.set(req.socket, 99);
      seen.push(`${req.method} ${url.pathname}${url.search}`);
      if (url.pathname === '/identity/v3/auth/tokens') {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { auth: { identity: { password: { user: { password: string } } } } };
        if (body.auth.identity.password.user.password !== 'right') return send(res, 401, { error: { message: 'The request you have made requires authentication.' } });
        tokensIssued += 1;
        const catalog = [
          { type: 'network', endpoints: [{ interface: 'public', region_id: 'R1', url: `${base}/net` }, { interface: 'internal', region_id: 'R1', url: 'http://10.0.0.1:9696' }] },
          { type: 'compute', endpoints: [{ interface: 'public', region_id: 'R2', url: `${base}/compute/v2.1` }] },
        ];
        return send(res, 201, { token: { expires_at: new Date(Date.now() + 3_600_000).toISOString(), roles: [{ name: 'admin' }], project: { id: 'p', name: 'p' }, user: { id: 'u', name: 'u' }, catalog } }, { 'X-Subject-Token': `tok-${tokensIssued}` });
      }
      const token = String(req.headers['x-auth-token']);
      if (revoked.has(token)) return send(res, 401, { error: { message: 'token expired' } });
      if (url.pathname === '/net/v2.0/ports') {
        const marker = url.searchParams.get('marker');
        const page = marker ? Number(marker) : 0;
        const ports = [{ id: `port-${page}` }];
        const links = page < 2 ? [{ rel: 'next', href: `${base}/net/v2.0/ports?limit=1&marker=${page + 1}` }] : [{ rel: 'previous', href: 'x' }];
        return send(res, 200, { ports, ports_links: links });
      }
      if (url.pathname === '/net/v2.0/silent') return; // never answers
      if (url.pathname === '/net/v2.0/flaky') {
        // Like a server closing an idle kept-alive connection just as the client reuses it.
        const n = (perSocket.get(req.socket) ?? 0) + 1;
        perSocket.set(req.socket, n);
        if (n > 1) return req.socket.destroy();
        return send(res, 200, { ports: [{ id: 'fresh' }] });
      }
      if (url.pathname === '/net/v2.0/stalls') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
        res.write('{"ports": [');
        return; // headers and half a body, then nothing
      }
      send(res, 404, { NeutronError: { message: 'nope' } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function session(password = 'right', http = new HttpClient()) {
  const { credentials } = validateCloud(
    { auth: { auth_url: `${base}/identity`, username: 'u', password, project_name: 'p' }, region_name: 'R1' },
    { sources: ['test'] },
  );
  return new KeystoneSession(credentials, http);
}

describe('keystone session and lists', () => {
  it('token body: password with project scope; application credential by id has no scope', () => {
    const { credentials } = validateCloud({ auth: { auth_url: 'http://k/v3', user_id: 'uid', password: 'x', project_id: 'pid' } }, { sources: [] });
    expect(tokenRequestBody(credentials)).toEqual({ auth: { identity: { methods: ['password'], password: { user: { id: 'uid', password: 'x' } } }, scope: { project: { id: 'pid' } } } });
    const app = validateCloud({ auth_type: 'v3applicationcredential', auth: { auth_url: 'http://k/v3', application_credential_id: 'a', application_credential_secret: 's' } }, { sources: [] });
    expect(tokenRequestBody(app.credentials)).toEqual({ auth: { identity: { methods: ['application_credential'], application_credential: { id: 'a', secret: 's' } } } });
  });

  it('reuses one token, follows next links across pages, picks the endpoint by interface and region', async () => {
    const s = session();
    const api = new OpenStackApi(s);
    const before = tokensIssued;
    const ports = await api.list('network', '/ports?limit=1', 'ports');
    expect(ports.map((p) => p.id)).toEqual(['port-0', 'port-1', 'port-2']);
    expect(tokensIssued - before).toBe(1);
    expect(s.http.requests).toBe(4); // token + 3 pages
    expect(nextLink({ ports_links: [{ rel: 'previous', href: 'a' }] }, 'ports')).toBeUndefined();
    await expect(s.endpoint('compute')).rejects.toThrow(/no public "compute" endpoint in region R1 \(regions with one: R2/);
    s.http.close();
  });

  it('renews the token once on a 401 and retries the request', async () => {
    const s = session();
    const api = new OpenStackApi(s);
    await api.list('network', '/ports?marker=2', 'ports');
    const first = (await s.currentToken()).value;
    revoked.add(first);
    const ports = await api.list('network', '/ports?marker=2', 'ports');
    expect(ports).toHaveLength(1);
    expect((await s.currentToken()).value).not.toBe(first);
    revoked = new Set();
    s.http.close();
  });

  it('a kept-alive connection closed by the server is retried once on a new one', async () => {
    const s = session();
    const api = new OpenStackApi(s);
    await api.list('network', '/ports?marker=2', 'ports'); // token + one GET: the socket is now kept alive
    const before = s.http.requests;
    expect(await api.list('network', '/flaky', 'ports')).toEqual([{ id: 'fresh' }]);
    expect(s.http.requests - before).toBe(2); // the lost attempt counts too
    s.http.close();
  });

  it('wrong password → auth error naming the user, not the password', async () => {
    const err = (await session('Wrong-Pw-99').currentToken().catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('auth');
    expect(err.message).toMatch(/refused the credentials of user "u" in project "p" \(HTTP 401\)/);
    expect(err.message).not.toContain('Wrong-Pw-99');
  });

  it('a silent server times out within the limit; a closed port says connection refused with the URL', async () => {
    // The 0.3 s limit is the silent request's only: the token request keeps the default, which a loaded machine
    // cannot exceed on loopback (with 0.3 s for both, the token request itself timed out under two busy loops).
    const s = session();
    const api = new OpenStackApi(s);
    const silent = (path: string) => api.base('network').then((base) => s.http.request(`${base}${path}`, { timeoutMs: 300 }));
    const t0 = Date.now();
    await expect(silent('/silent')).rejects.toThrow(/GET http:\/\/127\.0\.0\.1:\d+\/net\/v2\.0\/silent: no answer within 0\.3 s \(timeout\)/);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const t1 = Date.now();
    await expect(silent('/stalls')).rejects.toThrow(/stalls: no answer within 0\.3 s \(timeout\)/);
    expect(Date.now() - t1).toBeLessThan(10_000);
    s.http.close();
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    const { credentials } = validateCloud({ auth: { auth_url: `http://127.0.0.1:${port}/v3`, username: 'u', password: 'x', project_name: 'p' } }, { sources: [] });
    await expect(new KeystoneSession(credentials, new HttpClient()).currentToken()).rejects.toThrow(`POST http://127.0.0.1:${port}/v3/auth/tokens: connection refused`);
  });
});

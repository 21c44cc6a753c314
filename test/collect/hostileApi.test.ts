// A hostile or broken OpenStack API on 127.0.0.1 (a real HTTP server started here, a fault injector, not a model of
// OpenStack): next links to other servers, endless paging, huge answers and odd JSON shapes give one-line errors.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateCloud } from '../../src/collect/openstack/credentials.js';
import { HttpClient } from '../../src/collect/openstack/http.js';
import { KeystoneSession } from '../../src/collect/openstack/keystone.js';
import { OpenStackApi, type OpenStackApiOptions } from '../../src/collect/openstack/openstackApi.js';
import { NetxrayError } from '../../src/errors.js';

let api: http.Server;
let elsewhere: http.Server;
let base = '';
let elsewhereBase = '';
/** Tokens that reached the other server: must stay empty. */
const tokensElsewhere: string[] = [];
let catalog: unknown = [];

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body);
}

const listen = async (server: http.Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  elsewhere = http.createServer((req, res) => {
    tokensElsewhere.push(String(req.headers['x-auth-token']));
    send(res, 200, JSON.stringify({ ports: [{ id: 'stolen' }] }));
  });
  elsewhereBase = await listen(elsewhere);
  api = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const page = Number(url.searchParams.get('marker') ?? 0);
      const next = (href: string) => JSON.stringify({ ports: [{ id: `port-${page}` }], ports_links: [{ rel: 'next', href }] });
      switch (url.pathname) {
        case '/identity/v3/auth/tokens':
          return send(res, 201, JSON.stringify({ token: { expires_at: new Date(Date.now() + 3_600_000).toISOString(), roles: [], catalog } }), { 'X-Subject-Token': 'secret-token' });
        case '/net/v2.0/offsite':
          return send(res, 200, next(`${elsewhereBase}/net/v2.0/offsite?marker=1`));
        case '/net/v2.0/https':
          return send(res, 200, next(`${base.replace('http:', 'https:')}/net/v2.0/https?marker=1`));
        case '/net/v2.0/relative':
          return send(res, 200, page < 1 ? next('/net/v2.0/relative?marker=1') : JSON.stringify({ ports: [{ id: 'port-1' }] }));
        case '/net/v2.0/endless':
          return send(res, 200, next(`${base}/net/v2.0/endless?marker=${page + 1}`));
        case '/net/v2.0/huge':
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.write('{"ports": ["');
          for (let i = 0; i < 64; i++) res.write('x'.repeat(32 * 1024));
          return res.end('"]}');
        case '/net/v2.0/null-body':
          return send(res, 200, 'null');
        case '/net/v2.0/null-items':
          return send(res, 200, '{"ports": [null, {"id": "p"}]}');
        case '/net/v2.0/array-body':
          return send(res, 200, '[]');
        default:
          return send(res, 404, '{}');
      }
    });
  });
  base = await listen(api);
});
afterAll(() => {
  for (const s of [api, elsewhere]) {
    s.closeAllConnections();
    s.close();
  }
});

const goodCatalog = () => [{ type: 'network', endpoints: [{ interface: 'public', url: `${base}/net` }] }];

function openApi(options: OpenStackApiOptions = {}, httpOptions: ConstructorParameters<typeof HttpClient>[0] = {}) {
  const { credentials } = validateCloud({ auth: { auth_url: `${base}/identity`, username: 'u', password: 'pw', project_name: 'p' } }, { sources: ['test'] });
  const client = new HttpClient(httpOptions);
  return { api: new OpenStackApi(new KeystoneSession(credentials, client), options), close: () => client.close() };
}

/** The one-line error a call fails with (never a TypeError or a stack trace). */
async function oneLine(p: Promise<unknown>): Promise<string> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(NetxrayError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('paging', () => {
  it('a next link to another server is not followed and the token never goes there', async () => {
    catalog = goodCatalog();
    const { api: a, close } = openApi();
    expect(await oneLine(a.list('network', '/offsite', 'ports'))).toBe(`ports: the next link points to http://${new URL(elsewhereBase).host}, not the endpoint's ${base}; not followed (the token is sent only to the endpoint)`);
    expect(await oneLine(a.list('network', '/https', 'ports'))).toMatch(/^ports: the next link points to https:\/\/127\.0\.0\.1:\d+, not the endpoint's http:/);
    expect(tokensElsewhere).toEqual([]);
    // A relative link on the same server is followed.
    expect((await a.list('network', '/relative', 'ports')).map((p) => p.id)).toEqual(['port-0', 'port-1']);
    close();
  });

  it('endless paging stops at the page cap with a message that says so, and at the paging deadline', async () => {
    catalog = goodCatalog();
    const capped = openApi({ maxPages: 5 });
    expect(await oneLine(capped.api.list('network', '/endless', 'ports'))).toBe('ports: pagination does not end (more than 5 pages)');
    capped.close();
    const timed = openApi({ pagingDeadlineMs: 0 });
    expect(await oneLine(timed.api.list('network', '/endless', 'ports'))).toMatch(/^ports: pagination did not end within 0 s \(\d+ pages read\)$/);
    timed.close();
  });
});

describe('answers', () => {
  it('an answer above the size limit is refused with one line', async () => {
    catalog = goodCatalog();
    const { api: a, close } = openApi({}, { maxAnswerBytes: 1024 * 1024 });
    expect(await oneLine(a.list('network', '/huge', 'ports'))).toBe(`GET ${base}/net/v2.0/huge: answer larger than 1 MB; not read`);
    close();
  });

  it('a null body, null items or a list where an object belongs: one line each', async () => {
    catalog = goodCatalog();
    const { api: a, close } = openApi();
    expect(await oneLine(a.list('network', '/null-body', 'ports'))).toBe(`${base}/net/v2.0/null-body: answer has no "ports" list`);
    expect(await oneLine(a.list('network', '/null-items', 'ports'))).toBe(`${base}/net/v2.0/null-items: the "ports" list holds an item that is not an object`);
    expect(await oneLine(a.get('network', '/array-body'))).toBe(`${base}/net/v2.0/array-body: answer is not a JSON object`);
    close();
  });

  it('a catalog with null services, null endpoints or a URL that is not a string: the endpoint is missing, one line', async () => {
    catalog = [null, { type: 'network', endpoints: null }, { type: 'network', endpoints: [null, { interface: 'public', url: 42 }] }, { type: 'compute', endpoints: [{ interface: 'public', url: `${base}/compute` }] }];
    const { api: a, close } = openApi();
    expect(await oneLine(a.list('network', '/ports', 'ports'))).toMatch(/^no public "network" endpoint \(regions with one: none/);
    close();
  });
});

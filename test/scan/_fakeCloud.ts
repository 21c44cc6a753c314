// Test helper: a tiny Keystone + Nova + Neutron on 127.0.0.1 answering GETs from a recorded snapshot's API objects,
// in pages of PAGE_SIZE with `*_links` rel=next (so pagination is followed), with Nova/Neutron's list filters (Nova's
// `name` is a regex search, Neutron's an exact match), single objects by id (404 when unknown) and the router/network
// agent scheduling lists. It stands in for the real APIs where a test needs answers the lab cannot be made to give.
// It also leaks the password and the issued token into API fields, the way a careless description would: the
// collector must redact both.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiObject, CloudSnapshot } from '../../src/model/cloudSnapshot.js';

export const PAGE_SIZE = 3;

export interface FakeCloud {
  authUrl: string;
  /** Tokens issued so far. */
  tokens: string[];
  /** Every request, `METHOD path?query`. */
  requests: string[];
  close(): Promise<void>;
}

const LISTS: Record<string, { key: string; field: keyof CloudSnapshot['api'] }> = {
  '/compute/v2.1/servers/detail': { key: 'servers', field: 'servers' },
  '/network/v2.0/ports': { key: 'ports', field: 'ports' },
  '/network/v2.0/networks': { key: 'networks', field: 'networks' },
  '/network/v2.0/subnets': { key: 'subnets', field: 'subnets' },
  '/network/v2.0/floatingips': { key: 'floatingips', field: 'floatingIps' },
  '/network/v2.0/routers': { key: 'routers', field: 'routers' },
  '/network/v2.0/security-groups': { key: 'security_groups', field: 'securityGroups' },
  '/network/v2.0/agents': { key: 'agents', field: 'agents' },
};

/** Query filters as the APIs apply them (`id=a&id=b` is "any of"); Nova's `host` is OS-EXT-SRV-ATTR:host. */
function matches(o: ApiObject, query: URLSearchParams, nova: boolean): boolean {
  for (const key of new Set(query.keys())) {
    if (['all_tenants', 'limit', 'marker'].includes(key)) continue;
    // nova/db/main/api.py _regex_instance_filter: the name filter is a regular expression search
    if (nova && key === 'name') {
      if (!new RegExp(query.get(key) ?? '').test(String(o.name))) return false;
      continue;
    }
    const field = key === 'host' ? 'OS-EXT-SRV-ATTR:host' : key === 'project_id' && !('project_id' in o) ? 'tenant_id' : key;
    if (!query.getAll(key).includes(String(o[field]))) return false;
  }
  return true;
}

export interface FakeCloudOptions {
  /** Called with each request (`METHOD path?query`) before it is answered: the answer waits for the promise it returns. */
  hold?: (request: string) => Promise<void> | undefined;
}

export async function startFakeCloud(api: CloudSnapshot['api'], password: string, options: FakeCloudOptions = {}): Promise<FakeCloud> {
  const tokens: string[] = [];
  const requests: string[] = [];
  let base = '';
  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const request = `${req.method} ${url.pathname}${url.search}`;
      requests.push(request);
      const held = options.hold?.(request);
      if (held) void held.then(() => answer(url));
      else answer(url);
    });
    const answer = (url: URL) => {
      if (url.pathname === '/identity/v3/auth/tokens' && req.method === 'POST') {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { auth: { identity: { password?: { user: { password: string } } } } };
        if (body.auth.identity.password?.user.password !== password) return send(res, 401, { error: { message: 'The request you have made requires authentication.' } });
        const token = `gAAAAAfake-${tokens.length}-${'t0k3n'.repeat(8)}`;
        tokens.push(token);
        const catalog = [
          { type: 'compute', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: `${base}/compute/v2.1` }] },
          { type: 'network', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: `${base}/network` }] },
        ];
        return send(res, 201, { token: { expires_at: new Date(Date.now() + 3_600_000).toISOString(), roles: [{ name: 'admin' }], project: { id: 'p-admin', name: 'admin' }, user: { id: 'u-admin', name: 'admin' }, catalog } }, { 'X-Subject-Token': token });
      }
      const token = String(req.headers['x-auth-token']);
      if (!tokens.includes(token)) return send(res, 401, { error: { message: 'bad token' } });
      const one = /^\/(?:compute\/v2\.1\/servers|network\/v2\.0\/ports)\/([^/]+)$/.exec(url.pathname);
      if (one && one[1] !== 'detail') {
        const [field, key] = url.pathname.startsWith('/compute') ? (['servers', 'server'] as const) : (['ports', 'port'] as const);
        const found = api[field].find((o) => o.id === one[1]);
        return found ? send(res, 200, { [key]: found }) : send(res, 404, { itemNotFound: { message: `${key} ${one[1]} could not be found` } });
      }
      const scheduled = /^\/network\/v2\.0\/(routers|networks)\/([^/]+)\/(l3-agents|dhcp-agents)$/.exec(url.pathname);
      if (scheduled) {
        const ids = (scheduled[1] === 'routers' ? api.routerL3Agents : api.networkDhcpAgents)?.[scheduled[2]] ?? [];
        return send(res, 200, { agents: api.agents.filter((a) => ids.includes(String(a.id))) });
      }
      const list = LISTS[url.pathname];
      if (!list) return send(res, 404, { NeutronError: { message: `no ${url.pathname}` } });
      const all = api[list.field] as ApiObject[];
      const chosen = all.filter((o) => matches(o, url.searchParams, url.pathname.startsWith('/compute')));
      const start = Number(url.searchParams.get('marker') ?? 0);
      const page = chosen.slice(start, start + PAGE_SIZE).map((o, i) =>
        // The leak: a description holding the password and the caller's token (first object of each list only).
        start === 0 && i === 0 ? { ...o, description: `set up with password ${password}, token ${token}` } : o,
      );
      const next = new URLSearchParams(url.searchParams);
      next.set('marker', String(start + PAGE_SIZE));
      const links = start + PAGE_SIZE < chosen.length ? [{ rel: 'next', href: `${base}${url.pathname}?${next.toString()}` }] : [];
      return send(res, 200, { [list.key]: page, [`${list.key}_links`]: links });
    };
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authUrl: `${base}/identity/v3`,
    tokens,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

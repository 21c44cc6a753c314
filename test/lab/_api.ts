// The lab's OpenStack APIs asked directly with curl, on one Keystone token per test process: the same answers
// `openstack … -f json` shows (the APIs' own field names), without the CLI's ~1.2 s of Python start-up and the
// fresh token it takes on every call. The token and the password go to curl on stdin (a -K config), never on
// its command line.
import { spawnSync } from 'node:child_process';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
/** The service types of the lab's catalog the tests read. */
export type Service = 'compute' | 'network' | 'identity';

// neutron's and keystone's catalog URLs may lack the API version (openstacksdk adds it); nova's has its own
const VERSION: Record<Service, string> = { compute: '', network: '/v2.0', identity: '/v3' };

interface Session { token: string; endpoints: Map<string, string> }

/** A value inside a double-quoted curl config string (curl(1) "-K": \\ and \" are escaped). */
const quoted = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** One request: curl's config on stdin; the body, then the status and the X-Subject-Token on their own last lines. */
function curl(config: string[]): { status: number; body: string; subjectToken: string } {
  const r = spawnSync('curl', ['-sS', '-K', '-', '-w', '\n%{http_code}\n%header{x-subject-token}'], {
    input: [...config, 'max-time = 60', ''].join('\n'),
    encoding: 'utf8',
    timeout: 90_000,
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`curl failed (exit ${r.status}): ${r.stderr}`);
  const lines = r.stdout.split('\n');
  const subjectToken = lines.pop() ?? '';
  const status = Number(lines.pop());
  return { status, body: lines.join('\n'), subjectToken };
}

/** A client of the lab's APIs with the credentials of `env` (OS_* of the lab's admin-openrc), authenticated once. */
export function labApiClient(env: () => NodeJS.ProcessEnv) {
  let session: Session | undefined;

  // Keystone v3 password auth scoped to the project, as keystoneauth does it for these OS_* variables.
  function authenticate(): Session {
    const e = env();
    if (!e.OS_AUTH_URL) throw new Error('no OS_AUTH_URL: is the lab up (admin-openrc)?');
    const body = {
      auth: {
        identity: { methods: ['password'], password: { user: { name: e.OS_USERNAME, domain: { name: e.OS_USER_DOMAIN_NAME }, password: e.OS_PASSWORD } } },
        scope: { project: { name: e.OS_PROJECT_NAME, domain: { name: e.OS_PROJECT_DOMAIN_NAME } } },
      },
    };
    const r = curl([`url = ${quoted(`${e.OS_AUTH_URL.replace(/\/$/, '')}/auth/tokens`)}`, 'header = "Content-Type: application/json"', `data-binary = ${quoted(JSON.stringify(body))}`]);
    if (r.status !== 201 || !r.subjectToken) throw new Error(`Keystone refused the lab's credentials: HTTP ${r.status} ${r.body.slice(0, 300)}`);
    const iface = e.OS_INTERFACE ?? 'public';
    const endpoints = new Map<string, string>();
    for (const service of (JSON.parse(r.body) as Json).token.catalog as Json[]) {
      const ep = (service.endpoints as Json[]).find((x) => x.interface === iface && (!e.OS_REGION_NAME || x.region === e.OS_REGION_NAME));
      if (ep) endpoints.set(service.type as string, String(ep.url).replace(/\/$/, ''));
    }
    return { token: r.subjectToken, endpoints };
  }

  /** GET a path of a service (query values URL-encoded here) and its JSON; a refused token is renewed once. */
  return function get<T = Json>(service: Service, path: string, query: Record<string, string> = {}): T {
    for (let attempt = 0; ; attempt++) {
      session ??= authenticate();
      const base = session.endpoints.get(service);
      if (!base) throw new Error(`the lab's catalog has no ${service} endpoint`);
      const url = `${base}${VERSION[service] && !base.endsWith(VERSION[service]) ? VERSION[service] : ''}${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;
      const r = curl([`url = ${quoted(url)}`, `header = ${quoted(`X-Auth-Token: ${session.token}`)}`, 'header = "Accept: application/json"']);
      if (r.status === 401 && attempt === 0) {
        session = undefined;
        continue;
      }
      if (r.status < 200 || r.status > 299) throw new Error(`GET ${url} -> HTTP ${r.status}: ${r.body.slice(0, 300)}`);
      return JSON.parse(r.body) as T;
    }
  };
}

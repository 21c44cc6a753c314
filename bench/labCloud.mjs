// What the lab benchmarks share: the running lab's environment (env.sh), its size, and timing a netxray process.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { netxrayCommand } from './netxrayBin.mjs';
import { measure } from './timing.mjs';

export const LAB_ENV = join(process.env.LAB_DIR ?? '/tmp/netxray-lab', 'env.sh');

/** The ML2/OVN lab's env.sh (LAB_BACKEND=ovn npm run lab:up). */
export const OVN_LAB_ENV = join(process.env.NETXRAY_OVN_LAB_DIR ?? '/tmp/netxray-ovnlab', 'env.sh');

/** The lab's variables (OS_*, NETXRAY_LAB_*), or a reason why there are none; `envFile`: another lab's env.sh. */
export function labEnvironment(envFile = LAB_ENV) {
  if (!existsSync(envFile)) return { why: `no lab (${envFile} missing): sudo npm run lab:up` };
  const dump = spawnSync('bash', ['-c', `. ${JSON.stringify(envFile)} >/dev/null 2>&1 && env -0`], { encoding: 'utf8' });
  if (dump.status !== 0) return { why: `cannot source ${envFile}` };
  return { env: Object.fromEntries(dump.stdout.split('\0').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])) };
}

/** The lab's variables for a benchmark, or a one-line SKIP and exit 0 when there is no lab. */
export function labEnvironmentOrSkip(bench, envFile = LAB_ENV) {
  const lab = labEnvironment(envFile);
  if (lab.env) return lab.env;
  console.log(`SKIP ${bench} bench: ${lab.why}`);
  process.exit(0);
}

/** Counts of the cloud's objects, asked directly of Keystone, Nova and Neutron (not counted in any figure). */
export async function cloudSize(env) {
  const res = await fetch(`${env.OS_AUTH_URL.replace(/\/+$/, '')}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: env.OS_USERNAME, domain: { name: env.OS_USER_DOMAIN_NAME ?? 'Default' }, password: env.OS_PASSWORD } } }, scope: { project: { name: env.OS_PROJECT_NAME, domain: { name: env.OS_PROJECT_DOMAIN_NAME ?? 'Default' } } } } }),
    signal: AbortSignal.timeout(15_000),
  });
  if (res.status !== 201) throw new Error(`Keystone answered HTTP ${res.status}`);
  const body = await res.json();
  const token = res.headers.get('x-subject-token');
  const endpoint = (type) => body.token.catalog.find((s) => s.type === type).endpoints.find((e) => e.interface === 'public').url.replace(/\/+$/, '');
  const get = async (url) => (await fetch(url, { headers: { 'X-Auth-Token': token }, signal: AbortSignal.timeout(60_000) })).json();
  const list = async (what) => (await get(`${endpoint('network')}/v2.0/${what}?fields=id`))[what].length;
  const servers = (await get(`${endpoint('compute')}/servers?all_tenants=1`)).servers;
  return { ports: await list('ports'), networks: await list('networks'), servers: servers.map((s) => s.name) };
}

/** A netxray process (`cli` and its arguments) under GNU time with these variables; exit status 1 (findings) counts as success. */
export function measureNetxray([cli, ...args], env = process.env) {
  return measure(...netxrayCommand(cli, args), { env, okStatuses: [0, 1] });
}

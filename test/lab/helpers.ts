// Helpers of the lab integration tests (test/lab/*.test.ts). They drive the real lab started by
// `npm run lab:up` (lab/up.sh) with the real tools: the openstack CLI, ssh with the lab's
// ssh_config, ovs-vsctl/ovs-ofctl on the nodes, ip/iptables.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { labApiClient } from './_api.js';

/** JSON from the CLI and the APIs: loosely typed on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const LAB_DIR = process.env.LAB_DIR ?? '/tmp/netxray-lab';
export const LAB_HOME = resolve(import.meta.dirname, '../../lab');
export const SSH_CONFIG = join(LAB_DIR, 'etc/ssh/ssh_config');
export const NODE1 = 'nxlab-node1';
export const NODE2 = 'nxlab-node2';

const optedIn = process.env.NETXRAY_LAB === '1';
// NETXRAY_SKIP_LAB=1 (scripts/test.sh) leaves a lab that is up alone as well.
const leftOut = process.env.NETXRAY_SKIP_LAB === '1';
const running = !leftOut && existsSync(join(LAB_DIR, 'admin-openrc')) && existsSync(join(LAB_DIR, 'run/tag'));

/** Read-only checks run when NETXRAY_LAB=1 or when a lab is up at LAB_DIR. */
export const skipReadOnly = !(optedIn || running);
/** Tests that change the lab (faults, teardown) need the explicit NETXRAY_LAB=1. */
export const skipMutating = !optedIn;
const noLab = `(skipped: no lab at ${LAB_DIR}; start one with 'npm run lab:up' as root, CI sets NETXRAY_LAB=1)`;
export const readOnlyReason = skipReadOnly ? noLab : '';
export const skipReason = skipMutating ? `(skipped: changes the lab, needs NETXRAY_LAB=1 and a running lab)` : '';

/** The admin OS_* environment of the lab at labDir (from labDir/admin-openrc). */
export function labEnv(labDir = LAB_DIR): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LAB_DIR: labDir };
  const rc = join(labDir, 'admin-openrc');
  if (existsSync(rc)) {
    for (const m of readFileSync(rc, 'utf8').matchAll(/^export (OS_[A-Z_]+)=(.*)$/gm)) env[m[1]] = m[2];
  }
  env.PATH = `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
  return env;
}

export function run(
  cmd: string,
  args: string[],
  opts: { allowFail?: boolean; timeout?: number; env?: NodeJS.ProcessEnv } = {},
) {
  const r = spawnSync(cmd, args, { env: opts.env ?? labEnv(), encoding: 'utf8', timeout: opts.timeout ?? 300_000 });
  if (!opts.allowFail && r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} -> exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** `openstack ... -f json` parsed. */
export function osc<T = Json[]>(...args: string[]): T {
  return JSON.parse(run('openstack', [...args, '-f', 'json']).stdout) as T;
}

/** Run a shell command on a lab node over SSH (as a troubleshooter would). */
export function ssh(node: string, command: string, allowFail = false) {
  return run('ssh', ['-F', SSH_CONFIG, node, command], { allowFail, timeout: 60_000 });
}

export function fault(...args: string[]) {
  return execFileSync('bash', [join(LAB_HOME, 'fault'), ...args], { env: labEnv(), encoding: 'utf8', timeout: 600_000 });
}

export async function eventually<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  seconds = 60,
): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${seconds}s: ${what}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** GET from the lab's Nova (compute), Neutron (network) or Keystone (identity) API as the lab's admin: its JSON. */
export const api = labApiClient(() => labEnv());

/** The one object of a Neutron collection (networks, routers, ...) with this name. */
export function neutronNamed(collection: string, name: string): Json {
  const found = api<Record<string, Json[]>>('network', `/${collection}`, { name })[collection];
  if (found.length !== 1) throw new Error(`${found.length} ${collection} named ${name}`);
  return found[0];
}
/** The id of the Keystone project with this name. */
export const projectId = (name: string): string => api<{ projects: { id: string }[] }>('identity', '/projects', { name }).projects[0].id;

/** The lab's server named exactly `name` (Nova's name filter is a regular expression), as Nova shows it. */
export function server(name: string): Json {
  return api<{ servers: Json[] }>('compute', '/servers/detail', { all_tenants: '1', name: `^${name}$` }).servers[0];
}
export function serverId(name: string): string {
  return server(name).id as string;
}
/** Neutron's ports with these filters (API field names: device_id, network_id, device_owner, name, ...). */
export const ports = (filters: Record<string, string>): Json[] => api<{ ports: Json[] }>('network', '/ports', filters).ports;
/** The server's ports (on the network of that name), as Neutron shows them. */
export function serverPorts(name: string, network?: string): { id: string; status: string; [field: string]: Json }[] {
  return ports({ device_id: serverId(name), ...(network ? { network_id: neutronNamed('networks', network).id as string } : {}) });
}
/** router1's interface port on the network of that name (`openstack port list --router router1 --network NAME --device-owner network:router_interface`). */
export function routerPortOn(network: string): Json {
  const filters = { device_id: neutronNamed('routers', 'router1').id as string, network_id: neutronNamed('networks', network).id as string, device_owner: 'network:router_interface' };
  return ports(filters)[0];
}
export const tapOf = (portId: string) => `tap${portId.slice(0, 11)}`;
/** firewall_driver the lab was started with (LAB_FIREWALL) */
export const firewall = () =>
  existsSync(join(LAB_DIR, 'run/firewall')) ? readFileSync(join(LAB_DIR, 'run/firewall'), 'utf8').trim() : 'openvswitch';
/** the instance port's device in br-int: tapXXX, or qvoXXX with the iptables_hybrid plug */
export const ovsDevOf = (portId: string) => (firewall() === 'iptables_hybrid' ? 'qvo' : 'tap') + portId.slice(0, 11);

/** OVSDB rows of a table on a node, columns as plain strings (ovs-vsctl --format=json). */
export function ovsRows(node: string, table: string, columns: string[]): Record<string, string>[] {
  const out = ssh(node, `ovs-vsctl --format=json --columns=${columns.join(',')} list ${table}`).stdout;
  const j = JSON.parse(out) as { headings: string[]; data: unknown[][] };
  const plain = (v: unknown): string => {
    if (!Array.isArray(v)) return String(v);
    if (v[0] === 'map') return JSON.stringify(Object.fromEntries(v[1] as [string, string][]));
    if (v[0] === 'set') return (v[1] as unknown[]).map(plain).join(',');
    return String(v[1]);
  };
  return j.data.map((row) => Object.fromEntries(j.headings.map((h, i) => [h, plain(row[i])])));
}

/** Processes still running that belong to the lab at labDir: its path on their command line or its NXLAB_TAG. */
export function labProcesses(labDir: string, tag: string): string[] {
  const out = run('ps', ['-eo', 'pid=,args='], { allowFail: true }).stdout;
  // the lab directory as a whole path: /tmp/netxray-ovnlab must not match another tool's /tmp/netxray-ovnlab-test-XXXX
  const inLabDir = new RegExp(`${labDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=/|\\s|$)`);
  const byPath = out.split('\n').filter((l) => inLabDir.test(l) && !/ps -eo|vitest/.test(l));
  const byTag = run('bash', ['-c', `grep -lsa 'NXLAB_TAG=${tag}' /proc/[0-9]*/environ || true`]).stdout.trim();
  return [...byPath, ...(byTag ? byTag.split('\n') : [])];
}

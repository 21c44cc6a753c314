// Test helper: the recorded ML2/OVN lab (test/fixtures/ovn-lab) served by real ovsdb-servers on unix sockets in a temp
// dir (NB+SB in one, each chassis's Open_vSwitch in its own), and a CloudSnapshot collected from them by the ML2/OVN
// collection plan's own commands (ovn-nbctl/ovn-sbctl/ovs-vsctl, run locally by LocalVisit). Faults are injected into
// the copies with the same real tools (ovn-nbctl, ovn-sbctl, ovs-vsctl) the lab's lab/lib/ovn/fault.sh uses.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ml2OvnCollector } from '../../src/collect/backends/ml2-ovn/index.js';
import { LocalVisit } from '../../src/collect/hosts/localVisit.js';
import type { ApiObject, CloudSnapshot, HostCapture } from '../../src/model/cloudSnapshot.js';
import { SNAPSHOT_SCHEMA, SNAPSHOT_VERSION } from '../../src/model/cloudSnapshot.js';
import { HOST_OUTPUT } from '../../src/model/hostOutputIds.js';

export const OVN_FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'ovn-lab');
export const NODES = { 'nxlab-ovn-node1': 'node1', 'nxlab-ovn-node2': 'node2' } as const;

const apiFile = (name: string, key: string): ApiObject[] => (JSON.parse(readFileSync(join(OVN_FIXTURE, 'api', name), 'utf8')) as Record<string, ApiObject[]>)[key];

/** The recorded API objects (a fresh copy each call: tests may alter them to inject a fault). */
export function recordedApi(): CloudSnapshot['api'] {
  return {
    servers: apiFile('nova-servers.json', 'servers'),
    ports: apiFile('neutron-ports.json', 'ports'),
    networks: apiFile('neutron-networks.json', 'networks'),
    subnets: apiFile('neutron-subnets.json', 'subnets'),
    floatingIps: apiFile('neutron-floatingips.json', 'floatingips'),
    routers: apiFile('neutron-routers.json', 'routers'),
    securityGroups: apiFile('neutron-security-groups.json', 'security_groups'),
    agents: apiFile('neutron-agents.json', 'agents'),
  };
}

export interface OvnLabDbs {
  dir: string;
  nb: string;
  sb: string;
  /** Nova host name → the endpoint of its Open_vSwitch database. */
  ovs: Record<string, string>;
  /** Runs a tool against the copies (for fault injection): `ovn-nbctl`, `ovn-sbctl` or `ovs-vsctl` of a host. */
  nbctl(...args: string[]): string;
  sbctl(...args: string[]): string;
  vsctl(host: string, ...args: string[]): string;
  close(): void;
}

/** Serves copies of the recorded databases; close() stops the servers and removes the temp dir. */
export function serveOvnLab(): OvnLabDbs {
  const dir = mkdtempSync(join(tmpdir(), 'netxray-ovnlab-test-'));
  const pids: string[] = [];
  const serve = (name: string, files: string[]) => {
    const copies = files.map((f, i) => {
      const to = join(dir, `${name}-${i}.db`);
      copyFileSync(join(OVN_FIXTURE, f), to);
      return to;
    });
    const sock = join(dir, `${name}.sock`);
    const pidfile = join(dir, `${name}.pid`);
    // --detach returns once the server listens: no waiting loop needed
    execFileSync('ovsdb-server', ['--detach', '--no-chdir', `--pidfile=${pidfile}`, `--remote=punix:${sock}`, `--log-file=${join(dir, `${name}.log`)}`, `--unixctl=${join(dir, `${name}.ctl`)}`, ...copies]);
    pids.push(readFileSync(pidfile, 'utf8').trim());
    return `unix:${sock}`;
  };
  const ovn = serve('ovn', ['ovn/ovnnb.db', 'ovn/ovnsb.db']);
  const ovs = Object.fromEntries(Object.entries(NODES).map(([host, node]) => [host, serve(node, [`${node}/conf.db`])]));
  const run = (tool: string, db: string, args: string[]) => execFileSync(tool, [`--db=${db}`, ...args], { encoding: 'utf8' });
  return {
    dir,
    nb: ovn,
    sb: ovn,
    ovs,
    nbctl: (...args) => run('ovn-nbctl', ovn, args),
    sbctl: (...args) => run('ovn-sbctl', ovn, args),
    vsctl: (host, ...args) => run('ovs-vsctl', ovs[host], ['--no-wait', ...args]),
    close() {
      for (const pid of pids) {
        try {
          process.kill(Number(pid));
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The snapshot a trace of `instanceRef` collects: the ML2/OVN plan for it, its DB reads run against the served copies
 * (as --ovn-nb/--ovn-sb do), each chassis's ovs-vsctl reads against that chassis's database and its `ip link` from the
 * recording. Chassis listed in `unreachable` are recorded as not answering (as an SSH failure would).
 */
export async function collectFromServedLab(dbs: OvnLabDbs, api: CloudSnapshot['api'], instanceId: string, options: { unreachable?: string[]; scan?: boolean } = {}): Promise<CloudSnapshot> {
  const access = { nb: dbs.nb, sb: dbs.sb };
  const plans = options.scan ? ml2OvnCollector.scanHosts(api, [instanceId], { ovn: access }) : ml2OvnCollector.traceHosts(api, instanceId, { ovn: access });
  const hosts: HostCapture[] = [];
  let hostCommands = 0;
  for (const plan of plans) {
    if (options.unreachable?.includes(plan.host)) {
      hosts.push({ host: plan.host, reachable: false, error: `${plan.host}: connection refused`, roles: plan.roles, outputs: [] });
      continue;
    }
    const node = (NODES as Record<string, string>)[plan.host];
    const commands = plan.commands.map((c) => {
      if (plan.local) return c;
      if (c.argv[0] === 'ovs-vsctl') return { ...c, argv: ['ovs-vsctl', `--db=${dbs.ovs[plan.host]}`, ...c.argv.slice(1)] };
      if (c.id === HOST_OUTPUT.ipLink && node) return { ...c, argv: ['cat', join(OVN_FIXTURE, node, 'ip-link.json')] };
      return { ...c, argv: ['false'] };
    });
    const visit = new LocalVisit(plan.host);
    visit.run(commands.filter((c) => c.argv[0] !== 'false'));
    const r = await visit.finish(commands.map((c) => c.id));
    hostCommands += r.hostCommands;
    hosts.push({ ...r.capture, roles: plan.roles });
  }
  return {
    schema: SNAPSHOT_SCHEMA,
    version: SNAPSHOT_VERSION,
    generator: { name: 'netxray', version: 'test' },
    collectedAt: '2026-12-05T19:09:00Z',
    cloud: { authUrl: 'http://127.0.0.1:5000/v3', admin: true },
    backend: 'ml2-ovn',
    api,
    subject: { kind: options.scan ? 'scan' : 'trace', instanceIds: [instanceId] },
    hosts,
    problems: [],
    cost: { apiRequests: 0, sshConnections: 0, hostCommands, durationMs: 0 },
  };
}

/** The recorded instance id of a name (vm1 … vm4). */
export function serverId(api: CloudSnapshot['api'], name: string): string {
  const s = api.servers.find((x) => x.name === name);
  if (!s) throw new Error(`no ${name} in the recording`);
  return String(s.id);
}

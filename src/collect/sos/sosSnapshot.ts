// `--sos PATH…`: a snapshot whose hosts are sosreports (one per host), with no Neutron API, or joined with an API
// snapshot saved by someone who has API access (`--from`, e.g. `--save --no-hosts`). docs/sos.md.
import { NetxrayError } from '../../errors.js';
import { SNAPSHOT_SCHEMA, SNAPSHOT_VERSION, type CloudSnapshot } from '../../model/cloudSnapshot.js';
import { NETXRAY_VERSION } from '../../version.js';
import { readSosReport } from './sosArchive.js';
import { sosHostOf } from './sosHost.js';

export async function readSosSnapshot(paths: readonly string[], api?: CloudSnapshot): Promise<CloudSnapshot> {
  const started = Date.now();
  const hosts = [];
  for (const path of paths) hosts.push(sosHostOf(await readSosReport(path)));
  const seen = new Map<string, string>();
  for (const h of hosts) {
    const before = seen.get(h.capture.host);
    if (before) throw new NetxrayError('bad-input', `--sos: ${before} and ${h.summary.source} are both from host ${h.capture.host} (give one report per host)`);
    seen.set(h.capture.host, h.summary.source);
  }
  const problems: CloudSnapshot['problems'] = hosts.flatMap((h) => h.summary.problems.map((message) => ({ source: 'host' as const, host: h.capture.host, code: 'sosreport-incomplete', message: `${h.summary.source}: ${message}` })));
  return {
    schema: SNAPSHOT_SCHEMA,
    version: SNAPSHOT_VERSION,
    generator: { name: 'netxray', version: NETXRAY_VERSION },
    collectedAt: api?.collectedAt ?? new Date(started).toISOString(),
    cloud: api?.cloud ?? { authUrl: 'sosreport (no Neutron API)' },
    api: api?.api ?? { servers: [], ports: [], networks: [], subnets: [], floatingIps: [], routers: [], securityGroups: [], agents: [] },
    // The reports are ML2/OVS hosts (their OVSDB and flows): a joined API snapshot may say otherwise, and is then believed.
    backend: api?.backend ?? 'ml2-ovs',
    ...(api?.subject?.kind === 'scan' ? { subject: api.subject } : {}),
    hosts: hosts.map((h) => h.capture),
    offline: { kind: 'sosreport', reports: hosts.map((h) => h.summary), api: api ? 'joined' : 'derived-from-hosts' },
    problems: [...(api?.problems.filter((p) => p.source !== 'ssh' && p.source !== 'host') ?? []), ...problems],
    cost: { apiRequests: 0, sshConnections: 0, hostCommands: 0, durationMs: Date.now() - started },
  };
}

// Collects a CloudSnapshot for `netxray trace <instance>`: the cloud's API objects, then every involved host over SSH.
import { readFileSync } from 'node:fs';
import type { ApiObject, CloudSnapshot, CollectionProblem, HostCapture } from '../model/cloudSnapshot.js';
import { SNAPSHOT_SCHEMA, SNAPSHOT_VERSION } from '../model/cloudSnapshot.js';
import { NETXRAY_VERSION } from '../version.js';
import { collectCloudForScan, collectCloudForTrace, type CloudCollection, type ScanFilters } from './openstack/collectCloud.js';
import { resolveCredentials, secretsOf, type CredentialOptions, type ResolvedCredentials } from './openstack/credentials.js';
import { HttpClient } from './openstack/http.js';
import { involvedHosts, type InvolvedHost } from './openstack/involvedHosts.js';
import { KeystoneSession } from './openstack/keystone.js';
import { OpenStackApi } from './openstack/openstackApi.js';
import { HostVisit, type HostCollection } from './hosts/collectHost.js';
import { parseHostAccess, type HostAccess } from './hosts/hostAccess.js';
import { bridgesOfHost, hostCommandsFor, type HostBridges } from './hosts/hostCommands.js';
import { loadSshConfig, type SshConfig, type StrictHostKeyChecking } from './hosts/sshConfig.js';
import { limiter } from './hosts/sshSession.js';
import { redactSnapshot } from './snapshotFile.js';
import type { HostCommand } from './hosts/hostCommands.js';
import type { TraceExtension } from './walk/walkCollection.js';

export type CollectProgress =
  | { kind: 'warning'; message: string }
  | { kind: 'cloud-done'; apiRequests: number }
  | { kind: 'host-start'; host: string }
  | { kind: 'host-done'; host: string; reachable: boolean };

export interface CollectOptions {
  /** How to find the credentials (clouds.yaml / OS_* / flags); or `resolved` credentials directly. */
  credentials?: CredentialOptions;
  resolved?: ResolvedCredentials;
  /** Timeout of each API request (default 20 s). */
  httpTimeoutMs?: number;
  /** `--ssh-config FILE` (default ~/.ssh/config), or a parsed config. */
  sshConfigFile?: string;
  sshConfig?: SshConfig;
  /** Overrides the config's StrictHostKeyChecking (`no` only when the user asked for it). */
  strictHostKeyChecking?: StrictHostKeyChecking;
  /** `plain` (default), `sudo`, `docker:<container>`, `podman:<container>`, `sudo+docker:<container>`. */
  hostAccess?: string | HostAccess;
  /** Nova/Neutron host name → SSH alias, when they differ. */
  sshAliases?: Record<string, string>;
  /** Hosts visited at once (default 4); each gets one connection. */
  hostConcurrency?: number;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Other hosts with ports on the instance's tunnel networks to visit (default 8; 0: none). */
  maxTunnelPeers?: number;
  /** Hosts to visit as well (e.g. when the token is not admin and the API hides where the instance runs). */
  extraHosts?: string[];
  /** API only: no SSH. */
  skipHosts?: boolean;
  onProgress?: (event: CollectProgress) => void;
  /** `trace --to`: the packet walk's API objects and host probes (src/collect/walk/walkCollection.ts). */
  walk?: TraceExtension;
}

interface Session {
  http: HttpClient;
  api: OpenStackApi;
  resolved: ResolvedCredentials;
}

function openSession(options: CollectOptions): Session {
  const resolved = options.resolved ?? resolveCredentials(options.credentials);
  for (const w of resolved.warnings) options.onProgress?.({ kind: 'warning', message: w });
  const c = resolved.credentials;
  const http = new HttpClient({
    timeoutMs: options.httpTimeoutMs,
    caCert: c.caCert ? readFileSync(c.caCert, 'utf8') : undefined,
    insecure: c.insecure,
  });
  return { http, api: new OpenStackApi(new KeystoneSession(c, http)), resolved };
}

interface HostSetup {
  config: SshConfig;
  access: HostAccess;
}

/** The SSH side's inputs, checked before any API request so that a typo fails fast. */
function hostSetup(options: CollectOptions): HostSetup | undefined {
  if (options.skipHosts) return undefined;
  const access = typeof options.hostAccess === 'object' ? options.hostAccess : parseHostAccess(options.hostAccess ?? 'plain');
  const config = options.sshConfig ?? loadSshConfig(options.sshConfigFile);
  for (const w of config.warnings) options.onProgress?.({ kind: 'warning', message: w });
  return { config, access };
}

interface VisitResults {
  hosts: HostCapture[];
  problems: CollectionProblem[];
  sshConnections: number;
  hostCommands: number;
}

/**
 * The hosts a collection visits, one SSH connection each, at most `hostConcurrency` at once. A trace adds hosts as
 * the API reveals them (the instance's host first), so that SSH overlaps the remaining API requests; each addition
 * runs only the commands not yet run on that host.
 */
interface HostVisitEntry {
  visit: HostVisit;
  /** As the API knew the host at the last addition: its roles, namespaces, bridges and command list. */
  target: InvolvedHost;
  bridges: HostBridges;
  commandIds: string[];
}

class HostVisits {
  private readonly visits = new Map<string, HostVisitEntry>();
  private readonly admit: (task: () => Promise<void>) => Promise<void>;

  constructor(
    private readonly setup: HostSetup | undefined,
    private readonly options: CollectOptions,
  ) {
    this.admit = limiter(options.hostConcurrency ?? 4);
  }

  add(agents: readonly ApiObject[], targets: readonly InvolvedHost[]): void {
    if (!this.setup) return;
    for (const target of targets) {
      let visit = this.visits.get(target.host)?.visit;
      if (!visit) {
        this.options.onProgress?.({ kind: 'host-start', host: target.host });
        const aliases = this.options.sshAliases;
        const alias = aliases && Object.hasOwn(aliases, target.host) ? aliases[target.host] : target.host;
        visit = new HostVisit(alias, { ...this.setup, strictHostKeyChecking: this.options.strictHostKeyChecking, connectTimeoutMs: this.options.connectTimeoutMs, commandTimeoutMs: this.options.commandTimeoutMs }, this.admit);
      }
      const bridges = bridgesOfHost(agents, target.host);
      const commands = hostCommandsFor(bridges, target);
      this.visits.set(target.host, { visit, target, bridges, commandIds: commands.map((c) => c.id) });
      visit.run(commands);
    }
  }

  /** More commands for a host already visited (the walk's probes), on its connection. */
  runMore(host: string, commands: readonly HostCommand[]): void {
    this.visits.get(host)?.visit.run(commands);
  }

  /** Waits for every visit; the final targets give each host its roles (and their order, the captures'). */
  async finish(agents: readonly ApiObject[], targets: readonly InvolvedHost[]): Promise<VisitResults> {
    this.add(agents, targets);
    const out: VisitResults = { hosts: [], problems: [], sshConnections: 0, hostCommands: 0 };
    const order = [...targets.map((t) => t.host), ...[...this.visits.keys()].filter((h) => !targets.some((t) => t.host === h))];
    const results = await Promise.all(order.map((host) => this.finishOne(host, this.visits.get(host))));
    for (const r of results) {
      if (!r) continue;
      out.hosts.push(r.capture);
      out.problems.push(...r.problems);
      out.sshConnections += r.sshConnections;
      out.hostCommands += r.hostCommands;
    }
    return out;
  }

  private async finishOne(host: string, entry: HostVisitEntry | undefined): Promise<HostCollection | undefined> {
    if (!entry) return undefined;
    const problems: CollectionProblem[] = entry.bridges.rejected.map((name) => ({
      source: 'neutron' as const,
      host,
      code: 'bad-bridge-name',
      message: `${host}: bridge name ${JSON.stringify(name)} from the agent's configuration is not a valid bridge name; not read`,
    }));
    const r = await entry.visit.finish(entry.commandIds).catch((err: unknown) => {
      // Whatever goes wrong on one host (a key file that cannot be read, an ssh2 surprise) stays that host's problem.
      const message = `${host}: ${err instanceof Error ? err.message : String(err)}`;
      return {
        capture: { host, reachable: false, error: message, outputs: [] },
        problems: [{ source: 'ssh' as const, host, code: 'ssh-error', message }],
        sshConnections: 0,
        hostCommands: 0,
      };
    });
    const capture: HostCapture = { ...r.capture, host, roles: entry.target.roles };
    this.options.onProgress?.({ kind: 'host-done', host, reachable: capture.reachable });
    return { ...r, capture, problems: [...problems, ...r.problems.map((p) => ({ ...p, host }))] };
  }
}

async function assemble(
  kind: 'trace' | 'scan',
  collect: (api: OpenStackApi, visits: HostVisits) => Promise<CloudCollection>,
  hostsOf: (cloud: CloudCollection) => InvolvedHost[],
  subject: Omit<NonNullable<CloudSnapshot['subject']>, 'kind' | 'instanceIds'>,
  options: CollectOptions,
): Promise<CloudSnapshot> {
  const started = Date.now();
  const collectedAt = new Date(started).toISOString();
  const setup = hostSetup(options);
  const { http, api, resolved } = openSession(options);
  const visits = new HostVisits(setup, options);
  try {
    const cloud = await collect(api, visits);
    options.onProgress?.({ kind: 'cloud-done', apiRequests: http.requests });
    const targets = hostsOf(cloud);
    for (const host of options.extraHosts ?? []) {
      if (!targets.some((t) => t.host === host)) targets.push({ host, roles: [], routers: [], dhcpNetworks: [] });
    }
    const more = options.walk && cloud.instanceIds[0] ? options.walk.hostCommands(cloud.api, cloud.instanceIds[0]) : new Map<string, HostCommand[]>();
    for (const host of more.keys()) if (!targets.some((t) => t.host === host)) targets.push({ host, roles: [], routers: [], dhcpNetworks: [] });
    visits.add(cloud.api.agents, targets);
    for (const [host, commands] of more) visits.runMore(host, commands);
    const visited = await visits.finish(cloud.api.agents, targets);
    const c = resolved.credentials;
    const snapshot: CloudSnapshot = {
      schema: SNAPSHOT_SCHEMA,
      version: SNAPSHOT_VERSION,
      generator: { name: 'netxray', version: NETXRAY_VERSION },
      collectedAt,
      cloud: { authUrl: c.authUrl, region: c.regionName, project: cloud.project, user: cloud.user, admin: cloud.admin },
      api: cloud.api,
      subject: { kind, ...subject, instanceIds: cloud.instanceIds },
      hosts: visited.hosts,
      problems: [...cloud.problems, ...visited.problems],
      cost: { apiRequests: http.requests, sshConnections: visited.sshConnections, hostCommands: visited.hostCommands, durationMs: Date.now() - started },
    };
    const token = await api.session.currentToken().then((t) => t.value, () => undefined);
    // Belt and braces: nothing collected should contain them, and this makes sure.
    return redactSnapshot(snapshot, [...secretsOf(c), ...(token ? [token] : [])]);
  } finally {
    http.close();
  }
}

/**
 * `netxray trace <instance>`: the instance (name or UUID) and everything around it in the API, then the hosts
 * involved (its host, the DHCP/L3 agent hosts of its networks and routers, tunnel peers) over SSH, one connection each.
 * Throws NetxrayError for what stops the whole run (credentials, Keystone, instance not found); everything else
 * becomes `problems` in the snapshot.
 */
export function collectTraceSnapshot(instanceRef: string, options: CollectOptions = {}): Promise<CloudSnapshot> {
  return assemble(
    'trace',
    // Hosts are visited as soon as the API names them, while the rest of the API is still being read.
    async (api, visits) => {
      const cloud = await collectCloudForTrace(api, instanceRef, (partial, instanceId) => visits.add(partial.agents, involvedHosts(partial, instanceId, { maxTunnelPeers: options.maxTunnelPeers })));
      await options.walk?.moreApi(api, cloud);
      return cloud;
    },
    (cloud) => involvedHosts(cloud.api, cloud.instanceIds[0], { maxTunnelPeers: options.maxTunnelPeers }),
    { instanceRef },
    options,
  );
}

/** `netxray scan`: all instances matching the filters, and every host with an OVS agent or a bound port among them. */
export function collectScanSnapshot(filters: ScanFilters = {}, options: CollectOptions = {}): Promise<CloudSnapshot> {
  return assemble(
    'scan',
    (api) => collectCloudForScan(api, filters),
    (cloud) => {
      const hosts = new Map<string, InvolvedHost>();
      const merge = (h: InvolvedHost) => {
        const seen = hosts.get(h.host) ?? { host: h.host, roles: [], routers: [], dhcpNetworks: [] };
        const union = <T>(a: T[], b: T[]) => [...new Set([...a, ...b])].sort();
        hosts.set(h.host, { host: h.host, roles: union(seen.roles, h.roles), routers: union(seen.routers, h.routers), dhcpNetworks: union(seen.dhcpNetworks, h.dhcpNetworks) });
      };
      for (const id of cloud.instanceIds) for (const h of involvedHosts(cloud.api, id, { maxTunnelPeers: 0 })) merge(h);
      if (filters.host) merge({ host: filters.host, roles: [], routers: [], dhcpNetworks: [] });
      return [...hosts.values()].sort((a, b) => a.host.localeCompare(b.host));
    },
    { filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => typeof v === 'string')) as Record<string, string> },
    options,
  );
}

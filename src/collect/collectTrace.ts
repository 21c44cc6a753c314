// Collects a CloudSnapshot for `netxray trace <instance>`: the cloud's API objects, then every involved host over SSH.
import { readFileSync } from 'node:fs';
import type { CloudSnapshot, CollectionProblem, HostCapture } from '../model/cloudSnapshot.js';
import { SNAPSHOT_SCHEMA, SNAPSHOT_VERSION } from '../model/cloudSnapshot.js';
import { NETXRAY_VERSION } from '../version.js';
import { collectCloudForScan, collectCloudForTrace, type CloudCollection, type ScanFilters } from './openstack/collectCloud.js';
import { resolveCredentials, secretsOf, type CredentialOptions, type ResolvedCredentials } from './openstack/credentials.js';
import { HttpClient } from './openstack/http.js';
import { involvedHosts, type InvolvedHost } from './openstack/involvedHosts.js';
import { KeystoneSession } from './openstack/keystone.js';
import { OpenStackApi } from './openstack/openstackApi.js';
import { collectHost } from './hosts/collectHost.js';
import { parseHostAccess, type HostAccess } from './hosts/hostAccess.js';
import { bridgesOfHost, hostCommandsFor } from './hosts/hostCommands.js';
import { loadSshConfig, type SshConfig, type StrictHostKeyChecking } from './hosts/sshConfig.js';
import { limiter } from './hosts/sshSession.js';
import { redactSnapshot } from './snapshotFile.js';

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

async function visitHosts(
  cloud: CloudCollection,
  targets: InvolvedHost[],
  setup: HostSetup | undefined,
  options: CollectOptions,
): Promise<{ hosts: HostCapture[]; problems: CollectionProblem[]; sshConnections: number; hostCommands: number }> {
  const out = { hosts: [] as HostCapture[], problems: [] as CollectionProblem[], sshConnections: 0, hostCommands: 0 };
  if (!setup || targets.length === 0) return out;
  const { config, access } = setup;
  const limit = limiter(options.hostConcurrency ?? 4);
  const results = await Promise.all(
    targets.map((t) =>
      limit(async () => {
        options.onProgress?.({ kind: 'host-start', host: t.host });
        const bridges = bridgesOfHost(cloud.api.agents, t.host);
        const problems: CollectionProblem[] = bridges.rejected.map((name) => ({
          source: 'neutron' as const,
          host: t.host,
          code: 'bad-bridge-name',
          message: `${t.host}: bridge name ${JSON.stringify(name)} from the agent's configuration is not a valid bridge name; not read`,
        }));
        const alias = options.sshAliases?.[t.host] ?? t.host;
        const r = await collectHost(alias, hostCommandsFor(bridges, t), {
          config,
          access,
          strictHostKeyChecking: options.strictHostKeyChecking,
          connectTimeoutMs: options.connectTimeoutMs,
          commandTimeoutMs: options.commandTimeoutMs,
        }).catch((err: unknown) => {
          // Whatever goes wrong on one host (a key file that cannot be read, an ssh2 surprise) stays that host's problem.
          const message = `${t.host}: ${err instanceof Error ? err.message : String(err)}`;
          return {
            capture: { host: t.host, reachable: false, error: message, outputs: [] },
            problems: [{ source: 'ssh' as const, host: t.host, code: 'ssh-error', message }],
            sshConnections: 0,
            hostCommands: 0,
          };
        });
        const capture: HostCapture = { ...r.capture, host: t.host, roles: t.roles };
        options.onProgress?.({ kind: 'host-done', host: t.host, reachable: capture.reachable });
        return { ...r, capture, problems: [...problems, ...r.problems.map((p) => ({ ...p, host: t.host }))] };
      }),
    ),
  );
  for (const r of results) {
    out.hosts.push(r.capture);
    out.problems.push(...r.problems);
    out.sshConnections += r.sshConnections;
    out.hostCommands += r.hostCommands;
  }
  return out;
}

async function assemble(
  kind: 'trace' | 'scan',
  collect: (api: OpenStackApi) => Promise<CloudCollection>,
  hostsOf: (cloud: CloudCollection) => InvolvedHost[],
  subject: Omit<NonNullable<CloudSnapshot['subject']>, 'kind' | 'instanceIds'>,
  options: CollectOptions,
): Promise<CloudSnapshot> {
  const started = Date.now();
  const collectedAt = new Date(started).toISOString();
  const setup = hostSetup(options);
  const { http, api, resolved } = openSession(options);
  try {
    const cloud = await collect(api);
    options.onProgress?.({ kind: 'cloud-done', apiRequests: http.requests });
    const targets = hostsOf(cloud);
    for (const host of options.extraHosts ?? []) {
      if (!targets.some((t) => t.host === host)) targets.push({ host, roles: [], routers: [], dhcpNetworks: [] });
    }
    const visited = await visitHosts(cloud, targets, setup, options);
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
    (api) => collectCloudForTrace(api, instanceRef),
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

// Collects a CloudSnapshot for `netxray trace <instance>`: the cloud's API objects, then every involved host over SSH.
import type { BackendId } from '../model/backends.js';
import type { CloudSnapshot, CollectionProblem, HostCapture } from '../model/cloudSnapshot.js';
import { SNAPSHOT_SCHEMA, SNAPSHOT_VERSION } from '../model/cloudSnapshot.js';
import { chooseBackend } from '../neutron/backends.js';
import { NetxrayError } from '../errors.js';
import { INPUT_LIMITS, readFailure, readInputText } from '../inputFile.js';
import { NETXRAY_VERSION } from '../version.js';
import { collectBackend, walkCollectionOf, type CollectBackend, type HostPlan, type WalkCollection } from './backends/index.js';
import { collectCloudForScan, collectCloudForTrace, type CloudCollection, type ScanFilters } from './openstack/collectCloud.js';
import { resolveCredentials, secretsOf, type CredentialOptions, type ResolvedCredentials } from './openstack/credentials.js';
import { HttpClient } from './openstack/http.js';
import { KeystoneSession } from './openstack/keystone.js';
import { OpenStackApi } from './openstack/openstackApi.js';
import { HostVisit, type HostCollection } from './hosts/collectHost.js';
import { LocalVisit } from './hosts/localVisit.js';
import type { OvnDbAccess } from './backends/ml2-ovn/dbCommands.js';
import { parseHostAccess, type HostAccess } from './hosts/hostAccess.js';
import { loadSshConfig, type SshConfig, type StrictHostKeyChecking } from './hosts/sshConfig.js';
import { limiter, loadSsh2 } from './hosts/sshSession.js';
import { redactSnapshot } from './snapshotFile.js';
import type { HostCommand } from './hosts/hostCommands.js';
import type { HostOutputId } from '../model/hostOutputIds.js';
import type { WalkRequest } from '../model/walkModel.js';

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
  /** `--backend`: the networking backend to plan for, instead of the one the agent list shows. */
  backend?: BackendId;
  onProgress?: (event: CollectProgress) => void;
  /** `trace --to`: the packet walk, collected by the backend's walk capability (its API objects and host probes). */
  walk?: WalkRequest;
  /** ML2/OVN: where the OVN databases are read (--ovn-db-host, --ovn-nb, --ovn-sb, --ovn-ssl-*). */
  ovn?: OvnDbAccess;
  /** `--no-walks`: leave out the automatic walks (the analysis then cannot call the path healthy). */
  noWalks?: boolean;
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
    caCert: c.caCert ? readCaCert(c.caCert) : undefined,
    insecure: c.insecure,
  });
  return { http, api: new OpenStackApi(new KeystoneSession(c, http)), resolved };
}

function readCaCert(file: string): string {
  try {
    return readInputText(file, INPUT_LIMITS.config);
  } catch (error) {
    throw new NetxrayError('bad-input', `CA certificate ${file}: cannot read (${readFailure(error)})`);
  }
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
  visit: Pick<HostVisit, 'run' | 'finish'>;
  /** The backend's plan for the host at the last addition: its roles, command list and plan problems. */
  plan: HostPlan;
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

  add(plans: readonly HostPlan[]): void {
    const setup = this.setup;
    for (const plan of plans) {
      let visit = this.visits.get(plan.host)?.visit;
      // Reads on this machine (--ovn-nb/--ovn-sb) are not SSH: --no-hosts keeps them.
      if (!visit && plan.local) visit = new LocalVisit(plan.host, this.options.commandTimeoutMs);
      if (!visit) {
        if (!setup) continue;
        this.options.onProgress?.({ kind: 'host-start', host: plan.host });
        const aliases = this.options.sshAliases;
        const alias = aliases && Object.hasOwn(aliases, plan.host) ? aliases[plan.host] : plan.host;
        visit = new HostVisit(alias, { ...setup, strictHostKeyChecking: this.options.strictHostKeyChecking, connectTimeoutMs: this.options.connectTimeoutMs, commandTimeoutMs: this.options.commandTimeoutMs }, this.admit);
      }
      this.visits.set(plan.host, { visit, plan });
      visit.run(plan.commands);
    }
  }

  /** More commands for a host already visited (the walk's probes), on its connection. */
  runMore(host: string, commands: readonly HostCommand<HostOutputId>[]): void {
    this.visits.get(host)?.visit.run(commands);
  }

  /** Waits for every visit; the final plans give each host its roles (and their order, the captures'). */
  async finish(plans: readonly HostPlan[]): Promise<VisitResults> {
    this.add(plans);
    const out: VisitResults = { hosts: [], problems: [], sshConnections: 0, hostCommands: 0 };
    const order = [...plans.map((t) => t.host), ...[...this.visits.keys()].filter((h) => !plans.some((t) => t.host === h))];
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
    const problems = entry.plan.problems;
    const r = await entry.visit.finish(entry.plan.commands.map((c) => c.id)).catch((err: unknown) => {
      // Whatever goes wrong on one host (a key file that cannot be read, an ssh2 surprise) stays that host's problem.
      const message = `${host}: ${err instanceof Error ? err.message : String(err)}`;
      return {
        capture: { host, reachable: false, error: message, outputs: [] },
        problems: [{ source: 'ssh' as const, host, code: 'ssh-error', message }],
        sshConnections: 0,
        hostCommands: 0,
      };
    });
    const capture: HostCapture = { ...r.capture, host, roles: entry.plan.roles };
    this.options.onProgress?.({ kind: 'host-done', host, reachable: capture.reachable });
    return { ...r, capture, problems: [...problems, ...r.problems.map((p) => ({ ...p, host }))] };
  }
}

/** The backend a collection plans for: the forced one, else detected once from the first agent list the API returns. */
class BackendChoice {
  private chosen: { backend: CollectBackend; id: BackendId } | undefined;
  constructor(private readonly forced: BackendId | undefined) {
    // A forced backend that cannot be read fails before any request.
    if (forced) this.of([]);
  }

  of(agents: CloudSnapshot['api']['agents']): CollectBackend {
    if (!this.chosen) {
      const { backend, how } = chooseBackend(this.forced, agents);
      this.chosen = { backend: collectBackend(backend, how), id: backend };
    }
    return this.chosen.backend;
  }

  get id(): BackendId | undefined {
    return this.chosen?.id;
  }
}

/** Two hosts → commands maps as one, each command id once per host. */
function mergeCommands(a: Map<string, HostCommand<HostOutputId>[]>, b: Map<string, HostCommand<HostOutputId>[]>): Map<string, HostCommand<HostOutputId>[]> {
  const out = new Map(a);
  for (const [host, commands] of b) {
    const have = out.get(host) ?? [];
    out.set(host, [...have, ...commands.filter((c) => !have.some((h) => h.id === c.id))]);
  }
  return out;
}

type PlanHosts = (backend: CollectBackend, cloud: CloudCollection) => HostPlan[];

async function assemble(
  kind: 'trace' | 'scan',
  collect: (api: OpenStackApi, visits: HostVisits, backends: BackendChoice) => Promise<CloudCollection & { walk?: WalkCollection }>,
  planHosts: PlanHosts,
  subject: Omit<NonNullable<CloudSnapshot['subject']>, 'kind' | 'instanceIds'>,
  options: CollectOptions,
): Promise<CloudSnapshot> {
  const started = Date.now();
  const collectedAt = new Date(started).toISOString();
  const backends = new BackendChoice(options.backend);
  const setup = hostSetup(options);
  const { http, api, resolved } = openSession(options);
  const visits = new HostVisits(setup, options);
  try {
    const collecting = collect(api, visits, backends);
    // The first API request is on its way: the SSH library loads while Keystone answers, not after it.
    if (setup) loadSsh2().catch(() => undefined);
    const cloud = await collecting;
    const walk = cloud.walk;
    options.onProgress?.({ kind: 'cloud-done', apiRequests: http.requests });
    const backend = backends.of(cloud.api.agents);
    const plans = planHosts(backend, cloud);
    for (const host of options.extraHosts ?? []) {
      if (!plans.some((t) => t.host === host)) plans.push(backend.extraHost(cloud.api, host));
    }
    const asked = walk && cloud.instanceIds[0] ? walk.hostCommands(cloud.api, cloud.instanceIds[0]) : new Map<string, HostCommand<HostOutputId>[]>();
    const autoWalks = !options.noWalks && !!backend.autoWalks;
    const more = mergeCommands(asked, autoWalks && backend.autoWalks ? backend.autoWalks(cloud.api, cloud.instanceIds, { ovn: options.ovn }) : new Map());
    for (const host of more.keys()) if (!plans.some((t) => t.host === host)) plans.push(backend.extraHost(cloud.api, host));
    visits.add(plans);
    for (const [host, commands] of more) visits.runMore(host, commands);
    const visited = await visits.finish(plans);
    const c = resolved.credentials;
    const snapshot: CloudSnapshot = {
      schema: SNAPSHOT_SCHEMA,
      version: SNAPSHOT_VERSION,
      generator: { name: 'netxray', version: NETXRAY_VERSION },
      collectedAt,
      cloud: { authUrl: c.authUrl, region: c.regionName, project: cloud.project, user: cloud.user, admin: cloud.admin },
      backend: backends.id,
      api: cloud.api,
      subject: { kind, ...subject, instanceIds: cloud.instanceIds, autoWalks },
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
 * `netxray trace <instance>`: the instance (name or UUID) and everything around it in the API, then the hosts the
 * backend's plan names (ML2/OVS: its host, the DHCP/L3 agent hosts of its networks and routers, tunnel peers) over
 * SSH, one connection each. Throws NetxrayError for what stops the whole run (credentials, Keystone, instance not
 * found, a backend not implemented yet); everything else becomes `problems` in the snapshot.
 */
export function collectTraceSnapshot(instanceRef: string, options: CollectOptions = {}): Promise<CloudSnapshot> {
  const peers = { maxTunnelPeers: options.maxTunnelPeers, ovn: options.ovn };
  return assemble(
    'trace',
    // Hosts are visited as soon as the API names them, while the rest of the API is still being read.
    async (api, visits, backends) => {
      const cloud = await collectCloudForTrace(api, instanceRef, (partial, instanceId, stage) => {
        const backend = backends.of(partial.agents);
        visits.add(backend.traceHosts(partial, instanceId, peers));
        // Walks the backend can plan once the networks are known start now, beside the API's last round; any the
        // final API plans otherwise run when it is done (each command id runs once).
        if (stage === 'networks' && !options.noWalks && backend.earlyAutoWalks && backend.autoWalks) {
          for (const [host, commands] of backend.autoWalks(partial, [instanceId], { ovn: options.ovn })) visits.runMore(host, commands);
        }
      });
      const walk = options.walk ? walkCollectionOf(backends.of(cloud.api.agents), options.walk, { ovn: options.ovn }) : undefined;
      await walk?.moreApi(api, cloud);
      return { ...cloud, walk };
    },
    (backend, cloud) => backend.traceHosts(cloud.api, cloud.instanceIds[0], peers),
    { instanceRef },
    options,
  );
}

/** `netxray scan`: all instances matching the filters, and every host the backend's plan names for them. */
export function collectScanSnapshot(filters: ScanFilters = {}, options: CollectOptions = {}): Promise<CloudSnapshot> {
  return assemble(
    'scan',
    (api) => collectCloudForScan(api, filters),
    (backend, cloud) => backend.scanHosts(cloud.api, cloud.instanceIds, { host: filters.host, ovn: options.ovn }),
    { filters: Object.fromEntries(Object.entries(filters).filter(([, v]) => typeof v === 'string')) as Record<string, string> },
    options,
  );
}

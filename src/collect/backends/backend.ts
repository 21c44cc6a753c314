// What a networking backend tells the collector: which hosts to visit and which read-only commands to run there.
import type { CloudSnapshot, CollectionProblem, HostRole } from '../../model/cloudSnapshot.js';
import type { HostOutputId } from '../../model/hostOutputIds.js';
import type { WalkRequest } from '../../model/walkModel.js';
import type { BackendId } from '../../neutron/backends.js';
import type { HostCommand } from '../hosts/hostCommands.js';
import type { CloudCollection } from '../openstack/collectCloud.js';
import type { OpenStackApi } from '../openstack/openstackApi.js';
import type { OvnDbAccess } from './ml2-ovn/dbCommands.js';

export type CloudApi = CloudSnapshot['api'];

/** One host of a collection plan: why it is visited and what is read there. */
export interface HostPlan {
  host: string;
  roles: HostRole[];
  commands: readonly HostCommand<HostOutputId>[];
  /** Problems of the plan itself (e.g. a bridge name from the API refused before it reaches a shell). */
  problems: CollectionProblem[];
  /** Run on this machine (no SSH, no shell), e.g. ovn-nbctl against --ovn-nb; `host` is then a label. */
  local?: boolean;
}

/** What the user told the collection about where things are (flags), passed to every backend's plan. */
export interface PlanOptions {
  /** ML2/OVN: where the OVN databases are read (--ovn-db-host, --ovn-nb, --ovn-sb, --ovn-ssl-*). */
  ovn?: OvnDbAccess;
}

/** What a packet walk (`netxray trace --to`) adds to a trace's collection. */
export interface WalkCollection {
  /** Called once the trace's API objects are read: adds what the walk needs to them (never throws; problems go on `cloud`). */
  moreApi(api: OpenStackApi, cloud: CloudCollection): Promise<void>;
  /** The walk's read-only simulation commands per host, run on the same connection as the trace's own. */
  hostCommands(api: CloudApi, instanceId: string): Map<string, HostCommand<HostOutputId>[]>;
}

export interface CollectBackend {
  id: BackendId;
  /**
   * The hosts a trace of one instance visits, from what the API has told so far: called as the API reveals more
   * (SSH starts before the last API answer), and once at the end with everything.
   */
  traceHosts(api: CloudApi, instanceId: string, options: PlanOptions & { maxTunnelPeers?: number }): HostPlan[];
  /** The hosts a scan visits for these instances (and the `--host` filter's host), by name. */
  scanHosts(api: CloudApi, instanceIds: readonly string[], options: PlanOptions & { host?: string }): HostPlan[];
  /** A host the user added (`--extra-host`), with no role. */
  extraHost(api: CloudApi, host: string): HostPlan;
  /**
   * The packet-walk capability (`netxray trace --to`), absent until the backend has one: the walk's extra API objects
   * and its read-only simulation commands (ML2/OVS: ovs-appctl ofproto/trace); the analysis side reads their outputs
   * (TraceBackend.walk in src/analyse/trace/backend.ts).
   */
  walk?(request: WalkRequest, options: PlanOptions): WalkCollection;
  /**
   * The automatic walks' read-only simulation commands per host for these instances (each probe once per host), absent
   * until the backend can walk: `trace` and `scan` run them unless `--no-walks` (docs/trace.md, "Automatic walks").
   */
  autoWalks?(api: CloudApi, instanceIds: readonly string[], options: PlanOptions): Map<string, HostCommand<HostOutputId>[]>;
  /**
   * The automatic walks of a trace may start from the API's `networks` stage (RevealHosts in collectCloud.ts), before
   * its last round: they run on a host the plan visits already, and what they need (ports, subnets, security groups,
   * floating IPs) is known then. ML2/OVN: ovn-trace where the databases are read.
   */
  earlyAutoWalks?: boolean;
}

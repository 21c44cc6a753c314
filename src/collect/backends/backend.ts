// What a networking backend tells the collector: which hosts to visit and which read-only commands to run there.
import type { CloudSnapshot, CollectionProblem, HostRole } from '../../model/cloudSnapshot.js';
import type { HostOutputId } from '../../model/hostOutputIds.js';
import type { WalkRequest } from '../../model/walk.js';
import type { BackendId } from '../../neutron/backends.js';
import type { HostCommand } from '../hosts/hostCommands.js';

export type CloudApi = CloudSnapshot['api'];

/** One host of a collection plan: why it is visited and what is read there. */
export interface HostPlan {
  host: string;
  roles: HostRole[];
  commands: readonly HostCommand<HostOutputId>[];
  /** Problems of the plan itself (e.g. a bridge name from the API refused before it reaches a shell). */
  problems: CollectionProblem[];
}

export interface CollectBackend {
  id: BackendId;
  /**
   * The hosts a trace of one instance visits, from what the API has told so far: called as the API reveals more
   * (SSH starts before the last API answer), and once at the end with everything.
   */
  traceHosts(api: CloudApi, instanceId: string, options: { maxTunnelPeers?: number }): HostPlan[];
  /** The hosts a scan visits for these instances (and the `--host` filter's host), by name. */
  scanHosts(api: CloudApi, instanceIds: readonly string[], options: { host?: string }): HostPlan[];
  /** A host the user added (`--extra-host`), with no role. */
  extraHost(api: CloudApi, host: string): HostPlan;
  /**
   * The packet-walk capability (`netxray trace --to`), absent until the backend has one: the read-only simulation
   * commands (ovs-appctl ofproto/trace, ovn-trace) for one request, per host; the analysis side reads their outputs
   * (PacketWalk in src/analyse/trace/backend.ts).
   */
  walkHosts?(api: CloudApi, request: WalkRequest): HostPlan[];
}

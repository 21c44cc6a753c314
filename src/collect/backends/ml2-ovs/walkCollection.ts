// What walks add to a collection: for `trace INSTANCE --to TARGET` the target instance's API objects and the walk's
// read-only ofproto/trace probes, for the automatic walks their probes; all run on the hosts' existing SSH connections.
import type { CloudSnapshot } from '../../../model/cloudSnapshot.js';
import type { WalkRequest } from '../../../model/walkModel.js';
import { walkTargetApi } from '../walkTargetApi.js';
import { HOST_OUTPUT, type HostOutputId } from '../../../model/hostOutputIds.js';
import { WALK } from '../../../neutron/walkCommands.js';
import { planWalk, probesByHost, type WalkProbe } from '../../../neutron/ml2-ovs/walkPlan.js';
import { autoWalkProbes } from '../../../neutron/ml2-ovs/autoWalks.js';
import type { HostCommand } from '../../hosts/hostCommands.js';
import type { WalkCollection } from '../backend.js';

type CloudApi = CloudSnapshot['api'];

/** The collection side of a walk. Problems become snapshot problems; the analysis then says what is missing. */
export function walkCollection(request: WalkRequest): WalkCollection {
  return {
    moreApi: walkTargetApi(request),
    hostCommands(api, instanceId) {
      let plan;
      try {
        plan = planWalk(api, instanceId, request);
      } catch {
        return new Map(); // the analysis plans again and reports why
      }
      return probeCommands(probesByHost(plan));
    },
  };
}

/** The commands of the probes of each host, after the datapath's port listing that names their outputs. */
function probeCommands(byHost: Map<string, WalkProbe[]>): Map<string, HostCommand<HostOutputId>[]> {
  return new Map([...byHost].map(([host, probes]) => [host, [{ id: HOST_OUTPUT.dpifShow, argv: WALK.dpifShowArgv }, ...probes.map((p) => ({ id: p.id, argv: p.argv }))]]));
}

/** The automatic walks of these instances (src/neutron/ml2-ovs/autoWalks.ts), batched per host. */
export function autoWalkCommands(api: CloudApi, instanceIds: readonly string[]): Map<string, HostCommand<HostOutputId>[]> {
  return probeCommands(autoWalkProbes(api, instanceIds));
}

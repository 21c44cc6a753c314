// The automatic walks' analysis: each traffic class of each interface (src/neutron/ml2-ovs/autoWalks.ts) walked through
// the recorded ofproto/trace outputs by the same engine as `--to`, and the findings they make.
import { NetxrayError } from '../../../../../errors.js';
import type { AutoWalk } from '../../../../../model/traceModel.js';
import type { PacketWalk, WalkRequest } from '../../../../../model/walkModel.js';
import { autoWalkRequests, type AutoWalkRequest } from '../../../../../neutron/ml2-ovs/autoWalks.js';
import type { CloudIndex } from '../../../cloudIndex.js';
import { walkOf } from './analyseWalk.js';

/** Each planned automatic walk walked by a backend's engine; one that cannot be planned says why (any backend). */
export function walkEach(requests: readonly AutoWalkRequest[], walk: (request: WalkRequest) => PacketWalk): AutoWalk[] {
  return requests.map((auto) => {
    try {
      return { interface: auto.interface, trafficClass: auto.trafficClass, walk: walk(auto.request) };
    } catch (error) {
      if (!(error instanceof NetxrayError)) throw error;
      return { interface: auto.interface, trafficClass: auto.trafficClass, walk: null, problem: error.message };
    }
  });
}

/** The automatic walks of one instance over the snapshot's outputs. */
export function analyseAutoWalks(index: CloudIndex, instanceId: string): AutoWalk[] {
  return walkEach(autoWalkRequests(index.snapshot.api, instanceId), (request) => walkOf(index, instanceId, request, false));
}

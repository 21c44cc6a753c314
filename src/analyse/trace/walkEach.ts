// Walks every planned automatic walk with a backend's walk engine (any backend).
import { NetxrayError } from '../../errors.js';
import type { AutoWalk } from '../../model/traceModel.js';
import type { PacketWalk, WalkRequest } from '../../model/walkModel.js';
import type { AutoWalkRequest } from '../../neutron/autoWalkRequests.js';

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


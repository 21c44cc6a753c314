// The automatic walks of a trace (issue #12): for each interface of an instance, the traffic classes Neutron says it has
// (its DHCP server, its gateway, one peer per other host on its network, the floating IP's way out), each a WalkRequest
// for the packet-walk planner (walkPlan.ts). Planned from the API alone, so collection and analysis plan the same walks.
import type { CloudSnapshot } from '../../model/cloudSnapshot.js';
import { planWalk, probesByHost, type WalkProbe } from './walkPlan.js';
import { autoWalkRequests } from '../autoWalkRequests.js';

export { autoWalkRequests, type AutoWalkRequest } from '../autoWalkRequests.js';

type CloudApi = CloudSnapshot['api'];


/** Every probe of the automatic walks of these instances, by host, each once: what the collector runs. */
export function autoWalkProbes(api: CloudApi, instanceIds: readonly string[]): Map<string, WalkProbe[]> {
  const byHost = new Map<string, Map<string, WalkProbe>>();
  for (const id of instanceIds) {
    for (const auto of autoWalkRequests(api, id)) {
      let plan;
      try {
        plan = planWalk(api, id, auto.request);
      } catch {
        continue; // the analysis plans again and says why
      }
      for (const [host, probes] of probesByHost(plan)) {
        const mine = byHost.get(host) ?? new Map<string, WalkProbe>();
        for (const p of probes) mine.set(p.id, p);
        byHost.set(host, mine);
      }
    }
  }
  return new Map([...byHost].map(([host, probes]) => [host, [...probes.values()]]));
}

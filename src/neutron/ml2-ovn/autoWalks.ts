// The automatic walks of an ML2/OVN trace (issue #12, as ML2/OVS's ../ml2-ovs/autoWalks.ts): per interface, its DHCP (OVN's
// own, from the subnet's DHCP_Options: there is no DHCP port), its gateway, one peer per other chassis on its network,
// and the floating IP's way out. Planned from the API alone, so collection and analysis plan the same walks.
import type { CloudSnapshot } from '../../model/cloudSnapshot.js';
import type { HostOutputId } from '../../model/hostOutputIds.js';
import { DHCP, autoWalkRequests, type AutoWalkRequest } from '../autoWalkRequests.js';
import { planOvnWalk, type OvnWalkPlan } from './walkPlan.js';

type CloudApi = CloudSnapshot['api'];


/**
 * The automatic walks of an instance, as ML2/OVS plans them (gateway, one peer per other chassis, floating IP; ICMP only
 * where the groups allow it), except DHCP: OVN answers it itself from the subnet's DHCP_Options (ovn-northd
 * ls_in_dhcp_options), so it is a DISCOVER walked whenever the subnet has DHCP on (there is no DHCP port to ARP for).
 */
export function ovnAutoWalkRequests(api: CloudApi, instanceId: string): AutoWalkRequest[] {
  return autoWalkRequests(api, instanceId, (_api, _port, subnet) => (subnet && subnet.enable_dhcp !== false ? [DHCP] : []));
}

/** Every ovn-trace of the automatic walks of these instances, each once (by output id). */
export function ovnAutoWalkPlans(api: CloudApi, instanceIds: readonly string[]): Map<HostOutputId, OvnWalkPlan> {
  const plans = new Map<HostOutputId, OvnWalkPlan>();
  for (const id of instanceIds) {
    for (const auto of ovnAutoWalkRequests(api, id)) {
      try {
        const plan = planOvnWalk(api, id, auto.request);
        plans.set(plan.id, plan);
      } catch {
        // the analysis plans again and says why
      }
    }
  }
  return plans;
}

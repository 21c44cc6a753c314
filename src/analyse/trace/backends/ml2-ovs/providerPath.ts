// VLAN and flat networks on ML2/OVS: br-int → int-/phy- patch → the physical bridge of the physnet → uplinks, and the
// flows that translate the local VLAN there. br_int.py, br_phys.py = neutron/plugins/ml2/drivers/openvswitch/agent/openflow/native/.
import type { Egress, FlowRef, Translation } from '../../../../model/traceModel.js';
import { INT_TABLES, PATCH_INT_TO_PHYS_PREFIX, PATCH_PHYS_TO_INT_PREFIX, PHYS_TABLES } from '../../../../neutron/ml2OvsRules.js';
import { obj } from '../../cloudIndex.js';
import { matchedVlan, setVlan, strips } from '../../flows.js';
import { bridgeDevice, flowRef, ovsDevice, patchPair, type PathDevice } from './chain.js';
import { type HostState, flowsFromPort } from './hostState.js';
import type { PluggedVif } from './vif.js';

export interface NetworkSegment {
  type: string | null;
  segmentationId: number | null;
  physnet: string | null;
}

export interface ProviderPath {
  providerBridge: string | null;
  devices: PathDevice[];
  ingress: Translation;
  egress: Egress;
  flows: FlowRef[];
}

/** The bridge the agent maps a physnet to (agents API configurations.bridge_mappings), or null. */
export function mappedBridge(agentConf: Record<string, unknown>, physnet: string | null): string | null {
  const mappings = obj(agentConf, 'bridge_mappings') as Record<string, unknown>;
  return physnet !== null && typeof mappings[physnet] === 'string' ? (mappings[physnet] as string) : null;
}

/** The bridge of a physnet: the agent's bridge_mappings, else the first physical bridge patched to br-int. */
function providerBridgeOf(agentConf: Record<string, unknown>, physnet: string, state: HostState | undefined, integrationBridge: string): string | null {
  const mapped = mappedBridge(agentConf, physnet);
  if (mapped !== null) return mapped;
  if (!state) return null;
  const intPatch = (state.bridges.get(integrationBridge) ?? []).find((p) => p.startsWith(PATCH_INT_TO_PHYS_PREFIX));
  return intPatch ? intPatch.slice(PATCH_INT_TO_PHYS_PREFIX.length) : null;
}

/** The int-<br>/phy-<br> patch pair between br-int and a physical bridge. */
export function providerPatches(state: HostState | undefined, integrationBridge: string, providerBridge: string): ReturnType<typeof patchPair> {
  return patchPair(state, integrationBridge, providerBridge, PATCH_INT_TO_PHYS_PREFIX + providerBridge, PATCH_PHYS_TO_INT_PREFIX + providerBridge);
}

export function providerPath(vif: PluggedVif, segment: NetworkSegment & { physnet: string }, hostName: string): ProviderPath {
  const { state, integrationBridge, localVlan } = vif;
  const { type: netType, segmentationId } = segment;
  const none: ProviderPath = { providerBridge: null, devices: [], ingress: { bridge: null, action: 'none', localVlan, flows: [] }, egress: { bridge: null, action: 'none', localVlan, flows: [] }, flows: [] };
  const providerBridge = providerBridgeOf(vif.agentConf, segment.physnet, state, integrationBridge);
  if (!providerBridge) return none;
  const patches = providerPatches(state, integrationBridge, providerBridge);
  const devices = [...patches.devices, bridgeDevice(state, providerBridge)];
  for (const uplink of (state?.bridges.get(providerBridge) ?? []).filter((p) => p !== providerBridge && p !== patches.otherPatch)) {
    const iface = state?.interfaces.get(uplink);
    if (iface && iface.type !== 'patch' && iface.type !== 'internal') devices.push(ovsDevice(state, providerBridge, uplink, 'uplink'));
  }
  const flows: FlowRef[] = [];
  const wireVlan = netType === 'vlan' && segmentationId !== null ? { vlan: segmentationId } : {};
  // Ingress: br_int.py provision_local_vlan: in_port=int-<br>, dl_vlan=<segment> (vlan) or vlan_tci=0x0000/0x1fff (flat) → lvid.
  const wanted = netType === 'vlan' ? segmentationId : 'untagged';
  const ingressFlows = flowsFromPort(state, integrationBridge, patches.intPatch).filter((f) => f.table === INT_TABLES.localSwitching && matchedVlan(f) === wanted && setVlan(f) !== null);
  const ingressFlow = ingressFlows.find((f) => setVlan(f) === localVlan) ?? ingressFlows[0];
  const ingress: Translation = ingressFlow
    ? { bridge: integrationBridge, action: netType === 'vlan' ? 'mod_vlan_vid' : 'push_vlan', localVlan: setVlan(ingressFlow), ...wireVlan, flows: [] }
    : { bridge: integrationBridge, action: 'missing', localVlan, ...wireVlan, flows: [] };
  if (ingressFlow) {
    const ref = flowRef(state, hostName, integrationBridge, ingressFlow, `ingress: ${netType === 'vlan' ? `VLAN ${segmentationId}` : 'untagged'} from ${providerBridge} → local VLAN ${setVlan(ingressFlow)}`);
    ingress.flows = [ref];
    flows.push(ref);
  }
  const egress = physicalEgress(state, hostName, providerBridge, patches.otherPatch, localVlan, netType === 'vlan' ? segmentationId : null);
  flows.push(...egress.flows);
  return { providerBridge, devices, ingress, egress, flows };
}

/** Egress on a physical bridge: br_phys.py provision_local_vlan: in_port=phy-<br>, dl_vlan=<lvid> → mod_vlan_vid:<segment> / strip_vlan. */
export function physicalEgress(state: HostState | undefined, hostName: string, providerBridge: string, phyPatch: string, localVlan: number | null, expectedVlan: number | null): Egress {
  const egressFlow =
    localVlan === null
      ? undefined
      : flowsFromPort(state, providerBridge, phyPatch).find(
          (f) => (f.table === PHYS_TABLES.localSwitching || f.table === PHYS_TABLES.localVlanTranslationDvr) && matchedVlan(f) === localVlan && (setVlan(f) !== null || strips(f)),
        );
  if (!egressFlow) return { bridge: providerBridge, action: 'missing', localVlan, ...(expectedVlan !== null ? { vlan: expectedVlan } : {}), flows: [] };
  const rewritten = setVlan(egressFlow);
  const ref = flowRef(state, hostName, providerBridge, egressFlow, `egress: local VLAN ${localVlan} → ${rewritten !== null ? `VLAN ${rewritten}` : 'untagged'} on ${providerBridge}`);
  return rewritten !== null
    ? { bridge: providerBridge, action: 'mod_vlan_vid', vlan: rewritten, localVlan, flows: [ref] }
    : { bridge: providerBridge, action: 'strip_vlan', localVlan, flows: [ref] };
}

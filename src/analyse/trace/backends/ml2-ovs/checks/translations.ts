// ML2/OVS checks on the flows that translate the local VLAN to the wire VLAN or tunnel id and back.
import { TUN_TABLES } from '../../../../../neutron/ml2OvsRules.js';
import { isTunnelType } from '../../../../../neutron/neutronRules.js';
import type { TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import type { OvsInterfaceAnalysis } from '../interface.js';
import { hasFlows, wired } from './ovsCheckHelpers.js';

export const ingressFlowMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'ingress-flow-missing',
  severity: 'error',
  summary: 'no flow turns the wire VLAN / tunnel id into the local VLAN',
  run: perInterface((a) => {
    if (a.ovs.ingress.action !== 'missing' || !wired(a)) return [];
    const bridge = a.ovs.ingress.bridge;
    if (!hasFlows(a, bridge)) return [];
    const isTun = isTunnelType(a.trace.network.type);
    const expected = isTun
      ? `table ${TUN_TABLES.tunToLv[a.trace.network.type as string]} tun_id=0x${(a.trace.network.segmentationId ?? 0).toString(16)} actions=mod_vlan_vid:${a.ovs.localVlan},resubmit(,${TUN_TABLES.learnFromTun})`
      : `table 0 in_port=int-${a.providerBridge},${a.trace.network.type === 'vlan' ? `dl_vlan=${a.trace.network.segmentationId}` : 'vlan_tci=0x0000/0x1fff'} actions=mod_vlan_vid:${a.ovs.localVlan},…`;
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.host} ${bridge}: no ingress flow for ${isTun ? `${a.trace.network.type} id ${a.trace.network.segmentationId}` : a.trace.network.type === 'vlan' ? `VLAN ${a.trace.network.segmentationId}` : 'untagged traffic'} → local VLAN ${a.ovs.localVlan}: traffic towards the port is dropped`, at: { part: 'hop', host: a.host, device: bridge ?? '' }, hint: `restart the OVS agent on ${a.host} (it reinstalls provision_local_vlan flows); expected: ${expected}`, evidence: [{ source: `${a.host} flows:${bridge}`, text: `missing: ${expected}` }] }];
  }),
};

export const egressFlowMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'egress-flow-missing',
  severity: 'error',
  summary: 'no flow turns the local VLAN into the wire VLAN / tunnel id',
  run: perInterface((a) => {
    if (a.ovs.egress.action !== 'missing' || !wired(a)) return [];
    const bridge = a.ovs.egress.bridge;
    if (!hasFlows(a, bridge)) return [];
    const isTun = isTunnelType(a.trace.network.type);
    const expected = isTun
      ? `table ${TUN_TABLES.floodToTun} dl_vlan=${a.ovs.localVlan} actions=strip_vlan,load:0x${(a.trace.network.segmentationId ?? 0).toString(16)}->NXM_NX_TUN_ID[],output:<tunnel ports>`
      : `in_port=phy-${bridge},dl_vlan=${a.ovs.localVlan} actions=${a.trace.network.type === 'vlan' ? `mod_vlan_vid:${a.trace.network.segmentationId}` : 'strip_vlan'},NORMAL`;
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.host} ${bridge}: no egress flow for local VLAN ${a.ovs.localVlan}: traffic from the port never leaves the host`, at: { part: 'hop', host: a.host, device: bridge ?? '' }, hint: `restart the OVS agent on ${a.host} (it reinstalls the ${isTun ? 'flood' : 'provider VLAN'} flow); expected: ${expected}`, evidence: [{ source: `${a.host} flows:${bridge}`, text: `missing: ${expected}` }] }];
  }),
};

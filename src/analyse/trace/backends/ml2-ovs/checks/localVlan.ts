// ML2/OVS checks on the port's local VLAN on br-int and the segment the agent wired it for.
import { DEAD_VLAN, SEGMENTATION_ID_KEY } from '../../../../../neutron/ml2OvsRules.js';
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import { type CloudIndex, str } from '../../../cloudIndex.js';
import { interfacesOfPort, type HostState } from '../hostState.js';
import type { OvsInterfaceAnalysis } from '../interface.js';
import { hostState } from '../ovsFacts.js';
import { ovsdbEvidence, vifPlace } from './ovsCheckHelpers.js';

interface MiswiredHost {
  host: string;
  ovsPort: string;
  segmentationId: string;
}

/**
 * Per network, once per snapshot: each host whose OVSDB records a port of the network under another segmentation id
 * than Neutron's (other_config:segmentation_id, set by the agent's port_bound), with its first such port, in port order.
 */
function miswiredHosts(index: CloudIndex, networkId: string, segmentationId: number): MiswiredHost[] {
  return index.derived(`miswired-hosts ${networkId} ${segmentationId}`, () => {
    const found = new Map<string, MiswiredHost>();
    const ports = index.portsOnNetwork(networkId);
    const portIdsByHost = new Map<string, Set<string>>();
    for (const port of ports) {
      const host = str(port, 'binding:host_id');
      if (!host) continue;
      const ids = portIdsByHost.get(host) ?? new Set<string>();
      portIdsByHost.set(host, ids.add(str(port, 'id') ?? ''));
    }
    // A host none of whose rows for these ports can differ is not built row by row (a trace of one instance would
    // build every host of its network's, issue #22 item 16).
    const asked = new Map<string, boolean>();
    const mayDiffer = (host: string, state: HostState) => {
      if (!asked.has(host)) asked.set(host, state.mayRecordOtherSegmentationId(portIdsByHost.get(host) ?? new Set(), segmentationId));
      return asked.get(host);
    };
    for (const port of ports) {
      const host = str(port, 'binding:host_id');
      const state = host ? hostState(index, host) : undefined;
      if (!host || !state || found.has(host) || !mayDiffer(host, state)) continue;
      const row = interfacesOfPort(state, str(port, 'id') ?? '')[0];
      const seg = row ? state.ports.get(row.name)?.otherConfig[SEGMENTATION_ID_KEY] : undefined;
      if (seg !== undefined && Number(seg) !== segmentationId) found.set(host, { host, ovsPort: row.name, segmentationId: seg });
    }
    return [...found.values()];
  });
}

export const deadVlanCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'dead-vlan',
  severity: 'error',
  summary: 'the port is in the dead VLAN 4095 (drop flow evidence)',
  run: perInterface((a) => {
    if (a.ovs.localVlan !== DEAD_VLAN) return [];
    const evidence = [ovsdbEvidence(a, `tag=${DEAD_VLAN}`), ...a.deadDropFlows.map((f) => ({ source: `${a.host} flows:${a.integrationBridge}`, text: f.raw }))];
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.ovsPort?.name} on ${a.host} is in the dead VLAN ${DEAD_VLAN}: all its traffic is dropped`, ...vifPlace(a), hint: "the agent could not bind it here (binding moved to another host, network deleted or binding failed): fix the port's binding:host_id or re-plug the VIF, then the agent re-tags it", evidence }];
  }),
};

export const noLocalVlanCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'no-local-vlan',
  severity: 'error',
  summary: 'the port is on br-int without a tag',
  run: perInterface((a) => {
    if (!a.ovsPort || a.ovs.localVlan !== null) return [];
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.ovsPort.name} on ${a.host} has no local VLAN tag: the OVS agent has not wired it`, ...vifPlace(a), hint: `check the OVS agent on ${a.host} is alive and processing ports (its log: "Port ... updated")`, evidence: [ovsdbEvidence(a, `tag=[] other_config=${JSON.stringify(a.ovsPort.otherConfig)}`)] }];
  }),
};

export const tagMismatchCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'tag-mismatch',
  severity: 'error',
  summary: 'Port tag ≠ other_config:tag',
  run: perInterface((a) => {
    const { localVlan, otherConfigTag } = a.ovs;
    if (localVlan === null || otherConfigTag === null || localVlan === otherConfigTag || localVlan === DEAD_VLAN) return [];
    return [{ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.ovsPort?.name} on ${a.host} is tagged ${localVlan} but the agent recorded local VLAN ${otherConfigTag}: the translation flows use ${otherConfigTag}`, ...vifPlace(a), hint: `someone changed the tag by hand: \`ovs-vsctl set Port ${a.ovsPort?.name} tag=${otherConfigTag}\` (or restart the agent to resync)`, evidence: [ovsdbEvidence(a, `tag=${localVlan} other_config:tag="${otherConfigTag}"`)] }];
  }),
};

export const segmentationMismatchCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'segmentation-mismatch',
  needsApi: true,
  severity: 'error',
  summary: "a host wired the network with another segmentation id than Neutron's",
  run: perInterface((a, ctx) => {
    const netSeg = a.trace.network.segmentationId;
    if (netSeg === null) return [];
    const drafts: FindingDraft[] = [];
    if (a.ovs.otherConfigSegmentationId !== null && a.ovs.otherConfigSegmentationId !== netSeg) {
      drafts.push({ portId: a.trace.port.id, host: a.host ?? undefined, message: `${a.host} wired the port for segmentation id ${a.ovs.otherConfigSegmentationId}, Neutron says ${netSeg}`, ...vifPlace(a), hint: 'the agent has a stale mapping: restart it to resync the network', evidence: [ovsdbEvidence(a, `other_config:segmentation_id="${a.ovs.otherConfigSegmentationId}"`), { source: `neutron network ${a.trace.network.id}`, text: `provider:segmentation_id=${netSeg}` }] });
    }
    // Other hosts with ports on the same network: their OVSDB other_config and br-tun mapping must agree.
    const other = miswiredHosts(ctx.index, a.trace.network.id, netSeg).find((m) => m.host !== a.host);
    if (other) {
      drafts.push({ severity: 'error', portId: a.trace.port.id, host: other.host, message: `${other.host} wired network ${a.trace.network.name || a.trace.network.id} with segmentation id ${other.segmentationId}, this port's host uses ${netSeg}: they cannot reach each other`, at: { part: 'remote', host: other.host }, hint: `restart the OVS agent on ${other.host} so it resyncs the network's segment`, evidence: [{ source: `${other.host} ovsdb Port ${other.ovsPort}`, text: `other_config:segmentation_id="${other.segmentationId}"` }, { source: `neutron network ${a.trace.network.id}`, text: `provider:segmentation_id=${netSeg}` }] });
    }
    return drafts;
  }),
};

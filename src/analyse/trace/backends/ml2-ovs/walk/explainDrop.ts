// Which Neutron rule a flow the packet walk stopped at is (ML2/OVS): the flow's bridge, table, match and OVS's remarks
// decide; the words and the code that installs each flow are src/neutron/ml2OvsRules.ts DROP_EXPLANATION.
import type { DropReason } from '../../../../../model/walkModel.js';
import { DEAD_PORT_DROP_PRIORITY, DROP_EXPLANATION as say, INT_TABLES, TUN_TABLES, PHYS_TABLES } from '../../../../../neutron/ml2OvsRules.js';

/** How a bridge serves Neutron on a host, for naming what a flow on it means. */
export type BridgeRole = 'integration' | 'tunnel' | 'physical' | 'unknown';

/** A flow the packet walk stopped at (ofproto/trace), with what came before it. */
export interface WalkDropPoint {
  bridgeRole: BridgeRole;
  table: number;
  priority: number | null;
  match: string;
  actions: string;
  /** The flow's cookie differs from the one the OVS agent puts on every flow of this bridge (ovs_lib.py OVSBridge._default_cookie). */
  foreign: boolean;
  /** The in_port the dropping flow matches is a patch port from a physical bridge (int-…/phy-…). */
  fromPhysicalPatch: boolean;
  /** The flow before the drop when it sent the packet here (the firewall's 72/82 → 93 flow). */
  decidedBy: { table: number; match: string } | null;
  /** OVS's remarks (`Nonexistent output port`). */
  notes: string[];
}

/** What a dropping flow is in Neutron's terms. */
export function explainDrop(d: WalkDropPoint): { reason: DropReason; explanation: string } {
  if (d.notes.some((n) => /nonexistent output port/i.test(n))) return { reason: 'missing-output-port', explanation: say.missingOutputPort(d.notes.join('; ')) };
  if (d.foreign) return { reason: 'foreign-flow', explanation: say.foreignFlow };
  if (d.match === 'No match') return { reason: 'no-match', explanation: say.noMatch(d.table) };
  const fw = INT_TABLES;
  if (d.bridgeRole === 'integration') {
    if (d.table === fw.localSwitching && /dl_vlan=4095\b/.test(d.match)) return { reason: 'dead-vlan', explanation: say.deadVlanTag };
    if (d.table === fw.localSwitching && d.fromPhysicalPatch) return { reason: 'no-provider-translation', explanation: say.intNoProviderTranslation };
    if (d.table === fw.localSwitching && /in_port=/.test(d.match) && d.priority === DEAD_PORT_DROP_PRIORITY) return { reason: 'dead-vlan', explanation: say.deadPort };
    if (d.table === fw.arpSpoof) return { reason: 'arp-spoofing', explanation: say.arpSpoofing };
    if (d.table === fw.macSpoof) return { reason: 'mac-spoofing', explanation: say.macSpoofing };
    const decided = d.decidedBy ?? { table: d.table, match: d.match };
    const side = decided.table === fw.baseIngress || decided.table === fw.rulesIngress ? 'ingress' : 'egress';
    if (/ct_state=[^,]*\+inv/.test(decided.match) || /ct_mark=0x1\b/.test(decided.match)) return { reason: 'firewall-conntrack', explanation: say.firewallConntrack(side) };
    if (decided.table === fw.rulesEgress || decided.table === fw.rulesIngress) return { reason: 'firewall-no-rule', explanation: say.firewallNoRule(side) };
    if (decided.table === fw.baseEgress) return { reason: 'firewall-spoofing', explanation: say.firewallSpoofing };
    if (decided.table === fw.dropped || decided.table === fw.baseIngress) return { reason: 'firewall-drop', explanation: say.firewallDrop };
  }
  if (d.bridgeRole === 'tunnel') {
    if (d.table === TUN_TABLES.floodToTun) return { reason: 'no-tunnel-flow', explanation: say.noTunnelFlow };
    if (Object.values(TUN_TABLES.tunToLv).includes(d.table)) return { reason: 'unknown-tunnel-id', explanation: say.unknownTunnelId };
    if (d.table === 0) return { reason: 'no-match', explanation: say.tunUnknownInPort };
  }
  if (d.bridgeRole === 'physical' && d.table === PHYS_TABLES.localSwitching && d.fromPhysicalPatch) {
    return { reason: 'no-provider-translation', explanation: say.physNoProviderTranslation };
  }
  if (d.bridgeRole === 'physical' && d.table === PHYS_TABLES.localVlanTranslationDvr && d.fromPhysicalPatch) {
    return { reason: 'no-provider-translation', explanation: say.physDvrNoTranslation };
  }
  return { reason: 'unexplained', explanation: say.unexplained(d.table) };
}

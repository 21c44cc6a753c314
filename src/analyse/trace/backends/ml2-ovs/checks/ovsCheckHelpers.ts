// What the ML2/OVS checks share: evidence of an OVSDB row, whether the host was read, whether the port is wired.
import type { Evidence, FindingPlace } from '../../../../../model/traceModel.js';
import { DEAD_VLAN } from '../../../../../neutron/ml2OvsRules.js';
import type { OvsInterfaceAnalysis } from '../interface.js';

export const ovsdbEvidence = (a: OvsInterfaceAnalysis, text: string): Evidence => ({ source: `${a.host} ovsdb Port ${a.ovsPort?.name ?? '?'}`, text });
/** The VIF's hop on the drawn path, when the port has one on br-int. */
export const vifPlace = (a: OvsInterfaceAnalysis): { at?: FindingPlace } => (a.ovsPort ? { at: { part: 'hop', host: a.host, device: a.ovsPort.name } } : {});
/** Only judge OVS state when the host's OVSDB was actually read. */
export const hasOvsdb = (a: OvsInterfaceAnalysis) => !!a.state && a.state.reachable && a.state.ports.size > 0;
export const hasFlows = (a: OvsInterfaceAnalysis, bridge: string | null) => !!bridge && !!a.state?.flows.get(bridge)?.length;
/** Wired by the agent with a consistent tag (a hand-changed tag is tag-mismatch; its missing flows follow from it). */
export const wired = (a: OvsInterfaceAnalysis) =>
  a.ovs.localVlan !== null && a.ovs.localVlan !== DEAD_VLAN && (a.ovs.otherConfigTag === null || a.ovs.otherConfigTag === a.ovs.localVlan);

// Which security-group driver filters an ML2/OVS port: the OVS firewall's br-int tables, iptables on the hybrid plug's
// qbr bridge, or anti-spoofing only (firewall.py = neutron/agent/linux/openvswitch_firewall/firewall.py).
import type { FirewallDriver, FlowRef } from '../../../../model/traceModel.js';
import { ANTI_SPOOF_TABLES, INT_TABLES, OVS_FIREWALL_TABLES, hybridChainNames } from '../../../../neutron/ml2OvsRules.js';
import { gotoTable } from '../../flows.js';
import { flowRef } from './chain.js';
import { flowsFromPort, flowsToMac, type HostState } from './hostState.js';

export interface OvsFirewall {
  driver: FirewallDriver;
  tables: number[];
  evidence: string;
  chains?: string[];
}

/** The flows that show the driver are appended to `flows` (as evidence of the path). */
export function detectFirewall(state: HostState | undefined, bridge: string, name: string, mac: string, hybrid: boolean, host: string, flows: FlowRef[], portId: string): OvsFirewall {
  const fromPort = flowsFromPort(state, bridge, name);
  // firewall.py initialize_port_flows: table 60 priority 100 in_port=<ofport> → load reg5/reg6, go to 71 (filtered) or 73 (trusted).
  const entry = fromPort.find((f) => f.table === INT_TABLES.transient && [INT_TABLES.baseEgress, INT_TABLES.acceptOrIngress].includes(gotoTable(f) as 71 | 73));
  if (entry) {
    flows.push(flowRef(state, host, bridge, entry, `firewall egress: port → table ${gotoTable(entry)}`));
    const ingressEntry = flowsToMac(state, bridge, mac).find((f) => f.table === INT_TABLES.transient && gotoTable(f) === INT_TABLES.baseIngress);
    if (ingressEntry) flows.push(flowRef(state, host, bridge, ingressEntry, `firewall ingress: dl_dst=${mac} → table ${INT_TABLES.baseIngress}`));
    const tables = gotoTable(entry) === INT_TABLES.baseEgress ? OVS_FIREWALL_TABLES : [INT_TABLES.transient, INT_TABLES.acceptOrIngress, INT_TABLES.baseIngress, INT_TABLES.rulesIngress, 91, 92, 93, 94];
    return { driver: 'openvswitch', tables, evidence: `${bridge} table 60 ${entry.matchText} actions=${entry.actionsText}` };
  }
  // ovs_neutron_agent.py setup_arp_spoofing_protection → br_int.py install_arp_spoofing_protection / set_allowed_macs_for_port.
  const spoof = fromPort.filter((f) => f.table === INT_TABLES.localSwitching && [INT_TABLES.arpSpoof, INT_TABLES.macSpoof].includes(gotoTable(f) as 24 | 25));
  for (const f of spoof) flows.push(flowRef(state, host, bridge, f, `anti-spoofing: port → table ${gotoTable(f)}`));
  if (hybrid) {
    const chains = hybridChainNames(portId);
    return {
      driver: 'iptables_hybrid',
      tables: spoof.length ? ANTI_SPOOF_TABLES : [],
      evidence: 'binding:vif_details.ovs_hybrid_plug=true: security groups are iptables rules on the qbr bridge',
      chains: [chains.ingress, chains.egress, chains.spoof],
    };
  }
  if (spoof.length) return { driver: 'noop', tables: ANTI_SPOOF_TABLES, evidence: 'anti-spoofing flows only, no firewall tables for this port' };
  return { driver: 'unknown', tables: [], evidence: state ? `no firewall flow for ${name} in ${bridge}` : 'host not captured' };
}

/** The text output's firewall line: the driver, the br-int tables, the iptables chains. */
export function firewallSummary(fw: OvsFirewall): string {
  return `${fw.driver}${fw.tables.length ? ` (br-int tables ${fw.tables.join(', ')})` : ''}${fw.chains ? `; iptables chains ${fw.chains.join(', ')}` : ''}`;
}

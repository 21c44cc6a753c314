// Neutron ML2/OVS conventions the trace relies on, each with the neutron (21.0.0, Zed) file that makes it so.
// Paths are relative to /usr/lib/python3/dist-packages; AGENT = neutron/plugins/ml2/drivers/openvswitch/agent;
// br_int.py, br_phys.py, br_tun.py = AGENT/openflow/native/.
import type { Flow } from './flows.js';
import { gotoTable } from './flows.js';
import type { DropReason } from '../../model/walkModel.js';

/** neutron_lib/constants.py DEVICE_NAME_MAX_LEN = 15 and LINUX_DEV_LEN = 14: names are prefix + 11 chars of the port id. */
export const PORT_ID_CHARS_IN_DEVICE = 11;

/** Device prefixes of a VM port's path. */
export const DEVICE_PREFIX = {
  /** neutron_lib/constants.py TAP_DEVICE_PREFIX = 'tap' (also the DHCP port inside qdhcp-, neutron/agent/linux/interface.py). */
  tap: 'tap',
  /** vif_plug_ovs/ovs.py gen_port_name('qbr', vif.id): os-vif's Linux bridge for the hybrid plug. */
  qbr: 'qbr',
  /** neutron/agent/linux/iptables_firewall.py OVSHybridIptablesFirewallDriver._get_br_device_name: 'qvb' + device. */
  qvb: 'qvb',
  /** neutron_lib/constants.py VETH_DEVICE_PREFIX = 'qvo' (the br-int end of the hybrid veth pair). */
  qvo: 'qvo',
  /** neutron/agent/l3/namespaces.py INTERNAL_DEV_PREFIX = 'qr-' (router interface). */
  routerInterface: 'qr-',
  /** neutron/agent/l3/namespaces.py EXTERNAL_DEV_PREFIX = 'qg-' (router gateway). */
  routerGateway: 'qg-',
} as const;

export function deviceName(prefix: string, portId: string): string {
  return prefix + portId.slice(0, PORT_ID_CHARS_IN_DEVICE);
}

/** neutron_lib/plugins/ml2/ovs_constants.py DEAD_VLAN_TAG = MAX_VLAN_TAG + 1 (port_dead() in AGENT/ovs_neutron_agent.py sets it). */
export const DEAD_VLAN = 4095;
/** neutron_lib/constants.py MIN_VLAN_TAG / MAX_VLAN_TAG: local VLANs come from 1..4094 (AGENT/ovs_neutron_agent.py available_local_vlans). */
export const MIN_VLAN = 1;
export const MAX_VLAN = 4094;

/** neutron_lib/plugins/ml2/ovs_constants.py PEER_INTEGRATION_PREFIX / PEER_PHYSICAL_PREFIX (AGENT/ovs_neutron_agent.py setup_physical_bridges). */
export const PATCH_INT_TO_PHYS_PREFIX = 'int-';
export const PATCH_PHYS_TO_INT_PREFIX = 'phy-';
/** neutron/conf/plugins/ml2/drivers/ovs_conf.py int_peer_patch_port = 'patch-tun', tun_peer_patch_port = 'patch-int'. */
export const PATCH_INT_TO_TUN = 'patch-tun';
export const PATCH_TUN_TO_INT = 'patch-int';
/** neutron/conf/plugins/ml2/drivers/ovs_conf.py integration_bridge / tunnel_bridge defaults. */
export const DEFAULT_INTEGRATION_BRIDGE = 'br-int';
export const DEFAULT_TUNNEL_BRIDGE = 'br-tun';

/** neutron_lib/plugins/ml2/ovs_constants.py TUNNEL_NETWORK_TYPES (gre, vxlan, geneve). */
export const TUNNEL_NETWORK_TYPES = ['gre', 'vxlan', 'geneve'] as const;
export function isTunnelType(type: string | null): boolean {
  return type !== null && (TUNNEL_NETWORK_TYPES as readonly string[]).includes(type);
}

/**
 * AGENT/ovs_neutron_agent.py get_tunnel_name/get_tunnel_hash: '<type>-' + 8 hex digits of the IPv4 remote_ip
 * (IPv6: a base32 SHA-1 hash, which cannot be inverted, so IPv6 names are matched through Interface options:remote_ip).
 */
export function tunnelPortName(type: string, remoteIp: string): string | null {
  const octets = remoteIp.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) return null;
  return `${type}-${octets.map((o) => o.toString(16).padStart(2, '0')).join('')}`;
}

export function tunnelPortIp(name: string): string | null {
  const m = /^(?:gre|vxlan|geneve)-([0-9a-f]{8})$/.exec(name);
  if (!m) return null;
  return [0, 2, 4, 6].map((i) => parseInt(m[1].slice(i, i + 2), 16)).join('.');
}

/** br-tun tables, neutron_lib/plugins/ml2/ovs_constants.py (unchanged from Queens to 2024.x). */
export const TUN_TABLES = {
  /** PATCH_LV_TO_TUN: traffic from br-int sorted into unicast (20) / flood (22); br_tun.py setup_default_table. */
  patchLvToTun: 2,
  /** TUN_TABLE: tun_id → local VLAN, per tunnel type; br_tun.py provision_local_vlan. */
  tunToLv: { gre: 3, vxlan: 4, geneve: 6 } as Record<string, number>,
  /** LEARN_FROM_TUN: learn MAC → tunnel port, then output patch-int; br_tun.py setup_default_table. */
  learnFromTun: 10,
  /** UCAST_TO_TUN: per (lvid, MAC) unicast out one tunnel (l2pop or learned); br_tun.py install_unicast_to_tun. */
  ucastToTun: 20,
  /** ARP_RESPONDER; br_tun.py install_arp_responder. */
  arpResponder: 21,
  /** FLOOD_TO_TUN: dl_vlan=lvid → strip, set tun_id, output every tunnel port; br_tun.py install_flood_to_tun. */
  floodToTun: 22,
} as const;

/** Physical (provider) bridge tables, neutron_lib/plugins/ml2/ovs_constants.py; br_phys.py provision_local_vlan. */
export const PHYS_TABLES = {
  /** LOCAL_SWITCHING: lvid → provider VLAN / strip, when DVR is off. */
  localSwitching: 0,
  /** LOCAL_VLAN_TRANSLATION: the same flows when DVR is on (distributed=True). */
  localVlanTranslationDvr: 2,
} as const;

/** br-int tables that do not move between releases (neutron_lib/plugins/ml2/ovs_constants.py). */
export const INT_TABLES = {
  /** LOCAL_SWITCHING: dead VLAN drop, provider ingress translation (br_int.py provision_local_vlan), anti-spoof entry. */
  localSwitching: 0,
  /** CANARY_TABLE (br_int.py setup_canary_table). */
  canary: 23,
  /** ARP_SPOOF_TABLE / MAC_SPOOF_TABLE: used when the firewall does not do anti-spoofing (iptables_hybrid, noop). */
  arpSpoof: 24,
  macSpoof: 25,
  /** TRANSIENT_TABLE: NORMAL switching; the OVS firewall hooks its per-port flows here (firewall.py). */
  transient: 60,
  /** OVS firewall tables (neutron/agent/linux/openvswitch_firewall/firewall.py, OVS_FIREWALL_TABLES and friends). */
  baseEgress: 71,
  rulesEgress: 72,
  acceptOrIngress: 73,
  baseIngress: 81,
  rulesIngress: 82,
  acceptedEgress: 91,
  acceptedIngress: 92,
  dropped: 93,
  acceptedEgressNormal: 94,
} as const;

/**
 * iptables_hybrid chains of a port: neutron/agent/linux/iptables_firewall.py OVSHybridIptablesFirewallDriver._port_chain_name
 * ('i'/'o'/'s' + port id, cut to MAX_IPTABLES_CHAIN_LEN_WRAP = 11 by iptables_manager.get_chain_name), wrapped with the
 * agent's binary name (iptables_manager.binary_name, 'neutron-openvswi' for neutron-openvswitch-agent, cut to 16).
 */
export function hybridChainNames(portId: string): { ingress: string; egress: string; spoof: string } {
  const chain = (prefix: string) => `neutron-openvswi-${(prefix + portId).slice(0, 11)}`;
  return { ingress: chain('i'), egress: chain('o'), spoof: chain('s') };
}

/** The OVS firewall driver's tables (firewall.py): egress 71-73, ingress 81-82, accept/drop 91-94. */
export const OVS_FIREWALL_TABLES = [60, 71, 72, 73, 81, 82, 91, 92, 93, 94];
/** iptables_hybrid/noop: br-int only does anti-spoofing (AGENT/ovs_neutron_agent.py setup_arp_spoofing_protection → br_int.py). */
export const ANTI_SPOOF_TABLES = [0, 24, 25];

/**
 * The table br-int's table 0 falls through to, which tells the release apart (the notes' section F):
 * Xena and older (AGENT/common/constants.py) t0 → 60; Yoga/Zed (neutron_lib 3.1 ovs_constants.py PACKET_RATE_LIMIT = 59)
 * t0 → 59 → 60; 2023.1+ (neutron-lib ≥ 3.2, commit "Add bandwidth rate limit table") t0 → 58 → 60, 59 = bandwidth limit.
 */
export interface TableLayout {
  name: string;
  releases: string;
  /** Where br-int table 0's priority-0 flow goes. */
  firstHop: number;
  packetRateLimit: number | null;
  bandwidthRateLimit: number | null;
}

export const TABLE_LAYOUTS: readonly TableLayout[] = [
  { name: 'xena', releases: 'Xena and older (neutron ≤ 19)', firstHop: 60, packetRateLimit: null, bandwidthRateLimit: null },
  { name: 'zed', releases: 'Yoga, Zed (neutron 20-21, neutron-lib 3.1)', firstHop: 59, packetRateLimit: 59, bandwidthRateLimit: null },
  { name: '2023.1', releases: '2023.1 and newer (neutron-lib ≥ 3.2)', firstHop: 58, packetRateLimit: 58, bandwidthRateLimit: 59 },
];

/** The layout of the installed neutron 21.0.0, used when br-int's flows do not tell. */
export const DEFAULT_TABLE_LAYOUT = TABLE_LAYOUTS[1];

/** Detects the table layout from br-int's table 0 default flow (br_int.py setup_default_table: install_goto(PACKET_RATE_LIMIT)). */
export function detectTableLayout(brIntFlows: readonly Flow[]): TableLayout | null {
  const fallThrough = brIntFlows.find((f) => f.table === 0 && f.priority === 0 && gotoTable(f) !== null);
  if (!fallThrough) return null;
  return TABLE_LAYOUTS.find((layout) => layout.firstHop === gotoTable(fallThrough)) ?? null;
}

/** Neutron port device_owner values (neutron_lib/constants.py DEVICE_OWNER_*). */
export const DEVICE_OWNER = {
  dhcp: 'network:dhcp',
  routerInterface: 'network:router_interface',
  routerInterfaceDistributed: 'network:router_interface_distributed',
  routerHaInterface: 'network:ha_router_replicated_interface',
  routerGateway: 'network:router_gateway',
  floatingIp: 'network:floatingip',
  computePrefix: 'compute:',
} as const;

export function isRouterInterfaceOwner(owner: string): boolean {
  return owner === DEVICE_OWNER.routerInterface || owner === DEVICE_OWNER.routerInterfaceDistributed || owner === DEVICE_OWNER.routerHaInterface;
}

/** Agent types as the agents API reports them (neutron_lib/constants.py AGENT_TYPE_*). */
export const AGENT_TYPE = {
  ovs: 'Open vSwitch agent',
  dhcp: 'DHCP agent',
  l3: 'L3 agent',
} as const;

/** neutron/extensions/portbindings.py via neutron_lib/api/definitions/portbindings.py: VIF_TYPE_BINDING_FAILED / VIF_TYPE_UNBOUND. */
export const VIF_TYPE_BINDING_FAILED = 'binding_failed';
export const VIF_TYPE_UNBOUND = 'unbound';

/** neutron_lib/constants.py VXLAN_ENCAP_OVERHEAD 30, GRE_ENCAP_OVERHEAD 22, GENEVE_ENCAP_MIN_OVERHEAD 30 (+ IP header). */
export const ENCAP_OVERHEAD: Record<string, number> = { vxlan: 30, gre: 22, geneve: 30 };

/**
 * The OVSDB Interface external_ids the agent needs to treat a port as a VIF: iface-id (the Neutron port id) and
 * attached-mac (neutron/agent/common/ovs_lib.py get_vif_ports / get_vifs_by_ids).
 */
export const IFACE_ID = 'iface-id';
export const ATTACHED_MAC = 'attached-mac';

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

/**
 * What a dropping flow is in Neutron's terms, each with the code that installs it (paths as at the top of this file;
 * FIREWALL = neutron/agent/linux/openvswitch_firewall/firewall.py).
 */
export function explainDrop(d: WalkDropPoint): { reason: DropReason; explanation: string } {
  if (d.notes.some((n) => /nonexistent output port/i.test(n))) {
    return { reason: 'missing-output-port', explanation: `the flow outputs to a port that no longer exists on the bridge (a deleted tunnel or patch port): ${d.notes.join('; ')}` };
  }
  if (d.foreign) {
    return { reason: 'foreign-flow', explanation: 'a flow the OVS agent did not install: its cookie is not the agent\'s cookie for this bridge (ovs_lib.py OVSBridge._default_cookie); added by hand or by another controller' };
  }
  if (d.match === 'No match') {
    return { reason: 'no-match', explanation: `no flow in table ${d.table} matches the packet, so OpenFlow drops it (the table has no priority-0 default)` };
  }
  const fw = INT_TABLES;
  if (d.bridgeRole === 'integration') {
    if (d.table === fw.localSwitching && /dl_vlan=4095\b/.test(d.match)) {
      return { reason: 'dead-vlan', explanation: `the dead VLAN ${DEAD_VLAN}: br_int.py setup_default_table drops it; the agent puts a port there when it cannot wire it (ovs_neutron_agent.py port_dead)` };
    }
    if (d.table === fw.localSwitching && d.fromPhysicalPatch) {
      return { reason: 'no-provider-translation', explanation: 'traffic from the provider bridge whose VLAN has no translation to a local VLAN on this host: br_int.py provision_local_vlan installs dl_vlan=<segment> → mod_vlan_vid:<local>; without it the catch-all drop of setup_physical_bridges (br_int.py drop_port) applies' };
    }
    if (d.table === fw.localSwitching && /in_port=/.test(d.match)) {
      return { reason: 'dead-vlan', explanation: 'the port is dead: ovs_neutron_agent.py port_dead → br_int.py drop_port drops everything it sends (it is on the dead VLAN 4095)' };
    }
    if (d.table === fw.arpSpoof) return { reason: 'arp-spoofing', explanation: 'ARP spoofing protection: the ARP does not carry an address of the port (br_int.py install_arp_spoofing_protection)' };
    if (d.table === fw.macSpoof) return { reason: 'mac-spoofing', explanation: 'MAC spoofing protection: the source MAC is not the port\'s (br_int.py install_mac_spoofing_protection)' };
    const decided = d.decidedBy ?? { table: d.table, match: d.match };
    const ingress = decided.table === fw.baseIngress || decided.table === fw.rulesIngress;
    const side = ingress ? 'ingress' : 'egress';
    if (/ct_state=[^,]*\+inv/.test(decided.match) || /ct_mark=0x1\b/.test(decided.match)) {
      return { reason: 'firewall-conntrack', explanation: `OVS firewall, ${side}: conntrack says the connection is invalid or marked for deletion (FIREWALL ${ingress ? 'RULES_INGRESS_TABLE' : 'RULES_EGRESS_TABLE'} ct_state=+inv / ct_mark=CT_MARK_INVALID → DROPPED_TRAFFIC_TABLE)` };
    }
    if (decided.table === fw.rulesEgress || decided.table === fw.rulesIngress) {
      return { reason: 'firewall-no-rule', explanation: `OVS firewall, ${side}: no security-group rule of the port matches a new connection (FIREWALL ${ingress ? 'RULES_INGRESS_TABLE 82' : 'RULES_EGRESS_TABLE 72'}: ct_state=-est → DROPPED_TRAFFIC_TABLE ${fw.dropped})` };
    }
    if (decided.table === fw.baseEgress) {
      return { reason: 'firewall-spoofing', explanation: 'OVS firewall, egress: the source MAC/IP is not one of the port\'s (fixed IPs, allowed address pairs): FIREWALL BASE_EGRESS_TABLE 71 lets only those through (initialize_egress)' };
    }
    if (decided.table === fw.dropped || decided.table === fw.baseIngress) {
      return { reason: 'firewall-drop', explanation: `OVS firewall drop (FIREWALL DROPPED_TRAFFIC_TABLE ${fw.dropped})` };
    }
  }
  if (d.bridgeRole === 'tunnel') {
    if (d.table === TUN_TABLES.floodToTun) {
      return { reason: 'no-tunnel-flow', explanation: 'no flood-to-tunnels flow for this local VLAN: br_tun.py install_flood_to_tun (dl_vlan=<local> → set tun_id, output to every tunnel) is missing on this host' };
    }
    if (Object.values(TUN_TABLES.tunToLv).includes(d.table)) {
      return { reason: 'unknown-tunnel-id', explanation: 'the tunnel id is not provisioned on this host: br_tun.py provision_local_vlan installs tun_id=<segment> → mod_vlan_vid:<local>, and there is none (no port of the network here, or the agent did not wire it)' };
    }
    if (d.table === 0) return { reason: 'no-match', explanation: 'br-tun does not know the port the packet came in by (br_tun.py setup_default_table: only patch-int and tunnel ports are accepted)' };
  }
  if (d.bridgeRole === 'physical' && d.table === PHYS_TABLES.localSwitching && d.fromPhysicalPatch) {
    return { reason: 'no-provider-translation', explanation: 'the local VLAN has no translation to the provider network on this bridge: br_phys.py provision_local_vlan installs in_port=phy-…,dl_vlan=<local> → mod_vlan_vid:<segment> (VLAN) or strip_vlan (flat); without it the drop of setup_physical_bridges (br_phys.py drop_port) applies' };
  }
  return { reason: 'unexplained', explanation: `a drop in table ${d.table} that netxray cannot name in Neutron's terms` };
}

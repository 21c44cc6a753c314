// Neutron ML2/OVS conventions collect and analyse rely on, each with the neutron (21.0.0, Zed) file that makes it so.
// Paths are relative to /usr/lib/python3/dist-packages; AGENT = neutron/plugins/ml2/drivers/openvswitch/agent;
// br_int.py, br_phys.py, br_tun.py = AGENT/openflow/native/. Neutron-generic rules: ./neutronRules.ts.

import { DEVICE_OWNER } from './neutronRules.js';

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
  /** neutron/agent/l3/ha_router.py HA_DEV_PREFIX = 'ha-' (an HA router's port on its HA network). */
  routerHaNetworkPort: 'ha-',
} as const;

/**
 * Whether a port's br-int device is the hybrid plug's qvo… end. Only Nova plugs the hybrid way (os-vif
 * vif_plug_ovs/ovs.py _plug_bridge, when the binding's vif_details say ovs_hybrid_plug); Neutron's own agents plug
 * their devices straight into br-int whatever the firewall driver (the DHCP port is an internal port `tap…`,
 * neutron/agent/linux/interface.py OVSInterfaceDriver), although the binding of a DHCP port on an iptables_hybrid
 * host carries ovs_hybrid_plug=true too (neutron/plugins/ml2/drivers/openvswitch/mech_driver/mech_openvswitch.py
 * sets it per agent, not per port).
 */
export function isHybridPlugged(deviceOwner: string, vifDetails: Record<string, unknown>): boolean {
  return deviceOwner.startsWith(DEVICE_OWNER.computePrefix) && vifDetails.ovs_hybrid_plug === true;
}

export function deviceName(prefix: string, portId: string): string {
  return prefix + portId.slice(0, PORT_ID_CHARS_IN_DEVICE);
}

/** neutron_lib/plugins/ml2/ovs_constants.py DEAD_VLAN_TAG = MAX_VLAN_TAG + 1 (port_dead() in AGENT/ovs_neutron_agent.py sets it). */
export const DEAD_VLAN = 4095;
/** AGENT/openflow/native/br_int.py drop_port: the dead port's drop on its in_port, table 0 (LOCAL_SWITCHING), priority 2. */
export const DEAD_PORT_DROP_PRIORITY = 2;
/**
 * What a disabled Neutron port (admin_state_up=false) shows: AGENT/ovs_neutron_agent.py treat_vif_port calls
 * port_dead() (tag 4095 + priority-2 drop on its in_port) and update_device_down (status DOWN) when
 * details['admin_state_up'] is false. Finding ids of those symptoms.
 */
export const PORT_DISABLED_SYMPTOMS = ['port-down', 'dead-vlan'] as const;
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
  /** ARP_RESPONDER; ovs_bridge.py install_arp_responder (ARP_RESPONDER below). */
  arpResponder: 21,
  /** FLOOD_TO_TUN: dl_vlan=lvid → strip, set tun_id, output every tunnel port; br_tun.py install_flood_to_tun. */
  floodToTun: 22,
} as const;

/**
 * The ARP responder (l2population with arp_responder = true; ovs_neutron_agent.py: arp_responder_enabled needs l2_population,
 * setup_entry_for_arp_reply → ovs_bridge.py install_arp_responder, priority 1 in br-tun ARP_RESPONDER per local VLAN and
 * remote port IP): br-tun answers a broadcast ARP request for a port on another host itself. The reply carries the port's
 * MAC as arp_sha (`set_field:<mac>->arp_sha`) and goes back IN_PORT to br-int, so the request never reaches a tunnel.
 * DVR needs it (neutron doc admin/deploy-ovs-ha-dvr.rst enables it); without it the request floods to the tunnels.
 */
export const ARP_RESPONDER = {
  table: TUN_TABLES.arpResponder,
  /** The action that sends the reply back where the request came from. */
  replyAction: 'IN_PORT',
  /** The action that names the answered MAC: OpenFlow 1.3 `set_field:<mac>->arp_sha`, OpenFlow 1.0 `load:0x…->NXM_NX_ARP_SHA[]`. */
  answeredMac(action: string): string | null {
    const set = /^set_field:([0-9a-f]{2}(?::[0-9a-f]{2}){5})->arp_sha$/i.exec(action);
    if (set) return set[1].toLowerCase();
    const load = /^load:0x([0-9a-f]{1,12})->NXM_NX_ARP_SHA\[\]$/i.exec(action);
    if (!load) return null;
    const hex = load[1].padStart(12, '0').toLowerCase();
    return [0, 2, 4, 6, 8, 10].map((i) => hex.slice(i, i + 2)).join(':');
  },
} as const;

/**
 * DVR tables, neutron_lib/plugins/ml2/ovs_constants.py (the flows: AGENT/ovs_dvr_neutron_agent.py, AGENT/openflow/native/
 * br_dvr_process.py, br_tun.py, br_int.py). Rules of the L3 side of DVR: ./dvrRules.ts.
 */
export const DVR_TABLES = {
  /** br-tun DVR_PROCESS: routed frames leaving this host get the host's DVR MAC as source (install_dvr_process: mod_dl_src). */
  tunDvrProcess: 1,
  /** br-tun DVR_NOT_LEARN: frames from a peer's DVR MAC go to br-int without being learned (add_dvr_mac_tun). */
  tunDvrNotLearn: 9,
  /** br-int DVR_TO_SRC_MAC: a peer's routed frame gets the local router port's MAC as source again (install_dvr_to_src_mac). */
  intDvrToSrcMac: 1,
  /** br-int DVR_TO_SRC_MAC_PHYSICAL: the same for VLAN/flat networks (DVR_PHYSICAL_NETWORK_TYPES; br_int.py _dvr_to_src_mac_table_id). */
  intDvrToSrcMacPhysical: 2,
  /** br-int LOCAL_SWITCHING: a peer's DVR MAC from patch-tun goes to DVR_TO_SRC_MAC (br_int.py add_dvr_mac_tun, priority 2), from a physical bridge to DVR_TO_SRC_MAC_PHYSICAL (add_dvr_mac_physical, priority 4). */
  intLocalSwitching: 0,
  /** Physical bridge DVR_NOT_LEARN_PHYSICAL: a peer's DVR MAC goes to br-int without being learned (br_phys.py add_dvr_mac_physical). */
  physDvrNotLearn: 3,
} as const;

/** Network types whose DVR frames cross a physical bridge (neutron_lib/plugins/ml2/ovs_constants.py DVR_PHYSICAL_NETWORK_TYPES). */
export const DVR_PHYSICAL_NETWORK_TYPES: readonly string[] = ['vlan', 'flat'];

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

/** The layout whose table 0 falls through to `firstHop` (br_int.py setup_default_table: install_goto(PACKET_RATE_LIMIT)). */
export function tableLayoutOfFirstHop(firstHop: number): TableLayout | null {
  return TABLE_LAYOUTS.find((layout) => layout.firstHop === firstHop) ?? null;
}

/**
 * The OVSDB Interface external_ids the agent needs to treat a port as a VIF: iface-id (the Neutron port id) and
 * attached-mac (neutron/agent/common/ovs_lib.py get_vif_ports / get_vifs_by_ids).
 */
export const IFACE_ID = 'iface-id';
export const ATTACHED_MAC = 'attached-mac';
/**
 * The OVSDB Port other_config key where the agent records the segmentation id it wired a port for
 * (neutron/plugins/ml2/drivers/openvswitch/agent/ovs_neutron_agent.py port_bound: other_config net_uuid, network_type,
 * physical_network, segmentation_id).
 */
export const SEGMENTATION_ID_KEY = 'segmentation_id';
/**
 * The instance an interface belongs to, in OVSDB Interface external_ids: os-vif writes `vm-uuid`
 * (vif_plug_ovs/ovsdb/ovsdb_lib.py create_ovs_vif_port); `vm-id` is the key ovs-vswitchd.conf.db(5) documents ("The VM
 * to which this interface belongs"), found instead of vm-uuid in some deployments' reports (test/fixtures/sos/external/).
 */
export const INSTANCE_ID_KEYS = ['vm-uuid', 'vm-id'] as const;
/** The plug writes external_ids:iface-status=active (os_vif/vif_plug_ovs/ovsdb/ovsdb_lib.py create_ovs_vif_port). */
export const IFACE_STATUS = 'iface-status';
export const IFACE_STATUS_ACTIVE = 'active';

/**
 * A wrong patch or tunnel port explains the missing translations on it: the ingress flow matches in_port of the
 * int-/patch- port and the egress flow outputs through it (AGENT/ovs_neutron_agent.py setup_physical_bridges,
 * setup_tunnel_br), so with the port gone or unpaired they are absent or lead nowhere.
 */
export const PATCH_PORT_SYMPTOMS = ['ingress-flow-missing', 'egress-flow-missing'] as const;
/** A tunnel port with another remote_ip than the peer's local_ip: the tunnel to the peer looks missing, its flood entry too. */
export const TUNNEL_REMOTE_SYMPTOMS = ['tunnel-port-missing', 'flood-entry-missing'] as const;

/**
 * How the OVS tools fail when the daemon behind them does not answer (openvswitch 3.x): ovs-vsctl without
 * ovsdb-server prints "<socket>: database connection failed (...)" (lib/db-ctl-base.c); ovs-ofctl without
 * ovs-vswitchd finds no management socket ("<br> is not a bridge or a socket", utilities/ovs-ofctl.c open_vconn) or
 * cannot connect to it ("failed to connect to socket", lib/vconn.c), or times out on a hung one.
 */
export const OVSDB_SERVER_NOT_ANSWERING = /database connection failed|db\.sock.*(Connection refused|No such file)|timeout|timed out|Alarm clock/i;
export const OVS_VSWITCHD_NOT_ANSWERING = /is not a bridge or a socket|failed to connect to socket|\.mgmt.*(Connection refused|No such file)|timeout|timed out|Alarm clock/i;

/**
 * What a dropping flow of the packet walk is in Neutron's terms, each with the code that installs it (paths as at the
 * top of this file; FIREWALL = neutron/agent/linux/openvswitch_firewall/firewall.py). Which flow is which is decided
 * by the ML2/OVS walk (src/analyse/trace/backends/ml2-ovs/walk/explainDrop.ts).
 */
export const DROP_EXPLANATION = {
  missingOutputPort: (notes: string) => `the flow outputs to a port that no longer exists on the bridge (a deleted tunnel or patch port): ${notes}`,
  foreignFlow: 'a flow the OVS agent did not install: its cookie is not the agent\'s cookie for this bridge (ovs_lib.py OVSBridge._default_cookie); added by hand or by another controller',
  noMatch: (table: number) => `no flow in table ${table} matches the packet, so OpenFlow drops it (the table has no priority-0 default)`,
  deadVlanTag: `the dead VLAN ${DEAD_VLAN}: br_int.py setup_default_table drops it; the agent puts a port there when it cannot wire it (ovs_neutron_agent.py port_dead)`,
  intNoProviderTranslation: 'traffic from the provider bridge whose VLAN has no translation to a local VLAN on this host: br_int.py provision_local_vlan installs dl_vlan=<segment> → mod_vlan_vid:<local>; without it the catch-all drop of setup_physical_bridges (br_int.py drop_port) applies',
  deadPort: 'the port is dead: ovs_neutron_agent.py port_dead → br_int.py drop_port drops everything it sends (it is on the dead VLAN 4095)',
  arpSpoofing: 'ARP spoofing protection: the ARP does not carry an address of the port (br_int.py install_arp_spoofing_protection)',
  macSpoofing: 'MAC spoofing protection: the source MAC is not the port\'s (br_int.py install_mac_spoofing_protection)',
  firewallConntrack: (side: 'ingress' | 'egress') => `OVS firewall, ${side}: conntrack says the connection is invalid or marked for deletion (FIREWALL ${side === 'ingress' ? 'RULES_INGRESS_TABLE' : 'RULES_EGRESS_TABLE'} ct_state=+inv / ct_mark=CT_MARK_INVALID → DROPPED_TRAFFIC_TABLE)`,
  firewallNoRule: (side: 'ingress' | 'egress') => `OVS firewall, ${side}: no security-group rule of the port matches a new connection (FIREWALL ${side === 'ingress' ? 'RULES_INGRESS_TABLE 82' : 'RULES_EGRESS_TABLE 72'}: ct_state=-est → DROPPED_TRAFFIC_TABLE ${INT_TABLES.dropped})`,
  firewallSpoofing: 'OVS firewall, egress: the source MAC/IP is not one of the port\'s (fixed IPs, allowed address pairs): FIREWALL BASE_EGRESS_TABLE 71 lets only those through (initialize_egress)',
  firewallDrop: `OVS firewall drop (FIREWALL DROPPED_TRAFFIC_TABLE ${INT_TABLES.dropped})`,
  noTunnelFlow: 'no flood-to-tunnels flow for this local VLAN: br_tun.py install_flood_to_tun (dl_vlan=<local> → set tun_id, output to every tunnel) is missing on this host',
  unknownTunnelId: 'the tunnel id is not provisioned on this host: br_tun.py provision_local_vlan installs tun_id=<segment> → mod_vlan_vid:<local>, and there is none (no port of the network here, or the agent did not wire it)',
  tunUnknownInPort: 'br-tun does not know the port the packet came in by (br_tun.py setup_default_table: only patch-int and tunnel ports are accepted)',
  physDvrNoTranslation: 'DVR: the physical bridge sends what comes from br-int through DVR_PROCESS_PHYSICAL to LOCAL_VLAN_TRANSLATION, whose priority-2 drop (ovs_dvr_neutron_agent.py setup_dvr_flows_on_phys_br) stops a local VLAN without a translation to this provider network, such as a tunnel network\'s flood copy; on a provider network br_phys.py provision_local_vlan installs the translation there',
  arpResponderWrongMac: (ip: string, answered: string, neutron: string) => `br-tun's ARP responder (l2population, ovs_bridge.py install_arp_responder) answers ${ip} with ${answered}, but Neutron says ${ip} is ${neutron}: the entry is stale, and the instance would send to the wrong MAC`,
  physNoProviderTranslation: 'the local VLAN has no translation to the provider network on this bridge: br_phys.py provision_local_vlan installs in_port=phy-…,dl_vlan=<local> → mod_vlan_vid:<segment> (VLAN) or strip_vlan (flat); without it the drop of setup_physical_bridges (br_phys.py drop_port) applies',
  unexplained: (table: number) => `a drop in table ${table} that netxray cannot name in Neutron's terms`,
} as const;

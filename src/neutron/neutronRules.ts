// Neutron conventions every networking backend shares (ports, routers, agents, bindings, network types), each with
// the neutron-lib / neutron (21.0.0, Zed) file that makes it so. ML2/OVS specifics: ./ml2OvsRules.ts.

/** Neutron port device_owner values (neutron_lib/constants.py DEVICE_OWNER_*). */
export const DEVICE_OWNER = {
  dhcp: 'network:dhcp',
  routerInterface: 'network:router_interface',
  routerInterfaceDistributed: 'network:router_interface_distributed',
  routerHaInterface: 'network:ha_router_replicated_interface',
  /** DVR: the router's SNAT port on the network, bound to the node running the centralized SNAT (DEVICE_OWNER_ROUTER_SNAT). */
  routerCentralizedSnat: 'network:router_centralized_snat',
  routerGateway: 'network:router_gateway',
  floatingIp: 'network:floatingip',
  /** nova/network/neutron.py sets `compute:<availability zone>` on the ports it binds. */
  computePrefix: 'compute:',
} as const;

/**
 * The router ports that are a subnet's gateway (the address instances route through). The DVR SNAT port is not
 * one of them: it holds another address of the subnet, used only by the SNAT namespace (neutron/db/l3_dvr_db.py).
 */
export function isRouterInterfaceOwner(owner: string): boolean {
  return owner === DEVICE_OWNER.routerInterface || owner === DEVICE_OWNER.routerInterfaceDistributed || owner === DEVICE_OWNER.routerHaInterface;
}

/**
 * Every port a router has on an internal network, the DVR SNAT port included: which routers serve a network and
 * which hosts hold their namespaces (the SNAT port is bound to the SNAT node, which a trace must visit).
 */
export const ROUTER_PORT_OWNERS_ON_NETWORK: readonly string[] = [
  DEVICE_OWNER.routerInterface,
  DEVICE_OWNER.routerInterfaceDistributed,
  DEVICE_OWNER.routerHaInterface,
  DEVICE_OWNER.routerCentralizedSnat,
];

/** Agent types as the agents API reports them (neutron_lib/constants.py AGENT_TYPE_*). */
export const AGENT_TYPE = {
  ovs: 'Open vSwitch agent',
  dhcp: 'DHCP agent',
  l3: 'L3 agent',
  /** neutron/common/ovn/constants.py OVN_CONTROLLER_AGENT / OVN_CONTROLLER_GW_AGENT / OVN_METADATA_AGENT. */
  ovnController: 'OVN Controller agent',
  ovnControllerGateway: 'OVN Controller Gateway agent',
  ovnMetadata: 'OVN Metadata agent',
} as const;

/** neutron_lib/api/definitions/portbindings.py VIF_TYPE_BINDING_FAILED / VIF_TYPE_UNBOUND. */
export const VIF_TYPE_BINDING_FAILED = 'binding_failed';
export const VIF_TYPE_UNBOUND = 'unbound';

export function isUnboundVifType(vifType: string | null): boolean {
  return vifType === VIF_TYPE_BINDING_FAILED || vifType === VIF_TYPE_UNBOUND;
}

/** Network types carried between hosts in tunnels (neutron_lib/constants.py TYPE_GRE / TYPE_VXLAN / TYPE_GENEVE). */
export const TUNNEL_NETWORK_TYPES = ['gre', 'vxlan', 'geneve'] as const;
export function isTunnelType(type: string | null | undefined): boolean {
  return typeof type === 'string' && (TUNNEL_NETWORK_TYPES as readonly string[]).includes(type);
}

/** neutron_lib/constants.py VXLAN_ENCAP_OVERHEAD 30, GRE_ENCAP_OVERHEAD 22, GENEVE_ENCAP_MIN_OVERHEAD 30 (+ IP header). */
export const ENCAP_OVERHEAD: Record<string, number> = { vxlan: 30, gre: 22, geneve: 30 };

/** Namespace prefixes of the L3 and DHCP agents (neutron/agent/l3/namespaces.py NS_PREFIX, neutron/agent/linux/dhcp.py NS_PREFIX). */
export const NAMESPACE_PREFIX = { router: 'qrouter-', dhcp: 'qdhcp-' } as const;

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
  /** An HA router's port on its HA network (keepalived's VRRP), the `ha-` device (DEVICE_OWNER_ROUTER_HA_INTF). */
  routerHaNetworkPort: 'network:router_ha_interface',
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
  /** AGENT_TYPE_METADATA: neutron-metadata-agent, which the metadata proxies forward to. */
  metadata: 'Metadata agent',
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

/**
 * The metadata service as instances reach it, and how Neutron's agents hand its requests to the metadata proxy
 * (haproxy, which forwards to the host's neutron-metadata-agent over a UNIX socket).
 */
export const METADATA = {
  /** neutron_lib/constants.py METADATA_V4_IP, METADATA_PORT. */
  ip: '169.254.169.254',
  port: 80,
  /** neutron/conf/agent/l3/config.py metadata_port (default 9697): where the router's proxy listens. */
  routerProxyPort: 9697,
  /** neutron/agent/l3/namespaces.py INTERNAL_DEV_PREFIX: the router's internal ports, matched as `qr-+`. */
  routerInternalDevices: 'qr-+',
} as const;

/**
 * The router namespace's nat rule that sends an instance's metadata request to the proxy:
 * neutron/agent/metadata/driver.py MetadataDriver.metadata_nat_rules, added by apply_metadata_nat_rules when the L3
 * agent runs with enable_metadata_proxy (the default) — PREROUTING -d 169.254.169.254/32 -i qr-+ -p tcp -m tcp
 * --dport 80 -j REDIRECT --to-ports <metadata_port>, in the agent's wrapped chain (neutron-l3-agent-PREROUTING).
 */
export function metadataRedirectRule(toPort: number = METADATA.routerProxyPort): string {
  return `-A neutron-l3-agent-PREROUTING -d ${METADATA.ip}/32 -i ${METADATA.routerInternalDevices} -p tcp -m tcp --dport ${METADATA.port} -j REDIRECT --to-ports ${toPort}`;
}

/** The metadata REDIRECT line of an `iptables-save -t nat` dump and the port it redirects to, or null. */
export function findMetadataRedirect(natTable: string): { rule: string; toPort: number } | null {
  const ip = METADATA.ip.replace(/\./g, '\\.');
  const re = new RegExp(`^-A \\S*PREROUTING -d ${ip}/32 (?:.* )?-p tcp (?:.* )?--dport ${METADATA.port} -j REDIRECT --to-ports (\\d+)\\s*$`, 'm');
  const m = re.exec(natTable);
  return m ? { rule: m[0].trim(), toPort: Number(m[1]) } : null;
}

/**
 * Isolated metadata: with enable_isolated_metadata (on a subnet no router serves) or force_metadata, the DHCP agent
 * puts 169.254.169.254 on its port in the qdhcp- namespace (neutron/agent/linux/dhcp.py DeviceManager.setup adds
 * METADATA_CIDR), pushes a host route to it by DHCP (Dnsmasq._generate_opts_per_subnet) and spawns the proxy bound to
 * 169.254.169.254:80 there (neutron/agent/dhcp/agent.py enable_isolated_metadata_proxy). A subnet is isolated when no
 * router port holds its gateway address (Dnsmasq.get_isolated_subnets).
 */
export const ISOLATED_METADATA_PROXY_PORT = METADATA.port;

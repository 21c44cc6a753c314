// ML2/OVN detail of the trace report (`dataplane` with kind `ml2/ovn`): the NB/SB rows and the chassis's OVS rows the path was joined from.

/** A chassis as the SB has it, joined with its ovn-controller's liveness. */
export interface OvnChassisRef {
  /** SB Chassis `name` (= the chassis's OVS external_ids:system-id). */
  name: string;
  hostname: string | null;
  /** Geneve Encap `ip` (what peers' tunnel ports point at). */
  encapIp: string | null;
  /** Chassis_Private `nb_cfg` (ovn-controller's last processed NB configuration) and NB_Global `nb_cfg`. */
  nbCfg: number | null;
  nbCfgWanted: number | null;
}

export interface OvnHostDataplane {
  kind: 'ml2/ovn';
  /** The SB chassis of this host (by hostname), null if none. */
  chassis: OvnChassisRef | null;
  /** physnet → bridge (the host's OVS external_ids:ovn-bridge-mappings; else the SB Chassis's). */
  bridgeMappings: Record<string, string>;
  /** Whether the SB Chassis carries `enable-chassis-as-gw` in ovn-cms-options. */
  gateway: boolean;
}

export interface OvnInterfaceDataplane {
  kind: 'ml2/ovn';
  /** NB Logical_Switch `neutron-<network id>`, null when not found. */
  logicalSwitch: string | null;
  /** SB Datapath_Binding `tunnel_key` of the switch: the Geneve VNI. */
  datapathKey: number | null;
  /** NB Logical_Switch_Port named after the Neutron port; null when missing from the NB. */
  logicalPort: {
    up: boolean | null;
    enabled: boolean | null;
    addresses: string[];
    portSecurity: string[];
    requestedChassis: string | null;
    revision: number | null;
  } | null;
  /** SB Port_Binding of the port: the chassis that claimed it; null when there is no binding. */
  portBinding: { tunnelKey: number | null; chassis: OvnChassisRef | null; up: boolean | null } | null;
  /** The OVS Interface with external_ids:iface-id = the port id on the port's host (null: not found or not read). */
  ovsInterface: { name: string; ofport: number | null; ovnInstalled: boolean } | null;
  /** Provider networks: the localnet port, its VLAN tag, the physnet and the bridge the host maps it to. */
  localnet: { port: string; physnet: string | null; vlan: number | null; bridge: string | null } | null;
  /** Geneve networks: each peer chassis with ports on the network, its Encap IP and this host's tunnel port to it. */
  tunnels: { chassis: string; host: string | null; encapIp: string | null; port: string | null; remoteIp: string | null }[];
  /** NB Port_Groups holding the port (security groups; neutron_pg_drop). */
  portGroups: string[];
  /** NB DHCP_Options rows of the port's subnets (OVN's native DHCP). */
  dhcpOptions: { subnetId: string; cidr: string }[];
}

export interface OvnRouterGatewayDataplane {
  kind: 'ml2/ovn';
  /** `cr-lrp-<gateway port id>`: the chassis that claims it does the router's SNAT and centralized floating IPs. */
  chassisRedirectPort: string;
  /** The claiming chassis; null: claimed by nobody (or no such Port_Binding). */
  claimedBy: OvnChassisRef | null;
  /** NB Gateway_Chassis rows of the gateway LRP, highest priority first. */
  gatewayChassis: { chassis: string; priority: number }[];
  /** NB NAT rows of the interface's fixed IPs on this router. */
  nat: { type: string; externalIp: string; logicalIp: string; distributed: boolean }[];
}

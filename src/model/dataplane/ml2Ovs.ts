// ML2/OVS detail of the trace report (`dataplane` with kind `ml2/ovs`): br-int tags, OpenFlow ports, translations, flows.

export interface OvsHostDataplane {
  kind: 'ml2/ovs';
  /** The table numbering detected from br-int's flows, e.g. `zed` (t0 → 59 → 60); null when br-int's flows were not read. */
  tableLayout: string | null;
  /** physnet → bridge (agents API `configurations.bridge_mappings`). */
  bridgeMappings: Record<string, string>;
}

export interface OvsInterfaceDataplane {
  kind: 'ml2/ovs';
  integrationBridge: string;
  /** br-int Port `tag` (null when unset). */
  localVlan: number | null;
  /** br-int Port `other_config:tag` written by the agent. */
  otherConfigTag: number | null;
  /** br-int Port `other_config:segmentation_id`. */
  otherConfigSegmentationId: number | null;
  /** The port's br-int OpenFlow port number. */
  ofport: number | null;
  /** br-int tables this port's traffic passes for filtering (OVS firewall 60/71-94; hybrid: anti-spoof 24/25). */
  firewallTables: number[];
  /** iptables_hybrid: the port's iptables chains on the host (ingress, egress, anti-spoof), by Neutron's naming rule. */
  iptablesChains?: string[];
  /** Traffic from the wire/tunnel into this port's local VLAN. */
  ingress: Translation;
  /** Traffic from this port's local VLAN out of the host. */
  egress: Egress;
  /** Tunnel endpoints, for VXLAN/GRE/Geneve networks. */
  tunnel: TunnelInfo | null;
  /** Every flow the path uses, with table, priority, match and actions. */
  flows: FlowRef[];
}

export interface OvsRouterGatewayDataplane {
  kind: 'ml2/ovs';
  /** The gateway port's local VLAN on its host's br-int. */
  localVlan: number | null;
  egress: Egress;
}

export type TranslationAction = 'mod_vlan_vid' | 'strip_vlan' | 'push_vlan' | 'tunnel' | 'none' | 'missing' | 'unknown';

export interface Translation {
  bridge: string | null;
  action: TranslationAction;
  /** The VLAN id on the wire (VLAN networks). */
  vlan?: number;
  localVlan: number | null;
  tunnelId?: number;
  flows: FlowRef[];
}

export interface Egress extends Translation {
  /** For tunnels: the hosts the flood flow reaches. */
  remoteHosts?: RemoteHost[];
}

export interface RemoteHost {
  host: string | null;
  ip: string;
  port: string;
  ofport: number | null;
  /** The local VLAN the tunnel id becomes on the remote host (from its br-tun), if captured. */
  remoteLocalVlan: number | null;
}

export interface TunnelInfo {
  type: string;
  tunnelId: number | null;
  localIp: string | null;
  /** Tunnel ports on this host's br-tun, named by the host whose tunneling_ip they point at. */
  ports: RemoteHost[];
  /** Hosts (other than this one) that have ports bound on the network. */
  hostsWithPorts: string[];
}

export interface FlowRef {
  host: string;
  bridge: string;
  table: number;
  priority: number;
  match: string;
  actions: string;
  /** `match actions=…` with OpenFlow port numbers replaced by port names (in_port, output). */
  named: string;
  /** What the flow does on this path, e.g. `egress: local VLAN 2 → VLAN 100`. */
  role: string;
}

/** Narrows a report's `dataplane` (interface, host or router gateway) to the ML2/OVS detail; throws on another backend's. */
export function asMl2Ovs<T extends { kind: string }>(dataplane: T): Extract<T, { kind: 'ml2/ovs' }> {
  if (dataplane.kind !== 'ml2/ovs') throw new Error(`expected ML2/OVS detail, got ${dataplane.kind}`);
  return dataplane as Extract<T, { kind: 'ml2/ovs' }>;
}

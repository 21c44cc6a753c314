// The trace report: what `netxray trace <instance>` found for every interface of one instance (docs/trace-model.md).
// Produced by analyseTrace() from a CloudSnapshot; rendered by src/render/trace/*; versioned like the class model.

import type { PacketWalk } from './walkModel.js';

export const TRACE_SCHEMA = 'netxray/trace' as const;
export const TRACE_VERSION = 1 as const;

export type Severity = 'info' | 'warning' | 'error';

export interface TraceReport {
  schema: typeof TRACE_SCHEMA;
  version: typeof TRACE_VERSION;
  generator: { name: 'netxray'; version: string };
  /** When the snapshot this report was made from was collected (ISO 8601). */
  collectedAt: string;
  /** The argument the user gave (name, UUID or port). */
  query: string;
  instance: TraceInstance;
  interfaces: TraceInterface[];
  /** The hosts the paths touch, with what was detected on each. */
  hosts: TraceHost[];
  findings: Finding[];
  summary: { interfaces: number; errors: number; warnings: number; infos: number };
  /** Optional: the packet walk of `trace INSTANCE --to TARGET` (src/model/walkModel.ts). */
  walk?: PacketWalk;
}

export interface TraceInstance {
  id: string;
  name: string;
  /** Nova's OS-EXT-SRV-ATTR:host (or the port's binding:host_id when a bare port is traced). */
  host: string | null;
  status: string | null;
  projectId: string | null;
  /** `server` normally; `port` when the argument named a Neutron port with no server. */
  kind: 'server' | 'port';
}

export interface TraceHost {
  host: string;
  reachable: boolean;
  error?: string;
  /** The table numbering detected from br-int's flows, e.g. `zed` (t0 → 59 → 60). */
  tableLayout: string | null;
  /** Tunnel endpoint IP of this host's OVS agent (agents API `configurations.tunneling_ip`). */
  tunnelingIp: string | null;
  /** physnet → bridge (agents API `configurations.bridge_mappings`). */
  bridgeMappings: Record<string, string>;
  ovsAgent: AgentRef | null;
}

export interface AgentRef {
  id: string;
  type: string;
  host: string;
  alive: boolean;
  adminStateUp: boolean;
}

export interface TraceInterface {
  /** 0-based position in the instance's interface list. */
  index: number;
  port: {
    id: string;
    name: string;
    mac: string;
    ips: string[];
    status: string;
    vifType: string | null;
    vnicType: string | null;
    deviceOwner: string;
    securityGroups: string[];
    portSecurityEnabled: boolean;
    /** `binding:vif_details.ovs_hybrid_plug`. */
    hybridPlug: boolean | null;
  };
  floatingIps: string[];
  network: {
    id: string;
    name: string;
    type: string | null;
    segmentationId: number | null;
    physicalNetwork: string | null;
    mtu: number | null;
    external: boolean;
  };
  /** The host the port's VIF is plugged on: binding:host_id, unless the VIF was found on another host. */
  host: string | null;
  /** binding:host_id as Neutron has it. */
  boundHost: string | null;
  /** br-int Port `tag` (null when unset). */
  localVlan: number | null;
  /** br-int Port `other_config:tag` written by the agent. */
  otherConfigTag: number | null;
  /** br-int Port `other_config:segmentation_id`. */
  otherConfigSegmentationId: number | null;
  /** The port's br-int OpenFlow port number. */
  ofport: number | null;
  /** Device names in path order (VM side first), e.g. tap…, br-int, patch-tun, br-tun, vxlan-7f000002. */
  devices: string[];
  /** The same path with what each device is. */
  deviceChain: PathDevice[];
  firewall: FirewallInfo;
  /** Traffic from the wire/tunnel into this port's local VLAN. */
  ingress: Translation;
  /** Traffic from this port's local VLAN out of the host. */
  egress: Egress;
  /** Tunnel endpoints, for VXLAN/GRE/Geneve networks. */
  tunnel: TunnelInfo | null;
  dhcp: DhcpPath;
  router: RouterPath | null;
  /** Every flow that the path uses, as evidence. */
  flows: FlowRef[];
  /** The six questions of issue 5, in plain words. */
  answers: PlainAnswers;
}

export type DeviceKind =
  | 'vm-tap'
  | 'linux-bridge'
  | 'veth'
  | 'ovs-port'
  | 'ovs-bridge'
  | 'patch-port'
  | 'tunnel-port'
  | 'uplink';

export interface PathDevice {
  name: string;
  kind: DeviceKind;
  /** The OVS bridge the device is a port of, if any. */
  bridge?: string;
  ofport?: number;
  /** MTU from `ip link` (Linux side) or OVSDB Interface.mtu. */
  mtu?: number;
  /** Whether the device was seen on the host (OVSDB or ip link). */
  present: boolean;
  /** For patch ports: the peer; for tunnel ports: the remote IP. */
  peer?: string;
}

export type FirewallDriver = 'openvswitch' | 'iptables_hybrid' | 'noop' | 'unknown';

export interface FirewallInfo {
  driver: FirewallDriver;
  /** br-int tables this port's traffic passes for filtering (OVS firewall 60/71-94; hybrid: anti-spoof 24/25). */
  tables: number[];
  /** How the driver was recognised. */
  evidence: string;
  /** iptables_hybrid: the port's iptables chains on the host (ingress, egress, anti-spoof), by Neutron's naming rule. */
  chains?: string[];
}

export type TranslationAction =
  | 'mod_vlan_vid'
  | 'strip_vlan'
  | 'push_vlan'
  | 'tunnel'
  | 'none'
  | 'missing'
  | 'unknown';

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

export interface DhcpPath {
  enabled: boolean;
  ports: {
    id: string;
    host: string | null;
    ips: string[];
    status: string;
    agent: AgentRef | null;
    /** How traffic reaches it from this port, in words. */
    via: string;
  }[];
}

export interface RouterPath {
  id: string;
  name: string;
  /** The router's port on this network. */
  interfacePortId: string;
  gatewayIp: string | null;
  host: string | null;
  agent: AgentRef | null;
  externalNetworkId: string | null;
  externalIps: string[];
  via: string;
  /** The gateway (qg-) port on the L3 agent's host: its local VLAN and how the external network leaves there. */
  gateway: {
    portId: string;
    device: string;
    host: string | null;
    localVlan: number | null;
    ips: string[];
    egress: Egress;
  } | null;
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

export interface PlainAnswers {
  /** (1) e.g. "interface 1 of 2". */
  interfaceCount: string;
  /** (2) */
  mac: string;
  /** (3) */
  ips: string;
  /** (4) */
  localVlan: string;
  /** (5) */
  provider: string;
  /** (6) */
  ports: string;
}

export interface Evidence {
  /** Where it was read, e.g. `neutron port <id> binding:vif_type` or `nxlab-node1 flows:br-int`. */
  source: string;
  text: string;
}

export interface Finding {
  /** The check's stable id, e.g. `dead-vlan`. */
  id: string;
  severity: Severity;
  message: string;
  hint: string;
  evidence: Evidence[];
  /** The Neutron port this finding is about, when it is about one interface. */
  portId?: string;
  host?: string;
}

// The trace report: what `netxray trace <instance>` found for every interface of one instance (docs/trace-model.md).
// Produced by analyseTrace() from a CloudSnapshot; rendered by src/render/trace/*; versioned like the class model.
// Version 2: backend-neutral answers and `hops`; what only one backend has lives under `dataplane` (./dataplane/*).
import type { BackendLabel } from './backends.js';
import type { OvsHostDataplane, OvsInterfaceDataplane, OvsRouterGatewayDataplane } from './dataplane/ml2Ovs.js';
import type { OvnHostDataplane, OvnInterfaceDataplane, OvnRouterGatewayDataplane } from './dataplane/ml2Ovn.js';

export type { BackendLabel } from './backends.js';
export * from './dataplane/ml2Ovs.js';
export * from './dataplane/ml2Ovn.js';

import type { PacketWalk } from './walkModel.js';

export const TRACE_SCHEMA = 'netxray/trace' as const;
export const TRACE_VERSION = 2 as const;

export type Severity = 'info' | 'warning' | 'error';

export interface TraceReport {
  schema: typeof TRACE_SCHEMA;
  version: typeof TRACE_VERSION;
  generator: { name: 'netxray'; version: string };
  /** When the snapshot this report was made from was collected (ISO 8601). */
  collectedAt: string;
  /** The argument the user gave (name, UUID or port). */
  query: string;
  /** The networking backend that wires the instance's ports, e.g. `ml2/ovs`. */
  backend: BackendLabel;
  instance: TraceInstance;
  interfaces: TraceInterface[];
  /** The hosts the paths touch, with what was detected on each. */
  hosts: TraceHost[];
  findings: Finding[];
  summary: TraceSummary;
  /** Optional: the packet walk of `trace INSTANCE --to TARGET` (src/model/walkModel.ts). */
  walk?: PacketWalk;
  /** Optional: the automatic walks, one per traffic class of each interface (absent: not recorded, or a bare port). */
  walks?: AutoWalk[];
  /** Only when the hosts were read from sosreports (`--sos`, added within version 2): where from, and what is absent. */
  offline?: OfflineNote;
}

/** What an automatic walk proves: the way to the DHCP server, to the gateway, to a peer on another host, out by the floating IP. */
export type TrafficClass = 'dhcp' | 'gateway' | 'peer' | 'floating-ip';

/** One automatic walk of an interface (docs/trace.md, "Automatic walks"). */
export interface AutoWalk {
  /** 1-based, as `Interface N` of the text report. */
  interface: number;
  trafficClass: TrafficClass;
  /** The walk; null when it could not be planned (`problem` says why). */
  walk: PacketWalk | null;
  problem?: string;
}

/** `arp → DHCP port … (10.20.0.2, namespace qdhcp-…)`: what an automatic walk sent where. */
export function autoWalkLabel(w: AutoWalk): string {
  return w.walk ? `${w.walk.request.proto} → ${w.walk.target.description}` : `${w.trafficClass} (not planned)`;
}

/**
 * The counts of the findings and the verdict they make: `healthy` only when nothing is wrong and every part of the path
 * could be checked; `unverified` when nothing wrong was found but a part could not be checked (a host not read, an
 * output missing, a walk that could not run: the findings marked `unverified` say what and why); else `problems`.
 */
export interface TraceSummary {
  interfaces: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Findings that say a part of the path could not be checked (any severity). */
  unverified: number;
  verdict: TraceVerdict;
}

export type TraceVerdict = 'healthy' | 'problems' | 'unverified';

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
  /** The backend's agent on the host (ML2/OVS: the Open vSwitch agent); null when none is registered. */
  agent: AgentRef | null;
  /** The host's tunnel endpoint address (ML2/OVS: the agent's `configurations.tunneling_ip`). */
  tunnelEndpoint: string | null;
  /** What the backend found on the host, in words (the text output's Hosts line). */
  summary: string;
  dataplane: HostDataplane;
}

/** Backend detail of a host; `kind` says which backend's. */
export type HostDataplane = OvsHostDataplane | OvnHostDataplane;

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
    /** Neutron `admin_state_up`: false = disabled, the agent puts its VIF on the dead VLAN. */
    adminStateUp: boolean;
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
  /** The segment the port sits in on its host, and what the backend calls it (ML2/OVS: `local VLAN`, br-int's Port tag). */
  localSegment: { label: string; id: number | null };
  /** The path, VM side first, to the wire or the tunnel: every device, with what happens to the frame there. */
  hops: Hop[];
  /** How frames leave the host for the network. */
  exit: PathExit;
  firewall: FirewallInfo;
  dhcp: DhcpPath;
  router: RouterPath | null;
  /** Where the instance's metadata requests (169.254.169.254:80) go and whether each piece on the way is there (added within version 2). */
  metadata: MetadataPath;
  /** Every dataplane rule (ML2/OVS: OpenFlow flow) the path uses, as evidence. */
  rules: PathRule[];
  /** The six questions of issue 5, in plain words. */
  answers: PlainAnswers;
  dataplane: InterfaceDataplane;
}

/**
 * What a path picture is drawn from, backend-neutral: a TraceInterface has it, and the scan keeps it per interface
 * (ScanInterface.pathFacts), so that trace and scan draw the same path with one renderer (src/render/path/).
 */
export type PathFacts = Pick<TraceInterface, 'index' | 'floatingIps' | 'network' | 'host' | 'localSegment' | 'hops' | 'exit' | 'dhcp'> & {
  /** Absent in scan reports saved before the metadata branch was added. */
  metadata?: MetadataPath;
  port: Pick<TraceInterface['port'], 'id' | 'mac' | 'ips' | 'status'>;
  /** The router without its gateway's backend detail (flows). */
  router: (Omit<RouterPath, 'gateway'> & { gateway: Omit<NonNullable<RouterPath['gateway']>, 'dataplane'> | null }) | null;
};

/** Backend detail of an interface; `kind` says which backend's. */
export type InterfaceDataplane = OvsInterfaceDataplane | OvnInterfaceDataplane;

export type DeviceKind =
  | 'vm-tap'
  | 'linux-bridge'
  | 'veth'
  | 'ovs-port'
  | 'ovs-bridge'
  | 'patch-port'
  | 'tunnel-port'
  | 'uplink';

export interface Hop {
  /** The host the device is on. */
  host: string | null;
  /** Device name (or logical port). */
  device: string;
  kind: DeviceKind;
  /** The bridge (or datapath) the device is a port of; absent for a bridge itself and Linux devices. */
  bridge?: string;
  /** The device's port number on that bridge (ML2/OVS: the OpenFlow port). */
  portNumber?: number;
  /** MTU from `ip link` (Linux side) or the switch's own record. */
  mtu?: number;
  /** Whether the device was seen on the host. */
  present: boolean;
  /** For patch ports: the peer; for tunnel ports: the remote IP. */
  peer?: string;
  /** What happens to the frame at this device, in either direction. */
  frame: FrameAction[];
}

export type Direction = 'egress' | 'ingress';

/** What a hop does to a frame. `egress`: from the VM towards the wire; `ingress`: from the wire towards the VM. */
export type FrameAction =
  /** The port is an access port of this segment: frames from the VM are tagged with it, frames to it untagged. */
  | { action: 'segment-tag'; direction: 'egress'; segment: number }
  | { action: 'vlan-rewrite'; direction: Direction; from: number | null; to: number }
  | { action: 'vlan-strip'; direction: Direction; vlan: number | null }
  | { action: 'vlan-push'; direction: Direction; vlan: number }
  | { action: 'tunnel-encap'; direction: 'egress'; tunnelType: string; tunnelId: number; remoteIp: string; remoteHost: string | null; remoteSegment: number | null }
  | { action: 'tunnel-decap'; direction: 'ingress'; tunnelType: string; tunnelId: number; segment: number | null }
  | { action: 'drop'; direction: Direction; reason: string };

/** How frames leave the host: the last translation before the wire. */
export interface PathExit {
  /** `missing`: the rule the backend installs for this is not there; `none`: the network type needs none. */
  action: 'vlan-rewrite' | 'vlan-strip' | 'tunnel' | 'missing' | 'none' | 'unknown';
  /** Where it happens (ML2/OVS: the physical bridge or br-tun). */
  bridge: string | null;
  /** The VLAN id on the wire (VLAN networks; for `missing`, the one expected). */
  vlan?: number;
  tunnelType?: string;
  tunnelId?: number;
  /** Tunnels: the remote ends frames are sent to. */
  remotes?: PathRemote[];
}

export interface PathRemote {
  host: string | null;
  ip: string;
  /** The local tunnel device (port) frames leave by. */
  device: string;
  /** The segment the tunnel id becomes on the remote host, if it was read. */
  segment: number | null;
}

/** `ovn`: ML2/OVN's ACLs on the port's Port_Groups, compiled by northd into the logical switch's ACL stages. */
export type FirewallDriver = 'openvswitch' | 'iptables_hybrid' | 'noop' | 'ovn' | 'unknown';

export interface FirewallInfo {
  driver: FirewallDriver;
  /** Where security groups are enforced for this port, in words (the text output's firewall line). */
  summary: string;
  /** How the driver was recognised. */
  evidence: string;
}

export interface DhcpPath {
  enabled: boolean;
  /** Served without DHCP ports, by the backend itself (ML2/OVN: ovn-controller answers from NB DHCP_Options), in words (added within version 2). */
  native?: string;
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
  /** The port's floating IPs and the fixed IP the router translates each to (DNAT in, SNAT out). */
  nat: { floatingIp: string; fixedIp: string | null }[];
  /** The router's gateway port: its segment on its host and how the external network leaves there. */
  gateway: {
    portId: string;
    device: string;
    host: string | null;
    localSegment: number | null;
    ips: string[];
    exit: PathExit;
    dataplane: RouterGatewayDataplane;
  } | null;
  /** ML2/OVS DVR: the router is distributed; `host` above is then the instance's own host (its qrouter- routes). */
  dvr?: DvrRouterPath;
}

/**
 * How a distributed router (ML2/OVS DVR) serves one interface, as the L3 agents build it (src/neutron/dvrRules.ts):
 * routed east-west in the instance host's qrouter-, floating IPs through that host's fip- namespace, SNAT in the
 * snat- namespace on the host of the router's gateway port.
 */
export interface DvrRouterPath {
  /** agent_mode of the L3 agent on the instance's host (configurations.agent_mode), null when there is none. */
  localAgentMode: string | null;
  snat: {
    host: string | null;
    agent: AgentRef | null;
    agentMode: string | null;
    namespace: string;
    /** The router's SNAT port on this network (sg- device) and the gateway port (qg- device). */
    portId: string | null;
    device: string | null;
    ips: string[];
    gatewayDevice: string | null;
  };
  /** The floating-IP path, when the interface has a floating IP: qrouter- rfp- ⇄ fpr- fip-<external> fg- → external network. */
  fip: {
    host: string | null;
    namespace: string;
    routerDevice: string;
    fipDevice: string;
    gatewayPortId: string | null;
    gatewayDevice: string | null;
    gatewayIps: string[];
  } | null;
  /** Hops in words, one list per traffic class: east-west routed, SNAT, floating IP. */
  hops: { eastWest: string[]; snat: string[]; floatingIp: string[] };
}

export type RouterGatewayDataplane = OvsRouterGatewayDataplane | OvnRouterGatewayDataplane;

/**
 * The metadata branch, backend-neutral: who answers 169.254.169.254:80 for this interface, how the request is handed
 * to the metadata proxy there, and whether the proxy listens. `unknown` everywhere means "not collected".
 */
export interface MetadataPath {
  address: string;
  port: number;
  /**
   * `router`: the proxy in the router's namespace; `dhcp`: the proxy in the DHCP namespace (isolated metadata); `chassis`: the proxy in
   * the network's namespace on the instance's own host (ML2/OVN: `ovnmeta-<network>`, added within version 2); `none`: nobody on this network.
   */
  via: 'router' | 'dhcp' | 'chassis' | 'none';
  host: string | null;
  /** The namespace (or other place) the proxy runs in, e.g. `qrouter-<router id>`. */
  namespace: string | null;
  /** How the request reaches the proxy: `redirect` (a NAT rule to the proxy's port) or `address` (the namespace holds the address). */
  entry: { how: 'redirect' | 'address'; state: 'present' | 'missing' | 'unknown'; evidence: string | null } | null;
  /** The proxy's listening socket: the port it should listen on, and whether it does (`unknown`: not collected). */
  proxy: { port: number | null; state: 'listening' | 'not-listening' | 'unknown'; process: string | null } | null;
  /** The metadata agent the proxy forwards to, on the proxy's host (null: none registered there). */
  agent: AgentRef | null;
  /** Whether the cloud offers metadata through Neutron at all (a metadata agent is registered somewhere). */
  offered: boolean;
  /** What was found, in words. */
  summary: string;
}

/** One rule of the dataplane the path uses (ML2/OVS: an OpenFlow flow), as the backend prints it. */
export interface PathRule {
  host: string;
  /** Where the rule lives (ML2/OVS: the bridge). */
  location: string;
  /** The rule with port numbers named, e.g. `table=0 priority=3 in_port="int-br-ex",dl_vlan=100 actions=mod_vlan_vid:2,…`. */
  text: string;
  /** What it does on this path, e.g. `egress: local VLAN 2 → VLAN 100`. */
  role: string;
}

export interface PlainAnswers {
  /** (1) e.g. "interface 1 of 2". */
  interfaceCount: string;
  /** (2) */
  mac: string;
  /** (3) */
  ips: string;
  /** (4) the port's local segment (ML2/OVS: local VLAN) */
  localSegment: string;
  /** (5) */
  provider: string;
  /** (6) */
  ports: string;
  /** Where the VIF attaches to the switch, e.g. `br-int ofport 5`. */
  attachment: string;
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
  /** Set on a symptom: the id of the root-cause finding (same port) that explains it; the report lists it right after that cause. */
  causedBy?: string;
  /** Set when the finding says a part of the path could not be checked (not that it is wrong): no "healthy" verdict then. */
  unverified?: boolean;
  /** Where on the interface's drawn path the finding belongs (renderers mark it there); absent: the interface or instance as a whole. */
  at?: FindingPlace;
}

/**
 * A place on a drawn path: one of the interface's `hops` (its host and device), the far end of a tunnel (the peer
 * host), or a branch of the path (the DHCP port, the router with its floating-IP NAT and gateway).
 */
export type FindingPlace =
  | { part: 'hop'; host: string | null; device: string }
  | { part: 'remote'; host: string }
  | { part: 'dhcp' }
  | { part: 'router' }
  | { part: 'metadata' };

/** A report made from sosreports (docs/sos.md): the reports read and, without the API, the answers that are absent. */
/** A report's VIFs on the integration bridge (its own, patch and tunnel ports excluded). */
export interface OfflineVifs {
  bridge: string;
  /** Neutron port ids attributed: port id, MAC, local VLAN and network (type, segment, physnet) read from the host. */
  attributed: string[];
  /** Devices netxray cannot attribute, each with the reason (`not-understood` in the text report). */
  notUnderstood: { device: string; portId: string | null; reason: string }[];
}

export interface OfflineNote {
  source: 'sosreport';
  /** `derived-from-hosts`: no Neutron API; ports and networks are what the hosts record. `joined`: an API snapshot (--from) was joined. */
  api: 'derived-from-hosts' | 'joined';
  reports: {
    source: string;
    host: string;
    sosVersion: string | null;
    packages: Record<string, string>;
    /** Open_vSwitch ovs_version from the report's OVSDB (added within version 1). */
    ovsVersion?: string;
    namespaces: string[];
    /** The etc/neutron/ files the agent settings came from; null: the report holds none (settings seen from the bridges only). */
    agentConfigFiles: string[] | null;
    problems: string[];
    /** The host's integration-bridge VIFs: which are attributed, which not and why (added within version 1). */
    vifs?: OfflineVifs;
  }[];
  /** The answers that need the Neutron API and are absent from this report (empty when the API was joined). */
  absent: string[];
}

// The packet walk of `netxray trace INSTANCE --to TARGET`: legs of ofproto/trace simulations chained across hosts,
// each with its hops and a verdict (delivered / dropped / left the cloud), and the security-group rule that decided.
// Part of the trace report (TraceReport.walk); docs/trace-model.md describes the fields.

/** What the user asked: `--to`, `--proto`, `--from-interface`. */
export interface WalkRequest {
  /** An IPv4 address, an instance name or UUID, or one of WALK_KEYWORDS. */
  to: string;
  proto: WalkProto;
  /** 1-based interface of the source instance (as `Interface N` in the text report); absent: chosen from the target. */
  fromInterface?: number;
}

/** `arp`: a broadcast ARP request for the target's address (the firewall lets ARP through whatever the security groups say). */
export type WalkProto = { kind: 'icmp' } | { kind: 'arp' } | { kind: 'tcp' | 'udp'; port: number };

/** `icmp`, `arp`, `tcp:22`, `udp:53` → a WalkProto; null for anything else. */
export function parseWalkProto(text: string): WalkProto | null {
  if (text === 'icmp' || text === 'arp') return { kind: text };
  const m = /^(tcp|udp):(\d{1,5})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return null;
  return { kind: m[1] as 'tcp' | 'udp', port: Number(m[2]) };
}

export function protoText(proto: WalkProto): string {
  return proto.kind === 'icmp' || proto.kind === 'arp' ? proto.kind : `${proto.kind}:${proto.port}`;
}

export const WALK_KEYWORDS = ['gateway', 'dhcp', 'metadata', 'internet'] as const;
export type WalkKeyword = (typeof WALK_KEYWORDS)[number];

/** The packet as it enters a leg (L2/L3/L4 headers, and the tunnel or VLAN it arrives in on a continuation). */
export interface WalkPacket {
  srcMac: string;
  dstMac: string;
  srcIp: string;
  dstIp: string;
  /** `icmp`, `tcp:22`, `udp:67`. */
  proto: string;
}

export interface PacketWalk {
  request: { to: string; proto: string; fromInterface: number | null };
  source: { instance: string; portId: string; interface: number; host: string | null; mac: string; ip: string; network: string };
  target: WalkTarget;
  legs: WalkLeg[];
  /** What the walk took for granted (routing decisions, unknown MACs, the physical network between hosts). */
  assumptions: string[];
  /** Security-group decisions on the way, from the Neutron API (the OVS firewall's flows implement them). */
  securityGroups: SecurityGroupDecision[];
  /** The walk's answer: the verdict of the last leg that ran. */
  verdict: WalkVerdict;
}

export interface WalkTarget {
  kind: 'instance' | 'port' | 'gateway' | 'dhcp' | 'metadata' | 'internet' | 'address';
  /** In words, e.g. `vm3 port 7a6d758a-… (10.20.0.12)`, `router1's interface 10.20.0.1`. */
  description: string;
  ip: string;
  portId: string | null;
  host: string | null;
}

export interface WalkLeg {
  /** e.g. `vm1 → router1 (10.20.0.1)`, `router1 qg-… → 192.0.2.1`. */
  name: string;
  packet: WalkPacket;
  /** One simulation per host the leg crosses, in order. */
  segments: WalkSegment[];
  verdict: WalkVerdict;
}

export interface WalkSegment {
  host: string;
  /** The bridge the simulation starts on, and the port it enters by. */
  bridge: string;
  inPort: string;
  /** OpenFlow port number of inPort on that bridge, when the host's OVSDB was read. */
  inPortNumber: number | null;
  /** How the packet got here: `from the instance`, `VXLAN VNI 1001 from 127.0.0.1`, `VLAN 100 from the provider network`. */
  arrival: string;
  /** The command as run on the host. */
  command: string;
  hops: WalkHop[];
  /** The datapath actions OVS computed (the last recirculation's), e.g. `ct(zone=2),recirc(0x1)` then `3`. */
  datapathActions: string;
  /** Ports the packet left this host's bridges by (datapath outputs and tunnel sends), by name. */
  outputs: WalkOutput[];
}

export interface WalkHop {
  bridge: string;
  table: number;
  /** null for a table without a matching flow (`No match`). */
  priority: number | null;
  cookie: string | null;
  match: string;
  actions: string[];
  /** OVS's own remarks under the flow (`-> no learned MAC for destination, flooding`, `>> Nonexistent output port`). */
  notes: string[];
  /** 0 for the first pass; n for the n-th recirculation (after conntrack). */
  pass: number;
}

export interface WalkOutput {
  bridge: string | null;
  port: string;
  /** VLAN the packet carries on this output (provider uplinks), null untagged. */
  vlan: number | null;
  /** Tunnel sends: the remote endpoint and tunnel id. */
  tunnel?: { remoteIp: string; tunnelId: number | null };
}

export interface WalkFlow {
  host: string;
  bridge: string;
  table: number;
  priority: number | null;
  cookie: string | null;
  match: string;
  actions: string;
}

export type DropReason =
  | 'firewall-no-rule'
  | 'firewall-conntrack'
  | 'firewall-spoofing'
  | 'firewall-drop'
  | 'dead-vlan'
  | 'arp-spoofing'
  | 'mac-spoofing'
  | 'no-provider-translation'
  | 'no-tunnel-flow'
  | 'unknown-tunnel-id'
  | 'missing-output-port'
  | 'foreign-flow'
  | 'no-match'
  /** The receiving host has no port to enter by (its tunnel port back to the sender is gone). */
  | 'no-arrival-port'
  /** br-tun's ARP responder answers the target's IP with another MAC than Neutron's (a stale l2population entry). */
  | 'arp-responder-wrong-mac'
  | 'unexplained';

export type WalkVerdict =
  | {
      kind: 'delivered';
      host: string;
      port: string;
      portId: string | null;
      /** `vif` (an instance), or the namespace the port hands the packet to. */
      into: 'vif' | 'router' | 'dhcp' | 'port';
      description: string;
    }
  | {
      kind: 'dropped';
      host: string;
      bridge: string;
      table: number;
      /** The flow that decided (e.g. the firewall's table 82 flow sending to table 93); `drop` is the one that dropped, if different. */
      flow: WalkFlow | null;
      drop: WalkFlow | null;
      reason: DropReason;
      /** What the flow is in Neutron's terms, with the code that installs it. */
      explanation: string;
    }
  | { kind: 'left-cloud'; host: string; bridge: string; uplink: string; vlan: number | null; description: string }
  /**
   * An ARP request answered on the source's host for the target (br-tun's ARP responder, l2population): the reply with the
   * target port's MAC went back to the source, so the request does not travel (added within version 2).
   */
  | { kind: 'answered'; host: string; bridge: string; table: number; flow: WalkFlow; mac: string; portId: string | null; description: string }
  | { kind: 'not-walked'; host: string | null; description: string };

export interface SecurityGroupDecision {
  /** The port whose groups decide: the source on egress, the destination on ingress. */
  portId: string;
  direction: 'ingress' | 'egress';
  /** The rule that allows it, or null when none does. */
  allowedBy: SecurityGroupRuleRef | null;
  /** The groups searched (id and name). */
  groups: { id: string; name: string }[];
  /** Without a rule: the rule that would allow it, in `openstack security group rule create` words. */
  missing: string | null;
  /** Port security disabled: no firewall on this port. */
  portSecurityDisabled: boolean;
}

export interface SecurityGroupRuleRef {
  id: string;
  groupId: string;
  groupName: string;
  /** e.g. `ingress IPv4 icmp from 0.0.0.0/0`. */
  text: string;
}

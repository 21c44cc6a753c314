// The picture of one interface's path as a graph, backend-neutral: built from PathFacts (the hops, the exit, DHCP and
// router branches), the findings (each on the place its `at` names) and the packet walk. Every picture format (html,
// svg, png, mermaid, dot) and the scan page draw this one graph, so they show the same thing.
import type { DeviceKind, Finding, FindingPlace, PathFacts, TraceReport } from '../../model/traceModel.js';
import type { PacketWalk, WalkVerdict } from '../../model/walkModel.js';
import { frameWords, segmentWords, tunnelId, tunnelWords, verdictWords, wireWords } from './frameWords.js';

export type PathNodeKind = 'vm' | DeviceKind | 'remote' | 'wire' | 'stop' | 'dhcp' | 'router' | 'gateway' | 'external' | 'metadata' | 'verdict';

export interface PathNode {
  /** Unique within the graph: `vm`, `h<i>` (hop i), `r<k>` (remote k), `wire`, `stop`, `dhcp<k>`, `router`, `gw`, `ext`, `meta`, `walk`. */
  id: string;
  label: string;
  detail: string;
  kind: PathNodeKind;
  /** The host whose box holds it; null: outside every host (the wire, the external network). */
  host: string | null;
  /** `main`: the VM-to-wire chain; `branch`: DHCP, router and metadata; `far`: the far end (remote host, wire, stop, walk verdict). */
  lane: 'main' | 'branch' | 'far';
  /** The device was not seen on its host, or the path stops here. */
  broken: boolean;
  /** Indexes into PathGraph.findings of the findings drawn on this node. */
  findings: number[];
  /** The packet walk's verdict when the walk ended here. */
  walk?: WalkVerdict['kind'];
}

export interface PathEdge {
  from: string;
  to: string;
  /** Lines of the edge label: what happens to the frame between the two ends. */
  label: string[];
  kind: 'path' | 'branch' | 'tunnel' | 'walk';
  /** Traffic does not pass here (a drop before it, a missing rule). */
  broken: boolean;
}

export interface PathGraph {
  /** The Neutron port id: the picture's stable key (anchors, the scan/trace comparison). */
  key: string;
  title: string;
  nodes: PathNode[];
  edges: PathEdge[];
  /** Hosts with a box, the interface's own first. */
  hosts: string[];
  /** Findings of this interface (and of its hosts), each drawn once: on a node, or on a host box (`hostFindings`). */
  findings: Finding[];
  hostFindings: Record<string, number[]>;
  /** Indexes of findings about the interface as a whole (no place on the path): listed with the picture. */
  unplaced: number[];
}

export interface PathGraphInput {
  facts: PathFacts;
  /** The instance (or bare port) the interface belongs to. */
  owner: string;
  /** All findings of the instance; those about this interface or its hosts are taken. */
  findings: readonly Finding[];
  walk?: PacketWalk;
}

const hopId = (i: number) => `h${i}`;

/** The part of a `via` sentence after its host ("same host x: switched on br-int in local VLAN 1" → "switched on …"). */
const viaWords = (via: string) => via.replace(/^[^:]*:\s*/, '');

function findingsOf(input: PathGraphInput, hosts: Set<string>): Finding[] {
  return input.findings.filter((f) => f.portId === input.facts.port.id || (!f.portId && f.host !== undefined && hosts.has(f.host)));
}

/** The node a finding's place names, or undefined when it is not on this picture. */
function placeNode(graph: PathGraph, at: FindingPlace | undefined): PathNode[] {
  if (!at) return [];
  const nodes = graph.nodes;
  if (at.part === 'hop') {
    const hop = nodes.find((n) => n.lane === 'main' && n.kind !== 'vm' && n.host === at.host && n.label === at.device);
    return hop ? [hop] : [];
  }
  if (at.part === 'remote') return nodes.filter((n) => n.kind === 'remote' && n.host === at.host).slice(0, 1);
  if (at.part === 'dhcp') return nodes.filter((n) => n.kind === 'dhcp');
  if (at.part === 'metadata') return nodes.filter((n) => n.kind === 'metadata');
  return nodes.filter((n) => n.kind === 'router');
}

function addMainChain(graph: PathGraph, input: PathGraphInput): void {
  const { facts } = input;
  graph.nodes.push({ id: 'vm', label: input.owner, detail: `${facts.port.mac} ${facts.port.ips.join(', ')}`.trim(), kind: 'vm', host: facts.host, lane: 'main', broken: false, findings: [] });
  let dropped = false;
  facts.hops.forEach((hop, i) => {
    const detail = [hop.kind, hop.portNumber !== undefined ? `port ${hop.portNumber}` : '', hop.mtu !== undefined ? `MTU ${hop.mtu}` : '', hop.present ? '' : 'MISSING'].filter(Boolean).join(' · ');
    const drops = hop.frame.some((a) => a.action === 'drop');
    graph.nodes.push({ id: hopId(i), label: hop.device, detail, kind: hop.kind, host: hop.host, lane: 'main', broken: !hop.present || drops, findings: [] });
    const previous = facts.hops[i - 1];
    const label = previous ? previous.frame.filter((a) => a.action !== 'tunnel-encap' && a.action !== 'drop').map((a) => frameWords(facts, a)) : [];
    graph.edges.push({ from: i === 0 ? 'vm' : hopId(i - 1), to: hopId(i), label, kind: 'path', broken: dropped });
    dropped ||= drops && hop.frame.some((a) => a.action === 'drop' && a.direction === 'egress');
  });
  const lastIndex = facts.hops.length - 1;
  const last = lastIndex >= 0 ? hopId(lastIndex) : 'vm';
  const lastWords = lastIndex >= 0 ? facts.hops[lastIndex].frame.filter((a) => a.action !== 'tunnel-encap' && a.action !== 'drop' && a.direction === 'egress').map((a) => frameWords(facts, a)) : [];
  const exit = facts.exit;
  if (exit.action === 'tunnel') {
    (exit.remotes ?? []).forEach((r, k) => {
      const from = facts.hops.findIndex((h) => h.device === r.device);
      const host = r.host ?? r.ip;
      graph.nodes.push({ id: `r${k}`, label: `tunnel end ${r.ip}`, detail: `${tunnelId(exit.tunnelType, exit.tunnelId)} → ${segmentWords(facts, r.segment)}`, kind: 'remote', host, lane: 'far', broken: false, findings: [] });
      graph.edges.push({ from: from >= 0 ? hopId(from) : last, to: `r${k}`, label: tunnelWords(facts, exit, r), kind: 'tunnel', broken: dropped });
    });
  } else if (exit.action === 'vlan-rewrite' || exit.action === 'vlan-strip') {
    graph.nodes.push({ id: 'wire', label: `provider ${facts.network.physicalNetwork ?? 'network'}`, detail: exit.action === 'vlan-rewrite' ? `VLAN ${exit.vlan ?? '?'} on the wire` : 'untagged on the wire', kind: 'wire', host: null, lane: 'far', broken: false, findings: [] });
    graph.edges.push({ from: last, to: 'wire', label: lastWords.length ? lastWords : [wireWords(facts, exit, facts.localSegment.id)], kind: 'path', broken: dropped });
  } else if (exit.action === 'missing') {
    graph.nodes.push({ id: 'stop', label: 'traffic stops here', detail: `no ${exit.tunnelType ? `${exit.tunnelType.toUpperCase()} ` : ''}egress rule on ${exit.bridge ?? '?'}`, kind: 'stop', host: facts.host, lane: 'far', broken: true, findings: [] });
    graph.edges.push({ from: last, to: 'stop', label: [`✕ no egress rule for ${facts.localSegment.label} ${facts.localSegment.id ?? '?'}`], kind: 'path', broken: true });
  }
}

/**
 * The metadata branch: from the router (or the DHCP port whose namespace holds 169.254.169.254) to the proxy, the edge
 * saying how the request is handed over. Not drawn when nobody serves metadata on the network.
 */
function addMetadata(graph: PathGraph, facts: PathFacts): void {
  const m = facts.metadata;
  if (!m || m.via === 'none') return;
  // chassis: the proxy is on the instance's own host (ML2/OVN's ovnmeta- namespace), reached from its switch
  const from =
    m.via === 'router'
      ? graph.nodes.find((n) => n.kind === 'router')
      : m.via === 'chassis'
        ? graph.nodes.find((n) => n.id === hopId(Math.max(0, facts.hops.findIndex((h) => h.kind === 'ovs-bridge'))))
        : graph.nodes.find((n) => n.kind === 'dhcp' && n.host === m.host);
  if (!from) return;
  const target = `${m.address}:${m.port}`;
  const entry = m.entry?.how === 'address' ? `${target} held in ${m.namespace ?? '?'}` : m.entry?.state === 'present' ? `${target} REDIRECT → :${m.proxy?.port ?? '?'}` : m.entry?.state === 'missing' ? `✕ no REDIRECT for ${target}` : `${target} (NAT rules not read)`;
  const proxy = !m.proxy ? '' : m.proxy.state === 'listening' ? `${m.proxy.process ?? 'proxy'} on :${m.proxy.port ?? '?'}` : m.proxy.state === 'not-listening' ? `nothing on :${m.proxy.port ?? '?'}` : 'socket not read';
  const agent = m.agent ? (m.agent.alive ? 'agent alive' : 'agent DEAD') : 'no agent';
  const broken = m.offered && (m.entry?.state === 'missing' || m.proxy?.state === 'not-listening' || !m.agent?.alive);
  graph.nodes.push({ id: 'meta', label: m.offered ? 'metadata proxy' : 'metadata (not offered)', detail: [proxy, agent].filter(Boolean).join(' · '), kind: 'metadata', host: m.host, lane: 'branch', broken, findings: [] });
  graph.edges.push({ from: from.id, to: 'meta', label: [entry], kind: 'branch', broken: m.offered && m.entry?.state === 'missing' });
}

function addBranches(graph: PathGraph, facts: PathFacts): void {
  const bridge = facts.hops.findIndex((h) => h.kind === 'ovs-bridge');
  const anchor = bridge >= 0 ? hopId(bridge) : facts.hops.length ? hopId(0) : 'vm';
  facts.dhcp.ports.forEach((p, k) => {
    const agent = p.agent ? (p.agent.alive ? 'agent alive' : 'agent DEAD') : 'no agent';
    graph.nodes.push({ id: `dhcp${k}`, label: `DHCP ${p.ips.join(', ') || p.id}`, detail: `${p.status} · ${agent}`, kind: 'dhcp', host: p.host, lane: 'branch', broken: !p.agent?.alive, findings: [] });
    graph.edges.push({ from: anchor, to: `dhcp${k}`, label: [viaWords(p.via)], kind: 'branch', broken: false });
  });
  const r = facts.router;
  if (!r) return addMetadata(graph, facts);
  const agent = r.agent ? (r.agent.alive ? 'L3 agent alive' : 'L3 agent DEAD') : 'no L3 agent';
  graph.nodes.push({ id: 'router', label: `router ${r.name || r.id}`, detail: `gateway ${r.gatewayIp ?? '?'} · ${agent}`, kind: 'router', host: r.host, lane: 'branch', broken: !r.agent?.alive, findings: [] });
  graph.edges.push({ from: anchor, to: 'router', label: [viaWords(r.via)], kind: 'branch', broken: false });
  // Right under the router: its NAT edge to the gateway port goes round it, the external network stays under the gateway.
  addMetadata(graph, facts);
  const gw = r.gateway;
  if (!gw) return;
  const nat = r.nat.filter((n) => n.fixedIp && facts.port.ips.includes(n.fixedIp));
  const natWords = nat.length
    ? nat.flatMap((n) => [`SNAT ${n.fixedIp} → ${n.floatingIp}`, `DNAT back ${n.floatingIp} → ${n.fixedIp}`])
    : facts.port.ips.length && gw.ips.length ? [`SNAT ${facts.port.ips[0]} → ${gw.ips[0]}`] : [];
  graph.nodes.push({ id: 'gw', label: gw.device, detail: `gateway port ${gw.ips.join(', ')}`, kind: 'gateway', host: gw.host, lane: 'branch', broken: false, findings: [] });
  graph.edges.push({ from: 'router', to: 'gw', label: natWords, kind: 'branch', broken: false });
  const out = gw.exit.action === 'vlan-rewrite' || gw.exit.action === 'vlan-strip' ? wireWords(facts, gw.exit, gw.localSegment) : `✕ ${gw.exit.action === 'missing' ? 'no provider rule' : gw.exit.action}`;
  graph.nodes.push({ id: 'ext', label: 'external network', detail: `${r.externalIps.join(', ') || '?'}${gw.exit.bridge ? ` by ${gw.exit.bridge}` : ''}`, kind: 'external', host: null, lane: 'far', broken: gw.exit.action === 'missing', findings: [] });
  graph.edges.push({ from: 'gw', to: 'ext', label: [out], kind: 'branch', broken: gw.exit.action === 'missing' });
}

/** The walk's verdict on the node where the packet ended (the dropping bridge, the remote host), as an extra node. */
function addWalk(graph: PathGraph, walk: PacketWalk): void {
  const v = walk.verdict;
  const host = v.host;
  const bridge = v.kind === 'dropped' || v.kind === 'left-cloud' || v.kind === 'answered' ? v.bridge : undefined;
  const at =
    graph.nodes.find((n) => n.lane === 'main' && n.host === host && bridge !== undefined && n.label === bridge) ??
    graph.nodes.find((n) => n.kind === 'remote' && n.host === host) ??
    [...graph.nodes].reverse().find((n) => n.lane === 'main' && n.host === host) ??
    graph.nodes[0];
  at.walk = v.kind;
  const bad = v.kind === 'dropped' || v.kind === 'not-walked';
  graph.nodes.push({ id: 'walk', label: verdictWords(v), detail: `${walk.request.proto}${walk.request.proto ? ' ' : ''}to ${walk.target.description}`, kind: 'verdict', host: null, lane: 'far', broken: bad, findings: [], walk: v.kind });
  graph.edges.push({ from: at.id, to: 'walk', label: [bad ? '✕ walk ends' : 'walk ends'], kind: 'walk', broken: bad });
}

export function pathGraph(input: PathGraphInput): PathGraph {
  const { facts } = input;
  const graph: PathGraph = {
    key: facts.port.id,
    title: `interface ${facts.index + 1}: ${facts.port.mac} ${facts.port.ips.join(', ')} on ${facts.network.name || facts.network.id} (${[facts.network.type, facts.network.segmentationId].filter((x) => x !== null).join(' ')})`,
    nodes: [],
    edges: [],
    hosts: [],
    findings: [],
    // Keyed by host names from the cloud: no prototype, so a host named __proto__ or constructor is a plain key.
    hostFindings: Object.create(null) as Record<string, number[]>,
    unplaced: [],
  };
  addMainChain(graph, input);
  addBranches(graph, facts);
  if (input.walk && input.walk.source.portId === facts.port.id) addWalk(graph, input.walk);
  const hosts = new Set<string>();
  if (facts.host) hosts.add(facts.host);
  for (const n of graph.nodes) if (n.host) hosts.add(n.host);
  graph.hosts = [...hosts];
  graph.findings = findingsOf(input, hosts);
  graph.findings.forEach((f, k) => {
    const nodes = placeNode(graph, f.at);
    for (const n of nodes) n.findings.push(k);
    if (nodes.length) return;
    if (f.host && hosts.has(f.host) && !f.portId) (graph.hostFindings[f.host] ??= []).push(k);
    else if (!f.at) graph.nodes[0].findings.push(k); // about the port itself: the VM's end of the path
    else graph.unplaced.push(k);
  });
  return graph;
}

/** The graph of each interface of a trace report, in interface order: what every trace picture format draws. */
export function traceGraphs(report: TraceReport): PathGraph[] {
  return report.interfaces.map((facts) => pathGraph({ facts, owner: report.instance.name, findings: report.findings, walk: report.walk }));
}

// The packet walk's analysis: chains the ofproto/trace outputs of a snapshot leg by leg and host by host, and gives
// each leg its verdict (delivered / dropped, named in Neutron's terms / left the cloud) and the security-group decisions.
import { NetxrayError } from '../../../../../errors.js';
import type { ApiObject, CollectionProblem } from '../../../../../model/cloudSnapshot.js';
import { HOST_OUTPUT, ofprotoTraceOf } from '../../../../../model/hostOutputIds.js';
import { problemOutputId } from '../../../checks/collection.js';
import type { PacketWalk, SecurityGroupDecision, WalkFlow, WalkHop, WalkLeg, WalkOutput, WalkRequest, WalkSegment, WalkVerdict } from '../../../../../model/walkModel.js';
import type { Finding } from '../../../../../model/traceModel.js';
import { WALK_FINDINGS } from '../../../walkFindings.js';
import type { CheckContext } from '../../../backend.js';
import { CloudIndex, obj, str } from '../../../cloudIndex.js';
import { parseAction } from '../../../flows.js';
import { agentCookieOf, ofportOf } from '../hostState.js';
import { hostState, ovsAgentConfig } from '../ovsFacts.js';
import {
  ARP_RESPONDER, DEFAULT_INTEGRATION_BRIDGE, DEFAULT_TUNNEL_BRIDGE, DROP_EXPLANATION, INT_TABLES, PATCH_INT_TO_PHYS_PREFIX, PATCH_PHYS_TO_INT_PREFIX,
} from '../../../../../neutron/ml2OvsRules.js';
import { explainDrop, type BridgeRole } from './explainDrop.js';
import { datapathOutputs, parseDpifShow, parseOfprotoTrace, type DatapathPort } from './ofprotoTrace.js';
import { decide } from '../../../../../neutron/securityGroupRules.js';
import { protoText } from '../../../../../model/walkModel.js';
import { planWalk, type PlannedLeg, type WalkPlan, type WalkProbe } from '../../../../../neutron/ml2-ovs/walkPlan.js';

interface HostView {
  dpif: DatapathPort[];
  roles: Map<string, BridgeRole>;
  /** bridge → the cookie on most of its flows: the agent's (ovs_lib.py OVSBridge._default_cookie). */
  agentCookies: Map<string, string>;
}

function hostView(index: CloudIndex, host: string): HostView {
  return index.derived(`walk-host:${host}`, () => {
    const capture = index.snapshot.hosts.find((h) => h.host === host);
    const dpifOut = capture?.outputs.find((o) => o.id === HOST_OUTPUT.dpifShow && o.exitCode === 0);
    const conf = ovsAgentConfig(index, host);
    const roles = new Map<string, BridgeRole>([[str(conf, 'integration_bridge') ?? DEFAULT_INTEGRATION_BRIDGE, 'integration'], [DEFAULT_TUNNEL_BRIDGE, 'tunnel']]);
    for (const b of Object.values(obj(conf, 'bridge_mappings'))) if (typeof b === 'string') roles.set(b, 'physical');
    const agentCookies = new Map<string, string>();
    for (const [bridge, flows] of hostState(index, host)?.flows ?? []) {
      const cookie = agentCookieOf(flows);
      if (cookie) agentCookies.set(bridge, cookie);
    }
    return { dpif: dpifOut ? parseDpifShow(dpifOut.stdout) : [], roles, agentCookies };
  });
}

function portName(view: HostView, bridge: string, ref: string): string {
  if (!/^\d+$/.test(ref)) return ref.replace(/^"|"$/g, '');
  return view.dpif.find((p) => p.bridge === bridge && p.ofport === Number(ref))?.name ?? ref;
}

/** Outputs of the OpenFlow actions on the way (`output:N`, with the tunnel id set before it), patch ports left out. */
function openflowOutputs(view: HostView, hops: WalkHop[]): WalkOutput[] {
  const out: WalkOutput[] = [];
  for (const hop of hops) {
    let tunnelId: number | null = null;
    for (const text of hop.actions) {
      const action = parseAction(text);
      if (action.type === 'set_tunnel') tunnelId = action.tunnelId;
      if (action.type !== 'output') continue;
      const name = portName(view, hop.bridge, action.port);
      const port = view.dpif.find((p) => p.bridge === hop.bridge && p.name === name);
      if (port?.type === 'patch') continue;
      const remoteIp = port?.options.remote_ip;
      out.push({ bridge: hop.bridge, port: name, vlan: null, ...(remoteIp ? { tunnel: { remoteIp, tunnelId } } : {}) });
    }
  }
  return out;
}

function segmentOf(index: CloudIndex, probe: WalkProbe): WalkSegment | null {
  const capture = index.snapshot.hosts.find((h) => h.host === probe.host);
  const out = capture?.outputs.find((o) => o.id === probe.id);
  if (!out || out.exitCode !== 0) return null;
  const view = hostView(index, probe.host);
  const parsed = parseOfprotoTrace(out.stdout);
  const last = parsed.datapathActions[parsed.datapathActions.length - 1] ?? '';
  const outputs = datapathOutputs(last, view.dpif);
  for (const o of openflowOutputs(view, parsed.hops)) if (!outputs.some((x) => x.port === o.port && (x.bridge === o.bridge || x.bridge === null))) outputs.push(o);
  const state = hostState(index, probe.host);
  const number = state ? ofportOf(state, probe.bridge, probe.inPort) : null;
  return {
    host: probe.host,
    bridge: probe.bridge,
    inPort: probe.inPort,
    inPortNumber: number ?? view.dpif.find((p) => p.bridge === probe.bridge && p.name === probe.inPort)?.ofport ?? null,
    arrival: probe.arrival,
    command: out.command,
    hops: parsed.hops,
    datapathActions: parsed.datapathActions.join(' | '),
    outputs,
  };
}

function isUplink(view: HostView, o: WalkOutput): boolean {
  if (!o.bridge || view.roles.get(o.bridge) !== 'physical') return false;
  return view.dpif.find((p) => p.bridge === o.bridge && p.name === o.port)?.type !== 'patch';
}

const terminal = (hop: WalkHop) =>
  !hop.actions.some((a) => /^ct\(.*table=/.test(a)) &&
  (hop.match === 'No match' || (hop.actions.length > 0 && hop.actions.every((a) => a === 'drop')) || hop.notes.some((n) => /nonexistent output port/i.test(n)));

const walkFlow = (seg: WalkSegment, h: WalkHop): WalkFlow => ({ host: seg.host, bridge: h.bridge, table: h.table, priority: h.priority, cookie: h.cookie, match: h.match, actions: h.actions.join(',') });

/**
 * An ARP request the source's host answered itself (ARP_RESPONDER in src/neutron/ml2OvsRules.ts): br-tun's responder flow
 * replied IN_PORT and the reply reached the source port. Answered with Neutron's MAC of the target, that is the walk's
 * healthy end; with another MAC, a stale entry. Null when no responder answered or the reply did not reach the source
 * (then the drop verdict names where it stopped).
 */
function arpAnswer(index: CloudIndex, seg: WalkSegment, leg: PlannedLeg): WalkVerdict | null {
  if (leg.packet.proto !== 'arp') return null;
  const view = hostView(index, seg.host);
  const hop = seg.hops.find((h) => view.roles.get(h.bridge) === 'tunnel' && h.table === ARP_RESPONDER.table && h.actions.includes(ARP_RESPONDER.replyAction));
  const mac = hop?.actions.map((a) => ARP_RESPONDER.answeredMac(a)).find((m) => m !== null);
  if (!hop || !mac || !seg.outputs.some((o) => o.port === leg.start.inPort)) return null;
  const { expect } = leg;
  const target = index.snapshot.api.ports.find((p) => p.id === expect.portId);
  const neutronMac = str(target, 'mac_address')?.toLowerCase() ?? null;
  if (neutronMac && neutronMac !== mac) {
    return {
      kind: 'dropped', host: seg.host, bridge: hop.bridge, table: hop.table, flow: walkFlow(seg, hop), drop: null,
      reason: 'arp-responder-wrong-mac', explanation: DROP_EXPLANATION.arpResponderWrongMac(leg.packet.dstIp, mac, neutronMac),
    };
  }
  return {
    kind: 'answered', host: seg.host, bridge: hop.bridge, table: hop.table, flow: walkFlow(seg, hop), mac, portId: expect.portId,
    description: `${expect.description} is at ${mac}: answered by ${hop.bridge}'s ARP responder (l2population) on ${seg.host}`,
  };
}

/** The flow that stopped the packet: a terminal drop, on the bridge where the path should have gone on, latest pass first. */
function dropVerdict(index: CloudIndex, seg: WalkSegment, preferRole: BridgeRole): WalkVerdict {
  const view = hostView(index, seg.host);
  const lastPass = Math.max(0, ...seg.hops.map((h) => h.pass));
  const candidates = seg.hops.map((hop, i) => ({ hop, i })).filter(({ hop }) => terminal(hop));
  const score = (h: WalkHop) => (view.roles.get(h.bridge) === preferRole ? 2 : 0) + (h.pass === lastPass ? 1 : 0);
  const best = candidates.sort((a, b) => score(b.hop) - score(a.hop) || b.i - a.i)[0];
  if (!best) {
    const where = seg.outputs.map((o) => o.port).join(', ') || 'nowhere';
    return { kind: 'dropped', host: seg.host, bridge: seg.bridge, table: -1, flow: null, drop: null, reason: 'unexplained', explanation: `the packet left ${seg.host} by ${where}, not towards the target` };
  }
  const { hop, i } = best;
  const prev = seg.hops[i - 1];
  const sentHere = prev && prev.pass === hop.pass && prev.actions.some((a) => new RegExp(`^(resubmit\\([^,]*,${hop.table}\\)|goto_table:${hop.table})$`).test(a));
  // The firewall decides in tables 72/82 and drops in 93: name the deciding flow, with the drop after it.
  const decider = sentHere && hop.table === INT_TABLES.dropped && view.roles.get(hop.bridge) === 'integration' ? prev : null;
  const inPort = /(?:^|,)in_port=("?[^,"]+"?)/.exec(hop.match)?.[1];
  const inPortName = inPort ? portName(view, hop.bridge, inPort) : '';
  const cookie = view.agentCookies.get(hop.bridge);
  const explained = explainDrop({
    bridgeRole: view.roles.get(hop.bridge) ?? 'unknown',
    table: hop.table,
    priority: hop.priority,
    match: hop.match,
    actions: hop.actions.join(','),
    // ofproto/trace prints ", cookie 0x…" only for a non-zero cookie: none printed is cookie 0, never the agent's random one
    foreign: !!cookie && (hop.cookie ?? '0x0') !== cookie && hop.match !== 'No match',
    fromPhysicalPatch: inPortName.startsWith(PATCH_INT_TO_PHYS_PREFIX) || inPortName.startsWith(PATCH_PHYS_TO_INT_PREFIX),
    decidedBy: decider ? { table: decider.table, match: decider.match } : null,
    notes: hop.notes,
  });
  const flow = (h: WalkHop) => walkFlow(seg, h);
  return {
    kind: 'dropped',
    host: seg.host,
    bridge: hop.bridge,
    table: decider?.table ?? hop.table,
    flow: flow(decider ?? hop),
    drop: decider ? flow(hop) : null,
    ...explained,
  };
}

function runLeg(index: CloudIndex, leg: PlannedLeg): WalkLeg {
  const segments: WalkSegment[] = [];
  const done = (verdict: WalkVerdict): WalkLeg => ({ name: leg.name, packet: leg.packet, segments, verdict });
  const first = segmentOf(index, leg.start);
  if (!first) return done(notWalked(index, leg.start));
  segments.push(first);
  const { expect } = leg;
  const delivered = (seg: WalkSegment): WalkVerdict | null =>
    expect.device && seg.host === expect.host && seg.outputs.some((o) => o.port === expect.device)
      ? { kind: 'delivered', host: seg.host, port: expect.device, portId: expect.portId, into: expect.into === 'uplink' ? 'port' : expect.into, description: expect.description }
      : null;
  const here = delivered(first) ?? arpAnswer(index, first, leg);
  if (here) return done(here);
  for (const c of leg.continuations) {
    const view = hostView(index, first.host);
    const sent = c.kind === 'tunnel'
      ? first.outputs.some((o) => o.tunnel && o.tunnel.remoteIp === c.remoteIp && (o.tunnel.tunnelId === null || o.tunnel.tunnelId === c.tunnelId))
      : first.outputs.some((o) => isUplink(view, o) && o.vlan === c.vlan);
    if (!sent) continue;
    const next = segmentOf(index, c.probe);
    if (!next) return done(lostOnArrival(index, c.probe, first.host) ?? notWalked(index, c.probe));
    segments.push(next);
    return done(delivered(next) ?? dropVerdict(index, next, 'integration'));
  }
  const view = hostView(index, first.host);
  const uplink = first.outputs.find((o) => isUplink(view, o));
  if (expect.into === 'uplink' && uplink) {
    return done({ kind: 'left-cloud', host: first.host, bridge: uplink.bridge ?? '?', uplink: uplink.port, vlan: uplink.vlan, description: `towards ${expect.description}` });
  }
  const prefer: BridgeRole = leg.continuations[0]?.kind === 'tunnel' ? 'tunnel' : leg.continuations[0]?.kind === 'provider' || expect.into === 'uplink' ? 'physical' : 'integration';
  return done(dropVerdict(index, first, prefer));
}

/**
 * The packet was sent to a host that has no port to receive it (its tunnel port back to the sender deleted): the
 * continuation could not be simulated because its in_port is not on the host's bridge, which is the verdict itself.
 */
function lostOnArrival(index: CloudIndex, probe: WalkProbe, from: string): WalkVerdict | null {
  if (!arrivalPortMissing(index, probe.host, probe.bridge, probe.inPort)) return null;
  return {
    kind: 'dropped', host: probe.host, bridge: probe.bridge, table: -1, flow: null, drop: null, reason: 'no-arrival-port',
    explanation: `${probe.host} has no port ${probe.inPort} on ${probe.bridge} to receive the ${probe.arrival}: the packet ${from} sends is lost on arrival`,
  };
}

/** The host was read and its OVSDB lists the bridge's ports, without `port` (the walk cannot enter by it). */
export function arrivalPortMissing(index: CloudIndex, host: string, bridge: string, port: string): boolean {
  const state = hostState(index, host);
  const ports = state?.reachable ? state.bridges.get(bridge) : undefined;
  return port !== 'LOCAL' && ports !== undefined && ports.length > 0 && !ports.includes(port);
}

/** A failed ofproto/trace whose in_port the host does not have: the walk's verdict (lostOnArrival) says it, not a collection problem. */
export function walkEnteredByMissingPort(problem: CollectionProblem, ctx: CheckContext): boolean {
  if (problem.source !== 'host' || !problem.host || problem.code !== 'command-failed') return false;
  const id = problemOutputId(problem);
  const trace = id === undefined ? undefined : ofprotoTraceOf(id);
  const inPort = trace && /(?:^|,)in_port=([^,\s]+)/.exec(trace.flow)?.[1];
  return trace !== undefined && inPort !== undefined && arrivalPortMissing(ctx.index, problem.host, trace.bridge, inPort);
}

function notWalked(index: CloudIndex, probe: WalkProbe): WalkVerdict {
  const capture = index.snapshot.hosts.find((h) => h.host === probe.host);
  const out = capture?.outputs.find((o) => o.id === probe.id);
  const why = !capture
    ? `${probe.host} was not visited`
    : !capture.reachable
      ? `${probe.host} could not be read (${capture.error ?? 'unreachable'})`
      : out
        ? `ofproto/trace failed on ${probe.host} (exit ${out.exitCode}: ${out.stderr.trim().split('\n')[0] || 'no error output'})`
        : `the snapshot has no ofproto/trace of this packet on ${probe.host}`;
  return { kind: 'not-walked', host: probe.host, description: why };
}

function securityGroups(index: CloudIndex, plan: WalkPlan, request: WalkRequest): SecurityGroupDecision[] {
  const api = index.snapshot.api;
  const first = plan.legs[0]?.packet;
  // ARP is not filtered by security groups (the firewall's own per-port ARP rules let it through)
  if (!first || request.proto.kind === 'arp') return [];
  const out: SecurityGroupDecision[] = [decide(api, plan.source.port, 'egress', plan.target.ip, plan.targetPort, request.proto)];
  const target = plan.targetPort;
  if (target && String(target.device_owner ?? '').startsWith('compute:')) out.push(decide(api, target, 'ingress', plan.source.ip, plan.source.port as ApiObject, request.proto));
  return out;
}

/** Adds the security groups' view to a firewall drop: which groups had no rule, and the rule that would allow it. */
function withGroups(verdict: WalkVerdict, groups: SecurityGroupDecision[]): WalkVerdict {
  if (verdict.kind !== 'dropped' || verdict.reason !== 'firewall-no-rule') return verdict;
  const ingress = verdict.table === 81 || verdict.table === 82;
  const d = groups.find((g) => g.direction === (ingress ? 'ingress' : 'egress'));
  if (!d) return verdict;
  const names = d.groups.map((g) => `${g.name} (${g.id})`).join(', ') || 'none';
  const words = d.allowedBy
    ? ` The API has rule ${d.allowedBy.id} (${d.allowedBy.text}) in ${d.allowedBy.groupName}, so the agent's flows lag behind the API.`
    : ` No ${d.direction} rule of security group ${names} allows it; a rule that would: ${d.missing}.`;
  return { ...verdict, explanation: `${verdict.explanation}.${words}` };
}

/**
 * The walk of `request` from instance `instanceId` over a snapshot collected with it (collectTraceSnapshot's walk
 * option). Throws NetxrayError not-found when the snapshot holds no outputs for this walk (it needs the live cloud).
 */
export function analyseWalk(index: CloudIndex, instanceId: string, request: WalkRequest): PacketWalk {
  return walkOf(index, instanceId, request, true);
}

/**
 * The walk of `request`; `asked` (--to): a snapshot with none of its outputs is an error (it needs the live cloud),
 * else (an automatic walk) its legs say "not walked" with the reason.
 */
export function walkOf(index: CloudIndex, instanceId: string, request: WalkRequest, asked: boolean): PacketWalk {
  const plan = planWalk(index.snapshot.api, instanceId, request);
  const probeIds = plan.legs.flatMap((l) => [l.start, ...l.continuations.map((c) => c.probe)]).map((p) => p.id);
  const collected = new Set(index.snapshot.hosts.flatMap((h) => h.outputs.map((o) => o.id)));
  if (asked && !probeIds.some((id) => collected.has(id))) {
    throw new NetxrayError('not-found', `the snapshot holds no walk to ${request.to} (${protoText(request.proto)}): a walk needs the live cloud; collect it with --to ${request.to}${request.proto.kind === 'icmp' ? '' : ` --proto ${protoText(request.proto)}`} (and --save to keep it)`);
  }
  const groups = securityGroups(index, plan, request);
  const legs: WalkLeg[] = [];
  for (const leg of plan.legs) {
    const walked = runLeg(index, leg);
    walked.verdict = withGroups(walked.verdict, groups);
    legs.push(walked);
    if (walked.verdict.kind !== 'delivered') break;   // 'answered' ends the walk too: the request went no further
  }
  const src = plan.source;
  return {
    request: { to: request.to, proto: protoText(request.proto), fromInterface: request.fromInterface ?? null },
    source: { instance: src.instance, portId: str(src.port, 'id') ?? '', interface: src.interface, host: src.host, mac: src.mac, ip: src.ip, network: str(src.network, 'name') || String(src.port.network_id ?? '') },
    target: plan.target,
    legs,
    assumptions: plan.assumptions,
    securityGroups: groups,
    verdict: legs[legs.length - 1].verdict,
  };
}

export { WALK_FINDINGS };

/** What repairs a drop: a missing rule is added; a rule the API has but the flows lack is a resync of the agent. */
function dropHint(walk: PacketWalk, v: Extract<WalkVerdict, { kind: 'dropped' }>): string {
  // The walked source is the port's own MAC and IP (from Neutron): a spoofing drop means the flow allowing them is gone.
  if (v.reason === 'firewall-spoofing') return `the packet had the port's own MAC and IP (${walk.source.mac}, ${walk.source.ip}), so the firewall flow that lets them out is missing on ${v.host}: restart the OVS agent there (neutron-openvswitch-agent) so that it rewrites the port's flows`;
  if (v.reason === 'arp-responder-wrong-mac') return `restart the OVS agent on ${v.host} (neutron-openvswitch-agent) so that l2population's entries are sent again, or remove the flow if it is not the agent's`;
  if (v.reason !== 'firewall-no-rule') return `restore the flow Neutron installs (restart or resync the OVS agent on ${v.host}) or remove the foreign flow`;
  const direction = v.table === 81 || v.table === 82 ? 'ingress' : 'egress';
  const allowed = walk.securityGroups.find((d) => d.direction === direction)?.allowedBy;
  return allowed
    ? `the API allows it (rule ${allowed.id}: ${allowed.text}) but the firewall flows on ${v.host} do not: restart the OVS agent there (neutron-openvswitch-agent) so that it rewrites them`
    : 'add the security-group rule shown, or check the source is meant to reach the target';
}

/** The walk as a finding, so that a packet that does not arrive makes `trace` exit 1 like any other problem. */
export function walkFinding(walk: PacketWalk): Finding | null {
  const v = walk.verdict;
  const to = `${walk.source.instance} → ${walk.target.description} (${walk.request.proto})`;
  if (v.kind === 'delivered' || v.kind === 'left-cloud' || v.kind === 'answered') return null;
  if (v.kind === 'not-walked') {
    return { id: WALK_FINDINGS.incomplete.id, severity: WALK_FINDINGS.incomplete.severity, unverified: true, message: `${to}: the walk stopped: ${v.description}`, hint: 'make the host readable over SSH and walk again', evidence: [], portId: walk.source.portId, ...(v.host ? { host: v.host } : {}) };
  }
  const flow = v.flow ? `table=${v.flow.table} priority=${v.flow.priority ?? '-'} cookie=${v.flow.cookie ?? '-'} ${v.flow.match} actions=${v.flow.actions}` : 'no flow';
  return {
    id: WALK_FINDINGS.dropped.id,
    severity: WALK_FINDINGS.dropped.severity,
    message: `${to}: dropped on ${v.host} ${v.bridge} table ${v.table} (${v.reason}): ${v.explanation}`,
    hint: dropHint(walk, v),
    evidence: [{ source: `${v.host} ofproto/trace ${v.bridge}`, text: flow }, ...(v.drop ? [{ source: `${v.host} ofproto/trace ${v.bridge}`, text: `table=${v.drop.table} priority=${v.drop.priority ?? '-'} cookie=${v.drop.cookie ?? '-'} ${v.drop.match} actions=${v.drop.actions}` }] : [])],
    portId: walk.source.portId,
    host: v.host,
    at: v.host === walk.source.host ? { part: 'hop', host: v.host, device: v.bridge } : { part: 'remote', host: v.host },
  };
}

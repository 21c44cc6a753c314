// The ML2/OVN packet walk's analysis: the recorded ovn-trace of a planned walk (src/neutron/ml2-ovn/walkPlan.ts) read into
// the walk model: one segment per logical pipeline (on the chassis where OVN runs it), each logical flow a hop, and the
// verdict: delivered where the plan expects, left the cloud by a localnet port, or dropped by a named logical flow; an
// ACL stage's flow is tied back to its NB ACL and the Neutron security-group rule (or neutron_pg_drop) behind it.
import { NetxrayError } from '../../../../../errors.js';
import type { ApiObject } from '../../../../../model/cloudSnapshot.js';
import type { Finding } from '../../../../../model/traceModel.js';
import { protoText, type DropReason, type PacketWalk, type SecurityGroupDecision, type WalkFlow, type WalkHop, type WalkRequest, type WalkSegment, type WalkVerdict } from '../../../../../model/walkModel.js';
import { planOvnWalk, type OvnWalkPlan } from '../../../../../neutron/ml2-ovn/walkPlan.js';
import { ACL_PRIORITY_OFFSET, DROP_PORT_GROUP, SG_RULE_EXT_ID, isAclStage } from '../../../../../neutron/ovnRules.js';
import { decide, ruleText } from '../../../../../neutron/securityGroupRules.js';
import type { WalkFindingKind } from '../../../backend.js';
import type { CloudIndex } from '../../../cloudIndex.js';
import { WALK_FINDINGS } from '../../../walkFindings.js';
import { ovnDb, rowMap, rowNum, rowStr, type OvsdbRow } from '../ovnDb.js';
import { dropsPacket, parseOvnTrace, type LogicalHop, type LogicalPipeline } from './ovnTraceOutput.js';

export { WALK_FINDINGS as OVN_WALK_FINDINGS };

/** The ACL behind an ACL-stage hop: northd's flow is `reg0[…] && (<ACL match>)` at the ACL's priority + 1000. */
export function aclOfHop(acls: readonly OvsdbRow[], hop: LogicalHop): OvsdbRow | undefined {
  if (!isAclStage(hop.stage)) return undefined;
  const direction = hop.stage.startsWith('ls_in') ? 'from-lport' : 'to-lport';
  return acls.find((a) => rowStr(a, 'direction') === direction && rowNum(a, 'priority') === hop.priority - ACL_PRIORITY_OFFSET && hop.match.endsWith(`(${rowStr(a, 'match') ?? ''})`));
}

/** The security group a port-group name stands for (`pg_<id with _>`), from a match's `@pg_…`. */
const groupOfMatch = (match: string): string | null => {
  const m = /@pg_([0-9a-f_]{36})\b/.exec(match);
  return m ? m[1].replace(/_/g, '-') : null;
};

/** An ACL in the user's words: its Neutron rule (id and text) or neutron's default drop, and the ACL itself. */
export function aclWords(index: CloudIndex, acl: OvsdbRow | undefined, hop: LogicalHop): { text: string; ruleId: string | null; foreign: boolean; defaultDrop: boolean } {
  const match = acl ? (rowStr(acl, 'match') ?? '') : hop.match;
  const ruleId = acl ? (rowMap(acl, 'external_ids')[SG_RULE_EXT_ID] ?? null) : null;
  const defaultDrop = match.includes(`@${DROP_PORT_GROUP}`);
  const aclText = acl ? `ACL ${rowStr(acl, 'direction')} priority ${rowNum(acl, 'priority')} "${match}" ${rowStr(acl, 'action')}` : `logical flow "${hop.match}"`;
  if (defaultDrop) return { text: `${aclText}: neutron's default drop (${DROP_PORT_GROUP}): no ACL of the port's security groups allowed the packet first`, ruleId: null, foreign: false, defaultDrop };
  if (ruleId) {
    const groups = index.snapshot.api.securityGroups;
    const rule = groups.flatMap((g) => (Array.isArray(g.security_group_rules) ? (g.security_group_rules as ApiObject[]).map((r) => ({ r, g })) : [])).find(({ r }) => r.id === ruleId);
    const groupName = (id: string) => String(groups.find((g) => g.id === id)?.name ?? id);
    const words = rule ? `security group ${String(rule.g.name ?? '')} (${String(rule.g.id)}) rule ${ruleId} (${ruleText(rule.r, groupName)})` : `security-group rule ${ruleId}, which Neutron no longer has`;
    return { text: `${aclText}: ${words}`, ruleId, foreign: !rule, defaultDrop };
  }
  const group = groupOfMatch(match);
  return { text: `${aclText}${group ? ` in the port group of security group ${group}` : ''}: no Neutron security-group rule (no ${SG_RULE_EXT_ID})`, ruleId: null, foreign: true, defaultDrop };
}

/** Datapath names: SB Datapath_Binding / NB Logical_Switch / Logical_Router UUIDs → `neutron-<id>` → the Neutron name. */
function datapathName(index: CloudIndex, dp: string): string {
  const db = ovnDb(index);
  const sb = db.table('sb', 'Datapath_Binding').rows.find((r) => r._uuid === dp);
  const nb = [...db.table('nb', 'Logical_Switch').rows, ...db.table('nb', 'Logical_Router').rows].find((r) => r._uuid === dp);
  const ovn = (sb ? rowMap(sb, 'external_ids').name : undefined) ?? rowStr(nb, 'name') ?? dp;
  const id = ovn.replace(/^neutron-/, '');
  const api = index.snapshot.api;
  const named = api.networks.find((n) => n.id === id) ?? api.routers.find((r) => r.id === id);
  return named && typeof named.name === 'string' && named.name ? `${named.name} (${ovn})` : ovn;
}

/** The chassis host that runs a pipeline (ovn-architecture(7)): ingress where the inport is, egress where the outport is. */
function pipelineHost(index: CloudIndex, p: LogicalPipeline, fallback: string): string {
  const lsp = p.kind === 'egress' ? p.outport : p.inport;
  const port = lsp ? index.snapshot.api.ports.find((x) => x.id === lsp) : undefined;
  const host = typeof port?.['binding:host_id'] === 'string' && port['binding:host_id'] && String(port.device_owner ?? '').startsWith('compute:') ? String(port['binding:host_id']) : null;
  return host ?? fallback;
}

const hopOf = (p: LogicalPipeline, name: string, h: LogicalHop): WalkHop => ({
  bridge: name,
  table: h.table,
  priority: h.priority,
  cookie: h.uuid,
  match: h.match,
  actions: h.actions,
  notes: [`${h.stage} (${h.source})`, ...(h.ctState ? [`ct_state=${h.ctState}`] : []), ...h.notes],
  pass: h.ctPass,
});

interface Recorded {
  host: string;
  command: string;
  stdout: string;
}

function recorded(index: CloudIndex, plan: OvnWalkPlan): Recorded | { problem: string; host: string | null } {
  for (const capture of index.snapshot.hosts) {
    const out = capture.outputs.find((o) => o.id === plan.id);
    if (!out) continue;
    if (out.exitCode !== 0) return { problem: `ovn-trace failed on ${capture.host} (exit ${out.exitCode}: ${out.stderr.trim().split('\n')[0] || 'no error output'})`, host: capture.host };
    return { host: capture.host, command: out.command, stdout: out.stdout };
  }
  const reader = ovnDb(index).reader;
  const capture = reader ? index.snapshot.hosts.find((h) => h.host === reader) : undefined;
  if (capture && !capture.reachable) return { problem: `${reader} (the OVN DB host) could not be read (${capture.error ?? 'unreachable'})`, host: reader };
  return { problem: reader ? `the snapshot has no ovn-trace of this packet on ${reader}` : 'no host read the OVN databases: ovn-trace did not run', host: reader };
}

/** What the walk expected and what happened, from the parsed pipelines. */
function verdictOf(index: CloudIndex, plan: OvnWalkPlan, pipelines: LogicalPipeline[], segments: WalkSegment[]): WalkVerdict {
  const src = String(plan.source.port.id);
  const outputs = pipelines.flatMap((p, i) => p.outputs.map((o) => ({ ...o, segment: segments[i] })));
  const e = plan.expect;
  const reached = (port: string) => outputs.find((o) => o.port === port);
  // ARP for an address OVN knows is answered by the logical switch itself (northd.c ls_in_arp_rsp), back to the port
  const arpAnswer = pipelines.flatMap((p) => p.hops).find((h) => h.stage === 'ls_in_arp_rsp' && h.actions.some((a) => a.startsWith('arp.op = 2')));
  if (plan.packet.proto === 'arp' && arpAnswer && reached(src)) {
    return { kind: 'delivered', host: plan.source.host, port: src, portId: plan.target.portId, into: 'port', description: `${plan.target.description}: OVN's ARP responder answered for ${plan.target.ip} (ls_in_arp_rsp, ${arpAnswer.source}), the reply delivered back to the port` };
  }
  if (e.kind === 'port') {
    const out = reached(e.lsp);
    if (out) return { kind: 'delivered', host: plan.target.host ?? out.segment.host, port: e.lsp, portId: e.lsp, into: e.into, description: plan.target.description };
  } else if (e.kind === 'router-reply') {
    const entered = pipelines.some((p) => p.kind === 'ingress' && p.inport === `lrp-${e.routerPort}`);
    const back = reached(src);
    if (entered && back) return { kind: 'delivered', host: plan.source.host, port: `lrp-${e.routerPort}`, portId: e.routerPort, into: 'router', description: `${plan.target.description}: the router answered, its reply delivered back to the port` };
  } else if (e.kind === 'dhcp-reply') {
    const offered = pipelines.some((p) => p.hops.some((h) => h.actions.some((a) => a.includes('put_dhcp_opts('))));
    if (offered && reached(src)) return { kind: 'delivered', host: plan.source.host, port: src, portId: null, into: 'dhcp', description: "OVN's native DHCP answered (put_dhcp_opts), its reply delivered back to the port" };
  } else {
    const out = outputs.find((o) => o.type === 'localnet');
    if (out) {
      // the localnet port's tag is the provider VLAN (ovn-nb(5) Logical_Switch_Port tag; neutron sets it from the segment)
      const tag = rowNum(ovnDb(index).table('nb', 'Logical_Switch_Port').rows.find((r) => r.name === out.port), 'tag');
      return { kind: 'left-cloud', host: out.segment.host, bridge: out.segment.bridge, uplink: out.port, vlan: tag, description: `towards ${plan.target.description}` };
    }
  }
  return dropVerdict(index, plan, pipelines, segments);
}

/** The logical flow that stopped the packet: the last one with a drop action, else the last flow of the walk. */
function dropVerdict(index: CloudIndex, plan: OvnWalkPlan, pipelines: LogicalPipeline[], segments: WalkSegment[]): WalkVerdict {
  const hops = pipelines.flatMap((p, i) => p.hops.map((h) => ({ h, seg: segments[i] })));
  const dropping = [...hops].reverse().find(({ h }) => dropsPacket(h));
  const last = dropping ?? hops[hops.length - 1];
  if (!last) return { kind: 'dropped', host: plan.source.host, bridge: '?', table: -1, flow: null, drop: null, reason: 'unexplained', explanation: 'ovn-trace printed no logical flow' };
  const { h, seg } = last;
  const flow: WalkFlow = { host: seg.host, bridge: seg.bridge, table: h.table, priority: h.priority, cookie: h.uuid, match: h.match, actions: h.actions.join(' ') };
  const elsewhere = (where: string): WalkVerdict => ({ kind: 'dropped', host: seg.host, bridge: seg.bridge, table: h.table, flow, drop: null, reason: 'unexplained', explanation: `the packet ${where}, not ${expectedWords(plan)}` });
  // ovn-trace's remark when the outport has no SB Port_Binding (the LSP is gone, or northd has not bound it)
  const nullPort = h.actions.find((a) => a.includes('output to null logical port'));
  if (!dropping && nullPort) {
    const outport = /outport = "([^"]+)"/.exec(h.actions.join(' '))?.[1] ?? '?';
    return { kind: 'dropped', host: seg.host, bridge: seg.bridge, table: h.table, flow, drop: null, reason: 'missing-output-port', explanation: `${h.stage} sends it to logical port ${outport}, which has no SB Port_Binding (ovn-trace: "output to null logical port"): the destination's LSP is missing or unbound` };
  }
  if (!dropping) {
    const outs = pipelines.flatMap((p) => p.outputs.map((o) => o.port));
    return elsewhere(outs.length ? `left by ${outs.join(', ')}` : `stopped after ${h.stage}`);
  }
  let reason: DropReason = 'no-match';
  let explanation = `logical flow ${h.stage} table ${h.table} (${h.source}) drops it`;
  if (isAclStage(h.stage)) {
    const acls = ovnDb(index).table('nb', 'ACL').rows;
    const words = aclWords(index, aclOfHop(acls, h), h);
    reason = words.defaultDrop ? 'firewall-no-rule' : words.foreign ? 'foreign-flow' : 'firewall-drop';
    explanation = words.text;
  } else if (/port_sec/.test(h.stage)) {
    reason = 'mac-spoofing';
    explanation = `${h.stage} (${h.source}): port security of the logical port drops it (addresses not in its port_security)`;
  }
  return { kind: 'dropped', host: seg.host, bridge: seg.bridge, table: h.table, flow, drop: null, reason, explanation };
}

function expectedWords(plan: OvnWalkPlan): string {
  const e = plan.expect;
  if (e.kind === 'port') return `to ${e.lsp}`;
  if (e.kind === 'router-reply') return `answered by router port lrp-${e.routerPort}`;
  if (e.kind === 'dhcp-reply') return "answered by OVN's DHCP";
  return 'out of a localnet port';
}

/** Names the ACL that allowed a walk through each ACL stage (for the security-group decisions). */
function allowingAcls(index: CloudIndex, pipelines: LogicalPipeline[]): string[] {
  const acls = ovnDb(index).table('nb', 'ACL').rows;
  return pipelines.flatMap((p) => p.hops.filter((h) => isAclStage(h.stage) && !dropsPacket(h) && /@/.test(h.match)).map((h) => `${h.stage}: ${aclWords(index, aclOfHop(acls, h), h).text}`));
}

function securityGroups(index: CloudIndex, plan: OvnWalkPlan, request: WalkRequest): SecurityGroupDecision[] {
  if (request.proto.kind === 'arp') return [];
  const api = index.snapshot.api;
  const out = [decide(api, plan.source.port, 'egress', plan.target.ip, plan.targetPort, request.proto)];
  const target = plan.targetPort;
  if (target && String(target.device_owner ?? '').startsWith('compute:')) out.push(decide(api, target, 'ingress', plan.source.ip, plan.source.port, request.proto));
  return out;
}

/** Adds the API's view to an ACL drop: the rule Neutron has that should have let it through, or the rule that would. */
function withGroups(verdict: WalkVerdict, groups: SecurityGroupDecision[]): WalkVerdict {
  if (verdict.kind !== 'dropped' || verdict.reason !== 'firewall-no-rule') return verdict;
  const direction = /ls_out/.test(verdict.flow?.match ?? '') || /outport/.test(verdict.flow?.match ?? '') ? 'ingress' : 'egress';
  const d = groups.find((g) => g.direction === direction);
  if (!d) return verdict;
  const names = d.groups.map((g) => `${g.name} (${g.id})`).join(', ') || 'none';
  const words = d.allowedBy
    ? ` The API has rule ${d.allowedBy.id} (${d.allowedBy.text}) in ${d.allowedBy.groupName}, but its ACL is not in the NB port group pg_${d.allowedBy.groupId.replace(/-/g, '_')}: the NB has drifted from Neutron.`
    : ` No ${d.direction} rule of security group ${names} allows it; a rule that would: ${d.missing}.`;
  return { ...verdict, explanation: `${verdict.explanation}.${words}` };
}

/** The walk of `request` (asked: --to, an error when the snapshot has no ovn-trace for it). */
export function ovnWalkOf(index: CloudIndex, instanceId: string, request: WalkRequest, asked: boolean): PacketWalk {
  const plan = planOvnWalk(index.snapshot.api, instanceId, request);
  const rec = recorded(index, plan);
  if (asked && 'problem' in rec && !index.snapshot.hosts.some((h) => h.outputs.some((o) => o.id === plan.id))) {
    throw new NetxrayError('not-found', `the snapshot holds no walk to ${request.to} (${protoText(request.proto)}): a walk needs the live cloud; collect it with --to ${request.to}${request.proto.kind === 'icmp' ? '' : ` --proto ${protoText(request.proto)}`} (and --save to keep it)`);
  }
  const groups = securityGroups(index, plan, request);
  const segments: WalkSegment[] = [];
  let verdict: WalkVerdict;
  if ('problem' in rec) verdict = { kind: 'not-walked', host: rec.host, description: rec.problem };
  else {
    const parsed = parseOvnTrace(rec.stdout);
    let host = plan.source.host;
    for (const p of parsed.pipelines) {
      host = pipelineHost(index, p, host);
      const name = `${datapathName(index, p.datapath)} ${p.kind}`;
      segments.push({
        host,
        bridge: name,
        inPort: p.inport ?? p.mcgroup ?? '?',
        inPortNumber: null,
        arrival: p.kind === 'multicast' ? `flooded to ${p.mcgroup}` : p.kind === 'egress' ? `towards ${p.outport}` : p.inport === String(plan.source.port.id) ? `from ${plan.source.instance}` : `from ${p.inport}`,
        command: `${rec.host}: ${rec.command}`,
        hops: p.hops.map((h) => hopOf(p, name, h)),
        datapathActions: '',
        outputs: p.outputs.map((o) => ({ bridge: name, port: o.port, vlan: null })),
      });
    }
    verdict = withGroups(verdictOf(index, plan, parsed.pipelines, segments), groups);
    const allowed = allowingAcls(index, parsed.pipelines);
    if (allowed.length) plan.assumptions.push(...allowed.map((a) => `allowed by ${a}`));
  }
  return {
    request: { to: request.to, proto: protoText(request.proto), fromInterface: request.fromInterface ?? null },
    source: { instance: plan.source.instance, portId: String(plan.source.port.id ?? ''), interface: plan.source.interface, host: plan.source.host, mac: plan.source.mac, ip: plan.source.ip, network: String(plan.source.network?.name ?? '') || String(plan.source.port.network_id ?? '') },
    target: plan.target,
    legs: [{ name: plan.name, packet: plan.packet, segments, verdict }],
    assumptions: plan.assumptions,
    securityGroups: groups,
    verdict,
  };
}

/** What repairs an OVN drop: a missing ACL for a rule Neutron has is NB drift (Neutron's sync), else the rule itself. */
function dropHint(walk: PacketWalk, v: Extract<WalkVerdict, { kind: 'dropped' }>): string {
  if (v.reason === 'foreign-flow') return `an ACL no Neutron security-group rule stands for decides here: remove it from the NB (ovn-nbctl), or find who added it`;
  if (v.reason === 'missing-output-port') return `trace the destination (${walk.target.description}): its logical port is missing or unbound in OVN`;
  if (v.reason !== 'firewall-no-rule') return `check the logical flow named (ovn-sbctl lflow-list) and the NB rows it comes from`;
  const direction = /outport/.test(v.flow?.match ?? '') ? 'ingress' : 'egress';
  const allowed = walk.securityGroups.find((d) => d.direction === direction)?.allowedBy;
  return allowed
    ? `Neutron has rule ${allowed.id} (${allowed.text}) but the NB lacks its ACL: let neutron-server resync the NB (neutron-ovn-db-sync-util --ovn-neutron_sync_mode=repair, after a look at its log mode), or re-create the rule`
    : 'add the security-group rule shown, or check the source is meant to reach the target';
}

/** The walk as a finding (an ACL drop names the ACL and rule), as ML2/OVS's walkFinding. */
export function ovnWalkFinding(walk: PacketWalk): Finding | null {
  const v = walk.verdict;
  const to = `${walk.source.instance} → ${walk.target.description} (${walk.request.proto})`;
  if (v.kind === 'delivered' || v.kind === 'left-cloud' || v.kind === 'answered') return null;
  if (v.kind === 'not-walked') {
    return { id: WALK_FINDINGS.incomplete.id, severity: WALK_FINDINGS.incomplete.severity, unverified: true, message: `${to}: the walk stopped: ${v.description}`, hint: 'make the OVN DB host readable (SSH, or --ovn-sb) and walk again', evidence: [], portId: walk.source.portId, ...(v.host ? { host: v.host } : {}) };
  }
  const flow = v.flow ? `${v.flow.bridge} table=${v.flow.table} priority=${v.flow.priority ?? '-'} lflow=${v.flow.cookie ?? '-'} ${v.flow.match} actions=${v.flow.actions}` : 'no logical flow';
  return {
    id: WALK_FINDINGS.dropped.id,
    severity: WALK_FINDINGS.dropped.severity,
    message: `${to}: dropped on ${v.host} in ${v.bridge} table ${v.table} (${v.reason}): ${v.explanation}`,
    hint: dropHint(walk, v),
    evidence: [{ source: `ovn-trace (${walk.legs[0]?.segments[0]?.command.split(':')[0] ?? 'OVN DB host'})`, text: flow }],
    portId: walk.source.portId,
    host: v.host,
    at: v.host === walk.source.host ? { part: 'hop', host: v.host, device: v.bridge } : { part: 'remote', host: v.host },
  };
}

export const OVN_WALK_FINDING_KINDS: readonly WalkFindingKind[] = Object.values(WALK_FINDINGS);

// The default terminal output: one section per interface answering the six questions, then the findings. Backend-neutral:
// the backend's words come from the report (localSegment.label, answers, firewall.summary, hosts[].summary).
import { autoWalkLabel, type AutoWalk, type Finding, type TraceInterface, type TraceReport } from '../../model/traceModel.js';
import { offlineTextLines } from '../offlineText.js';
import type { TraceRenderer } from './renderer.js';
import { verdictLine } from './traceVerdict.js';
import { shortVerdict, walkTextLines } from './walkText.js';

/** One line per automatic walk of the interface: what was walked and where it ended. */
function walkLines(walks: readonly AutoWalk[]): string[] {
  return walks.map((w, i) => `     ${i === 0 ? 'walks' : '     '}     ${autoWalkLabel(w)}: ${w.walk ? shortVerdict(w.walk.verdict) : `NOT PLANNED: ${w.problem ?? '?'}`}`);
}

/** An agent's state; without the API (sosreports alone) nobody knows whether it reports in. */
const agentState = (agent: { alive: boolean } | null, noApi: boolean) => (agent ? (agent.alive ? 'alive' : 'DEAD') : noApi ? 'unknown (no API)' : 'missing');

function interfaceSection(iface: TraceInterface, count: number, walks: readonly AutoWalk[], noApi = false): string[] {
  const net = iface.network;
  const netLabel = [net.type, net.segmentationId !== null ? String(net.segmentationId) : null, net.physicalNetwork].filter(Boolean).join(' ');
  const lines = [`Interface ${iface.index + 1}/${count}: port ${iface.port.id} on network ${net.name || net.id} (${netLabel || 'type unknown'}${net.mtu !== null ? `, MTU ${net.mtu}` : ''}) — ${iface.port.status}`];
  const a = iface.answers;
  lines.push(`  1. interfaces  ${a.interfaceCount}`);
  lines.push(`  2. MAC         ${iface.port.mac}`);
  lines.push(`  3. IPs         ${noApi ? "unknown: addresses are Neutron's (needs the API)" : a.ips}`);
  lines.push(`  4. ${iface.localSegment.label.padEnd(12)}${a.localSegment}`);
  lines.push(`  5. provider    ${a.provider}`);
  lines.push('  6. ports and flows');
  const path = iface.hops.map((h) => `${h.device}${h.portNumber !== undefined ? `[${h.portNumber}]` : ''}${h.present ? '' : ' (missing)'}`).join(' → ');
  lines.push(`     path      ${path}`);
  lines.push(`     host      ${iface.host ?? '?'}${iface.boundHost && iface.boundHost !== iface.host ? ` (bound to ${iface.boundHost})` : ''}, ${a.attachment}`);
  lines.push(`     firewall  ${iface.firewall.summary}`);
  if (iface.rules.length === 0) lines.push('     flows     none found');
  for (const [i, f] of iface.rules.entries()) {
    lines.push(`     ${i === 0 ? 'flows' : '     '}     ${f.host} ${f.location} ${f.text}`);
    lines.push(`                 ↳ ${f.role}`);
  }
  if (iface.dhcp.native) lines.push(`     DHCP      ${iface.dhcp.native}`);
  else if (iface.dhcp.ports.length === 0) lines.push(`     DHCP      ${iface.dhcp.enabled ? 'enabled but no DHCP port' : 'disabled'}`);
  for (const p of iface.dhcp.ports) {
    lines.push(`     DHCP      ${p.ips.join(', ') || p.id} on ${p.host ?? '?'} (${p.via}); agent ${agentState(p.agent, noApi)}`);
  }
  if (iface.router) {
    const r = iface.router;
    const external = r.externalNetworkId ? `; external ${r.externalIps.join(', ') || r.externalNetworkId}` : noApi ? '' : '; no external gateway';
    lines.push(`     router    ${r.name || r.id || `port ${r.interfacePortId || '?'} (the router needs the API)`} gateway ${r.gatewayIp ?? '?'} on ${r.host ?? '?'} (${r.via}); ${r.agent?.type ?? 'L3 agent'} ${agentState(r.agent, noApi)}${external}`);
    // a distributed router (ML2/OVS DVR): each traffic class leaves its own way, as hops
    if (r.dvr) {
      const classes: [string, string[]][] = [['east-west', r.dvr.hops.eastWest], ['SNAT', r.dvr.hops.snat], ['floating IP', r.dvr.hops.floatingIp]];
      for (const [label, hops] of classes) if (hops.length) lines.push(`       ${label.padEnd(12)}${hops.join(' → ')}`);
    }
  }
  const m = iface.metadata;
  if (noApi) lines.push(`     metadata  ${m.address}:${m.port} unknown: who serves it needs the API (routers, metadata agents)`);
  else lines.push(`     metadata  ${m.address}:${m.port} ${m.summary}${m.via !== 'none' && m.offered ? `; metadata agent ${agentState(m.agent, false)}` : ''}`);
  lines.push(...walkLines(walks));
  return lines;
}

function findingLines(f: Finding): string[] {
  if (f.causedBy) {
    // a symptom: shown under its cause, whose fix repairs it too
    return [`          symptom (${f.severity}) ${f.id}: ${f.message}`, ...f.evidence.map((e) => `            evidence: ${e.source}: ${e.text}`)];
  }
  const lines = [`  ${f.severity.toUpperCase().padEnd(7)} ${f.id}: ${f.message}${f.unverified ? ' [not verified]' : ''}`];
  for (const e of f.evidence) lines.push(`          evidence: ${e.source}: ${e.text}`);
  lines.push(`          fix: ${f.hint}`);
  return lines;
}

export function renderTraceText(report: TraceReport): string {
  const { instance, summary } = report;
  const lines = [
    `${instance.kind === 'port' ? 'Port' : 'Instance'} ${instance.name} (${instance.id}) on ${instance.host ?? '?'}${instance.status ? `, ${instance.status}` : ''}: ${summary.interfaces} interface${summary.interfaces === 1 ? '' : 's'}, ${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`,
    '',
  ];
  if (report.walk) lines.push(...walkTextLines(report.walk), '');
  for (const iface of report.interfaces) lines.push(...interfaceSection(iface, report.interfaces.length, (report.walks ?? []).filter((w) => w.interface === iface.index + 1), report.offline?.api === 'derived-from-hosts'), '');
  if (report.hosts.length) {
    lines.push('Hosts');
    for (const h of report.hosts) {
      lines.push(`  ${h.host}: ${h.reachable ? 'read' : `NOT read${h.error ? ` (${h.error})` : ''}`}; ${h.summary}`);
    }
    lines.push('');
  }
  lines.push(...offlineTextLines(report.offline));
  lines.push('Findings');
  lines.push(`  ${verdictLine(report)}`);
  for (const f of report.findings) lines.push(...findingLines(f));
  return `${lines.join('\n')}\n`;
}

export const textTraceRenderer: TraceRenderer = {
  format: 'text',
  description: 'one section per interface answering the six questions, then the findings (default)',
  extension: 'txt',
  render: renderTraceText,
};

// The trace as one self-contained page: per interface the six answers as a table above its path picture (the shared
// figure of src/render/path/, the one the scan page draws too), the walk's verdict, the hosts and every finding.
import { escapeHtml as esc } from '../../escape.js';
import type { TraceInterface, TraceReport } from '../../model/traceModel.js';
import { DETAIL_BOX, PATH_PAGE_SCRIPT, anchorOf, findingItem, legendHtml, pageHead, pathFigure } from '../path/pathFigure.js';
import type { TraceRenderer } from './renderer.js';
import { verdictLine } from './traceVerdict.js';
import { verdictText } from './walkText.js';

function answersTable(iface: TraceInterface): string {
  const a = iface.answers;
  const rows: [string, string][] = [
    ['1. interfaces', a.interfaceCount],
    ['2. MAC', iface.port.mac],
    ['3. IPs', a.ips],
    [`4. ${iface.localSegment.label}`, a.localSegment],
    ['5. provider', a.provider],
    ['6. ports and flows', a.ports],
    ['attachment', `${iface.host ?? '?'}${iface.boundHost && iface.boundHost !== iface.host ? ` (bound to ${iface.boundHost})` : ''}, ${a.attachment}`],
    ['firewall', iface.firewall.summary],
  ];
  return `<table class="nx-answers">${rows.map(([q, v]) => `<tr><th>${esc(q)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function interfaceSection(report: TraceReport, iface: TraceInterface): string {
  const net = iface.network;
  const kind = [net.type, net.segmentationId, net.physicalNetwork].filter((x) => x !== null && x !== '').join(' ');
  const rules = iface.rules.length
    ? `<details><summary>${iface.rules.length} rule(s) the path uses</summary><ul>${iface.rules.map((r) => `<li><code>${esc(`${r.host} ${r.location} ${r.text}`)}</code> — ${esc(r.role)}</li>`).join('')}</ul></details>`
    : '';
  return `<section class="nx-interface" id="${anchorOf('i', iface.port.id)}"><h2>Interface ${iface.index + 1}/${report.interfaces.length} <small>port <code>${esc(iface.port.id)}</code> on ${esc(net.name || net.id)} (${esc(kind || 'type unknown')}${net.mtu !== null ? `, MTU ${net.mtu}` : ''}) — ${esc(iface.port.status)}</small></h2>
${answersTable(iface)}
${pathFigure(iface, report.instance.name, report.findings, report.walk)}
${rules}</section>`;
}

function walkSection(report: TraceReport): string {
  const walk = report.walk;
  if (!walk) return '';
  const bad = walk.verdict.kind === 'dropped' || walk.verdict.kind === 'not-walked';
  return `<section id="nx-walk"><h2>Walk ${esc(walk.source.instance)} → ${esc(walk.target.description)} <small>${esc(walk.request.proto)}, from interface ${walk.source.interface}</small></h2>
<p class="${bad ? 'error' : 'healthy'}"><b>${esc(verdictText(walk.verdict))}</b></p><p>Drawn on the path of interface ${walk.source.interface} (the node where the packet ended, and the verdict below it).</p></section>`;
}

export function renderTraceHtml(report: TraceReport): string {
  const { instance, summary } = report;
  const drawnPorts = new Set(report.interfaces.map((i) => i.port.id));
  const elsewhere = report.findings.filter((f) => !f.portId || !drawnPorts.has(f.portId));
  const hosts = report.hosts.map((h) => `<tr><td>${esc(h.host)}</td><td class="${h.reachable ? 'healthy' : 'error'}">${h.reachable ? 'read' : `NOT read${h.error ? ` (${esc(h.error)})` : ''}`}</td><td>${esc(h.summary)}</td></tr>`).join('');
  const status = summary.errors ? 'error' : summary.warnings ? 'warning' : 'healthy';
  return `${pageHead(`${instance.name} — netxray trace`, report.generator.version)}
<body>
<h1>${instance.kind === 'port' ? 'Port' : 'Instance'} ${esc(instance.name)} <small><code>${esc(instance.id)}</code> on ${esc(instance.host ?? '?')}${instance.status ? `, ${esc(instance.status)}` : ''} · ${esc(report.backend)}</small></h1>
<p class="${status}">${summary.interfaces} interface(s), ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} info(s); collected ${esc(report.collectedAt)}.</p>
${legendHtml()}
${walkSection(report)}
${report.interfaces.map((i) => interfaceSection(report, i)).join('\n')}
<h2>Hosts</h2>${hosts ? `<table><tr><th>host</th><th>read</th><th>what was found</th></tr>${hosts}</table>` : '<p>none read</p>'}
<h2>Findings</h2><p class="${summary.verdict === 'healthy' ? 'healthy' : 'verdict'}">${esc(verdictLine(report))}</p>${report.findings.length === 0 ? '' : `<p>${report.findings.length - elsewhere.length} drawn on the paths above${elsewhere.length ? `; about the instance or hosts:` : '.'}</p>${elsewhere.length ? `<ul class="nx-findings">${elsewhere.map((f, k) => findingItem(f, `f-${k}`)).join('')}</ul>` : ''}`}
${DETAIL_BOX}
<script>${PATH_PAGE_SCRIPT}</script>
</body></html>
`;
}

export const htmlTraceRenderer: TraceRenderer = {
  format: 'html',
  description: 'one self-contained page: the six answers and each interface\'s path drawn with its findings (works offline)',
  extension: 'html',
  render: renderTraceHtml,
};

// The scan as one self-contained HTML page (no CDN, no network): totals, the counts per finding as a small chart,
// filters by finding, host, network and project, the summary table linking into a section per instance, where each
// interface's path is drawn by the same figure as `trace --format html` (src/render/path/pathFigure.ts).
import { escapeHtml as esc } from '../../escape.js';
import type { ScanInstance, ScanReport } from '../../model/scanModel.js';
import { SEVERITY_STYLE } from '../path/palette.js';
import { DETAIL_BOX, PATH_PAGE_SCRIPT, anchorOf, findingItem, legendHtml, pageHead, pathFigure } from '../path/pathFigure.js';
import type { ScanRenderer } from './renderer.js';

const BAR_W = 320;

/** Counts per finding kind as horizontal bars, coloured by severity (with the severity's badge, not colour alone). */
function countsChart(report: ScanReport): string {
  const kinds = Object.entries(report.summary.countsByFinding);
  if (!kinds.length) return '<p class="healthy">No finding: every path looks healthy.</p>';
  const max = Math.max(...kinds.map(([, c]) => c.count));
  const rowH = 24;
  const rows = kinds.map(([id, c], i) => {
    const w = Math.max(2, Math.round((c.count / max) * BAR_W));
    const s = SEVERITY_STYLE[c.severity];
    const y = i * rowH;
    return `<g data-finding="${esc(id)}"><text x="0" y="${y + 16}" font-size="13">${s.badge} ${esc(id)}</text><rect x="200" y="${y + 4}" width="${w}" height="16" fill="${s.fill}" stroke="${s.stroke}" stroke-width="2"/><text x="${206 + w}" y="${y + 17}" font-size="13">${c.count} on ${c.instances} instance(s)</text></g>`;
  });
  const h = kinds.length * rowH + 4;
  return `<svg class="nx-chart" role="img" aria-label="findings per kind" width="${200 + BAR_W + 180}" height="${h}" viewBox="0 0 ${200 + BAR_W + 180} ${h}" font-family="DejaVu Sans, Verdana, sans-serif">${rows.join('')}</svg>`;
}

function options(label: string, key: string, values: [string, string][]): string {
  return `<label>${label} <select data-filter="${key}"><option value="">all</option>${values.map(([v, t]) => `<option value="${esc(v)}">${esc(t)}</option>`).join('')}</select></label>`;
}

function filters(report: ScanReport): string {
  const networks = new Map<string, string>();
  for (const i of report.instances) for (const n of i.interfaces) networks.set(n.network.id, n.network.name || n.network.id);
  const projects = [...new Set(report.instances.map((i) => i.projectId).filter((p): p is string => !!p))].sort();
  const hosts = [...new Set(report.instances.map((i) => i.host).filter((h): h is string => !!h))].sort();
  return `<p class="nx-filters">${options('finding', 'findings', Object.keys(report.summary.countsByFinding).map((id) => [id, id]))} ${options('host', 'host', hosts.map((h) => [h, h]))} ${options('network', 'networks', [...networks].sort((a, b) => a[1].localeCompare(b[1])))} ${options('project', 'project', projects.map((p) => [p, p]))} <span id="nx-shown"></span></p>`;
}

/** Shows only the instances (and their summary rows) whose data attributes match every chosen filter. */
const FILTER_SCRIPT = `(function(){
var selects=[].slice.call(document.querySelectorAll('select[data-filter]'));
function apply(){
  var shown=0,items=document.querySelectorAll('[data-instance]');
  items.forEach(function(el){
    var ok=selects.every(function(s){return !s.value||(' '+(el.getAttribute('data-'+s.getAttribute('data-filter'))||'')+' ').indexOf(' '+s.value+' ')>=0;});
    el.hidden=!ok;if(ok&&el.tagName==='SECTION')shown++;
  });
  document.getElementById('nx-shown').textContent=shown+' instance(s) shown';
}
selects.forEach(function(s){s.addEventListener('change',apply);});apply();
})();`;

function instanceAttributes(inst: ScanInstance): string {
  const findings = [...new Set(inst.findings.map((f) => f.id))].join(' ');
  const networks = [...new Set(inst.interfaces.map((i) => i.network.id))].join(' ');
  return `data-instance="${esc(inst.id)}" data-findings="${esc(findings)}" data-host="${esc(inst.host ?? '')}" data-networks="${esc(networks)}" data-project="${esc(inst.projectId ?? '')}"`;
}

function summaryRow(inst: ScanInstance): string {
  const s = inst.summary;
  const state = s.errors ? 'error' : s.warnings ? 'warning' : 'healthy';
  const paths = inst.interfaces.map((i, n) => `<a href="#${anchorOf('p', i.portId)}">${n + 1}: ${esc(i.network.name || i.network.id)}</a>`).join(', ');
  return `<tr ${instanceAttributes(inst)} class="${state}"><td><a href="#${anchorOf('i', inst.id)}">${inst.kind === 'port' ? 'port ' : ''}${esc(inst.name)}</a></td><td>${esc(inst.host ?? '?')}</td><td class="n">${s.errors}</td><td class="n">${s.warnings}</td><td>${esc([...new Set(inst.findings.map((f) => f.id))].join(', '))}</td><td>${paths}</td></tr>`;
}

function instanceSection(inst: ScanInstance): string {
  const s = inst.summary;
  const state = s.errors ? 'error' : s.warnings ? 'warning' : 'healthy';
  const drawn = new Set(inst.interfaces.map((i) => i.portId));
  const elsewhere = inst.findings.filter((f) => !f.portId || !drawn.has(f.portId));
  const figures = inst.interfaces.map((i) => pathFigure(i.pathFacts, inst.name, inst.findings)).join('\n');
  const other = elsewhere.length ? `<ul class="nx-findings">${elsewhere.map((f, k) => findingItem(f, `${anchorOf('i', inst.id)}-f${k}`)).join('')}</ul>` : '';
  return `<section id="${anchorOf('i', inst.id)}" class="nx-instance ${state}" ${instanceAttributes(inst)}><h3>${inst.kind === 'port' ? 'Port ' : ''}${esc(inst.name)} <small>${esc(inst.id)} on ${esc(inst.host ?? '?')}${inst.status ? `, ${esc(inst.status)}` : ''}</small></h3>\n${other}${figures}<p><a href="#top">↑ summary</a></p></section>`;
}

export function renderScanHtml(report: ScanReport): string {
  const s = report.summary;
  const scope = Object.entries(report.filters).map(([k, v]) => `${k} ${v}`).join(', ');
  const hosts = report.hosts.map((h) => `<li>${esc(h.host)}: ${h.reachable ? 'read' : `<b class="error">NOT read</b>${h.error ? ` (${esc(h.error)})` : ''}`}, ${h.instances} instance(s)</li>`).join('');
  const problems = report.problems.map((p) => `<li>${esc(p.source)}${p.host ? ` ${esc(p.host)}` : ''} <b>${esc(p.code)}</b>: ${esc(p.message)}</li>`).join('');
  // Worst first (errors, warnings), then the healthy ones by name: the table links every instance.
  const rank = new Map(s.worst.map((w, i) => [w.id, i]));
  const ordered = [...report.instances].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
  return `${pageHead(`netxray scan${scope ? ` (${scope})` : ''}`, report.generator.version)}
<body id="top">
<h1>netxray scan${scope ? ` <small>(${esc(scope)})</small>` : ''}</h1>
<p>Collected ${esc(report.collectedAt)}: ${s.instances} instance(s), ${s.interfaces} interface(s); <span class="healthy">${s.healthyInstances} healthy</span>, <span class="error">${s.instancesWithErrors} with errors</span>, <span class="warning">${s.instancesWithWarnings} with warnings only</span>; ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info(s).</p>
<h2>Findings by kind</h2>
${countsChart(report)}
<h2>Instances</h2>
${filters(report)}
<table class="nx-summary"><tr><th>instance</th><th>host</th><th>errors</th><th>warnings</th><th>findings</th><th>paths</th></tr>${ordered.map(summaryRow).join('')}</table>
<h2>Hosts</h2><ul>${hosts || '<li>none read (API only)</li>'}</ul>
${problems ? `<h2>Problems</h2><ul>${problems}</ul>` : ''}
<h2>Paths</h2>
${legendHtml()}
${ordered.map(instanceSection).join('\n')}
${DETAIL_BOX}
<script>${FILTER_SCRIPT}</script>
<script>${PATH_PAGE_SCRIPT}</script>
</body></html>
`;
}

export const htmlScanRenderer: ScanRenderer = {
  format: 'html',
  description: 'one self-contained page: counts chart, filters, summary table linking to each instance\'s paths drawn as trace draws them',
  extension: 'html',
  render: renderScanHtml,
};

// The scan as one self-contained HTML page (no script, no CDN, no network): the summary table, the worst instances
// linking by anchor to a section per instance with its findings and each interface's path drawn as inline SVG.
import type { ScanInstance, ScanInterface, ScanReport } from '../../model/scanModel.js';
import type { ScanRenderer } from './renderer.js';
import { escapeHtml as esc } from '../../escape.js';

/** Anchors from ids: UUIDs are safe, but names of bare ports are not. */
const anchor = (i: { id: string }) => `i-${i.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

const BOX_W = 118;
const BOX_H = 34;
const GAP = 26;

/** One row of boxes, VM side first, then what happens on the wire; a missing device is drawn red and dashed. */
function pathSvg(iface: ScanInterface): string {
  const eg = iface.egress;
  const wire =
    eg.action === 'mod_vlan_vid' ? `wire: VLAN ${eg.vlan ?? '?'}`
      : eg.action === 'strip_vlan' ? 'wire: untagged'
        : eg.action === 'tunnel' ? `${(iface.network.type ?? 'tunnel').toUpperCase()} ${eg.tunnelId ?? '?'} → ${eg.remoteHosts.join(', ') || 'no peer'}`
          : eg.action === 'missing' ? 'no egress flow'
            : null;
  const boxes = [
    ...iface.path.map((d) => ({ label: `${d.name}${d.ofport !== undefined ? ` [${d.ofport}]` : ''}`, sub: d.kind, bad: !d.present })),
    ...(wire ? [{ label: wire, sub: eg.action, bad: eg.action === 'missing' }] : []),
  ];
  const width = boxes.length * (BOX_W + GAP);
  const parts = boxes.map((b, k) => {
    const x = k * (BOX_W + GAP) + 2;
    const shown = b.label.length > 19 ? `${b.label.slice(0, 18)}…` : b.label;
    const arrow = k > 0 ? `<line x1="${x - GAP}" y1="${BOX_H / 2 + 2}" x2="${x - 3}" y2="${BOX_H / 2 + 2}" class="e"/><path d="M${x - 3} ${BOX_H / 2 + 2} l-6 -4 v8 z" class="h"/>` : '';
    return `${arrow}<g class="${b.bad ? 'bad' : 'ok'}"><title>${esc(`${b.label} (${b.sub})`)}</title><rect x="${x}" y="2" width="${BOX_W}" height="${BOX_H}" rx="5"/><text x="${x + BOX_W / 2}" y="${BOX_H / 2 + 1}">${esc(shown)}</text><text x="${x + BOX_W / 2}" y="${BOX_H / 2 + 13}" class="k">${esc(b.sub)}</text></g>`;
  });
  return `<svg role="img" aria-label="${esc(boxes.map((b) => b.label).join(' → '))}" width="${width}" height="${BOX_H + 4}" viewBox="0 0 ${width} ${BOX_H + 4}">${parts.join('')}</svg>`;
}

function instanceSection(inst: ScanInstance): string {
  const s = inst.summary;
  const state = s.errors ? 'error' : s.warnings ? 'warning' : 'healthy';
  const ifaces = inst.interfaces
    .map((i, n) => {
      const net = [i.network.name || i.network.id, i.network.type, i.network.segmentationId ?? undefined].filter((x) => x !== undefined && x !== null && x !== '').join(' ');
      return `<div class="iface"><p>Interface ${n + 1}: port <code>${esc(i.portId)}</code> ${esc(i.mac)} ${esc(i.ips.join(', '))}${i.floatingIps.length ? ` (floating ${esc(i.floatingIps.join(', '))})` : ''} on ${esc(net)} — ${esc(i.status)}, host ${esc(i.host ?? '?')}, local VLAN ${i.localVlan ?? '?'}</p>${pathSvg(i)}<p class="prov">${esc(i.provider)}</p></div>`;
    })
    .join('\n');
  const findings = inst.findings.length
    ? `<ul class="findings">${inst.findings
        .map((f) => `<li class="${f.severity}"><b>${f.severity} ${esc(f.id)}</b>: ${esc(f.message)}<br><span class="fix">fix: ${esc(f.hint)}</span>${f.evidence.map((e) => `<br><span class="ev">${esc(e.source)}: ${esc(e.text)}</span>`).join('')}</li>`)
        .join('')}</ul>`
    : '<p class="healthy">No findings: the path looks healthy.</p>';
  return `<section id="${anchor(inst)}" class="${state}"><h3>${inst.kind === 'port' ? 'Port ' : ''}${esc(inst.name)} <small>${esc(inst.id)} on ${esc(inst.host ?? '?')}${inst.status ? `, ${esc(inst.status)}` : ''}</small></h3>\n${ifaces}\n${findings}<p><a href="#top">↑ summary</a></p></section>`;
}

export function renderScanHtml(report: ScanReport): string {
  const s = report.summary;
  const scope = Object.entries(report.filters).map(([k, v]) => `${k} ${v}`).join(', ');
  const kinds = Object.entries(s.countsByFinding)
    .map(([id, c]) => `<tr class="${c.severity}"><td>${c.severity}</td><td>${esc(id)}</td><td class="n">${c.count}</td><td class="n">${c.instances}</td></tr>`)
    .join('');
  const worst = s.worst
    .map((w) => `<tr><td><a href="#${anchor(w)}">${w.kind === 'port' ? 'port ' : ''}${esc(w.name)}</a></td><td>${esc(w.host ?? '?')}</td><td class="n">${w.errors}</td><td class="n">${w.warnings}</td><td>${esc(w.findingIds.join(', '))}</td></tr>`)
    .join('');
  const hosts = report.hosts.map((h) => `<li>${esc(h.host)}: ${h.reachable ? 'read' : `<b class="error">NOT read</b>${h.error ? ` (${esc(h.error)})` : ''}`}, ${h.instances} instance(s)</li>`).join('');
  const problems = report.problems.map((p) => `<li>${esc(p.source)}${p.host ? ` ${esc(p.host)}` : ''} <b>${esc(p.code)}</b>: ${esc(p.message)}</li>`).join('');
  const index = report.instances.map((i) => `<a class="${i.summary.errors ? 'error' : i.summary.warnings ? 'warning' : 'healthy'}" href="#${anchor(i)}">${esc(i.name)}</a>`).join(' ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>netxray scan${scope ? ` (${esc(scope)})` : ''}</title>
<meta name="generator" content="netxray ${esc(report.generator.version)}">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}td.n{text-align:right}
tr.error td:first-child,.error{color:#b00}tr.warning td:first-child,.warning{color:#a60}.healthy{color:#070}
section{border-top:1px solid #ddd;padding:.3em 0}section.error{border-left:4px solid #c00;padding-left:8px}section.warning{border-left:4px solid #d90;padding-left:8px}
h3 small{font-weight:normal;color:#666}.iface p{margin:.2em 0}.prov{color:#555}
.findings li.error b{color:#b00}.findings li.warning b{color:#a60}.fix{color:#333}.ev{color:#666;font-family:monospace;font-size:12px}
svg{display:block;overflow:visible;margin:.3em 0}svg rect{fill:#eef4ff;stroke:#4a6fa5}svg .bad rect{fill:#fdd;stroke:#c00;stroke-dasharray:4 2}
svg text{font:11px monospace;text-anchor:middle}svg text.k{font-size:9px;fill:#777}svg .e{stroke:#555}svg .h{fill:#555}
#index a{margin-right:.5em}
</style></head>
<body id="top">
<h1>netxray scan${scope ? ` <small>(${esc(scope)})</small>` : ''}</h1>
<p>Collected ${esc(report.collectedAt)}: ${s.instances} instance(s), ${s.interfaces} interface(s); <span class="healthy">${s.healthyInstances} healthy</span>, <span class="error">${s.instancesWithErrors} with errors</span>, <span class="warning">${s.instancesWithWarnings} with warnings only</span>; ${s.errors} error(s), ${s.warnings} warning(s), ${s.infos} info(s).</p>
<h2>Findings by kind</h2>
${kinds ? `<table><tr><th>severity</th><th>finding</th><th>count</th><th>instances</th></tr>${kinds}</table>` : '<p class="healthy">None: every path looks healthy.</p>'}
<h2>Worst instances</h2>
${worst ? `<table><tr><th>instance</th><th>host</th><th>errors</th><th>warnings</th><th>findings</th></tr>${worst}</table>` : '<p>None.</p>'}
<h2>Hosts</h2><ul>${hosts || '<li>none read (API only)</li>'}</ul>
${problems ? `<h2>Problems</h2><ul>${problems}</ul>` : ''}
<h2>Instances</h2><p id="index">${index}</p>
${report.instances.map(instanceSection).join('\n')}
</body></html>
`;
}

export const htmlScanRenderer: ScanRenderer = {
  format: 'html',
  description: 'one self-contained page: summary table, worst instances, each instance with its paths drawn (inline SVG)',
  extension: 'html',
  render: renderScanHtml,
};

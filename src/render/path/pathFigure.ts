// The path picture as a page part, shared by the trace page and the scan page (one renderer for both): the figure of
// one interface (SVG and its findings, each linked from the mark on the picture), the legend, the page's CSS and the
// small script that shows a mark's findings on click. Works offline: no request of any kind.
import { escapeHtml as esc } from '../../escape.js';
import type { Finding, PathFacts } from '../../model/traceModel.js';
import type { PacketWalk } from '../../model/walkModel.js';
import { INK, PALETTE, SEVERITY_STYLE } from './palette.js';
import { pathGraph, type PathGraph } from './pathGraph.js';
import { layoutPath } from './pathLayout.js';
import { pathSvg } from './pathSvg.js';

/** Anchors from ids: UUIDs are safe, names of bare ports are not. */
export const anchorOf = (prefix: string, id: string) => `${prefix}-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function findingItem(f: Finding, id: string): string {
  const evidence = f.evidence.map((e) => `<li><code>${esc(e.source)}</code>: <code>${esc(e.text)}</code></li>`).join('');
  return `<li id="${id}" class="nx-finding ${f.severity}" data-finding="${esc(f.id)}"><b>${SEVERITY_STYLE[f.severity].badge} ${f.severity} ${esc(f.id)}</b>: ${esc(f.message)}<br><span class="fix">fix: ${esc(f.hint)}</span>${evidence ? `<ul class="evidence">${evidence}</ul>` : ''}</li>`;
}

/** Where each finding of the picture is drawn, in words (for the list under it). */
function whereDrawn(graph: PathGraph, k: number): string {
  const node = graph.nodes.find((n) => n.findings.includes(k));
  if (node) return `on ${node.label}${node.host ? ` (${node.host})` : ''}`;
  const host = Object.entries(graph.hostFindings).find(([, ks]) => ks.includes(k));
  return host ? `on host ${host[0]}` : 'about the interface as a whole';
}

/** The figure of one interface: its picture and the findings drawn on it. */
export function pathFigure(facts: PathFacts, owner: string, findings: readonly Finding[], walk?: PacketWalk): string {
  const graph = pathGraph({ facts, owner, findings, walk });
  const id = anchorOf('p', facts.port.id);
  const items = graph.findings.map((f, k) => findingItem(f, `${id}-f${k}`).replace('</b>:', `</b> <span class="where">${esc(whereDrawn(graph, k))}</span>:`)).join('');
  return `<figure class="nx-figure" id="${id}"><figcaption>${esc(graph.title)}</figcaption><div class="nx-scroll">${pathSvg(layoutPath(graph))}</div>`
    + (items ? `<ul class="nx-findings">${items}</ul>` : '<p class="healthy">No finding on this path.</p>')
    + '</figure>';
}

const swatch = (fill: string, stroke: string, dash = '', badge = '') =>
  `<rect x="1" y="1" width="32" height="16" rx="3" fill="${fill}" stroke="${stroke}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>${badge ? `<text x="17" y="14" text-anchor="middle" font-size="12" font-weight="bold" fill="${stroke}">${badge}</text>` : ''}`;
const line = (colour: string, width: number, dash = '') => `<path d="M1 9 H33" stroke="${colour}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;

/** The legend's entries: a 34×18 SVG sample and what it means. */
const LEGEND: [string, string][] = [
  [swatch(PALETTE.device.fill, PALETTE.device.stroke), 'device'],
  [swatch(PALETTE.bridge.fill, PALETTE.bridge.stroke), 'bridge'],
  [swatch(PALETTE.branch.fill, PALETTE.branch.stroke), 'DHCP / router / metadata branch'],
  [swatch(PALETTE.host.fill, PALETTE.host.stroke), 'host'],
  [swatch(SEVERITY_STYLE.error.fill, SEVERITY_STYLE.error.stroke, '', SEVERITY_STYLE.error.badge), 'error'],
  [swatch(SEVERITY_STYLE.warning.fill, SEVERITY_STYLE.warning.stroke, '6 3', SEVERITY_STYLE.warning.badge), 'warning'],
  [swatch(SEVERITY_STYLE.info.fill, SEVERITY_STYLE.info.stroke, '6 3', SEVERITY_STYLE.info.badge), 'info'],
  [swatch(PALETTE.delivered.fill, PALETTE.delivered.stroke), 'walk delivered'],
  [line(PALETTE.edge, 2), 'path'],
  [line(PALETTE.tunnel, 3), 'tunnel'],
  [line(PALETTE.edge, 1.5, '5 4'), 'branch'],
  [line(SEVERITY_STYLE.error.stroke, 2, '7 4'), 'traffic does not pass'],
];

export function legendHtml(): string {
  return `<p class="nx-legend" aria-label="Legend">${LEGEND.map(([sample, text]) => `<span><svg width="34" height="18" aria-hidden="true">${sample}</svg> ${text}</span>`).join(' ')}</p>`;
}

/** The legend as SVG rows of at most `width` px (for the svg and png outputs); returns the group and its height. */
export function legendSvg(x: number, y: number, width: number): { svg: string; height: number } {
  let cx = x;
  let cy = y;
  const parts = LEGEND.map(([sample, text]) => {
    const w = 34 + 8 + text.length * 7.2 + 18;
    if (cx + w > x + width && cx > x) {
      cx = x;
      cy += 26;
    }
    const part = `<g transform="translate(${cx} ${cy})">${sample}<text x="40" y="14" font-size="12" fill="${INK}">${text}</text></g>`;
    cx += w;
    return part;
  });
  return { svg: `<g class="nx-legend">${parts.join('')}</g>`, height: cy - y + 26 };
}

/** Dark on light, text at least 11 px, print-friendly. */
export const PATH_PAGE_CSS = `
body{font:14px/1.45 system-ui,"DejaVu Sans",sans-serif;margin:1.5em;color:${INK};background:#fff}
h1 small,h2 small,h3 small{font-weight:normal;color:#555}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:left;vertical-align:top}td.n{text-align:right}
th{background:#f0f0f0}
code{font-size:13px}
.error{color:#B34700}.warning{color:#8A5A00}.healthy{color:#00704F}
.nx-legend span{display:inline-flex;align-items:center;gap:4px;margin-right:12px;font-size:13px}
.nx-figure{margin:.8em 0 1.4em}.nx-figure figcaption{font-weight:bold;margin-bottom:.3em}
.nx-scroll{overflow-x:auto;border:1px solid #ddd;border-radius:6px;background:#fff}
.nx-path{display:block}
.nx-path .nx-node{cursor:pointer}.nx-path .nx-node:focus{outline:none}.nx-path .nx-node:focus rect,.nx-path .nx-node:hover rect{stroke-width:4}
.nx-findings li{margin:.3em 0}.nx-findings .where{color:#555}.fix{color:#333}.evidence{font-size:12px;color:#444;margin:.2em 0}
.nx-finding.nx-picked{background:#FFF3C4;outline:2px solid #E69F00}
li.error>b{color:#B34700}li.warning>b{color:#8A5A00}li.info>b{color:#2E6F95}
#nx-detail{position:fixed;right:1em;bottom:1em;max-width:40em;max-height:50vh;overflow:auto;background:#fff;border:2px solid #333;border-radius:8px;padding:.6em 1em;box-shadow:0 2px 10px rgba(0,0,0,.25);font-size:13px;white-space:pre-wrap}
#nx-detail[hidden]{display:none}
@media print{#nx-detail,.nx-filters{display:none}.nx-scroll{overflow:visible;border:none}body{margin:0}}
`;

/** Click (or Enter) on a mark: its findings in a box, and the matching list items highlighted. Escape closes. */
export const PATH_PAGE_SCRIPT = `(function(){
var detail=document.getElementById('nx-detail');
function pick(node){
  document.querySelectorAll('.nx-picked').forEach(function(e){e.classList.remove('nx-picked');});
  var title=node.querySelector('title');
  detail.textContent=title?title.textContent:'';detail.hidden=false;
  var fig=node.closest('.nx-figure');
  (node.getAttribute('data-findings')||'').split(' ').forEach(function(id){
    if(!id||!fig)return;fig.querySelectorAll('.nx-finding[data-finding="'+id+'"]').forEach(function(li){li.classList.add('nx-picked');});
  });
}
document.addEventListener('click',function(ev){var n=ev.target.closest&&ev.target.closest('.nx-node,.nx-host');if(n)pick(n);else if(!ev.target.closest('#nx-detail'))detail.hidden=true;});
document.addEventListener('keydown',function(ev){if(ev.key==='Escape')detail.hidden=true;if(ev.key==='Enter'&&document.activeElement&&document.activeElement.classList.contains('nx-node'))pick(document.activeElement);});
document.body.setAttribute('data-ready','true');
})();`;

/** The page's head: CSP allowing nothing but its own inline style and script. */
export function pageHead(title: string, generator: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="netxray ${esc(generator)}">
<title>${esc(title)}</title>
<style>${PATH_PAGE_CSS}</style></head>`;
}

export const DETAIL_BOX = '<div id="nx-detail" role="dialog" aria-live="polite" hidden></div>';

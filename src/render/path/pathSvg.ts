// One interface's path picture as SVG, from its layout: host boxes, devices, edges with what happens to the frame,
// findings as red/orange marks with a badge (message, hint and evidence in the tooltip), the walk's verdict. Colours
// are presentation attributes, so the SVG looks the same inline in a page, as a file and rasterised (resvg).
import { escapeHtml as esc } from '../../escape.js';
import type { Finding } from '../../model/traceModel.js';
import { INK, MUTED, PALETTE, SEVERITY_STYLE, worstSeverity } from './palette.js';
import type { PathNode } from './pathGraph.js';
import { LABEL_PX, NODE_H, NODE_W, type PathLayout, type PlacedBox, type PlacedEdge, type PlacedNode } from './pathLayout.js';

export const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';
const MAX_CHARS = 34;

const clip = (text: string, max = MAX_CHARS) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A finding as tooltip text: severity, id, message, fix, evidence. */
export function findingText(f: Finding): string {
  return [`${f.severity.toUpperCase()} ${f.id}: ${f.message}`, `fix: ${f.hint}`, ...f.evidence.map((e) => `evidence: ${e.source}: ${e.text}`)].join('\n');
}

function nodeStyle(n: PathNode, findings: Finding[]): { fill: string; stroke: string; width: number; dash: string } {
  const worst = worstSeverity(findings.map((f) => f.severity));
  if (worst) return { ...SEVERITY_STYLE[worst], width: 3, dash: worst === 'error' ? '' : '6 3' };
  if (n.broken) return { ...SEVERITY_STYLE.error, width: 3, dash: '6 3' };
  if (n.kind === 'verdict' || n.walk === 'delivered' || n.walk === 'left-cloud' || n.walk === 'answered') return { ...PALETTE.delivered, width: 2, dash: '' };
  const base = n.kind === 'vm' ? PALETTE.vm : n.kind === 'ovs-bridge' || n.kind === 'linux-bridge' ? PALETTE.bridge : n.lane === 'branch' ? PALETTE.branch : n.lane === 'far' ? PALETTE.far : PALETTE.device;
  return { ...base, width: 1.5, dash: '' };
}

function badge(x: number, y: number, findings: Finding[]): string {
  const worst = worstSeverity(findings.map((f) => f.severity));
  if (!worst) return '';
  const s = SEVERITY_STYLE[worst];
  return `<circle cx="${x}" cy="${y}" r="10" fill="${s.stroke}"/><text x="${x}" y="${y + 4}" text-anchor="middle" font-size="13" font-weight="bold" fill="#ffffff">${s.badge}</text>`
    + (findings.length > 1 ? `<text x="${x + 13}" y="${y + 4}" font-size="11" fill="${INK}">${findings.length}</text>` : '');
}

function drawNode(p: PlacedNode, all: Finding[]): string {
  const n = p.node;
  const findings = n.findings.map((k) => all[k]);
  const style = nodeStyle(n, findings);
  const rx = n.kind === 'vm' || n.kind === 'verdict' ? 22 : n.kind === 'ovs-bridge' || n.kind === 'linux-bridge' ? 2 : 8;
  const tooltip = [n.label, n.detail, ...findings.map(findingText)].filter(Boolean).join('\n');
  const ids = findings.map((f) => f.id).join(' ');
  const severity = worstSeverity(findings.map((f) => f.severity));
  return `<g class="nx-node" data-node="${esc(n.id)}" data-kind="${esc(n.kind)}" data-host="${esc(n.host ?? '')}" data-label="${esc(n.label)}"${ids ? ` data-findings="${esc(ids)}" data-severity="${severity}"` : ''}${n.walk ? ` data-walk="${n.walk}"` : ''} tabindex="0">`
    + `<title>${esc(tooltip)}</title>`
    + `<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="${rx}" fill="${style.fill}" stroke="${style.stroke}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`
    + `<text x="${p.x + 12}" y="${p.y + 19}" font-size="14" font-weight="bold" fill="${INK}">${esc(clip(n.label, 30))}</text>`
    + `<text x="${p.x + 12}" y="${p.y + 37}" font-size="11.5" fill="${MUTED}">${esc(clip(n.detail, 40))}</text>`
    + badge(p.x + NODE_W - 4, p.y + 2, findings)
    + '</g>';
}

function drawEdge(e: PlacedEdge): string {
  const { edge } = e;
  const colour = edge.broken ? SEVERITY_STYLE.error.stroke : edge.kind === 'tunnel' ? PALETTE.tunnel : PALETTE.edge;
  const width = edge.kind === 'tunnel' ? 3 : edge.kind === 'path' ? 2 : 1.5;
  const dash = edge.broken ? '7 4' : edge.kind === 'branch' || edge.kind === 'walk' ? '5 4' : '';
  const d = e.points.map(([x, y], i) => `${i ? 'L' : 'M'}${x} ${y}`).join(' ');
  const [lx, ly] = e.labelAt;
  const label = edge.label.map((line, i) => `<text x="${lx}" y="${ly + i * LABEL_PX * 1.25}" font-size="${LABEL_PX}" fill="${edge.broken ? SEVERITY_STYLE.error.stroke : INK}">${esc(line)}</text>`).join('');
  return `<g class="nx-edge" data-from="${esc(edge.from)}" data-to="${esc(edge.to)}" data-kind="${edge.kind}" data-label="${esc(edge.label.join(' | '))}"${edge.broken ? ' data-broken="true"' : ''}>`
    + `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${width}"${dash ? ` stroke-dasharray="${dash}"` : ''} marker-end="url(#nx-path-arrow${edge.broken ? '-bad' : ''})"/>${label}</g>`;
}

function drawBox(b: PlacedBox, findings: Finding[]): string {
  const worst = worstSeverity(findings.map((f) => f.severity));
  const stroke = worst ? SEVERITY_STYLE[worst].stroke : PALETTE.host.stroke;
  return `<g class="nx-host" data-host="${esc(b.host)}"${findings.length ? ` data-findings="${esc(findings.map((f) => f.id).join(' '))}"` : ''}>`
    + `<title>${esc([`host ${b.host}`, ...findings.map(findingText)].join('\n'))}</title>`
    + `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="10" fill="${PALETTE.host.fill}" stroke="${stroke}" stroke-width="${worst ? 3 : 1.5}"/>`
    + `<text x="${b.titleRight ? b.x + b.w - 30 : b.x + 12}" y="${b.y + 17}"${b.titleRight ? ' text-anchor="end"' : ''} font-size="13" font-weight="bold" fill="${INK}">host ${esc(b.host)}</text>`
    + badge(b.x + b.w - 14, b.y + 12, findings)
    + '</g>';
}

const ARROWS = `<defs><marker id="nx-path-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="${PALETTE.edge}"/></marker>`
  + `<marker id="nx-path-arrow-bad" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="${SEVERITY_STYLE.error.stroke}"/></marker></defs>`;

/** The picture's SVG elements (no <svg> wrapper): boxes under edges under nodes. */
export function pathSvgBody(layout: PathLayout): string {
  const { graph } = layout;
  return ARROWS
    + layout.boxes.map((b) => drawBox(b, (graph.hostFindings[b.host] ?? []).map((k) => graph.findings[k]))).join('')
    + layout.edges.map(drawEdge).join('')
    + layout.nodes.map((n) => drawNode(n, graph.findings)).join('');
}

/** The picture as an inline <svg> for a page, keyed by the port id. */
export function pathSvg(layout: PathLayout): string {
  const { width, height, graph } = layout;
  return `<svg class="nx-path" data-path="${esc(graph.key)}" role="img" aria-label="${esc(graph.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">${pathSvgBody(layout)}</svg>`;
}

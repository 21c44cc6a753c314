// The path as a Mermaid flowchart: per interface the shared path graph (src/render/path/pathGraph.ts) — hosts as
// subgraphs, what happens to the frame on the edges, each finding as a note on the node it concerns.
import { mermaidLabel as label } from '../../escape.js';
import type { TraceReport } from '../../model/traceModel.js';
import { traceGraphs, type PathGraph, type PathNode } from '../path/pathGraph.js';
import { SEVERITY_STYLE, worstSeverity } from '../path/palette.js';
import type { TraceRenderer } from './renderer.js';
import { walkMermaidLines } from './walkMermaid.js';

function shape(n: PathNode, text: string): string {
  if (n.kind === 'ovs-bridge' || n.kind === 'linux-bridge') return `[["${text}"]]`;
  if (n.kind === 'vm' || n.kind === 'verdict') return `(["${text}"])`;
  if (n.kind === 'wire' || n.kind === 'external') return `(("${text}"))`;
  if (n.kind === 'router') return `{{"${text}"}}`;
  return `["${text}"]`;
}

function graphLines(graph: PathGraph, n: number): string[] {
  const id = (node: string) => `i${n}_${node}`;
  const lines: string[] = [];
  const node = (p: PathNode) => `${id(p.id)}${shape(p, label(`${p.label} · ${p.detail}`))}`;
  lines.push(`  subgraph if${n}["${label(graph.title)}"]`, '    direction TB');
  for (const host of graph.hosts) {
    lines.push(`    subgraph if${n}h${graph.hosts.indexOf(host)}["host ${label(host)}"]`);
    for (const p of graph.nodes.filter((x) => x.host === host)) lines.push(`      ${node(p)}`);
    lines.push('    end');
  }
  for (const p of graph.nodes.filter((x) => x.host === null)) lines.push(`    ${node(p)}`);
  lines.push('  end');
  for (const e of graph.edges) {
    const arrow = e.broken ? '-.-x' : e.kind === 'tunnel' ? '==>' : e.kind === 'path' ? '-->' : '-.->';
    lines.push(`  ${id(e.from)} ${arrow}${e.label.length ? `|"${label(e.label.join(' · '))}"|` : ''} ${id(e.to)}`);
  }
  for (const p of graph.nodes) {
    const worst = worstSeverity(p.findings.map((k) => graph.findings[k].severity));
    if (worst || p.broken) lines.push(`  class ${id(p.id)} ${worst ?? 'error'}`);
    p.findings.forEach((k) => {
      const f = graph.findings[k];
      lines.push(`  ${id(`f${k}`)}["${label(`${f.severity}: ${f.id}: ${f.message}`)}"]`, `  class ${id(`f${k}`)} ${f.severity}`, `  ${id(p.id)} -.- ${id(`f${k}`)}`);
    });
  }
  for (const [host, ks] of Object.entries(graph.hostFindings)) {
    for (const k of ks) {
      const f = graph.findings[k];
      lines.push(`  ${id(`f${k}`)}["${label(`${f.severity}: ${f.id}: ${f.message}`)}"]`, `  class ${id(`f${k}`)} ${f.severity}`, `  if${n}h${graph.hosts.indexOf(host)} -.- ${id(`f${k}`)}`);
    }
  }
  return lines;
}

export function renderTraceMermaid(report: TraceReport): string {
  const lines = ['flowchart TB'];
  traceGraphs(report).forEach((graph, n) => lines.push(...graphLines(graph, n)));
  if (report.walk) lines.push(...walkMermaidLines(report.walk));
  const drawn = new Set(report.interfaces.map((i) => i.port.id));
  report.findings.forEach((f, k) => {
    if (f.portId && drawn.has(f.portId)) return;
    if (!f.portId && f.host && report.interfaces.some((i) => i.host === f.host)) return;
    lines.push(`  other${k}["${label(`${f.severity}: ${f.id}: ${f.message}`)}"]`, `  class other${k} ${f.severity}`);
  });
  for (const [severity, s] of Object.entries(SEVERITY_STYLE)) lines.push(`  classDef ${severity} fill:${s.fill},stroke:${s.stroke},stroke-width:3px,color:#1a1a1a`);
  return `${lines.join('\n')}\n`;
}

export const mermaidTraceRenderer: TraceRenderer = {
  format: 'mermaid',
  description: 'the path as a Mermaid flowchart: hosts, devices, what happens to the frame on each edge, findings on their hop',
  extension: 'mmd',
  render: renderTraceMermaid,
};

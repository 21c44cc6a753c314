// The path as Graphviz DOT: the shared path graph (src/render/path/pathGraph.ts), a cluster per host, the same edge
// labels as every other picture format, findings marked on the node they concern (colour, badge and tooltip).
import { quoteDot } from '../../escape.js';
import type { TraceReport } from '../../model/traceModel.js';
import { PALETTE, SEVERITY_STYLE, worstSeverity } from '../path/palette.js';
import { traceGraphs, type PathGraph } from '../path/pathGraph.js';
import { findingText } from '../path/pathSvg.js';
import type { TraceRenderer } from './renderer.js';

function graphLines(graph: PathGraph, n: number): string[] {
  const id = (node: string) => quoteDot(`i${n}_${node}`);
  const lines = [`  subgraph ${quoteDot(`cluster_if${n}`)} {`, `    label=${quoteDot(graph.title)};`, '    style=dashed;'];
  const nodeLine = (node: PathGraph['nodes'][number]) => {
    const findings = node.findings.map((k) => graph.findings[k]);
    const worst = worstSeverity(findings.map((f) => f.severity));
    const colours = worst ? SEVERITY_STYLE[worst] : node.broken ? SEVERITY_STYLE.error : node.kind === 'ovs-bridge' ? PALETTE.bridge : PALETTE.device;
    const badge = worst ? `${SEVERITY_STYLE[worst].badge} ` : '';
    const tooltip = [node.label, node.detail, ...findings.map(findingText)].join('\n');
    return `${id(node.id)} [label=${quoteDot(`${badge}${node.label}\n${node.detail}`)}, fillcolor=${quoteDot(colours.fill)}, color=${quoteDot(colours.stroke)}, penwidth=${worst || node.broken ? 3 : 1.5}, tooltip=${quoteDot(tooltip)}];`;
  };
  graph.hosts.forEach((host, h) => {
    const ks = graph.hostFindings[host] ?? [];
    lines.push(`    subgraph ${quoteDot(`cluster_if${n}h${h}`)} {`, `      label=${quoteDot(`host ${host}`)};`, `      style=rounded; color=${quoteDot(ks.length ? SEVERITY_STYLE.error.stroke : PALETTE.host.stroke)};`);
    if (ks.length) lines.push(`      tooltip=${quoteDot(ks.map((k) => findingText(graph.findings[k])).join('\n'))};`);
    for (const node of graph.nodes.filter((x) => x.host === host)) lines.push(`      ${nodeLine(node)}`);
    lines.push('    }');
  });
  for (const node of graph.nodes.filter((x) => x.host === null)) lines.push(`    ${nodeLine(node)}`);
  lines.push('  }');
  for (const e of graph.edges) {
    const colour = e.broken ? SEVERITY_STYLE.error.stroke : e.kind === 'tunnel' ? PALETTE.tunnel : PALETTE.edge;
    const style = e.broken || e.kind === 'branch' || e.kind === 'walk' ? 'dashed' : 'solid';
    lines.push(`  ${id(e.from)} -> ${id(e.to)} [label=${quoteDot(e.label.join('\n'))}, color=${quoteDot(colour)}, style=${style}${e.kind === 'tunnel' ? ', penwidth=3' : ''}];`);
  }
  return lines;
}

export function renderTraceDot(report: TraceReport): string {
  const lines = [
    `digraph ${quoteDot(`netxray trace ${report.instance.name}`)} {`,
    '  rankdir=TB;',
    '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=11];',
    '  edge [fontname="DejaVu Sans", fontsize=11];',
  ];
  traceGraphs(report).forEach((graph, n) => lines.push(...graphLines(graph, n)));
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export const dotTraceRenderer: TraceRenderer = {
  format: 'dot',
  description: 'the path as Graphviz DOT (dot -Tsvg draws it): the same picture as mermaid and html',
  extension: 'dot',
  render: renderTraceDot,
};

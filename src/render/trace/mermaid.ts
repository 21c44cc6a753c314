// The path as a Mermaid flowchart: per interface its hops → wire or tunnel → remote host, findings as red notes.
// Backend-neutral: drawn from hops, exit and localSegment only.
import type { TraceInterface, TraceReport } from '../../model/traceModel.js';
import type { TraceRenderer } from './renderer.js';
import { walkMermaidLines } from './walkMermaid.js';

import { mermaidLabel as label } from '../../escape.js';

function interfaceGraph(iface: TraceInterface, lines: string[], n: number): void {
  const id = (i: number) => `i${n}d${i}`;
  const segment = iface.localSegment.label;
  lines.push(`  subgraph if${n}["interface ${iface.index + 1}: ${label(iface.port.mac)} ${label(iface.port.ips.join(', '))} — ${label(iface.host ?? '?')}"]`);
  lines.push('    direction LR');
  iface.hops.forEach((h, i) => {
    const text = `${h.device}${h.portNumber !== undefined ? ` #${h.portNumber}` : ''}${h.mtu !== undefined ? ` mtu ${h.mtu}` : ''}`;
    const shape = h.kind === 'ovs-bridge' ? [`[["`, `"]]`] : h.kind === 'tunnel-port' ? ['(["', '"])'] : ['["', '"]'];
    lines.push(`    ${id(i)}${shape[0]}${label(text)}${shape[1]}`);
    if (!h.present) lines.push(`    class ${id(i)} missing`);
  });
  lines.push('  end');
  iface.hops.forEach((_h, i) => {
    if (i === 0) return;
    const edge = i === 1 ? `${segment} ${iface.localSegment.id ?? '?'}` : '';
    lines.push(`  ${id(i - 1)} -->${edge ? `|"${label(edge)}"|` : ''} ${id(i)}`);
  });
  const last = id(iface.hops.length - 1);
  const exit = iface.exit;
  const local = iface.localSegment.id;
  if (exit.action === 'vlan-rewrite' || exit.action === 'vlan-strip') {
    lines.push(`  w${n}(("wire ${label(iface.network.physicalNetwork ?? '')}"))`);
    lines.push(`  ${last} -->|"${exit.action === 'vlan-rewrite' ? `VLAN ${exit.vlan} (local ${local} rewritten)` : `untagged (local ${local} stripped)`}"| w${n}`);
  } else if (exit.action === 'tunnel') {
    (exit.remotes ?? []).forEach((r, k) => {
      const from = iface.hops.findIndex((h) => h.device === r.device);
      lines.push(`  r${n}h${k}[["${label(r.host ?? r.ip)}${r.segment !== null ? ` ${segment} ${r.segment}` : ''}"]]`);
      lines.push(`  ${from >= 0 ? id(from) : last} -->|"${label(`${(exit.tunnelType ?? '').toUpperCase()} ${exit.tunnelId} to ${r.ip}`)}"| r${n}h${k}`);
    });
  }
  const r = iface.router;
  if (r && iface.floatingIps.length && r.gateway) {
    const gw = r.gateway;
    const bridge = iface.hops.findIndex((h) => h.kind === 'ovs-bridge');
    lines.push(`  q${n}(["${label(`${r.name || r.id} NAT ${iface.floatingIps.join(', ')} on ${r.host ?? '?'}`)}"])`);
    lines.push(`  ${id(Math.max(bridge, 0))} -.->|"${label(`via ${r.gatewayIp ?? 'gateway'}`)}"| q${n}`);
    const out = gw.exit.action === 'vlan-strip' ? 'untagged' : gw.exit.action === 'vlan-rewrite' ? `VLAN ${gw.exit.vlan}` : 'no provider flow';
    lines.push(`  g${n}(("${label(`external ${gw.exit.bridge ?? ''}`)}"))`);
    lines.push(`  q${n} -->|"${label(`${gw.device} ${segment} ${gw.localSegment ?? '?'} → ${out}`)}"| g${n}`);
  }
  if (exit.action === 'missing') {
    lines.push(`  x${n}["no egress flow: traffic stops here"]`);
    lines.push(`  ${last} -.-x x${n}`);
    lines.push(`  class x${n} missing`);
  }
}

export function renderTraceMermaid(report: TraceReport): string {
  const lines = ['flowchart LR', `  vm(["${label(`${report.instance.name} on ${report.instance.host ?? '?'}`)}"])`];
  report.interfaces.forEach((iface, n) => {
    interfaceGraph(iface, lines, n);
    lines.push(`  vm --> i${n}d0`);
  });
  if (report.walk) lines.push(...walkMermaidLines(report.walk));
  report.findings.forEach((f, k) => {
    lines.push(`  f${k}["${label(`${f.severity}: ${f.id}`)}"]`);
    lines.push(`  class f${k} ${f.severity === 'error' ? 'missing' : 'warn'}`);
    const n = report.interfaces.findIndex((i) => i.port.id === f.portId);
    lines.push(`  ${n >= 0 ? `i${n}d0` : 'vm'} -.- f${k}`);
  });
  lines.push('  classDef missing fill:#fdd,stroke:#c00,color:#600');
  lines.push('  classDef warn fill:#ffe8b0,stroke:#b80');
  return `${lines.join('\n')}\n`;
}

export const mermaidTraceRenderer: TraceRenderer = {
  format: 'mermaid',
  description: 'the path as a Mermaid flowchart (tap → bridges → wire/tunnel → remote host)',
  extension: 'mmd',
  render: renderTraceMermaid,
};

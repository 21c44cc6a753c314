// The path as a Mermaid flowchart: per interface tap → bridges → wire or tunnel → remote host, findings as red notes.
import type { TraceInterface, TraceReport } from '../../model/traceModel.js';
import type { TraceRenderer } from './renderer.js';
import { walkMermaidLines } from './walkMermaid.js';

/** Mermaid labels in double quotes: no quotes or brackets that would end them. */
const label = (text: string) => text.replace(/"/g, "'").replace(/[[\]{}<>]/g, ' ');

function interfaceGraph(iface: TraceInterface, lines: string[], n: number): void {
  const id = (i: number) => `i${n}d${i}`;
  lines.push(`  subgraph if${n}["interface ${iface.index + 1}: ${label(iface.port.mac)} ${label(iface.port.ips.join(', '))} — ${label(iface.host ?? '?')}"]`);
  lines.push('    direction LR');
  iface.deviceChain.forEach((d, i) => {
    const text = `${d.name}${d.ofport !== undefined ? ` #${d.ofport}` : ''}${d.mtu !== undefined ? ` mtu ${d.mtu}` : ''}`;
    const shape = d.kind === 'ovs-bridge' ? [`[["`, `"]]`] : d.kind === 'tunnel-port' ? ['(["', '"])'] : ['["', '"]'];
    lines.push(`    ${id(i)}${shape[0]}${label(text)}${shape[1]}`);
    if (!d.present) lines.push(`    class ${id(i)} missing`);
  });
  lines.push('  end');
  iface.deviceChain.forEach((_d, i) => {
    if (i === 0) return;
    const edge = i === 1 ? `local VLAN ${iface.localVlan ?? '?'}` : '';
    lines.push(`  ${id(i - 1)} -->${edge ? `|"${label(edge)}"|` : ''} ${id(i)}`);
  });
  const last = id(iface.deviceChain.length - 1);
  const eg = iface.egress;
  if (eg.action === 'mod_vlan_vid' || eg.action === 'strip_vlan') {
    lines.push(`  w${n}(("wire ${label(iface.network.physicalNetwork ?? '')}"))`);
    lines.push(`  ${last} -->|"${eg.action === 'mod_vlan_vid' ? `VLAN ${eg.vlan} (local ${eg.localVlan} rewritten)` : `untagged (local ${eg.localVlan} stripped)`}"| w${n}`);
  } else if (eg.action === 'tunnel') {
    (eg.remoteHosts ?? []).forEach((r, k) => {
      const from = iface.deviceChain.findIndex((d) => d.name === r.port);
      lines.push(`  r${n}h${k}[["${label(r.host ?? r.ip)}${r.remoteLocalVlan !== null ? ` local VLAN ${r.remoteLocalVlan}` : ''}"]]`);
      lines.push(`  ${from >= 0 ? id(from) : last} -->|"${label(`${(iface.network.type ?? '').toUpperCase()} ${eg.tunnelId} to ${r.ip}`)}"| r${n}h${k}`);
    });
  }
  const r = iface.router;
  if (r && iface.floatingIps.length && r.gateway) {
    const gw = r.gateway;
    const brInt = iface.deviceChain.findIndex((d) => d.kind === 'ovs-bridge');
    lines.push(`  q${n}(["${label(`${r.name || r.id} NAT ${iface.floatingIps.join(', ')} on ${r.host ?? '?'}`)}"])`);
    lines.push(`  ${id(Math.max(brInt, 0))} -.->|"${label(`via ${r.gatewayIp ?? 'gateway'}`)}"| q${n}`);
    const out = gw.egress.action === 'strip_vlan' ? 'untagged' : gw.egress.action === 'mod_vlan_vid' ? `VLAN ${gw.egress.vlan}` : 'no provider flow';
    lines.push(`  g${n}(("${label(`external ${gw.egress.bridge ?? ''}`)}"))`);
    lines.push(`  q${n} -->|"${label(`${gw.device} local VLAN ${gw.localVlan ?? '?'} → ${out}`)}"| g${n}`);
  }
  if (eg.action === 'missing') {
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

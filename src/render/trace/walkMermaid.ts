// The packet walk in the Mermaid report: source → one node per host simulation → the verdict, a subgraph per leg.
import type { PacketWalk, WalkVerdict } from '../../model/walkModel.js';

import { mermaidLabel as label } from '../../escape.js';

function verdictLabel(v: WalkVerdict): string {
  if (v.kind === 'delivered') return `delivered to ${v.port} on ${v.host}`;
  if (v.kind === 'answered') return `answered ${v.mac} on ${v.host} by ${v.bridge} table ${v.table} (ARP responder)`;
  if (v.kind === 'left-cloud') return `left the cloud: ${v.bridge} ${v.uplink}${v.vlan !== null ? ` VLAN ${v.vlan}` : ' untagged'} on ${v.host}`;
  if (v.kind === 'dropped') return `dropped on ${v.host} ${v.bridge} table ${v.table}${v.flow ? ` priority ${v.flow.priority ?? '-'} cookie ${v.flow.cookie ?? '-'}` : ''}: ${v.reason}`;
  return `not walked: ${v.description}`;
}

export function walkMermaidLines(walk: PacketWalk): string[] {
  const lines = [`  w_src(["${label(`walk from ${walk.source.instance} ${walk.source.ip} (${walk.request.proto})`)}"])`];
  let previous = 'w_src';
  walk.legs.forEach((leg, l) => {
    lines.push(`  subgraph w_leg${l}["${label(`leg ${l + 1}: ${leg.name}`)}"]`);
    leg.segments.forEach((s, k) => lines.push(`    w${l}s${k}[["${label(`${s.host} ${s.bridge} in_port ${s.inPort}: ${s.hops.length} flows`)}"]]`));
    const v = `w${l}v`;
    lines.push(`    ${v}{{"${label(verdictLabel(leg.verdict))}"}}`);
    lines.push('  end');
    leg.segments.forEach((s, k) => {
      lines.push(`  ${previous} -->|"${label(s.arrival)}"| w${l}s${k}`);
      previous = `w${l}s${k}`;
    });
    lines.push(`  ${previous} --> ${v}`);
    if (leg.verdict.kind === 'dropped' || leg.verdict.kind === 'not-walked') lines.push(`  class ${v} missing`);
    previous = v;
  });
  return lines;
}

// The words a path picture puts on its edges: what a hop does to the frame ("local VLAN 2 → VNI 1001"), from the
// backend-neutral FrameAction and PathExit of the trace model, so every picture format says the same.
import type { FrameAction, PathExit, PathFacts, PathRemote } from '../../model/traceModel.js';
import type { WalkVerdict } from '../../model/walkModel.js';

/** What a tunnel type calls its id: VXLAN and Geneve carry a VNI, GRE a key (RFC 7348, RFC 8926, RFC 2890). */
const TUNNEL_ID_NAME: Record<string, string> = { vxlan: 'VNI', geneve: 'VNI', gre: 'key' };

export const tunnelId = (type: string | undefined, id: number | undefined): string => `${TUNNEL_ID_NAME[type ?? ''] ?? 'id'} ${id ?? '?'}`;

export const segmentWords = (facts: PathFacts, id: number | null): string => `${facts.localSegment.label} ${id ?? '?'}`;

/** One frame action in words; ingress ones say they are the way back. */
export function frameWords(facts: PathFacts, a: FrameAction): string {
  const local = (id: number | null) => segmentWords(facts, id);
  switch (a.action) {
    case 'segment-tag':
      return local(a.segment);
    case 'vlan-rewrite':
      return a.direction === 'egress' ? `${local(a.from)} → VLAN ${a.to}` : `back: VLAN ${a.from ?? '?'} rewritten to local ${a.to}`;
    case 'vlan-strip':
      return a.direction === 'egress' ? `${local(a.vlan)} stripped: untagged` : 'back: VLAN stripped';
    case 'vlan-push':
      return `back: untagged → ${local(a.vlan)}`;
    case 'tunnel-encap':
      return `${local(facts.localSegment.id)} → ${tunnelId(a.tunnelType, a.tunnelId)}`;
    case 'tunnel-decap':
      return `back: ${tunnelId(a.tunnelType, a.tunnelId)} → ${local(a.segment)}`;
    case 'drop':
      return `✕ dropped (${a.direction}): ${a.reason}`;
  }
}

/** The label of the tunnel edge to one remote host: both local segments and the tunnel id between them. */
export function tunnelWords(facts: PathFacts, exit: PathExit, remote: PathRemote): string[] {
  return [
    `${(exit.tunnelType ?? 'tunnel').toUpperCase()} ${tunnelId(exit.tunnelType, exit.tunnelId)} to ${remote.ip}`,
    `${segmentWords(facts, facts.localSegment.id)} → ${tunnelId(exit.tunnelType, exit.tunnelId)} → ${segmentWords(facts, remote.segment)}`,
  ];
}

/** The label of the edge to the provider wire. */
export function wireWords(facts: PathFacts, exit: PathExit, segment: number | null): string {
  if (exit.action === 'vlan-rewrite') return `${segmentWords(facts, segment)} → VLAN ${exit.vlan ?? '?'}`;
  if (exit.action === 'vlan-strip') return `${segmentWords(facts, segment)} stripped: untagged`;
  return exit.action;
}

export function verdictWords(v: WalkVerdict): string {
  if (v.kind === 'delivered') return `walk: delivered to ${v.port} on ${v.host}`;
  if (v.kind === 'answered') return `walk: answered ${v.mac} by ${v.bridge}'s ARP responder on ${v.host}`;
  if (v.kind === 'left-cloud') return `walk: left the cloud by ${v.bridge} ${v.uplink}${v.vlan !== null ? ` VLAN ${v.vlan}` : ' untagged'}`;
  if (v.kind === 'dropped') return `walk: dropped on ${v.host} ${v.bridge} table ${v.table} (${v.reason})`;
  return `walk: not walked: ${v.description}`;
}

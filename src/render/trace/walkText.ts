// The packet walk in the text report: the verdict first, then each leg's hosts and flows, security groups, assumptions.
import type { PacketWalk, WalkHop, WalkLeg, WalkOutput, WalkVerdict } from '../../model/walkModel.js';

export function verdictText(v: WalkVerdict): string {
  switch (v.kind) {
    case 'delivered':
      return `DELIVERED to ${v.port} on ${v.host}: ${v.description}${v.into === 'router' || v.into === 'dhcp' ? ' (handed to its namespace)' : ''}`;
    case 'left-cloud':
      return `LEFT THE CLOUD on ${v.host} by ${v.bridge} port ${v.uplink} ${v.vlan !== null ? `tagged VLAN ${v.vlan}` : 'untagged'} ${v.description}`;
    case 'dropped': {
      const flow = v.flow ? ` by the flow table=${v.flow.table} priority=${v.flow.priority ?? '-'} cookie=${v.flow.cookie ?? '-'} ${v.flow.match || '(any)'} actions=${v.flow.actions}` : '';
      const drop = v.drop ? `, then table=${v.drop.table} priority=${v.drop.priority ?? '-'} cookie=${v.drop.cookie ?? '-'} actions=${v.drop.actions}` : '';
      return `DROPPED on ${v.host} ${v.bridge} table ${v.table}${flow}${drop} [${v.reason}]: ${v.explanation}`;
    }
    case 'answered':
      return `ANSWERED on ${v.host} by ${v.bridge} table ${v.table} (priority=${v.flow.priority ?? '-'} cookie=${v.flow.cookie ?? '-'} ${v.flow.match}): ${v.description}`;
    case 'not-walked':
      return `NOT WALKED: ${v.description}`;
  }
}

/** The verdict in a few words, for the automatic walks' one line each. */
export function shortVerdict(v: WalkVerdict): string {
  switch (v.kind) {
    case 'delivered':
      return `delivered to ${v.port} on ${v.host}`;
    case 'left-cloud':
      return `left the cloud on ${v.host} by ${v.bridge} port ${v.uplink}`;
    case 'answered':
      return `answered ${v.mac} on ${v.host} by ${v.bridge}'s ARP responder (table ${v.table})`;
    case 'dropped':
      return `DROPPED on ${v.host} ${v.bridge} table ${v.table} [${v.reason}] (see the findings)`;
    case 'not-walked':
      return `NOT WALKED: ${v.description}`;
  }
}

function hopLine(h: WalkHop): string {
  const flow = h.priority === null ? h.match : `priority=${h.priority} cookie=${h.cookie ?? '-'} ${h.match || '(any)'}`;
  const notes = h.notes.length ? `  (${h.notes.join('; ')})` : '';
  return `${h.bridge} table=${h.table} ${flow} → ${h.actions.join(', ') || '(no action)'}${notes}`;
}

function outputText(o: WalkOutput): string {
  if (o.tunnel) return `${o.port} (tunnel to ${o.tunnel.remoteIp}${o.tunnel.tunnelId !== null ? `, id ${o.tunnel.tunnelId}` : ''})`;
  return `${o.bridge ? `${o.bridge}:` : ''}${o.port}${o.vlan !== null ? ` VLAN ${o.vlan}` : ''}`;
}

function legLines(leg: WalkLeg, n: number): string[] {
  const p = leg.packet;
  const lines = [`  Leg ${n}: ${leg.name}`, `    packet   ${p.proto} ${p.srcMac} ${p.srcIp} → ${p.dstMac} ${p.dstIp}`];
  for (const s of leg.segments) {
    lines.push(`    ${s.host} ${s.bridge} in_port=${s.inPort}${s.inPortNumber !== null ? `[${s.inPortNumber}]` : ''} (${s.arrival})`);
    let pass = 0;
    for (const h of s.hops) {
      if (h.pass !== pass) lines.push(`      … after conntrack (recirculation ${h.pass})`);
      pass = h.pass;
      lines.push(`      ${hopLine(h)}`);
    }
    lines.push(`      datapath: ${s.datapathActions || '(none)'}`);
    lines.push(`      out: ${s.outputs.map(outputText).join(', ') || 'nowhere'}`);
  }
  lines.push(`    verdict  ${verdictText(leg.verdict)}`);
  return lines;
}

export function walkTextLines(walk: PacketWalk): string[] {
  const s = walk.source;
  const lines = [
    `Walk ${s.instance} → ${walk.target.description}, ${walk.request.proto}, from interface ${s.interface} (${s.mac} ${s.ip} on ${s.network}, ${s.host ?? '?'})`,
    `  Verdict: ${verdictText(walk.verdict)}`,
  ];
  walk.legs.forEach((leg, i) => lines.push(...legLines(leg, i + 1)));
  lines.push('  Security groups');
  for (const d of walk.securityGroups) {
    const what = d.portSecurityDisabled
      ? 'port security disabled: no firewall'
      : d.allowedBy
        ? `allowed by rule ${d.allowedBy.id} (${d.allowedBy.text}) of ${d.allowedBy.groupName} (${d.allowedBy.groupId})`
        : `NO rule of ${d.groups.map((g) => `${g.name} (${g.id})`).join(', ') || 'no group'} allows it; would: ${d.missing}`;
    lines.push(`    ${d.direction.padEnd(7)} port ${d.portId}: ${what}`);
  }
  if (walk.assumptions.length) {
    lines.push('  Assumptions');
    for (const a of walk.assumptions) lines.push(`    - ${a}`);
  }
  return lines;
}

// The lines trace and scan text print for a report made from sosreports: the reports read and what needs the API.
import type { OfflineNote } from '../model/traceModel.js';

export function offlineTextLines(note: OfflineNote | undefined): string[] {
  if (!note) return [];
  const lines = [`Offline: read from ${note.reports.length} sosreport${note.reports.length === 1 ? '' : 's'}${note.api === 'joined' ? ', joined with the API snapshot (--from)' : ', without the Neutron API'}`];
  for (const r of note.reports) {
    const packages = [...(r.ovsVersion ? [`Open vSwitch ${r.ovsVersion} (OVSDB)`] : []), ...Object.entries(r.packages).map(([p, v]) => `${p} ${v}`)].join(', ');
    lines.push(
      `  ${r.host}: ${r.source}${r.sosVersion ? ` (sos ${r.sosVersion})` : ''}; agent settings ${r.agentConfigFiles ? `from ${r.agentConfigFiles.join(', ')}` : 'not in the report (seen from the bridges only)'}${packages ? `; ${packages}` : ''}`,
    );
    if (r.namespaces.length) lines.push(`    namespaces: ${r.namespaces.join(', ')}`);
    if (r.vifs) {
      const { bridge, attributed, notUnderstood } = r.vifs;
      lines.push(`    VIFs on ${bridge}: ${attributed.length} attributed (port id, MAC, local VLAN, network)${notUnderstood.length ? `, ${notUnderstood.length} not understood:` : ''}`);
      for (const v of notUnderstood) lines.push(`      not-understood ${v.device}${v.portId ? ` (port ${v.portId})` : ''}: ${v.reason}`);
    }
    for (const p of r.problems) lines.push(`    problem: ${p}`);
  }
  if (note.absent.length) {
    lines.push('  Needs the API, absent here (join one with --from API_SNAPSHOT):');
    for (const a of note.absent) lines.push(`    - ${a}`);
  }
  lines.push('');
  return lines;
}

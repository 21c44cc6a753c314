// The terminal summary of a scan: totals, counts per finding kind, the worst instances one line each, hosts, problems.
import type { ScanReport } from '../../model/scanModel.js';
import { offlineTextLines } from '../offlineText.js';
import type { ScanRenderer } from './renderer.js';

/** A terminal summary stays readable on a broken cloud of thousands of ports; json and html list every instance. */
const WORST_SHOWN = 30;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function renderScanText(report: ScanReport): string {
  const s = report.summary;
  const scope = Object.entries(report.filters).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [
    `Scan${scope ? ` (${scope})` : ''}: ${plural(s.instances, 'instance')}, ${plural(s.interfaces, 'interface')}; ${s.healthyInstances} healthy, ${s.unverifiedInstances} not verified, ${s.instancesWithErrors} with errors, ${s.instancesWithWarnings} with warnings only; ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`,
    '',
    'Findings by kind',
  ];
  const kinds = Object.entries(s.countsByFinding);
  if (s.verdict === 'healthy') lines.push('  none: every path is healthy (every part checked, every automatic walk arrived)');
  else if (kinds.length === 0) lines.push('  none');
  if (s.verdict === 'unverified') lines.push(`  could not be verified: ${plural(s.unverifiedInstances, 'instance')} with a part not checked (the info findings below, e.g. auto-walk-not-run)`);
  const width = Math.max(0, ...kinds.map(([id]) => id.length));
  for (const [id, c] of kinds) lines.push(`  ${c.severity.padEnd(7)} ${id.padEnd(width)}  ${String(c.count).padStart(5)} on ${plural(c.instances, 'instance')}`);
  lines.push('');
  lines.push('Worst instances');
  if (s.worst.length === 0) lines.push('  none');
  for (const w of s.worst.slice(0, WORST_SHOWN)) {
    const label = `${w.kind === 'port' ? 'port ' : ''}${w.name}${w.name !== w.id ? ` (${w.id})` : ''}`;
    lines.push(`  ${label} on ${w.host ?? '?'}: ${plural(w.errors, 'error')}, ${plural(w.warnings, 'warning')}: ${w.findingIds.join(', ')}`);
  }
  if (s.worst.length > WORST_SHOWN) lines.push(`  … and ${s.worst.length - WORST_SHOWN} more (all of them: --format json or html)`);
  lines.push('');
  lines.push('Hosts');
  if (report.hosts.length === 0) lines.push('  none read (API only)');
  for (const h of report.hosts) lines.push(`  ${h.host}: ${h.reachable ? 'read' : `NOT read${h.error ? ` (${h.error})` : ''}`}; ${plural(h.instances, 'instance')}`);
  if (report.offline) lines.push('', ...offlineTextLines(report.offline).slice(0, -1));
  if (report.problems.length) {
    lines.push('');
    lines.push('Problems');
    for (const p of report.problems) lines.push(`  ${p.source}${p.host ? ` ${p.host}` : ''} ${p.code}: ${p.message}`);
  }
  const c = report.cost;
  if (c.apiRequests + c.sshConnections > 0) {
    lines.push('');
    lines.push(`Collected with ${plural(c.apiRequests, 'API request')}, ${plural(c.sshConnections, 'SSH connection')}, ${plural(c.hostCommands, 'host command')} in ${(c.durationMs / 1000).toFixed(1)} s`);
  }
  lines.push('');
  lines.push('Details of one instance: netxray trace <name or id> (--from the same snapshot gives the same findings)');
  return `${lines.join('\n')}\n`;
}

export const textScanRenderer: ScanRenderer = {
  format: 'text',
  description: 'the summary: counts per finding kind, the worst instances one line each, hosts (default)',
  extension: 'txt',
  render: renderScanText,
};

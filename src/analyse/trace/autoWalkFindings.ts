// The findings of the automatic walks, whatever the backend: a drop quoting the flow (walks stopped by the same flow
// make one finding), a walk that could not run (grouped by reason), and walks the snapshot does not hold at all.
import { autoWalkLabel, type AutoWalk, type Finding } from '../../model/traceModel.js';
import type { PacketWalk } from '../../model/walkModel.js';
import type { WalkFindingKind } from './backend.js';

export const AUTO_WALK_FINDINGS = {
  notRun: {
    id: 'auto-walk-not-run',
    severity: 'info',
    summary: 'an automatic walk could not run or was not recorded (a host not read, ofproto/trace failed, --no-walks, a snapshot from before automatic walks): the path is not proven',
    unverified: true,
  },
} as const satisfies Record<string, WalkFindingKind>;


const notRun = (message: string, hint: string, extra: Partial<Finding> = {}): Finding => ({
  id: AUTO_WALK_FINDINGS.notRun.id,
  severity: AUTO_WALK_FINDINGS.notRun.severity,
  unverified: true,
  message,
  hint,
  evidence: [],
  ...extra,
});

/** What the snapshot's subject says about the automatic walks when none were recorded (null: they were). */
export function walksNotRecorded(autoWalks: boolean | undefined, offline = false): Finding | null {
  if (autoWalks === true) return null;
  if (offline) {
    return notRun('walks not possible offline: a sosreport holds the flow tables but no switch to run ofproto/trace on, so no packet was walked and the path is not proven', 'walk the instance on the live cloud (netxray trace INSTANCE) when it can be reached');
  }
  return autoWalks === false
    ? notRun('the automatic walks were skipped (--no-walks): no packet was walked through the flow tables, so the path is not proven', 'run the trace without --no-walks')
    : notRun('walks not recorded: the snapshot was collected without automatic walks (by a netxray before them), so no packet was walked through the flow tables and the path is not proven', 'collect the snapshot again with this netxray (live, with --save to keep it)');
}

/**
 * One finding per flow that stopped automatic walks, one per reason a walk could not run. `dropFinding` is the
 * backend's `--to` finding of one walk (WalkAnalysis.finding), reused so that both quote the flow the same way.
 */
export function autoWalkFindings(walks: readonly AutoWalk[], dropFinding: (walk: PacketWalk) => Finding | null): Finding[] {
  const drops = new Map<string, { finding: Finding; labels: string[] }>();
  const missing = new Map<string, { labels: string[]; host?: string; portId?: string }>();
  for (const w of walks) {
    const label = `interface ${w.interface} ${autoWalkLabel(w)}`;
    const v = w.walk?.verdict;
    if (!w.walk || !v || v.kind === 'not-walked') {
      const why = v?.kind === 'not-walked' ? v.description : (w.problem ?? 'not planned');
      const entry = missing.get(why) ?? { labels: [], ...(v?.kind === 'not-walked' && v.host ? { host: v.host } : {}), ...(w.walk ? { portId: w.walk.source.portId } : {}) };
      entry.labels.push(label);
      missing.set(why, entry);
      continue;
    }
    if (v.kind !== 'dropped') continue;
    const finding = dropFinding(w.walk);
    if (!finding) continue;
    const key = `${v.host} ${v.bridge} ${v.table} ${finding.evidence.map((e) => e.text).join(' ')}`;
    const entry = drops.get(key) ?? { finding, labels: [] };
    entry.labels.push(label);
    drops.set(key, entry);
  }
  const out: Finding[] = [];
  for (const { finding, labels } of drops.values()) {
    const also = labels.length > 1 ? ` The same flow stops ${labels.length - 1} more automatic walk(s): ${labels.slice(1).join('; ')}.` : '';
    out.push({ ...finding, message: `automatic walk, ${labels[0].split(' ').slice(0, 2).join(' ')}: ${finding.message}${also}` });
  }
  for (const [why, { labels, host, portId }] of missing) {
    out.push(notRun(`${labels.length} automatic walk(s) could not run (${why}): ${labels.join('; ')}`, 'make the host readable over SSH (see the other findings) and trace again', { ...(host ? { host } : {}), ...(portId ? { portId } : {}) }));
  }
  return out;
}

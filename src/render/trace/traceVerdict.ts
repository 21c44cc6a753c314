// The trace's verdict in words, shared by the text and HTML renderers: healthy only when every part of the path was checked.
import type { TraceReport } from '../../model/traceModel.js';

/** Healthy only when every part of the path was checked; else what could not be, and why. */
export function verdictLine(report: TraceReport): string {
  const { summary } = report;
  const notChecked = [...new Set(report.findings.filter((f) => f.unverified).map((f) => f.message))];
  if (summary.verdict === 'healthy') return report.walks?.length ? `none: the path is healthy (every part checked, all ${report.walks.length} walks arrived)` : 'none: the path looks healthy (every part checked)';
  if (summary.verdict === 'unverified') return `could not be verified: ${firstOf(notChecked)}`;
  const problems = `${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`;
  return notChecked.length ? `${problems}; ${notChecked.length} part${notChecked.length === 1 ? '' : 's'} not verified (marked below)` : problems;
}

const SHOWN = 3;
const firstOf = (items: string[]) => `${items.slice(0, SHOWN).join('; ')}${items.length > SHOWN ? `; and ${items.length - SHOWN} more (below)` : ''}`;

// The trace's verdict in words, shared by the text and HTML renderers: healthy only when every part of the path was checked.
import type { TraceReport } from '../../model/traceModel.js';

/** Healthy only when every part of the path was checked; else what could not be, and why. */
export function verdictLine(report: TraceReport): string {
  const { summary } = report;
  const notChecked = report.findings.filter((f) => f.unverified).map((f) => f.message);
  if (summary.verdict === 'healthy') return 'none: the path looks healthy (every part checked)';
  if (summary.verdict === 'unverified') return `could not be verified: ${notChecked.join('; ')}`;
  const problems = `${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'}`;
  return notChecked.length ? `${problems}; not verified: ${notChecked.join('; ')}` : problems;
}

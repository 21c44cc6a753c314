// What checks of every backend share: iterating interfaces and hosts, evidence of a port field, host outputs, running a list.
import type { CommandOutput } from '../../../model/cloudSnapshot.js';
import type { Evidence, Finding, Severity } from '../../../model/traceModel.js';
import type { CheckContext, FindingDraft, InterfaceAnalysis, TraceCheck } from '../backend.js';

/** A check run once per interface of the instance. */
export const perInterface =
  <A extends InterfaceAnalysis>(fn: (a: A, ctx: CheckContext<A>) => FindingDraft[]) =>
  (ctx: CheckContext<A>): FindingDraft[] =>
    ctx.interfaces.flatMap((a) => fn(a, ctx));

/** Once per host of the instance's interfaces, in order, with the first interface on that host. */
export const perHost =
  <A extends InterfaceAnalysis>(fn: (host: string, a: A, ctx: CheckContext<A>) => FindingDraft[]) =>
  (ctx: CheckContext<A>): FindingDraft[] => {
    const first = new Map<string, A>();
    for (const a of ctx.interfaces) if (a.host && !first.has(a.host)) first.set(a.host, a);
    return [...first].flatMap(([host, a]) => fn(host, a, ctx));
  };

export const portEvidence = (a: InterfaceAnalysis, field: string, value: unknown): Evidence => ({ source: `neutron port ${a.trace.port.id} ${field}`, text: `${field}=${JSON.stringify(value)}` });

/** A reachable host's output of one command, as the snapshot recorded it. */
export function hostOutput(ctx: CheckContext<InterfaceAnalysis>, host: string, id: string): CommandOutput | undefined {
  return ctx.index.snapshot.hosts.find((h) => h.host === host && h.reachable)?.outputs.find((o) => o.id === id);
}

/** Runs the checks in order; findings sorted errors first, in check order within a severity. */
export function runChecks<A extends InterfaceAnalysis>(ctx: CheckContext<A>, checks: readonly TraceCheck<A>[]): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    for (const draft of check.run(ctx)) {
      const { severity, ...rest } = draft;
      findings.push({ id: check.id, severity: severity ?? check.severity, ...rest });
    }
  }
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return findings.sort((x, y) => rank[x.severity] - rank[y.severity]);
}

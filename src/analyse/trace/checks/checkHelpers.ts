// What checks of every backend share: iterating interfaces and hosts, evidence of a port field, host outputs, running a list.
import type { CommandOutput } from '../../../model/cloudSnapshot.js';
import type { Evidence, Finding, FindingPlace, Severity } from '../../../model/traceModel.js';
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
  return ctx.index.hostOutput(host, id);
}

/**
 * Marks symptoms: a finding whose id a finding of the same port (or, host-wide, of the same host) `explains` (TraceCheck.explains) gets `causedBy` = that
 * cause's id, and the list puts every symptom right after its cause, causes ordered errors first. A check with
 * `explainsWhere: 'same-place'` explains only the symptoms at its own place (Finding.at).
 */
export function causesFirst<A extends InterfaceAnalysis>(findings: Finding[], checks: readonly TraceCheck<A>[]): Finding[] {
  const byId = new Map(checks.map((c) => [c.id, { ids: new Set(c.explains ?? []), samePlace: c.explainsWhere === 'same-place' }]));
  // Related: about the same port, or (host-wide findings, no port) about the same host.
  const related = (x: Finding, y: Finding) => (x.portId !== undefined ? x.portId === y.portId : x.host !== undefined && y.portId === undefined && x.host === y.host);
  const explains = (cause: Finding, symptom: Finding): boolean => {
    const rule = byId.get(cause.id);
    return rule !== undefined && rule.ids.has(symptom.id) && related(symptom, cause) && (!rule.samePlace || samePlace(cause.at, symptom.at));
  };
  const explained = (c: Finding): boolean => findings.some((o) => o !== c && explains(o, c));
  const causeOf = (f: Finding) => findings.find((c) => c !== f && !explained(c) && explains(c, f));
  const causes: Finding[] = [];
  const symptoms = new Map<Finding, Finding[]>();
  for (const f of findings) {
    const cause = causeOf(f);
    if (!cause) causes.push(f);
    else symptoms.set(cause, [...(symptoms.get(cause) ?? []), { ...f, causedBy: cause.id }]);
  }
  return causes.flatMap((c) => [c, ...(symptoms.get(c) ?? [])]);
}

/** Two findings at the same place of the path: the same part, and for a hop or a remote end the same host and device. */
function samePlace(x: FindingPlace | undefined, y: FindingPlace | undefined): boolean {
  if (!x || !y || x.part !== y.part) return false;
  if (x.part === 'hop' && y.part === 'hop') return x.host === y.host && x.device === y.device;
  if (x.part === 'remote' && y.part === 'remote') return x.host === y.host;
  return true;
}

/** Runs the checks in order; findings sorted errors first, in check order within a severity, symptoms under their cause. */
export function runChecks<A extends InterfaceAnalysis>(ctx: CheckContext<A>, checks: readonly TraceCheck<A>[]): Finding[] {
  const findings: Finding[] = [];
  for (const check of checks) {
    for (const draft of check.run(ctx)) {
      const { severity, ...rest } = draft;
      findings.push({ id: check.id, severity: severity ?? check.severity, ...rest, ...(check.unverified ? { unverified: true } : {}) });
    }
  }
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return causesFirst(withoutCoveredFallbacks(findings, checks).sort((x, y) => rank[x.severity] - rank[y.severity]), checks);
}

/** Drops a fallback check's finding (TraceCheck.fallback) where another check's error or warning concerns its port or host. */
function withoutCoveredFallbacks<A extends InterfaceAnalysis>(findings: Finding[], checks: readonly TraceCheck<A>[]): Finding[] {
  const fallback = new Set(checks.filter((c) => c.fallback).map((c) => c.id));
  const said = findings.filter((f) => !fallback.has(f.id) && f.severity !== 'info');
  const covered = (f: Finding) => said.some((o) => (o.portId !== undefined ? o.portId === f.portId : o.host !== undefined && o.host === f.host));
  return findings.filter((f) => !fallback.has(f.id) || !covered(f));
}

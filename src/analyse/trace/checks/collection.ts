// Checks on the collection itself: problems that are not about an unreachable host.
import type { CollectionProblem } from '../../../model/cloudSnapshot.js';
import type { CheckContext, TraceCheck } from '../backend.js';

/**
 * The host output a problem is about: its `outputId`, or, in snapshots written before that field, the id the message
 * names after "<host>: " (collect writes every per-command message that way).
 */
export function problemOutputId(problem: CollectionProblem): string | undefined {
  if (problem.outputId !== undefined) return problem.outputId;
  if (!problem.host || !problem.message.startsWith(`${problem.host}: `)) return undefined;
  const named = /^(?:sudo -n refused )?(\S+)/.exec(problem.message.slice(problem.host.length + 2))?.[1];
  return named?.replace(/:$/, '');
}

/** The check, leaving out the problems a backend's own finding already explains (e.g. the reads a stopped daemon failed). */
export function collectionProblemCheckExcept(explained: (problem: CollectionProblem, ctx: CheckContext) => boolean): TraceCheck {
  return {
    id: 'collection-problem',
    severity: 'warning',
    summary: 'the collection reported a problem other than an unreachable host',
    unverified: true,
    run(ctx) {
      return ctx.index.snapshot.problems
        .filter((p) => p.source !== 'ssh' && !(p.host && !ctx.index.snapshot.hosts.find((h) => h.host === p.host)?.reachable) && !explained(p, ctx))
        .map((p) => ({ host: p.host, message: `${p.source}: ${p.message}`, hint: 'the trace may be incomplete; rerun with the credentials/permissions the message asks for', evidence: [{ source: `collection ${p.source}`, text: `${p.code}: ${p.message}` }] }));
    },
  };
}

export const collectionProblemCheck: TraceCheck = collectionProblemCheckExcept(() => false);

// Checks on the collection itself: problems that are not about an unreachable host.
import type { CollectionProblem } from '../../../model/cloudSnapshot.js';
import type { CheckContext, TraceCheck } from '../backend.js';


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

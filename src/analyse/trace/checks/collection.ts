// Checks on the collection itself: problems that are not about an unreachable host.
import type { TraceCheck } from '../backend.js';


export const collectionProblemCheck: TraceCheck = {
  id: 'collection-problem',
  severity: 'warning',
  summary: 'the collection reported a problem other than an unreachable host',
  unverified: true,
  run(ctx) {
    return ctx.index.snapshot.problems
      .filter((p) => p.source !== 'ssh' && !(p.host && !ctx.index.snapshot.hosts.find((h) => h.host === p.host)?.reachable))
      .map((p) => ({ host: p.host, message: `${p.source}: ${p.message}`, hint: 'the trace may be incomplete; rerun with the credentials/permissions the message asks for', evidence: [{ source: `collection ${p.source}`, text: `${p.code}: ${p.message}` }] }));
  },
};

// The findings a packet walk makes, whatever the backend (each backend's walk finding uses these ids).
import type { WalkFindingKind } from './backend.js';

/** The findings a walk makes (docs/trace.md's findings table has their rows, as it has the checks'). */
export const WALK_FINDINGS = {
  dropped: { id: 'walk-dropped', severity: 'error', summary: 'a walked packet (an automatic walk, or --to) is dropped or sent elsewhere than the expected path says (the verdict names the flow and what it is)' },
  incomplete: { id: 'walk-incomplete', severity: 'warning', summary: '--to: a host of the walk could not be simulated (unreachable, or ofproto/trace failed)', unverified: true },
} as const satisfies Record<string, WalkFindingKind>;

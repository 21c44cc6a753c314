// Pairs the classes of two versions: same id, else same name in another module ("moved"), chosen by shape.
import type { ClassMatch } from '../../model/classDiff.js';
import type { ClassInfo } from '../../model/classModel.js';
import { compareText } from '../../textOrder.js';

export interface ClassPairing {
  /** Old class -> new class, for every class found on both sides (moved ones included). */
  pairs: Array<{ old: ClassInfo; new: ClassInfo; match?: ClassMatch }>;
  added: ClassInfo[];
  removed: ClassInfo[];
  /** Old id -> new id of moved classes, to compare bases, MROs and dispatch targets across versions. */
  movedIds: Map<string, string>;
}

/** Below this similarity two same-named classes are taken for different classes (one removed, one added). */
export const MIN_MOVE_SIMILARITY = 0.5;

function shapeOf(cls: ClassInfo): Set<string> {
  return new Set([
    ...cls.methods.map((method) => `method:${method.name}`),
    ...cls.attributes.map((attribute) => `attribute:${attribute.name}`),
    // By name, not id: a base may have moved along with the class.
    ...cls.bases.map((base) => `base:${(base.id ?? base.expression).split('.').pop()}`),
  ]);
}

/** Jaccard index of two classes' members and base names; two empty classes are alike. */
export function shapeSimilarity(a: ClassInfo, b: ClassInfo): number {
  const left = shapeOf(a);
  const right = shapeOf(b);
  const union = new Set([...left, ...right]).size;
  if (union === 0) return 1;
  let shared = 0;
  for (const feature of left) if (right.has(feature)) shared++;
  return shared / union;
}

export function pairClasses(oldClasses: readonly ClassInfo[], newClasses: readonly ClassInfo[]): ClassPairing {
  const newById = new Map(newClasses.map((cls) => [cls.id, cls]));
  const oldIds = new Set(oldClasses.map((cls) => cls.id));
  const pairs: ClassPairing['pairs'] = [];
  const unmatchedOld: ClassInfo[] = [];
  for (const cls of oldClasses) {
    const same = newById.get(cls.id);
    if (same) pairs.push({ old: cls, new: same });
    else unmatchedOld.push(cls);
  }
  const unmatchedNewByName = new Map<string, ClassInfo[]>();
  for (const cls of newClasses) {
    if (oldIds.has(cls.id)) continue;
    unmatchedNewByName.set(cls.name, [...(unmatchedNewByName.get(cls.name) ?? []), cls]);
  }

  const movedIds = new Map<string, string>();
  const removed: ClassInfo[] = [];
  for (const cls of unmatchedOld) {
    const candidates = unmatchedNewByName.get(cls.name) ?? [];
    const scored = candidates.map((candidate) => ({ candidate, similarity: shapeSimilarity(cls, candidate) }))
      .sort((a, b) => b.similarity - a.similarity || compareText(a.candidate.id, b.candidate.id));
    const best = scored[0];
    if (!best || best.similarity < MIN_MOVE_SIMILARITY) {
      removed.push(cls);
      continue;
    }
    const similarity = Math.round(best.similarity * 100) / 100;
    pairs.push({ old: cls, new: best.candidate, match: { by: candidates.length === 1 ? 'name' : 'name-and-shape', similarity } });
    movedIds.set(cls.id, best.candidate.id);
    unmatchedNewByName.set(cls.name, candidates.filter((candidate) => candidate !== best.candidate));
  }
  const stillUnmatched = new Set([...unmatchedNewByName.values()].flat());
  const added = newClasses.filter((cls) => stillUnmatched.has(cls));
  return { pairs, added, removed, movedIds };
}

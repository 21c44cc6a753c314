// C3 linearisation, the method resolution order Python computes for every class
// (https://www.python.org/download/releases/2.3/mro/, as implemented by CPython's `mro_internal`).

export type BasesOf = (id: string) => readonly string[] | undefined;

/** MRO of every id reachable through `basesOf`; null where Python would raise "Cannot create a consistent MRO". */
export function computeMros(ids: Iterable<string>, basesOf: BasesOf): Map<string, string[] | null> {
  const mros = new Map<string, string[] | null>();
  const inProgress = new Set<string>();
  const mroOf = (id: string): string[] | null => {
    const known = mros.get(id);
    if (known !== undefined) return known;
    if (inProgress.has(id)) return null; // an inheritance cycle: Python would fail to define the class
    inProgress.add(id);
    const bases = basesOf(id) ?? [];
    const baseMros = bases.map(mroOf);
    const result = baseMros.some((mro) => mro === null) ? null : merge(id, baseMros as string[][], [...bases]);
    inProgress.delete(id);
    mros.set(id, result);
    return result;
  };
  for (const id of ids) mroOf(id);
  return mros;
}

function merge(id: string, baseMros: string[][], bases: string[]): string[] | null {
  const sequences = [...baseMros.map((mro) => [...mro]), bases].filter((sequence) => sequence.length > 0);
  const result = [id];
  while (sequences.length > 0) {
    const candidate = sequences
      .map((sequence) => sequence[0])
      .find((head) => !sequences.some((sequence) => sequence.indexOf(head) > 0));
    if (candidate === undefined) return null;
    result.push(candidate);
    for (const sequence of sequences) if (sequence[0] === candidate) sequence.shift();
    for (let i = sequences.length - 1; i >= 0; i--) if (sequences[i].length === 0) sequences.splice(i, 1);
  }
  return result;
}

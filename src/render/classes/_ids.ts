// Turns model ids into node ids a diagram language accepts, keeping distinct ids distinct.

/**
 * Each key gets a name made only of `[A-Za-z0-9_]`. Sanitising can make two keys equal
 * (`a.b_c` and `a_b.c`), so later ones get a numeric suffix; same input order, same names.
 */
export function createNodeIds(): (key: string) => string {
  const byKey = new Map<string, string>();
  const taken = new Set<string>();
  return (key) => {
    const known = byKey.get(key);
    if (known !== undefined) return known;
    let base = key.replace(/[^A-Za-z0-9_]/g, '_');
    // Diagram grammars read a leading digit as a number.
    if (!/^[A-Za-z_]/.test(base)) base = '_' + base;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    byKey.set(key, name);
    return name;
  };
}

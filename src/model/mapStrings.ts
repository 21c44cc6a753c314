// Copies JSON-shaped data with every string changed by one function: redaction, escaping for the terminal.

/**
 * A copy of JSON data with every string (keys too) passed through `f`. Iterative: the depth of the data comes from
 * the cloud, and a recursive walk overflowed the stack at ~5,000 levels.
 */
export function mapStrings(root: unknown, f: (text: string) => string): unknown {
  const box: Record<string, unknown> = {};
  const todo: [unknown, Record<string | number, unknown>, string | number][] = [[root, box, 'value']];
  for (let task = todo.pop(); task; task = todo.pop()) {
    const [value, into, key] = task;
    if (typeof value === 'string') into[key] = f(value);
    else if (Array.isArray(value)) {
      const copy: unknown[] = new Array<unknown>(value.length);
      into[key] = copy;
      value.forEach((item, i) => todo.push([item, copy as unknown as Record<number, unknown>, i]));
    } else if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = {};
      into[key] = copy;
      for (const [k, item] of Object.entries(value)) {
        const name = f(k);
        // Defined, not assigned: a key named __proto__ stays a key and does not set the copy's prototype.
        Object.defineProperty(copy, name, { value: undefined, writable: true, enumerable: true, configurable: true });
        todo.push([item, copy, name]);
      }
    } else into[key] = value;
  }
  return box.value;
}

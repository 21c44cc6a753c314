// Bases written as calls: `class P(namedtuple("P", "x y")):`. The factories whose result can be read from the call
// itself make a class of the calling module; any other call stays an unresolved base named by its text.

/**
 * Class factories by the dotted name their callee resolves to: the class they return has the first argument as its
 * name, the caller's module as `__module__` (collections/__init__.py namedtuple: `sys._getframe(1)...['__name__']`;
 * typing.NamedTuple passes the caller's module on), and these bases.
 */
export const CLASS_FACTORIES: ReadonlyMap<string, readonly string[]> = new Map([
  ['collections.namedtuple', ['builtins.tuple']],
  ['typing.NamedTuple', ['builtins.tuple']],
]);

/**
 * Class methods that return a new subclass of the class they are called on, by their name: Django's
 * `BaseManager.from_queryset(queryset_class, class_name=None)` (django/db/models/manager.py) returns
 * `type(class_name or '%sFrom%s' % (cls.__name__, queryset_class.__name__), (cls,), {...})`; `type()` is called in
 * that module, so it is the new class's `__module__`.
 */
export const SUBCLASS_FACTORIES: ReadonlyMap<string, { module: string; name: (owner: string, args: readonly string[]) => string | undefined }> = new Map([
  ['from_queryset', {
    module: 'django.db.models.manager',
    name: (owner: string, args: readonly string[]) => {
      const explicit = args.map((arg, index) => /^(?:class_name\s*=\s*)?[rRuU]?(['"])(\w+)\1$/.exec(arg) && (index === 1 || arg.startsWith('class_name'))
        ? /(['"])(\w+)\1/.exec(arg)?.[2] : undefined).find((name) => name !== undefined);
      const queryset = /^[A-Za-z_][\w.]*$/.test(args[0] ?? '') ? args[0].slice(args[0].lastIndexOf('.') + 1) : undefined;
      return explicit ?? (queryset ? `${owner}From${queryset}` : undefined);
    },
  }],
]);

/** `Owner.method(args)`: the owner expression, the method name and the top-level argument texts. */
export function parseMethodCall(expression: string): { owner: string; method: string; args: string[] } | undefined {
  const match = /^\s*([A-Za-z_][\w.]*)\.([A-Za-z_]\w*)\s*\(([\s\S]*)\)\s*$/.exec(expression);
  if (!match) return undefined;
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const char of match[3]) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if ('([{'.includes(char)) {
      depth++;
    } else if (')]}'.includes(char)) {
      depth--;
    } else if (char === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  if (current.trim()) args.push(current.trim());
  return { owner: match[1], method: match[2], args };
}

export interface BaseCall {
  callee: string;
  /** The first argument, when it is a plain string literal. */
  className?: string;
}

/** The callee and literal class name of a base written as a call, or undefined when it is no call. */
export function parseBaseCall(expression: string): BaseCall | undefined {
  const match = /^\s*([A-Za-z_][\w.\s]*?)\s*\(\s*(?:[rRuU]?(['"])([A-Za-z_]\w*)\2)?/.exec(expression);
  if (!match || !expression.trimEnd().endsWith(')')) return undefined;
  return { callee: match[1].replace(/\s+/g, ''), className: match[3] };
}

/** The text of a base as an id: white space outside string literals removed, inside them kept. */
export function compactOutsideStrings(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      out += char;
      if (char === '\\' && i + 1 < text.length) out += text[++i];
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
      out += char;
    } else if (!/\s|\\/.test(char)) {
      out += char;
    }
  }
  return out;
}

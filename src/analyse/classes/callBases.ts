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

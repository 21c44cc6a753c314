// The text of `JSON.stringify(value, null, 2)` for a plain object, in pieces: one per element of its array members.
//
// Neutron's class model is 47 MB of JSON. Made as one string, V8 builds it in parts, flattens it when it is first
// read, and the writer encodes it to UTF-8 whole: three fresh copies of 47 MB, and on this project's machines a fresh
// page costs about 10 µs to fault in. In pieces (one class each) the same bytes go out through one small buffer.
// Each piece is JSON.stringify's own text: an element is stringified nested two arrays deep, where it sits at the
// indentation it has in the whole (an element of a top-level member), and the brackets around it are cut off.

/** `[[x]]` at indent 2 is `[\n  [\n    ` + x + `\n  ]\n]`. */
const ELEMENT_OPEN = '[\n  [\n    '.length;
const ELEMENT_CLOSE = '\n  ]\n]'.length;
/** `[x]` at indent 2 is `[\n  ` + x + `\n]`. */
const MEMBER_OPEN = '[\n  '.length;
const MEMBER_CLOSE = '\n]'.length;

/**
 * `JSON.stringify(value, null, 2) + '\n'` in pieces that join to exactly that text. For plain data (no `toJSON` on
 * the object or its array members); members JSON leaves out (undefined, functions, symbols) are left out here too.
 */
export function* jsonPieces(value: object): Generator<string> {
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    yield `${first ? '{\n  ' : ',\n  '}${JSON.stringify(key)}: `;
    first = false;
    if (Array.isArray(member) && member.length > 0) {
      for (let i = 0; i < member.length; i++) {
        const text = JSON.stringify([[member[i]]], null, 2);
        yield `${i === 0 ? '[\n    ' : ',\n    '}${text.slice(ELEMENT_OPEN, text.length - ELEMENT_CLOSE)}`;
      }
      yield '\n  ]';
    } else {
      const text = JSON.stringify([member], null, 2);
      yield text.slice(MEMBER_OPEN, text.length - MEMBER_CLOSE);
    }
  }
  yield first ? '{}\n' : '\n}\n';
}

// Small readers of Python literal syntax shared by the summariser and the dict-table evaluator.
import type { Node } from 'web-tree-sitter';

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '0': '\0',
};

// A one-line literal with no escape and no quote inside ('abc', u"abc", r'abc') is its text between the quotes:
// read so without walking its parts (most strings netxray reads: __all__ entries, dict keys).
const PLAIN_STRING = /^[uUrR]?(['"])([^'"\\\r\n]*)\1$/;

/** The value of a plain string literal (`'a'`, `u"a"`, `"a" "b"`); undefined for f-strings, bytes and non-strings. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const type = node.type;
  if (type === 'concatenated_string') {
    const parts = node.namedChildren.map(stringValue);
    return parts.every((part): part is string => part !== undefined) ? parts.join('') : undefined;
  }
  if (type !== 'string') return undefined;
  const plain = PLAIN_STRING.exec(node.text);
  if (plain) return plain[2];
  const start = node.namedChildren.find((child) => child.type === 'string_start')?.text ?? '';
  const prefix = start.replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('f') || prefix.includes('b')) return undefined;
  const raw = prefix.includes('r');
  let value = '';
  for (const child of node.namedChildren) {
    if (child.type === 'string_content') value += child.text;
    else if (child.type === 'escape_sequence') value += raw ? child.text : unescape(child.text);
    else if (child.type === 'interpolation') return undefined;
  }
  return value;
}

function unescape(sequence: string): string {
  const simple = SIMPLE_ESCAPES[sequence.slice(1)];
  if (simple !== undefined) return simple;
  if (/^\\x[0-9a-fA-F]{2}$/.test(sequence) || /^\\u[0-9a-fA-F]{4}$/.test(sequence)) {
    return String.fromCharCode(parseInt(sequence.slice(2), 16));
  }
  return sequence;
}

/** The source text of `node` without the comments inside it (a base written over several lines may hold some). */
export function textWithoutComments(node: Node): string {
  const text = node.text;
  if (!text.includes('#')) return text;
  let out = '';
  let at = node.startIndex;
  for (const comment of node.descendantsOfType('comment')) {
    if (!comment) continue;
    out += text.slice(at - node.startIndex, comment.startIndex - node.startIndex);
    at = comment.endIndex;
  }
  return out + text.slice(at - node.startIndex);
}

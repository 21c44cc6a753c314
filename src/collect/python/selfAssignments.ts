// Finds the `self.x = ...` assignments of a method body: read from the source text first, the tree asked only where
// the text shows an assignment target.
import type { Node } from 'web-tree-sitter';

export interface SelfAssignment {
  /** The attribute assigned (`x` of `self.x = 1`). */
  name: string;
  /** The line of the assignment statement (of its first target). */
  line: number;
  /** `self.x: int = 1`: the annotation as written. */
  annotation?: string;
}

/** Keywords that open a nested scope: a body without any holds no nested function, class or lambda. */
const NESTED_SCOPE_KEYWORD = /\b(?:def|class|lambda)\b/;

/** Targets that hold other targets: `self.a, self.b = ...`, `(self.a, x) = ...`, `[self.a] = ...`. */
const PATTERNS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern']);

/**
 * The assignments to `self.NAME` (self being the method's first parameter) in `body`, not in nested functions,
 * classes or lambdas, in source order; names `known` already holds are passed over (only the first counts).
 *
 * Every question to a node crosses into wasm, and walking all assignments of every method body cost more than
 * parsing the file did: so each `self.` in the body's text is looked at first, and only one followed by what can
 * follow an assignment target (`=`, an augmented operator, `:` of an annotation, `,` `)` `]` of a pattern) is
 * looked up in the tree, as the smallest node of the body around it.
 */
export function selfAssignments(text: string, body: Node, self: string, known: (name: string) => boolean): SelfAssignment[] {
  const needle = `${self}.`;
  const start = body.startIndex;
  // Searched within the body's text: the last search from the body ran on to the next `self.` of the file.
  const bodyText = text.slice(start, body.endIndex);
  const found: SelfAssignment[] = [];
  let offset = bodyText.indexOf(needle);
  if (offset < 0) return found;
  const mayNest = NESTED_SCOPE_KEYWORD.test(bodyText);
  for (; offset >= 0; offset = bodyText.indexOf(needle, offset + needle.length)) {
    const at = start + offset;
    const name = followingTarget(text, at + needle.length);
    if (name === undefined || (name !== '' && known(name))) continue;
    const assignment = assignmentTo(body, at, self);
    if (!assignment || known(assignment.name) || found.some((earlier) => earlier.name === assignment.name)) continue;
    if (mayNest && insideNestedScope(assignment.statement, body)) continue;
    const annotation = assignment.statement.childForFieldName('type')?.text;
    found.push({ name: assignment.name, line: assignment.statement.startPosition.row + 1, ...(annotation ? { annotation } : {}) });
  }
  return found;
}

const IDENTIFIER_CHAR = /[\w\u0080-\uffff]/;
const AUGMENTED_OPERATOR_CHARS = '+-*/%@&|^<>';

/**
 * After `self.` at `from`: the attribute's name when what follows it may make `self.name` an assignment target,
 * '' when that may be so but the name is not plain ASCII (the tree then says), undefined when it cannot be.
 */
function followingTarget(text: string, from: number): string | undefined {
  let at = skipBlank(text, from, false);
  const nameStart = at;
  while (at < text.length && IDENTIFIER_CHAR.test(text[at])) at++;
  const name = text.slice(nameStart, at);
  at = skipBlank(text, at, true);
  const next = text[at];
  let target: boolean;
  if (next === '=') target = text[at + 1] !== '=';
  else if (next === ':' || next === ',' || next === ')' || next === ']') target = true;
  else {
    let operatorEnd = at;
    while (operatorEnd < text.length && AUGMENTED_OPERATOR_CHARS.includes(text[operatorEnd])) operatorEnd++;
    target = operatorEnd > at && text[operatorEnd] === '=';
  }
  if (!target) return undefined;
  return /^\w+$/.test(name) ? name : '';
}

/** Past white space and line continuations (and comments, when `comments`). */
function skipBlank(text: string, from: number, comments: boolean): number {
  let at = from;
  while (at < text.length) {
    const char = text[at];
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '\f' || char === '\\') at++;
    else if (comments && char === '#') {
      const newline = text.indexOf('\n', at);
      at = newline < 0 ? text.length : newline;
    } else break;
  }
  return at;
}

/**
 * The assignment whose target (its left side, or an element of a pattern there) is the attribute `self.NAME`
 * starting at `at`, with NAME; undefined when `self.` there is no such target.
 */
function assignmentTo(body: Node, at: number, self: string): { statement: Node; name: string } | undefined {
  const attribute = body.descendantForIndex(at, at + self.length + 1);
  if (attribute?.type !== 'attribute' || attribute.startIndex !== at) return undefined;
  if (attribute.childForFieldName('object')?.text !== self) return undefined;
  const name = attribute.childForFieldName('attribute')?.text;
  if (!name) return undefined;
  let target: Node = attribute;
  let parent = attribute.parent;
  let type = parent?.type;
  while (parent && type !== undefined && PATTERNS.has(type)) {
    target = parent;
    parent = parent.parent;
    type = parent?.type;
  }
  if (!parent || (type !== 'assignment' && type !== 'augmented_assignment')) return undefined;
  return parent.childForFieldName('left')?.id === target.id ? { statement: parent, name } : undefined;
}

function insideNestedScope(node: Node, body: Node): boolean {
  for (let parent = node.parent; parent && parent.id !== body.id; parent = parent.parent) {
    const type = parent.type;
    if (type === 'function_definition' || type === 'class_definition' || type === 'lambda') return true;
  }
  return false;
}

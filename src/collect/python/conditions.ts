// Which branches of an `if` run on the interpreter netxray targets (CPython 3 on Linux), when the test says so
// plainly: `if TYPE_CHECKING:` never runs (typing docs: "False at runtime"), `sys.platform == "win32"` is false on
// Linux (sys docs: platform is 'linux' there), `PY3`/`six.PY3` are true and `PY2`/`six.PY2` false (six.py:
// `PY3 = sys.version_info[0] == 3`; SQLAlchemy's util.compat `py3k`), `hasattr(os, "fork")` is true (os docs:
// fork is available on Unix), Twisted's `platformType` is "posix" (twisted/python/runtime.py), and a module-level
// flag assigned one of these tests earlier in the file (`can_fork = hasattr(os, "fork")`) has its value. Any other
// test is unknown: every branch is read, as before.
import type { Node } from 'web-tree-sitter';

/** Tests by their text with white space removed; the value they have on CPython 3 / Linux. */
const KNOWN_TESTS: readonly [RegExp, boolean][] = [
  [/^(?:\w+\.)?TYPE_CHECKING$/, false],
  [/^(?:\w+\.)*(?:PY3K?|py3k)$/, true],
  [/^(?:\w+\.)*(?:PY2K?|py2k)$/, false],
  [/^hasattr\(os,(['"])fork\1\)$/, true],
  [/^hasattr\(socket,(['"])AF_UNIX\1\)$/, true],
  [/^(?:\w+\.)*platformType==(['"])posix\1$/, true],
  [/^(?:\w+\.)*platformType==(['"])win32\1$/, false],
  [/^sys\.version_info(?:\[0\]|\.major)(?:==3|>=3|>2)$/, true],
  [/^sys\.version_info(?:\[0\]|\.major)(?:==2|<3|<=2)$/, false],
  [/^sys\.version_info(?:>=|>)\(3,?\)$/, true],
  [/^sys\.version_info<\(3,?\)$/, false],
  [/^sys\.platform==(['"])(?:linux|linux2)\1$/, true],
  [/^sys\.platform==(['"])(?:win32|cygwin|darwin|msys|os2|riscos|atheos|freebsd\w*)\1$/, false],
  [/^sys\.platform\.startswith\((['"])linux\1\)$/, true],
  [/^sys\.platform\.startswith\((['"])(?:win|cygwin|darwin|freebsd)\1\)$/, false],
  [/^os\.name==(['"])posix\1$/, true],
  [/^os\.name==(['"])(?:nt|java)\1$/, false],
];

/**
 * Module-level names bound to a test of known value, in the order the file binds them; or bound to a test of
 * whether modules are installed (`cryptography = requireModule("cryptography")`).
 */
export type KnownFlags = Map<string, boolean | Availability>;

/** A test that is true exactly when all of `modules` can be imported (`present`), or exactly when not. */
export interface Availability {
  modules: string[];
  present: boolean;
}

// Calls that return the module, or None when it cannot be imported: Twisted's twisted/python/reflect.py
// `requireModule(name, default=None)`, and importlib.util.find_spec (a spec or None).
const AVAILABILITY_CALL = /^(?:[\w.]*\.)?(?:requireModule|find_spec)\((['"])([\w.]+)\1\)$/;

/** The modules a test checks for (`requireModule("a") and requireModule("b")`, `flag is not None`), if that is all it does. */
export function availabilityTest(test: Node | null, flags?: KnownFlags): Availability | undefined {
  if (!test) return undefined;
  switch (test.type) {
    case 'parenthesized_expression':
      return availabilityTest(test.namedChildren[0] ?? null, flags);
    case 'not_operator': {
      const inner = availabilityTest(test.childForFieldName('argument'), flags);
      return inner && { modules: inner.modules, present: !inner.present };
    }
    case 'identifier': {
      const flag = flags?.get(test.text);
      return typeof flag === 'object' ? flag : undefined;
    }
    case 'boolean_operator': {
      const left = availabilityTest(test.childForFieldName('left'), flags);
      const right = availabilityTest(test.childForFieldName('right'), flags);
      const isAnd = test.childForFieldName('operator')?.text === 'and';
      // Only `present and present` is one availability test; `or` and mixed polarities are not.
      return isAnd && left?.present && right?.present ? { modules: [...left.modules, ...right.modules], present: true } : undefined;
    }
    case 'comparison_operator': {
      const text = test.text.replace(/\s+/g, ' ').trim();
      const match = /^(\w+) is (not )?None$/.exec(text);
      const flag = match ? flags?.get(match[1]) : undefined;
      return typeof flag === 'object' ? { modules: flag.modules, present: match?.[2] ? flag.present : !flag.present } : undefined;
    }
    case 'call': {
      const match = AVAILABILITY_CALL.exec(test.text.replace(/\s+/g, ''));
      return match ? { modules: [match[2]], present: true } : undefined;
    }
  }
  return undefined;
}

/** true / false when the test's value is known on the target, undefined otherwise. */
export function staticTruth(test: Node | null, flags?: KnownFlags): boolean | undefined {
  if (!test) return undefined;
  switch (test.type) {
    case 'not_operator': {
      const value = staticTruth(test.childForFieldName('argument'), flags);
      return value === undefined ? undefined : !value;
    }
    case 'parenthesized_expression':
      return staticTruth(test.namedChildren[0] ?? null, flags);
    case 'identifier': {
      const flag = flags?.get(test.text);
      if (typeof flag === 'boolean') return flag;
      break;
    }
    case 'boolean_operator': {
      const left = staticTruth(test.childForFieldName('left'), flags);
      const right = staticTruth(test.childForFieldName('right'), flags);
      const isAnd = test.childForFieldName('operator')?.text === 'and';
      if (isAnd) return left === false || right === false ? false : left && right ? true : undefined;
      return left === true || right === true ? true : left === false && right === false ? false : undefined;
    }
  }
  const text = test.text.replace(/\s+/g, '');
  const negated = /^(.*)!=(.*)$/.exec(text);
  const compact = negated ? `${negated[1]}==${negated[2]}` : text;
  for (const [pattern, value] of KNOWN_TESTS) {
    if (pattern.test(compact)) return negated ? !value : value;
  }
  return undefined;
}

/** The blocks of an if_statement that may run: up to the first branch known to run, skipping those known not to. */
export function branchesThatRun(ifStatement: Node, flags?: KnownFlags): Node[] {
  const blocks: Node[] = [];
  const clauses: { test: Node | null; body: Node | null }[] = [
    { test: ifStatement.childForFieldName('condition'), body: ifStatement.childForFieldName('consequence') },
    ...ifStatement.childrenForFieldName('alternative').map((clause) => clause.type === 'elif_clause'
      ? { test: clause.childForFieldName('condition'), body: clause.childForFieldName('consequence') }
      : { test: null, body: clause.childForFieldName('body') ?? clause.namedChildren.find((c) => c.type === 'block') ?? null }),
  ];
  for (const [index, clause] of clauses.entries()) {
    const value = index === 0 || clause.test ? staticTruth(clause.test, flags) : true;
    if (value === false) continue;
    if (clause.body) blocks.push(clause.body);
    if (value === true) break;
  }
  return blocks;
}

/** `except ImportError:` (or ModuleNotFoundError, alone or in a tuple): the fallback of a guarded import. */
export function catchesImportError(exceptClause: Node): boolean {
  const caught = exceptClause.namedChildren.find((child) => child.type !== 'block' && child.type !== 'comment');
  return caught !== undefined && /\b(?:ImportError|ModuleNotFoundError)\b/.test(caught.text);
}

const FLAG_EXPRESSIONS = new Set(['comparison_operator', 'call', 'boolean_operator', 'not_operator', 'identifier', 'attribute', 'parenthesized_expression']);

/**
 * Records `NAME = <test of known value>` (a module-level expression statement) in `flags`; any other binding of NAME
 * forgets it. `type` is the statement's, which the caller has asked already: every question to a node crosses into
 * wasm, and most statements (the `def`s of a class body) are no assignment, so their children are never unpacked.
 */
export function noteFlag(statement: Node, type: string, flags: KnownFlags): void {
  if (type !== 'expression_statement') return;
  const assignment = statement.firstNamedChild;
  if (assignment?.type !== 'assignment') return;
  const left = assignment.childForFieldName('left');
  if (left?.type !== 'identifier') return;
  const right = assignment.childForFieldName('right');
  // Only short expressions of these kinds can be tests: dict literals and the like are not looked at.
  const value = right && FLAG_EXPRESSIONS.has(right.type) && right.endIndex - right.startIndex < 200
    ? staticTruth(right, flags) ?? availabilityTest(right, flags) : undefined;
  if (value === undefined) flags.delete(left.text);
  else flags.set(left.text, value);
}

/**
 * For an `if A:` / optional `else:` whose test is an availability test: each branch's body with whether it runs
 * when the modules are present (`fallback: false`) or absent (`fallback: true`).
 */
export function availabilityBranches(ifStatement: Node, flags: KnownFlags): { body: Node; modules: string[]; fallback: boolean }[] | undefined {
  const alternatives = ifStatement.childrenForFieldName('alternative');
  if (alternatives.some((clause) => clause.type === 'elif_clause')) return undefined;
  const test = availabilityTest(ifStatement.childForFieldName('condition'), flags);
  if (!test) return undefined;
  const branches: { body: Node; modules: string[]; fallback: boolean }[] = [];
  const consequence = ifStatement.childForFieldName('consequence');
  if (consequence) branches.push({ body: consequence, modules: test.modules, fallback: !test.present });
  const otherwise = alternatives[0]?.childForFieldName('body') ?? alternatives[0]?.namedChildren.find((c) => c.type === 'block');
  if (otherwise) branches.push({ body: otherwise, modules: test.modules, fallback: test.present });
  return branches;
}

// Which branches of an `if` run on the interpreter netxray targets (CPython 3 on Linux), when the test says so
// plainly: `if TYPE_CHECKING:` never runs (typing docs: "False at runtime"), `sys.platform == "win32"` is false on
// Linux (sys docs: platform is 'linux' there), `PY3`/`six.PY3` are true and `PY2`/`six.PY2` false (six.py:
// `PY3 = sys.version_info[0] == 3`). Any other test is unknown: every branch is read, as before.
import type { Node } from 'web-tree-sitter';

/** Tests by their text with white space removed; the value they have on CPython 3 / Linux. */
const KNOWN_TESTS: readonly [RegExp, boolean][] = [
  [/^(?:\w+\.)?TYPE_CHECKING$/, false],
  [/^(?:six\.)?PY3K?$/, true],
  [/^(?:six\.)?PY2$/, false],
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

/** true / false when the test's value is known on the target, undefined otherwise. */
export function staticTruth(test: Node | null): boolean | undefined {
  if (!test) return undefined;
  switch (test.type) {
    case 'not_operator': {
      const value = staticTruth(test.childForFieldName('argument'));
      return value === undefined ? undefined : !value;
    }
    case 'parenthesized_expression':
      return staticTruth(test.namedChildren[0] ?? null);
    case 'boolean_operator': {
      const left = staticTruth(test.childForFieldName('left'));
      const right = staticTruth(test.childForFieldName('right'));
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
export function branchesThatRun(ifStatement: Node): Node[] {
  const blocks: Node[] = [];
  const clauses: { test: Node | null; body: Node | null }[] = [
    { test: ifStatement.childForFieldName('condition'), body: ifStatement.childForFieldName('consequence') },
    ...ifStatement.childrenForFieldName('alternative').map((clause) => clause.type === 'elif_clause'
      ? { test: clause.childForFieldName('condition'), body: clause.childForFieldName('consequence') }
      : { test: null, body: clause.childForFieldName('body') ?? clause.namedChildren.find((c) => c.type === 'block') ?? null }),
  ];
  for (const [index, clause] of clauses.entries()) {
    const value = index === 0 || clause.test ? staticTruth(clause.test) : true;
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

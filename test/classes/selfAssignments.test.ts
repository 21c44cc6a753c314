// Instance attributes (`self.x = ...` in methods) as the summariser finds them from the source text, checked against
// what Python's own parser (the ast module) shows: each target `self.NAME` of an assignment in a method body, nested
// functions, classes and lambdas left out, first assignment of a name kept.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { summariseSource } from '../../src/collect/python/summarise.js';

const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';

const SOURCE = `
class Device:
    def __init__(self, host, *args):
        self.host = host
        self.a, (self.b, other) = 1, (2, 3)
        [self.c, self.d] = [4, 5]
        y = self.e = 6
        self.f.g = 7
        self.typed: int = 9
        self.bare: str
        self.count += 1
        self.host = 'again'
        myself.not_mine = 10
        self.items[0] = 11
        print(self.read, self.x == 1, {self.key: 1}, self.y <= 2)
        # self.in_comment = 12
        text = "self.in_string = 13"
        def nested():
            self.in_nested = 14
        callback = lambda: setattr(self, 'in_lambda', 15)
        class Inner:
            def method(self):
                self.inner = 16
        if host:
            for item in args:
                with open(item) as handle:
                    self.deep = handle
        self.h = self.i = 17
        self.cont \\
            = 18
        (self.paren_a,
         self.paren_b) = 19, 20
        self.été = 21

    @classmethod
    def make(cls, host):
        cls.registry = {}
        return cls(host)

    @staticmethod
    def helper(value):
        value.attr = 1

    def later(this):
        this.other_name = 22
        self.not_this_method = 23
`;

/** What the ast module reports: [name, line, annotation] of each first assignment to an attribute of the first parameter. */
function pythonAssignments(source: string): [string, number, string | null][] {
  const script = `
import ast, json, sys
source = sys.stdin.read()
found = {}
def targets(node):
    if isinstance(node, (ast.Tuple, ast.List)):
        for element in node.elts:
            yield from targets(element)
    elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        yield node
def visit(node, first, line_of):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        if isinstance(child, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            assigned = child.targets if isinstance(child, ast.Assign) else [child.target]
            annotation = ast.get_source_segment(source, child.annotation) if isinstance(child, ast.AnnAssign) else None
            for target in assigned:
                for attribute in targets(target):
                    if attribute.value.id == first and attribute.attr not in found:
                        found[attribute.attr] = [attribute.attr, target.lineno, annotation]
        visit(child, first, line_of)
for cls in ast.parse(source).body:
    for method in cls.body:
        if isinstance(method, ast.FunctionDef) and method.args.args and not any(
                isinstance(d, ast.Name) and d.id == 'staticmethod' for d in method.decorator_list):
            visit(method, method.args.args[0].arg, None)
print(json.dumps(list(found.values())))
`;
  const run = spawnSync(PYTHON, ['-c', script], { input: source, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as [string, number, string | null][];
}

describe('instance attributes from self assignments', () => {
  it('match the targets Python itself parses, in order, with their lines and annotations', async () => {
    const summary = await summariseSource({ module: 'devices', file: 'devices.py', isPackage: false }, SOURCE);
    const attributes = summary.classes.find((cls) => cls.name === 'Device')?.attributes ?? [];
    const found = attributes.filter((attribute) => attribute.scope === 'instance')
      .map((attribute) => [attribute.name, attribute.line, attribute.annotation ?? null]);
    const expected = pythonAssignments(SOURCE);
    // The cases above are there to be told apart: some are targets, some only look like one.
    expect(expected.map(([name]) => name)).toContain('paren_b');
    expect(expected.map(([name]) => name)).not.toContain('in_nested');
    expect(found).toEqual(expected);
  });
});

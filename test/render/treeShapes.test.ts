// The tree format on hierarchies of extreme shape (valid Python both): a 2,000-deep inheritance chain and 40,000
// subclasses of one base. It used to recurse (stack overflow, exit 70) and copy lists per edge (quadratic, 173 s).
// Speed itself is measured in the benchmark, not here; this checks the output is whole and right.
import { describe, expect, it } from 'vitest';
import type { ClassInfo, ClassModel } from '../../src/model/classModel.js';
import { renderTree } from '../../src/render/classes/tree.js';
import { loadModel } from './_models.js';

function classNamed(name: string, base: string | undefined): ClassInfo {
  return {
    id: `big.${name}`, name, qualname: name, module: 'big', file: '/src/big.py', line: 1, origin: 'source', external: false,
    bases: base ? [{ expression: base, id: `big.${base}` }] : [], mro: null, decorators: [], methods: [], inheritedMethods: [], attributes: [],
  } as unknown as ClassInfo;
}

function modelOf(classes: ClassInfo[]): ClassModel {
  const base = loadModel('externals');
  return { ...base, target: { ...base.target, module: 'big' }, modules: [{ name: 'big', file: '/src/big.py', isPackage: false, external: false }], classes, dispatchTables: [], diagnostics: [] };
}

describe('tree on extreme hierarchies', () => {
  it('a 2,000-deep chain: every class on its own line, each one level deeper', () => {
    const depth = 2000;
    const classes = Array.from({ length: depth }, (_, i) => classNamed(`C${i}`, i ? `C${i - 1}` : undefined));
    const lines = renderTree(modelOf(classes)).trimEnd().split('\n');
    expect(lines).toHaveLength(depth);
    expect(lines[0]).toBe('C0  (big)');
    expect(lines[depth - 1]).toBe(`${' '.repeat(4 * (depth - 2))}└── C${depth - 1}  (big)`);
  });

  it('40,000 subclasses of one base: all of them, in order, under it', () => {
    const width = 40_000;
    const classes = [classNamed('Base', undefined), ...Array.from({ length: width }, (_, i) => classNamed(`S${i}`, 'Base'))];
    const lines = renderTree(modelOf(classes)).trimEnd().split('\n');
    expect(lines).toHaveLength(width + 1);
    expect(lines[1]).toBe('├── S0  (big)');
    expect(lines[width]).toBe(`└── S${width - 1}  (big)`);
  });

  it('a malformed model whose inheritance loops still ends', () => {
    const classes = [classNamed('Root', undefined), classNamed('A', 'B'), classNamed('B', 'A'), classNamed('Self', 'Self')];
    expect(renderTree(modelOf(classes)).trimEnd().split('\n')).toEqual(['Root  (big)']);
  });
});

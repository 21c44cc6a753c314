// The Python patterns the analyser must understand, each checked against what the interpreter itself reports
// for a small package written to a temporary directory.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import type { ClassModel } from '../../src/model/classModel.js';

const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';

const SOURCES: Record<string, string> = {
  'shapes/__init__.py': `
from .base import Shape as Shape
from .impl import *
`,
  'shapes/base.py': `
# -*- coding: utf-8 -*-
from typing import Generic, TypeVar
T = TypeVar('T')

class Shape(object):
    """A shape.

    More text."""
    sides = 0
    label: str = "shape"
    def __init__(self, name, *args, scale: float = 1.0, **kwargs):
        self.name = name
        self._scale, self.ratio = scale, 2
        def inner():
            self.not_an_attribute = 1
    @property
    def area(self):
        return 0
    @area.setter
    def area(self, value):
        pass
    @classmethod
    def make(cls, a, /, b=2, *, c):
        return cls(a)
    @staticmethod
    def helper(x=None, y='s'):
        return x
    async def fetch(self, url: str = "http://x") -> bytes:
        return b""

class Box(Generic[T]):
    pass
`,
  'shapes/impl.py': `
import abc
import six
try:
    from shapes.base import Shape
except ImportError:
    Shape = None
from . import base as b
import shapes.base

__all__ = ['Square', 'Circle', 'REGISTRY', 'D']

class Square(b.Shape):
    def area(self):
        return 1

class Rect(shapes.base.Shape):
    pass

class Circle(Shape, b.Box[int]):
    pass

class A(object):
    pass

class B(A):
    pass

class C(A):
    pass

class D(B, C):
    class Inner(B):
        pass

Alias = Square

class FromAlias(Alias):
    pass

Dyn = type('Dyn', (Square,), {})

class WithMeta(six.with_metaclass(abc.ABCMeta, Square)):
    pass

class Err(ValueError):
    pass

class Loop(IOError):
    pass

REGISTRY_BASE = {'square': Square, "circle": Circle}
REGISTRY = {}
for k, v in REGISTRY_BASE.items():
    REGISTRY[k] = v
    alias = k + '_alias'
    REGISTRY[alias] = v
REGISTRY['d'] = D
REGISTRY.update({'rect': Rect})
del REGISTRY['circle_alias']
REGISTRY.pop('square_alias')
NOT_A_TABLE = {'a': 1, 'b': 2}
# Keys as Python reads them: escapes decoded, raw strings kept as written.
ESCAPED = {"a\\nb\\"c": Square, 'tab\\there': Circle, "\\x41\\101\\u00e9\\
": Rect, r"raw\\n": D}

def factory():
    class Local(A):
        pass
    return Local
`,
  'shapes/more.py': `
from shapes import *
from shapes import impl

class Tri(Square):
    pass

class Hex(impl.D.Inner):
    pass
`,
};

// Asks the interpreter for every class of the package: bases, MRO, own-method signatures, and the dict tables.
const TRUTH_SCRIPT = `
import ast, importlib, inspect, json, pkgutil, sys
import shapes
def assigned_names(mod):
    # Tables count where they are built, not in the modules that re-export them.
    tree = ast.parse(inspect.getsource(mod))
    return {t.id for node in ast.walk(tree) if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)}
out = {"classes": {}, "tables": {}}
def name(c): return c.__module__ + "." + c.__qualname__
def visit(c):
    out["classes"][name(c)] = {
        "bases": [name(b) for b in c.__bases__],
        "mro": [name(m) for m in c.__mro__],
        "methods": {k: [[p.name, p.kind.name] for p in inspect.signature(inspect.unwrap(v.fget if isinstance(v, property) else getattr(v, "__func__", v))).parameters.values()]
                    for k, v in vars(c).items() if inspect.isfunction(getattr(v, "__func__", v)) or isinstance(v, property)},
    }
    for v in vars(c).values():
        if inspect.isclass(v) and v.__module__ == c.__module__: visit(v)
for m in pkgutil.walk_packages(shapes.__path__, "shapes."):
    importlib.import_module(m.name)
for mod in [shapes] + [sys.modules[n] for n in list(sys.modules) if n.startswith("shapes.")]:
    for k, v in vars(mod).items():
        if inspect.isclass(v) and v.__module__ == mod.__name__ and v.__qualname__ == k: visit(v)
        if isinstance(v, dict) and v and all(inspect.isclass(x) for x in v.values()) and k in assigned_names(mod):
            out["tables"][mod.__name__ + "." + k] = {key: name(x) for key, x in v.items()}
print(json.dumps(out))
`;

const KIND_NAMES: Record<string, string> = {
  POSITIONAL_ONLY: 'positional-only', POSITIONAL_OR_KEYWORD: 'positional-or-keyword', VAR_POSITIONAL: 'var-positional',
  KEYWORD_ONLY: 'keyword-only', VAR_KEYWORD: 'var-keyword',
};

interface Truth {
  classes: Record<string, { bases: string[]; mro: string[]; methods: Record<string, [string, string][]> }>;
  tables: Record<string, Record<string, string>>;
}

let root: string;
let model: ClassModel;
let truth: Truth;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'netxray-patterns-'));
  for (const [path, text] of Object.entries(SOURCES)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text.trimStart());
  }
  const run = spawnSync(PYTHON, ['-c', TRUTH_SCRIPT], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: root, PYTHONDONTWRITEBYTECODE: '1' } });
  if (run.status !== 0) throw new Error(`truth script failed: ${run.stderr}`);
  truth = JSON.parse(run.stdout) as Truth;
  process.env.PYTHONPATH = root;
  try {
    model = await analyseClasses('shapes', { python: PYTHON });
  } finally {
    delete process.env.PYTHONPATH;
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const classById = (id: string) => model.classes.find((cls) => cls.id === id);

describe('classes against the interpreter', () => {
  it('finds every class the interpreter sees, under the same id', () => {
    const modelIds = new Set(model.classes.filter((cls) => !cls.external).map((cls) => cls.id));
    for (const id of Object.keys(truth.classes)) expect(modelIds, id).toContain(id);
  });

  it('resolves every base as __bases__ says', () => {
    for (const [id, expected] of Object.entries(truth.classes)) {
      expect(classById(id)?.bases.map((base) => base.id), id).toEqual(expected.bases);
    }
  });

  it('computes the MRO as __mro__ says', () => {
    for (const [id, expected] of Object.entries(truth.classes)) {
      expect(classById(id)?.mro, id).toEqual(expected.mro);
    }
  });

  it('reads parameter names and kinds as inspect.signature does', () => {
    for (const [id, expected] of Object.entries(truth.classes)) {
      const cls = classById(id);
      for (const [name, parameters] of Object.entries(expected.methods)) {
        const method = cls?.methods.find((m) => m.name === name);
        expect(method?.parameters.map((p) => [p.name, p.kind]), `${id}.${name}`)
          .toEqual(parameters.map(([pname, kind]) => [pname, KIND_NAMES[kind]]));
      }
    }
  });

  it('reads every dispatch table with the interpreter keys and targets', () => {
    const tables = Object.fromEntries(model.dispatchTables.map((table) =>
      [table.id, Object.fromEntries(table.entries.map((entry) => [entry.key, entry.target]))]));
    expect(tables).toEqual(truth.tables);
  });
});

describe('members and provenance', () => {
  it('knows method kinds, defaults, annotations and async', () => {
    const shape = classById('shapes.base.Shape');
    const kinds = Object.fromEntries(shape?.methods.map((m) => [m.name, m.kind]) ?? []);
    expect(kinds).toEqual({ __init__: 'method', area: 'property', make: 'classmethod', helper: 'staticmethod', fetch: 'method' });
    const init = shape?.methods.find((m) => m.name === '__init__');
    expect(init?.parameters.find((p) => p.name === 'scale')).toEqual({ name: 'scale', kind: 'keyword-only', annotation: 'float', default: '1.0' });
    const fetch = shape?.methods.find((m) => m.name === 'fetch');
    expect(fetch).toMatchObject({ async: true, returns: 'bytes' });
    expect(shape?.doc).toBe('A shape.');
  });

  it('collects class and instance attributes, not those of nested functions', () => {
    const names = classById('shapes.base.Shape')?.attributes.map((a) => `${a.scope}:${a.name}`);
    expect(names).toEqual(expect.arrayContaining(['class:sides', 'class:label', 'instance:name', 'instance:_scale', 'instance:ratio']));
    expect(names).not.toContain('instance:not_an_attribute');
  });

  it('marks overrides and inherited methods along the MRO', () => {
    const square = classById('shapes.impl.Square');
    expect(square?.methods.find((m) => m.name === 'area')?.overrides).toBe('shapes.base.Shape');
    expect(square?.inheritedMethods).toContainEqual({ name: 'make', from: 'shapes.base.Shape' });
  });

  it('records type() classes with their provenance, and local classes with <locals> qualnames', () => {
    expect(classById('shapes.impl.Dyn')).toMatchObject({ origin: 'dynamic', provenance: { kind: 'type-call', line: expect.any(Number) } });
    expect(classById('shapes.impl.factory.<locals>.Local')?.bases.map((b) => b.id)).toEqual(['shapes.impl.A']);
  });

  it('resolves builtins to builtins.*, aliases included (IOError is OSError)', () => {
    expect(classById('shapes.impl.Loop')?.bases.map((b) => b.id)).toEqual(['builtins.OSError']);
    expect(classById('builtins.ValueError')?.mro).toEqual(['builtins.ValueError', 'builtins.Exception', 'builtins.BaseException', 'builtins.object']);
  });
});

// The Python patterns of issue 20, each a small package written to a temporary directory and compared with what the
// interpreter itself reports about it (bases, generated methods, parameter names), plus PyEZ's import-hook Tables.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import type { ClassModel } from '../../src/model/classModel.js';

const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
// The import-hook reproduction feeds its YAML to Debian's PyEZ FactoryLoader, as jnpr/junos/op/__init__.py does.
const HAVE_PYEZ = spawnSync(PYTHON, ['-c', 'import jnpr.junos.factory.factory_loader'], { encoding: 'utf8' }).status === 0;
// The from_queryset reproduction subclasses Django's own BaseManager (Debian python3-django).
const HAVE_DJANGO = spawnSync(PYTHON, ['-c', 'import django.db.models.manager'], { encoding: 'utf8' }).status === 0;

const SOURCES: Record<string, string> = {
  'pats/__init__.py': '',
  'pats/nested.py': `
class Outer:
    class A:
        pass
    class B(A):
        pass
    class C(B, A):
        pass

class A:
    pass

class Other:
    class D(A):
        pass
`,
  'pats/conditional.py': `
import sys
from typing import TYPE_CHECKING
import six
PY3 = sys.version_info[0] == 3

try:
    from collections import OrderedDict as Base
except ImportError:
    class Base(object):
        pass

try:
    from not_installed_anywhere import Thing
except ImportError:
    class Thing(dict):
        pass

try:
    from not_installed_anywhere import Fallback
except ImportError:
    Fallback = list

if TYPE_CHECKING:
    class Hint(list):
        pass
else:
    class Hint(dict):
        pass

if sys.platform == "win32":
    class Plat(list):
        pass
elif sys.platform.startswith("linux"):
    class Plat(set):
        pass
else:
    class Plat(frozenset):
        pass

if PY3:
    class Flag(bytes):
        pass
else:
    class Flag(str):
        pass

if not six.PY2:
    class Six(tuple):
        pass
else:
    class Six(list):
        pass

class UsesBase(Base):
    pass

class UsesThing(Thing):
    pass

class UsesFallback(Fallback):
    pass
`,
  'pats/calls.py': `
import collections
from collections import namedtuple
import typing

class P(namedtuple("P", "x y")):
    pass

class Q(collections.namedtuple('QBase', ['a', 'b'])):
    pass

class N(typing.NamedTuple("NBase", [("a", int)])):
    pass

def make_base(name):
    return type(name, (object,), {})

class Unknown(make_base( "some  name" ,  # a comment
        )):
    pass
`,
  'pats/typed.py': `
from typing import Awaitable, Generic, MutableMapping, TypeVar, List
import typing
T = TypeVar("T")

class D(Awaitable[T]):
    pass

class M(MutableMapping):
    pass

class G(Generic[T]):
    pass

class L(List[int]):
    pass

class DD(typing.Dict[str, int]):
    pass

class Both(MutableMapping[str, T], Generic[T]):
    pass
`,
  'pats/rebind.py': `
from collections import OrderedDict as Base

class First(Base):
    pass

Base = dict

class Second(Base):
    pass

class Base(list):
    pass

class Third(Base):
    pass
`,
  'pats/0001_initial.py': `
class Migration(dict):
    pass
`,
  'pats/sub-dir/mod.py': `
class Hidden(set):
    pass
`,
  'pats/misc.py': `
import types
import sqlite3

class Mod(types.ModuleType):
    pass

class Cur(sqlite3.Cursor):
    pass

class Mangled:
    def m(self, __x, y, *, __z=1):
        pass
`,
  'pats/dc.py': `
import dataclasses
from dataclasses import dataclass, field, KW_ONLY
from typing import ClassVar

@dataclass
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list)
    count: ClassVar[int] = 0

@dataclasses.dataclass(order=True, frozen=True)
class Ordered:
    a: int
    b: str = "b"

@dataclass(eq=False, repr=False)
class NoEq:
    a: int
    def __repr__(self):
        return "x"

@dataclass
class Point3(Point):
    z: int = 0
    _: KW_ONLY
    label: str = ""

@dataclass(unsafe_hash=True)
class Hashed:
    a: int = field(default=1, init=False)
`,
  'pats/at.py': `
import attr
import attrs

@attr.s
class A:
    x = attr.ib()
    y = attr.ib(default=1)
    not_a_field = 3

@attrs.define
class B:
    x: int
    y: int = 2

@attrs.frozen
class C:
    x: int

@attr.s(frozen=True, hash=True)
class D:
    _p = attr.ib(default=0)
`,
  'pats/at_bare.py': `
from attrs import define, frozen, field
from attr import attrs as attrs_decorator, attrib, s as attr_s, ib

@define
class A:
    x: int
    y: int = 2

@frozen
class B:
    x: int

@attrs_decorator
class C:
    x = attrib()
    y = attrib(default=1)

@attr_s(frozen=True)
class D:
    x = ib()

@define
class E:
    x: int = field(default=3)
    y: list = field(factory=list)
`,
  'pats/nt.py': `
import typing
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")

class Token(NamedTuple):
    kind: str
    value: int = 0

class Rule(typing.NamedTuple):
    pattern: str
    def __repr__(self):
        return "r"

_GenericT = Generic[T]

class Holder(dict, _GenericT):
    pass
`,
  'pats/compat.py': `
import abc
import sys
py3k = sys.version_info >= (3, 0)
if py3k:
    ABC = abc.ABC
else:
    class ABC(object):
        __metaclass__ = abc.ABCMeta
`,
  'pats/flags.py': `
import os
import socketserver
from pats import compat

can_fork = hasattr(os, "fork")
if can_fork:
    ForkingMixIn = socketserver.ForkingMixIn
else:
    class ForkingMixIn:
        pass

class Server(ForkingMixIn, socketserver.TCPServer):
    pass

if compat.py3k:
    from pats.compat import ABC as Base
else:
    Base = object

class Abstract(Base):
    pass
`,
  'pats/avail.py': `
def requireModule(name, default=None):
    try:
        return __import__(name)
    except ImportError:
        return default

json = requireModule("json")
if json:
    from collections import OrderedDict as Base
else:
    class Base:
        pass

if requireModule("json") and requireModule("not_installed_anywhere"):
    from collections import OrderedDict as Other
else:
    Other = list

class A(Base):
    pass

class B(Other):
    pass

try:
    from collections import OrderedDict as _od
except ImportError:
    od = None
else:
    od, also = _od, _od

class C(od):
    pass

try:
    from json import NoSuchThingHere
except ImportError:
    class NoSuchThingHere(Exception):
        pass
`,
  'pats/sixmoves.py': `
from six.moves import http_client
from six.moves.queue import Queue

class Conn(http_client.HTTPConnection):
    pass

class Q(Queue):
    pass
`,
  'pats/inherited.py': `
class Concatenable:
    class Comparator:
        pass

class String(Concatenable):
    pass

class Enum(String):
    class Comparator(String.Comparator):
        pass
`,
  'pats/props.py': `
class deprecatedProperty(property):
    pass

class K:
    @property  # type: ignore
    def description(self):
        return 1

    @description.setter
    def description(self, value):
        pass

    @deprecatedProperty
    def soft(self):
        return 0

    @soft.setter
    def soft(self, value):
        pass
`,
  'pats/dj.py': `
from django.db.models.manager import BaseManager
from django.db.models.query import QuerySet

class MyQS(QuerySet):
    pass

class MyManager(BaseManager.from_queryset(MyQS)):
    pass

class Named(BaseManager.from_queryset(MyQS, "CustomName")):
    pass
`,
  'hooked/__init__.py': `
import os
import sys
from importlib.abc import Loader, MetaPathFinder
from importlib.util import spec_from_loader

import yaml
from jnpr.junos.factory.factory_loader import FactoryLoader


class TablesFinder(MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname.startswith(__name__ + "."):
            mod = fullname.split(".")[-1]
            if mod + ".yml" in os.listdir(os.path.dirname(__file__)):
                return spec_from_loader(fullname, TablesLoader(fullname))


class TablesLoader(Loader):
    def __init__(self, fullname):
        self.fullname = fullname

    def exec_module(self, module):
        mod = self.fullname.split(".")[-1]
        with open(os.path.join(os.path.dirname(__file__), mod + ".yml")) as stream:
            for k, v in FactoryLoader().load(yaml.load(stream, Loader=yaml.FullLoader)).items():
                setattr(module, k, v)


sys.meta_path.insert(0, TablesFinder())
`,
  'hooked/ports.yml': `
PortTable:
  rpc: get-port-information
  item: port
  key: name
  view: PortView

PortView:
  fields:
    name: name
    speed: speed

PortConfigTable:
  get: interfaces/interface
  set: interfaces/interface
  view: PortConfigView

PortConfigView:
  fields:
    mtu: mtu

NestedTable:
  item: entry
  view: LonelyView

LonelyView:
  fields:
    value: value
`,
};

// Every class of every module (non-identifier files loaded by path, as they cannot be imported): bases, and the
// names of the methods in the class's own __dict__ with their parameters (name, kind, has a default).
const TRUTH_SCRIPT = `
import importlib, importlib.util, inspect, json, os, pkgutil, sys
root = sys.argv[1]
out = {}
def name(c): return c.__module__ + "." + c.__qualname__
def visit(c):
    methods = {}
    for k, v in vars(c).items():
        f = getattr(v, "__func__", v)
        if isinstance(v, property):
            f = v.fget
        if inspect.isfunction(f):
            methods[k] = [[p.name, p.kind.name, p.default is not inspect.Parameter.empty] for p in inspect.signature(f).parameters.values()]
    out[name(c)] = {"bases": [name(b) for b in c.__bases__], "baseBases": [[name(x) for x in b.__bases__] for b in c.__bases__], "methods": methods}
    for v in vars(c).values():
        if inspect.isclass(v) and v.__qualname__.startswith(c.__qualname__ + "."): visit(v)
def collect(mod):
    for k, v in vars(mod).items():
        if inspect.isclass(v) and v.__module__ == mod.__name__ and v.__qualname__ == k: visit(v)
import pats
for m in pkgutil.walk_packages(pats.__path__, "pats."):
    collect(importlib.import_module(m.name))
for rel, modname in [("pats/0001_initial.py", "pats.0001_initial"), ("pats/sub-dir/mod.py", "pats.sub-dir.mod")]:
    spec = importlib.util.spec_from_file_location(modname, os.path.join(root, rel))
    mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod); collect(mod)
hooked = {}
if sys.argv[2] == "1":
    import hooked.ports as ports
    for k, v in vars(ports).items():
        if inspect.isclass(v): hooked["hooked.ports." + k] = [name(b) for b in v.__bases__]
print(json.dumps({"classes": out, "hooked": hooked}))
`;

interface Truth {
  classes: Record<string, { bases: string[]; baseBases: string[][]; methods: Record<string, [string, string, boolean][]> }>;
  hooked: Record<string, string[]>;
}

const KIND_NAMES: Record<string, string> = {
  POSITIONAL_ONLY: 'positional-only', POSITIONAL_OR_KEYWORD: 'positional-or-keyword', VAR_POSITIONAL: 'var-positional',
  KEYWORD_ONLY: 'keyword-only', VAR_KEYWORD: 'var-keyword',
};

let root: string;
let model: ClassModel;
let hookedModel: ClassModel | undefined;
let truth: Truth;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'netxray-missed-'));
  for (const [path, text] of Object.entries(SOURCES)) {
    if ((path.startsWith('hooked/') && !HAVE_PYEZ) || (path === 'pats/dj.py' && !HAVE_DJANGO)) continue;
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text.trimStart());
  }
  const run = spawnSync(PYTHON, ['-c', TRUTH_SCRIPT, root, HAVE_PYEZ ? '1' : '0'], {
    encoding: 'utf8', env: { ...process.env, PYTHONPATH: root, PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (run.status !== 0) throw new Error(`truth script failed: ${run.stderr}`);
  truth = JSON.parse(run.stdout) as Truth;
  process.env.PYTHONPATH = root;
  try {
    model = await analyseClasses('pats', { python: PYTHON });
    if (HAVE_PYEZ) hookedModel = await analyseClasses(join(root, 'hooked'), { python: PYTHON });
  } finally {
    delete process.env.PYTHONPATH;
  }
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const classById = (id: string) => model.classes.find((cls) => cls.id === id);
const basesOf = (id: string) => classById(id)?.bases.map((base) => base.id);
const truthOf = (id: string) => {
  const found = truth.classes[id];
  if (!found) throw new Error(`the interpreter has no class ${id}`);
  return found;
};
/** The classes of one module (`pats.calls`, whose bases Python cannot name back, is tested on its own). */
const reachable = (module: string) => Object.keys(truth.classes).filter((id) => id.startsWith(`${module}.`));

describe('bases as the interpreter resolves them', () => {
  for (const [title, module] of [
    ['a nested class finds its sibling in the class body, not the module', 'pats.nested'],
    ['the branch that runs: try/except ImportError, TYPE_CHECKING, sys.platform, PY3, six.PY2', 'pats.conditional'],
    ['typing aliases and subscripted bases: collections.abc origins plus typing.Generic', 'pats.typed'],
    ['a name bound again later: the binding in force at the class statement', 'pats.rebind'],
    ['types.ModuleType and a C type whose __module__ is not its file (sqlite3.Cursor)', 'pats.misc'],
    ['modules Python cannot import by name are read under their path-derived names', 'pats.0001_initial'],
    ['typing.NamedTuple class statements are tuples; a module-level Generic[T] alias is Generic', 'pats.nt'],
    ['flags: py3k on a module, hasattr(os, "fork") and a module-level flag bound to a known test', 'pats.flags'],
    ['requireModule() branches, try/else tuple bindings, a from-import of a name the module lacks', 'pats.avail'],
    ['six.moves names are the Python 3 modules and classes', 'pats.sixmoves'],
    ['a nested class reached through a subclass that only inherits it', 'pats.inherited'],
  ] as const) {
    it(title, () => {
      const ids = reachable(module);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(basesOf(id), id).toEqual(truthOf(id).bases);
    });
  }

  it('a folder with a hyphen is read too, and both unimportable names are reported', () => {
    expect(basesOf('pats.sub-dir.mod.Hidden')).toEqual(truthOf('pats.sub-dir.mod.Hidden').bases);
    const reported = model.diagnostics.filter((d) => d.code === 'not-importable-name').map((d) => d.file);
    expect(reported).toEqual(expect.arrayContaining([join(root, 'pats', '0001_initial.py'), join(root, 'pats', 'sub-dir')]));
  });

  it('namedtuple()/NamedTuple() bases are classes of the calling module named by their first argument, on tuple', () => {
    for (const id of ['pats.calls.Q', 'pats.calls.N']) {
      expect(basesOf(id), id).toEqual(truthOf(id).bases);
      const base = classById(truthOf(id).bases[0]);
      expect(base?.bases.map((b) => b.id)).toEqual(['builtins.tuple']);
    }
    // Python names P's base pats.calls.P too, the subclass's own id: the model keeps the two apart.
    const p = classById(basesOf('pats.calls.P')?.[0] ?? '');
    expect(p).toMatchObject({ name: 'P', module: 'pats.calls', origin: 'dynamic' });
    expect(p?.id).not.toBe('pats.calls.P');
  });

  it.skipIf(!HAVE_DJANGO)("Django's Manager.from_queryset(QS) makes a subclass in django.db.models.manager, named as Django names it", () => {
    for (const id of ['pats.dj.MyManager', 'pats.dj.Named']) {
      const expected = truthOf(id);
      expect(basesOf(id), id).toEqual(expected.bases);
      expect(classById(expected.bases[0])?.bases.map((b) => b.id), expected.bases[0]).toEqual(expected.baseBases[0]);
    }
  });

  it('any other call stays an unresolved base named by its text: literals kept as written, comments dropped', () => {
    const unknown = classById('pats.calls.Unknown')?.bases[0];
    expect(unknown?.id).toBe('make_base("some  name",)');
    expect(unknown?.expression).not.toContain('#');
    expect(unknown?.expression).toContain('"some  name"');
  });
});

describe('members the interpreter reports', () => {
  it('dataclass, attrs (also imported by bare name) and NamedTuple write their methods, __init__ from the fields in order', () => {
    const ids = Object.keys(truth.classes).filter((key) => /^pats\.(?:dc|at|at_bare|nt)\./.test(key) && key !== 'pats.nt.Holder');
    expect(ids.length).toBe(16);
    for (const id of ids) {
      const expected = truthOf(id).methods;
      const cls = classById(id);
      expect(cls?.methods.map((m) => m.name).sort(), id).toEqual(Object.keys(expected).sort());
      for (const method of cls?.methods ?? []) {
        expect(method.parameters.map((p) => [p.name, p.kind, p.default !== undefined]), `${id}.${method.name}`)
          .toEqual(expected[method.name].map(([name, kind, hasDefault]) => [name, KIND_NAMES[kind], hasDefault]));
      }
    }
  });

  it('a @x.setter keeps x the getter: a property, also with a comment after @property or a property subclass', () => {
    const expected = truthOf('pats.props.K').methods;
    for (const name of ['description', 'soft']) {
      const method = classById('pats.props.K')?.methods.find((m) => m.name === name);
      expect(method?.kind, name).toBe('property');
      expect(method?.parameters.map((p) => p.name), name).toEqual(expected[name].map(([param]) => param));
    }
  });

  it('private parameter names are mangled as inspect.signature shows them', () => {
    const expected = truthOf('pats.misc.Mangled').methods.m.map(([name]) => name);
    expect(classById('pats.misc.Mangled')?.methods.find((m) => m.name === 'm')?.parameters.map((p) => p.name)).toEqual(expected);
  });
});

describe.skipIf(!HAVE_PYEZ)('a package __init__ whose meta-path finder makes modules of its YAML files', () => {
  it('gives each YAML file its module, with the Tables and Views FactoryLoader makes and their bases', () => {
    const expected = Object.entries(truth.hooked);
    expect(expected.map(([id]) => id).sort()).toEqual(['LonelyView', 'NestedTable', 'PortConfigTable', 'PortConfigView', 'PortTable', 'PortView']
      .map((name) => `hooked.ports.${name}`));
    for (const [id, bases] of expected) {
      expect(hookedModel?.classes.find((cls) => cls.id === id)?.bases.map((b) => b.id), id).toEqual(bases);
    }
    expect(hookedModel?.modules.find((m) => m.name === 'hooked.ports')?.file).toBe(join(root, 'hooked', 'ports.yml'));
    expect(existsSync(join(root, 'hooked', 'ports.py'))).toBe(false);
  });
});

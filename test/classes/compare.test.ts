// The comparison behind the accuracy suite, on hand-made model/truth pairs: it must be able to fail.
import { describe, expect, it } from 'vitest';
import { CLASS_MODEL_SCHEMA, CLASS_MODEL_VERSION } from '../../src/model/classModel.js';
import type { ClassInfo, ClassModel, DispatchTable, MethodInfo, ParameterInfo } from '../../src/model/classModel.js';
import {
  compareClassRecall,
  compareDispatchTables,
  compareExternalBases,
  compareInheritanceEdges,
  compareModel,
  compareParameters,
  compareYamlClasses,
  formatFigures,
  formatMismatches,
  parameterDifference,
  parseSimpleLiteral,
} from '../truth/compare.js';
import type { PackageTruth, TruthClass, TruthMethod, TruthParameter } from '../truth/truth.js';

function cls(id: string, bases: (string | [string, string | null])[], methods: MethodInfo[] = [], extra: Partial<ClassInfo> = {}): ClassInfo {
  const dot = id.lastIndexOf('.');
  return {
    id,
    name: id.slice(dot + 1),
    qualname: id.slice(dot + 1),
    module: id.slice(0, dot),
    file: null,
    line: 1,
    origin: 'source',
    external: false,
    bases: bases.map((b) => (typeof b === 'string' ? { expression: b.split('.').pop() as string, id: b } : { expression: b[0], id: b[1] })),
    mro: null,
    decorators: [],
    methods,
    inheritedMethods: [],
    attributes: [],
    ...extra,
  };
}

function method(name: string, parameters: ParameterInfo[], kind: MethodInfo['kind'] = 'method'): MethodInfo {
  return { name, kind, decorators: [], line: 1, async: false, parameters };
}

function model(classes: ClassInfo[], dispatchTables: DispatchTable[] = []): ClassModel {
  return {
    schema: CLASS_MODEL_SCHEMA,
    version: CLASS_MODEL_VERSION,
    generator: { name: 'netxray', version: 'test' },
    target: { spec: 'pkg', kind: 'package', module: 'pkg', path: '/x/pkg' },
    modules: [],
    classes,
    dispatchTables,
    diagnostics: [],
    stats: { files: 0, classes: classes.length, externalClasses: 0, dynamicClasses: 0, methods: 0, durationMs: 0 },
  };
}

function tparam(name: string, extra: Partial<TruthParameter> = {}): TruthParameter {
  return { name, kind: 'positional-or-keyword', hasDefault: false, ...extra };
}

function tmethod(name: string, signature: TruthParameter[], extra: Partial<TruthMethod> = {}): TruthMethod {
  return { name, kind: 'method', dictKey: name, signature, ...extra };
}

function tcls(id: string, bases: string[], methods: TruthMethod[] = [], isStatic: boolean | null = true): TruthClass {
  const dot = id.lastIndexOf('.');
  return { id, module: id.slice(0, dot), qualname: id.slice(dot + 1), name: id.slice(dot + 1), static: isStatic, bases, mro: null, methods };
}

function truth(classes: TruthClass[], extra: Partial<PackageTruth> = {}): PackageTruth {
  return {
    package: 'pkg',
    python: '/usr/bin/python3',
    pythonVersion: '3.11.2',
    distribution: 'pkg',
    version: '1.0',
    modules: [],
    importErrors: [],
    introspectionErrors: [],
    unimportedStaticClasses: [],
    classes,
    yamlClasses: [],
    dispatchTables: [],
    classValuedDicts: [],
    unreachableBases: {},
    ...extra,
  };
}

describe('class recall', () => {
  it('lists statically defined classes missing from the model, ignores dynamic ones', () => {
    const t = truth([tcls('pkg.a.A', ['builtins.object']), tcls('pkg.a.B', ['pkg.a.A']), tcls('pkg.a.Point', ['builtins.tuple'], [], false)]);
    const m = compareClassRecall(model([cls('pkg.a.A', [])]), t);
    expect(m).toMatchObject({ matched: 1, total: 2, mismatchCount: 1 });
    expect(m.mismatches[0]).toMatchObject({ kind: 'missing-class', id: 'pkg.a.B' });
  });

  it('does not count a package class the model marks external', () => {
    const m = compareClassRecall(model([cls('pkg.a.A', [], [], { external: true })]), truth([tcls('pkg.a.A', [])]));
    expect(m.ratio).toBe(0);
    expect(m.mismatches[0].kind).toBe('class-marked-external');
  });
});

describe('inheritance edges', () => {
  const t = truth([
    tcls('pkg.base.Base', ['builtins.object']),
    tcls('pkg.x.X', ['pkg.base.Base']),
    tcls('pkg.y.Y', ['pkg.x.X', 'pkg.base.Base']),
  ]);

  it('is perfect when every edge agrees', () => {
    const m = model([cls('pkg.base.Base', ['builtins.object']), cls('pkg.x.X', ['pkg.base.Base']), cls('pkg.y.Y', ['pkg.x.X', 'pkg.base.Base'])]);
    const { recall, precision } = compareInheritanceEdges(m, t);
    expect([recall.matched, recall.total, precision.matched, precision.total]).toEqual([3, 3, 3, 3]);
  });

  it('finds a missing edge and a wrong one', () => {
    // Y's first base resolved to the re-export module instead of the defining one.
    const m = model([
      cls('pkg.base.Base', []),
      cls('pkg.x.X', [['Base', null]]),
      cls('pkg.y.Y', ['pkg.base.Base', 'pkg.base.Base']),
      cls('pkg.x.Other', ['pkg.base.Base']), // unknown to the interpreter: not judged here
    ]);
    const { recall, precision } = compareInheritanceEdges(m, t);
    expect(recall).toMatchObject({ matched: 1, total: 3 });
    expect(recall.mismatches.map((x) => `${x.id}->${x.expected}`)).toEqual(['pkg.x.X->pkg.base.Base', 'pkg.y.Y->pkg.x.X']);
    expect(precision).toMatchObject({ matched: 1, total: 1 });
  });

  it('counts an edge to the wrong package class against precision', () => {
    const m = model([cls('pkg.base.Base', []), cls('pkg.x.X', ['pkg.y.Y']), cls('pkg.y.Y', ['pkg.x.X', 'pkg.base.Base'])]);
    const { precision } = compareInheritanceEdges(m, t);
    expect(precision).toMatchObject({ matched: 2, total: 3 });
    expect(precision.mismatches[0]).toMatchObject({ kind: 'extra-edge', id: 'pkg.x.X', got: 'pkg.y.Y' });
  });
});

describe('external bases', () => {
  it('wants the defining module of the base and skips builtins.object', () => {
    const t = truth([
      tcls('pkg.a.A', ['paramiko.client.SSHClient']),
      tcls('pkg.a.B', ['builtins.Exception']),
      tcls('pkg.a.C', ['builtins.object']),
    ]);
    const m = model([cls('pkg.a.A', [['paramiko.SSHClient', 'paramiko.SSHClient']]), cls('pkg.a.B', ['builtins.Exception']), cls('pkg.a.C', [])]);
    const r = compareExternalBases(m, t);
    expect(r).toMatchObject({ matched: 1, total: 2 });
    expect(r.mismatches[0]).toMatchObject({ id: 'pkg.a.A', expected: 'paramiko.client.SSHClient' });
  });

  it('accepts the variable a run-time base is bound to, and skips one bound nowhere', () => {
    const t = truth(
      [tcls('pkg.m.Port', ['sqlalchemy.orm.decl_api.Base']), tcls('pkg.m.Net', ['sqlalchemy.orm.decl_api.Base']), tcls('pkg.q.Info', ['pkg.q.Info'])],
      { unreachableBases: { 'sqlalchemy.orm.decl_api.Base': { aliases: ['lib.model_base.BASEV2'] }, 'pkg.q.Info': { aliases: [] } } },
    );
    const m = model([cls('pkg.m.Port', ['lib.model_base.BASEV2']), cls('pkg.m.Net', [['BASEV2', null]]), cls('pkg.q.Info', [['namedtuple(...)', null]])]);
    expect(compareExternalBases(m, t)).toMatchObject({ matched: 1, total: 2 });
    expect(compareInheritanceEdges(m, t).recall.total).toBe(0);
  });

  it('matches a base the model made from a call by the name Python gave it, where Python\'s id names the subclass', () => {
    const t = truth([tcls('pkg.q.Info', ['pkg.q.Info']), tcls('pkg.q.Other', ['pkg.q.Other'])],
      { unreachableBases: { 'pkg.q.Info': { aliases: [] }, 'pkg.q.Other': { aliases: [] } } });
    const made = (id: string, name: string) => cls(id, ['builtins.tuple'], [], { name, origin: 'dynamic' });
    const m = model([cls('pkg.q.Info', ['pkg.q.Info<namedtuple>']), made('pkg.q.Info<namedtuple>', 'Info'),
      cls('pkg.q.Other', ['pkg.q.Wrong<namedtuple>']), made('pkg.q.Wrong<namedtuple>', 'Wrong')]);
    const { precision } = compareInheritanceEdges(m, t);
    expect(precision).toMatchObject({ matched: 1, total: 2 });
    expect(precision.mismatches[0]).toMatchObject({ kind: 'extra-edge', id: 'pkg.q.Other' });
  });
});

describe('parameters', () => {
  it('parses simple literals from source text and repr alike', () => {
    expect(parseSimpleLiteral('None')).toEqual({ type: 'none' });
    expect(parseSimpleLiteral('-0x10')).toEqual({ type: 'int', value: -16n });
    expect(parseSimpleLiteral('1_000')).toEqual({ type: 'int', value: 1000n });
    expect(parseSimpleLiteral('2.5e1')).toEqual({ type: 'float', value: 25 });
    expect(parseSimpleLiteral('"a\\nb"')).toEqual({ type: 'str', value: 'a\nb' });
    expect(parseSimpleLiteral("u'x'")).toEqual({ type: 'str', value: 'x' });
    expect(parseSimpleLiteral("r'\\d+'")).toEqual({ type: 'str', value: '\\d+' });
    expect(parseSimpleLiteral("'a' 'b'")).toBeUndefined();
    expect(parseSimpleLiteral('DEFAULT_PORT')).toBeUndefined();
    expect(parseSimpleLiteral('0777')).toBeUndefined();
  });

  it('compares names, kinds, default presence and simple default values', () => {
    const t = [tparam('self'), tparam('host', { hasDefault: true, defaultLiteral: '', defaultRepr: "''", defaultType: 'str' }), tparam('args', { kind: 'var-positional' })];
    const ok: ParameterInfo[] = [{ name: 'self', kind: 'positional-or-keyword' }, { name: 'host', kind: 'positional-or-keyword', default: '""' }, { name: 'args', kind: 'var-positional' }];
    expect(parameterDifference(t, ok)).toBeNull();
    expect(parameterDifference(t, ok.slice(0, 2))?.kind).toBe('wrong-parameter-names');
    expect(parameterDifference(t, [ok[0], ok[1], { name: 'args', kind: 'var-keyword' }])?.kind).toBe('wrong-parameter-kind');
    expect(parameterDifference(t, [ok[0], { name: 'host', kind: 'positional-or-keyword' }, ok[2]])?.kind).toBe('wrong-default-presence');
    expect(parameterDifference(t, [ok[0], { name: 'host', kind: 'positional-or-keyword', default: "'x'" }, ok[2]])?.kind).toBe('wrong-default-value');
    // A name in the source and a value in the interpreter: only presence can be compared.
    expect(parameterDifference(t, [ok[0], { name: 'host', kind: 'positional-or-keyword', default: 'DEFAULT_HOST' }, ok[2]])).toBeNull();
  });

  it('skips aliases and wrappers, counts missing methods, accepts any of several definitions', () => {
    const t = truth([
      tcls('pkg.a.A', [], [
        tmethod('run', [tparam('self')]),
        tmethod('alias', [tparam('self')], { signatureProblem: "function is named 'run'" }),
        tmethod('gone', [tparam('self')]),
        tmethod('size', [tparam('self')], { kind: 'property' }),
      ]),
      tcls('pkg.a.Missing', [], [tmethod('x', [])]),
    ]);
    const m = model([
      cls('pkg.a.A', [], [
        method('run', [{ name: 'self', kind: 'positional-or-keyword' }]),
        method('size', [{ name: 'self', kind: 'positional-or-keyword' }], 'property'),
        method('size', [{ name: 'self', kind: 'positional-or-keyword' }, { name: 'v', kind: 'positional-or-keyword' }], 'property'),
      ]),
    ]);
    const r = compareParameters(m, t);
    expect(r).toMatchObject({ matched: 2, total: 3 });
    expect(r.mismatches[0]).toMatchObject({ kind: 'missing-method', id: 'pkg.a.A.gone' });
  });
});

describe('dispatch tables', () => {
  const t = truth([], {
    dispatchTables: [{ id: 'pkg.d.MAP', module: 'pkg.d', name: 'MAP', entries: [{ key: 'a', target: 'pkg.a.A' }, { key: 'b', target: 'pkg.b.B' }] }],
  });
  const table = (entries: [string, string | null][]): DispatchTable => ({
    id: 'pkg.d.MAP',
    module: 'pkg.d',
    name: 'MAP',
    file: '/x/pkg/d.py',
    line: 1,
    entries: entries.map(([key, target]) => ({ key, target, expression: String(target), line: 1 })),
  });

  it('is exact only when every key and target agree', () => {
    expect(compareDispatchTables(model([], [table([['a', 'pkg.a.A'], ['b', 'pkg.b.B']])]), t)['pkg.d.MAP'].ratio).toBe(1);
    const r = compareDispatchTables(model([], [table([['a', 'pkg.a.A'], ['b', null], ['c', 'pkg.c.C']])]), t)['pkg.d.MAP'];
    expect(r).toMatchObject({ matched: 1, total: 3 });
    expect(r.mismatches.map((x) => x.kind)).toEqual(['wrong-target', 'extra-key']);
  });

  it('reports a table the model lacks', () => {
    expect(compareDispatchTables(model([]), t)['pkg.d.MAP'].mismatches[0].kind).toBe('missing-table');
  });
});

describe('YAML classes', () => {
  const t = truth([], {
    yamlClasses: [
      { id: 'pkg.op.arp.ArpTable', module: 'pkg.op.arp', name: 'ArpTable', runtimeModule: 'pkg.factory.OpTable', runtimeQualname: 'ArpTable', yamlFile: null, bases: ['pkg.factory.optable.OpTable'], mro: [] },
      { id: 'pkg.op.arp.ArpView', module: 'pkg.op.arp', name: 'ArpView', runtimeModule: 'pkg.factory.View', runtimeQualname: 'ArpView', yamlFile: null, bases: ['pkg.factory.view.View'], mro: [] },
      { id: 'pkg.res.user.UserTable', module: 'pkg.res.user', name: 'UserTable', runtimeModule: 'pkg.factory.CfgTable', runtimeQualname: 'UserTable', yamlFile: null, bases: ['pkg.factory.cfgtable.CfgTable', 'pkg.utils.config.Config'], mro: [] },
    ],
  });

  it('needs the class and its bases in order', () => {
    const m = model([
      cls('pkg.op.arp.ArpTable', ['pkg.factory.optable.OpTable'], [], { origin: 'dynamic' }),
      cls('pkg.factory.View.ArpView', ['pkg.factory.table.Table'], [], { origin: 'dynamic', module: 'pkg.factory.View' }),
      cls('pkg.res.user.UserTable', ['pkg.factory.cfgtable.CfgTable'], [], { origin: 'dynamic' }),
    ]);
    const r = compareYamlClasses(m, t);
    expect(r).toMatchObject({ matched: 1, total: 3 });
    expect(r.mismatches.map((x) => `${x.kind} ${x.id}`)).toEqual(['wrong-yaml-bases pkg.op.arp.ArpView', 'wrong-yaml-bases pkg.res.user.UserTable']);
  });
});

describe('report', () => {
  it('prints a figures table and the mismatches', () => {
    const t = truth([tcls('pkg.a.A', ['builtins.Exception'], [tmethod('f', [tparam('self')])])]);
    const r = compareModel(model([cls('pkg.a.A', ['builtins.Exception'], [method('f', [])])]), t);
    expect(r.parameters.ratio).toBe(0);
    expect(formatFigures([r])).toMatch(/\| pkg +\| 100% \(1\/1\)/);
    expect(formatMismatches(r)).toContain('[wrong-parameter-names] pkg.a.A.f: expected (self), got ()');
  });
});

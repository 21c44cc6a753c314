// The view filters on the class model: focus and depths, module globs, members, externals, collapse.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { filterClassModel } from '../../src/analyse/classFilters.js';
import { NetxrayError } from '../../src/errors.js';
import type { ClassModel } from '../../src/model/classModel.js';
import { parseClassModel } from '../../src/model/validateClassModel.js';

function loadModel(name: string): ClassModel {
  const path = fileURLToPath(new URL(`../fixtures/models/${name}.json`, import.meta.url));
  return parseClassModel(readFileSync(path, 'utf8'), path);
}

const ids = (model: ClassModel) => model.classes.map((cls) => cls.id);
const packages = loadModel('packages');

describe('focus', () => {
  it('keeps every ancestor and the direct subclasses by default', () => {
    const view = filterClassModel(packages, { focus: 'net.base.BaseConnection' });
    expect(ids(view)).toEqual(['net.base.BaseConnection', 'net.cisco.base.CiscoBase', 'net.juniper.junos.JunosSSH', 'builtins.object']);
    expect(view.view?.filters).toMatchObject({ focus: 'net.base.BaseConnection', descendants: 1 });
    expect(view.view?.filters.ancestors).toBeUndefined();
  });

  it('follows the depths asked for', () => {
    const view = filterClassModel(packages, { focus: 'CiscoBase', ancestors: 1, descendants: 0 });
    expect(ids(view)).toEqual(['net.base.BaseConnection', 'net.cisco.base.CiscoBase']);
    // The grandparent is gone but still named, so a renderer can hint at it.
    expect(view.view?.hiddenBases.map((hidden) => hidden.id)).toEqual(['builtins.object']);
  });

  it('unlimited descendants reach the grandchildren', () => {
    const view = filterClassModel(packages, { focus: 'BaseConnection', ancestors: 0, descendants: Infinity });
    expect(ids(view)).toHaveLength(7);
    expect(view.view?.filters.descendants).toBeUndefined();
  });

  it('accepts a unique dotted suffix', () => {
    expect(filterClassModel(packages, { focus: 'ios.IosSSH' }).view?.filters.focus).toBe('net.cisco.ios.IosSSH');
  });

  it('names the candidates when a short name is ambiguous', () => {
    const run = () => filterClassModel(loadModel('same-names'), { focus: 'Base' });
    expect(run).toThrow(NetxrayError);
    expect(run).toThrow("focus 'Base' is ambiguous: shop.a.Base, shop.b.Base; give the full id");
  });

  it('says so, with similar names, when the class is unknown', () => {
    try {
      filterClassModel(packages, { focus: 'Ios' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NetxrayError);
      expect((error as NetxrayError).code).toBe('bad-input');
      expect((error as Error).message).toBe("focus 'Ios' is not a class in the model; similar: net.cisco.ios.IosSSH, net.cisco.ios.IosTelnet");
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('rejects depths without a focus and negative depths', () => {
    expect(() => filterClassModel(packages, { descendants: 2 })).toThrow('need a focus');
    expect(() => filterClassModel(packages, { focus: 'CiscoBase', ancestors: -1 })).toThrow(NetxrayError);
  });

  it('drops dispatch entries to classes outside the focus', () => {
    const view = filterClassModel(packages, { focus: 'JunosSSH' });
    expect(view.dispatchTables).toHaveLength(1);
    expect(view.dispatchTables[0].entries.map((entry) => entry.key)).toEqual(['juniper']);
  });
});

describe('module globs', () => {
  it('* is one name part, ** any number', () => {
    expect(ids(filterClassModel(packages, { include: ['net.cisco.*'] }))).toEqual([
      'net.cisco.base.CiscoBase', 'net.cisco.ios.IosSSH', 'net.cisco.ios.IosTelnet', 'net.cisco.nxos.NxosSSH',
    ]);
    expect(ids(filterClassModel(packages, { include: ['net.*'] }))).toEqual(['net.base.BaseConnection']);
    expect(ids(filterClassModel(packages, { include: ['net.**'] }))).toHaveLength(7);
  });

  it('exclude wins over include', () => {
    const view = filterClassModel(packages, { include: ['net.**'], exclude: ['net.cisco.**'] });
    expect(ids(view)).toEqual(['net.base.BaseConnection', 'net.juniper.junos.JunosSSH', 'net.juniper.junos.JunosTelnet']);
  });

  it('apply to dispatch tables too, by the module that defines them', () => {
    expect(filterClassModel(packages, { exclude: ['net.dispatch'] }).dispatchTables).toEqual([]);
  });

  it('drop a table whose resolved targets are all filtered out', () => {
    const view = filterClassModel(packages, { include: ['net.base', 'net.dispatch'] });
    expect(view.dispatchTables).toEqual([]);
  });
});

describe('members', () => {
  const model = loadModel('same-names');
  const base = (view: ClassModel) => view.classes.find((cls) => cls.id === 'shop.a.Base')!;

  it('all keeps everything and is the default', () => {
    expect(base(filterClassModel(model, {})).methods).toHaveLength(5);
  });

  it('public keeps names without a leading underscore and __init__', () => {
    const view = base(filterClassModel(model, { members: 'public' }));
    expect(view.methods.map((method) => method.name)).toEqual(['__init__', 'connect']);
    expect(view.attributes.map((attribute) => attribute.name)).toEqual(['name']);
  });

  it('none keeps no members', () => {
    const view = base(filterClassModel(model, { members: 'none' }));
    expect([view.methods, view.attributes, view.inheritedMethods]).toEqual([[], [], []]);
  });

  it('leaves the input model alone', () => {
    filterClassModel(model, { members: 'none' });
    expect(base(model).methods).toHaveLength(5);
  });
});

describe('externals', () => {
  const model = loadModel('externals');

  it('hidden: external classes go, the bases that named them are kept as hints', () => {
    const view = filterClassModel(model, { externals: false });
    expect(view.classes.every((cls) => !cls.external)).toBe(true);
    const ssh = view.classes.find((cls) => cls.id === 'netdev.ssh.SSHConnection')!;
    expect(ssh.bases.map((base) => base.id)).toEqual(['netdev.base.BaseConnection', 'paramiko.client.SSHClient']);
    expect(view.view?.hiddenBases).toEqual([
      { id: 'builtins.object', name: 'object', module: 'builtins', external: true, origin: 'source' },
      { id: 'paramiko.client.SSHClient', name: 'SSHClient', module: 'paramiko.client', external: true, origin: 'source' },
      { id: '_speedups.Accel', name: 'Accel', module: '_speedups', external: true, origin: 'unresolved' },
    ]);
  });

  it('a model filtered twice still knows its hidden bases', () => {
    const twice = filterClassModel(filterClassModel(model, { externals: false }), { members: 'none' });
    expect(twice.view?.hiddenBases.map((hidden) => hidden.id)).toContain('paramiko.client.SSHClient');
  });

  it('unresolved bases (no id) are not hidden bases: they were never classes', () => {
    const view = filterClassModel(model, { externals: false });
    expect(view.view?.hiddenBases.map((hidden) => hidden.id)).not.toContain(null);
  });
});

describe('collapse', () => {
  it('one node per package at the depth asked, edges counted', () => {
    const view = filterClassModel(packages, { collapse: 2 }).view!;
    expect(view.packages).toEqual([
      { id: 'net.base', classes: 1, external: false },
      { id: 'net.cisco', classes: 4, external: false },
      { id: 'net.juniper', classes: 2, external: false },
      { id: 'builtins', classes: 1, external: true },
      { id: 'net.dispatch', classes: 0, external: false },
    ]);
    expect(view.packageEdges).toEqual([
      { from: 'net.base', to: 'builtins', kind: 'inheritance', count: 1 },
      { from: 'net.cisco', to: 'net.base', kind: 'inheritance', count: 1 },
      { from: 'net.juniper', to: 'net.base', kind: 'inheritance', count: 1 },
      { from: 'net.dispatch', to: 'net.cisco', kind: 'dispatch', count: 3 },
      { from: 'net.dispatch', to: 'net.juniper', kind: 'dispatch', count: 1 },
    ]);
  });

  it('depth 3 splits vendors into modules, and counts links that cross them', () => {
    const view = filterClassModel(packages, { collapse: 3, externals: false }).view!;
    expect(view.packages?.find((pkg) => pkg.id === 'net.cisco.ios')?.classes).toBe(2);
    expect(view.packageEdges).toContainEqual({ from: 'net.cisco.ios', to: 'net.cisco.base', kind: 'inheritance', count: 2 });
  });

  it('works after the other filters', () => {
    const view = filterClassModel(packages, { collapse: 1, externals: false }).view!;
    expect(view.packages).toEqual([{ id: 'net', classes: 7, external: false }]);
    expect(view.packageEdges).toEqual([]);
  });

  it('rejects a depth below 1', () => {
    expect(() => filterClassModel(packages, { collapse: 0 })).toThrow(NetxrayError);
  });
});

describe('empty model', () => {
  it('filters to an empty view', () => {
    const view = filterClassModel(loadModel('empty'), { members: 'public', externals: false, collapse: 1 });
    expect(view.classes).toEqual([]);
    expect(view.view?.packages).toEqual([]);
  });
});

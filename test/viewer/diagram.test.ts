// The diagram module the renderers and the viewer share: which boxes a view shows, and how members read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClassModel } from '../../src/model/classModel.js';
import { parseClassModel } from '../../src/model/validateClassModel.js';
import { buildView, focusSet, formatMethod, indexModel, initialViewState, mainHierarchy, READABLE_BOXES, type ViewState } from '../../src/viewer/diagram.js';
import { unmodule, viewerScript } from '../../src/viewer/bundle.js';

const fixture = (name: string): ClassModel => {
  const path = new URL(`../fixtures/models/${name}.json`, import.meta.url);
  return parseClassModel(readFileSync(path, 'utf8'), path.pathname);
};
const ALL: ViewState = { focus: null, depth: 0, members: 'all', expanded: null, dispatch: false };
const idOf = (model: ClassModel, name: string) => model.classes.find((c) => c.name === name)!.id;

describe('views', () => {
  const model = fixture('packages');
  const index = indexModel(model);

  it('shows every class but object when every package is open, without links to object', () => {
    const view = buildView(index, ALL);
    const notObject = model.classes.filter((c) => c.id !== 'builtins.object');
    expect(view.shownClasses).toBe(notObject.length);
    expect(view.links.length).toBe(notObject.reduce((n, c) => n + c.bases.filter((b) => b.id && b.id !== 'builtins.object').length, 0));
  });

  it('a focused view draws the whole base chain, object included', () => {
    const view = buildView(index, { ...ALL, focus: idOf(model, 'IosSSH') });
    expect(view.boxOf['builtins.object']).toBeDefined();
    expect(view.links.some((l) => l.target === view.boxOf['builtins.object'])).toBe(true);
  });

  it('focus: ancestors and descendants within the depth', () => {
    const cisco = idOf(model, 'CiscoBase');
    const names = (ids: Set<string>) => [...ids].map((id) => model.classes.find((c) => c.id === id)!.name).sort();
    expect(names(focusSet(index, cisco, 1))).toEqual(['BaseConnection', 'CiscoBase', 'IosSSH', 'IosTelnet', 'NxosSSH']);
    expect(names(focusSet(index, cisco, 0))).toContain('object');
    expect(names(focusSet(index, cisco, 0))).not.toContain('JunosSSH');
  });

  it('closed packages become one box each, with their links summed up', () => {
    const view = buildView(index, { ...ALL, expanded: [] });
    const packages = view.boxes.filter((b) => b.kind === 'package').map((b) => b.ref);
    expect(packages).toContain('net.cisco');
    expect(view.boxes.find((b) => b.ref === 'net.cisco')!.subtitle).toMatch(/^4 classes/);
    expect(view.shownClasses).toBeLessThan(model.classes.length);
    expect(new Set(view.links.map((l) => l.source + '>' + l.target)).size).toBe(view.links.length);
  });

  it('draws dispatch tables as boxes only when asked', () => {
    expect(buildView(index, ALL).boxes.some((b) => b.kind === 'dispatch')).toBe(false);
    expect(buildView(index, { ...ALL, dispatch: true }).boxes.some((b) => b.kind === 'dispatch')).toBe(true);
  });

  it('opens small models whole, big ones on their main hierarchy, and unrelated classes on their packages', () => {
    expect(initialViewState(model).expanded).toBeNull();
    expect(initialViewState(model).focus).toBeNull();
    const big: ClassModel = { ...model, classes: Array.from({ length: 200 }, (_, i) => ({ ...model.classes[0], id: `net.x${i}.C`, module: `net.x${i}`, bases: [] })) };
    expect(initialViewState(big).expanded).toEqual([]);
    expect(initialViewState(big).focus).toBeNull();
  });

  it('the main hierarchy is the biggest tree of the package, as deep as stays readable', () => {
    const main = mainHierarchy(index)!;
    expect(index.byId.get(main.root)!.name).toBe('BaseConnection');
    expect(focusSet(index, main.root, 0, main.descendants).size).toBeLessThanOrEqual(READABLE_BOXES);
    // Selecting a class shows all its ancestors and its direct subclasses only.
    const chain = focusSet(index, idOf(model, 'CiscoBase'), 0, 1);
    expect([...chain].map((id) => index.byId.get(id)!.name).sort()).toEqual(['BaseConnection', 'CiscoBase', 'IosSSH', 'IosTelnet', 'NxosSSH', 'object']);
  });
});

describe('members', () => {
  it('reads like Python: no self, markers for keyword-only and positional-only', () => {
    const model = fixture('same-names');
    const methods = model.classes.flatMap((c) => c.methods);
    const texts = methods.map(formatMethod);
    expect(texts).toContain('__init__(host: str, port: int = 22, *args, **kwargs)');
    expect(texts.some((t) => t.includes('(user, *, password=None)'))).toBe(true);
    expect(texts.every((t) => !t.includes('self'))).toBe(true);
  });

  it('caps long compartments in the viewer, with a row that says how many more', () => {
    const model = fixture('same-names');
    const view = buildView(indexModel(model), { ...ALL, maxRows: 2 });
    const rows = view.boxes.flatMap((b) => b.compartments.flat());
    expect(rows.every((r) => r.tone !== 'more' || /^… \d+ more (methods|attributes)$/.test(r.text))).toBe(true);
    expect(view.boxes.every((b) => b.compartments.every((c) => c.length <= 2))).toBe(true);
  });
});

describe('viewer script', () => {
  it('is one classic script: no import or export left', async () => {
    const script = await viewerScript();
    expect(script).not.toMatch(/^\s*(import|export)\s/m);
    expect(script).toContain('startViewer(engine, first)');
    expect(() => new Function(script)).not.toThrow();
  });

  it('unmodule drops imports and export markers', () => {
    expect(unmodule("import { a } from './a.js';\nexport function f() {}\nexport const x = 1;\nexport {};\n").trim()).toBe('function f() {}\nconst x = 1;');
  });
});

// The class diff's rules on test/fixtures/diff (two versions of a small package, each change commented with its
// rule), analysed from source like any package; and a package diffed with itself.
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffClassModels } from '../../src/analyse/classDiff/index.js';
import { BREAKING_RULES } from '../../src/analyse/classDiff/breakingRules.js';
import { compareParameters, normaliseDefault } from '../../src/analyse/classDiff/compareSignatures.js';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import type { ClassChange, ClassDiff } from '../../src/model/classDiff.js';
import type { ClassModel, ParameterInfo } from '../../src/model/classModel.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/diff');
const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';

let v1: ClassModel;
let v2: ClassModel;
let diff: ClassDiff;

beforeAll(async () => {
  [v1, v2] = await Promise.all([
    analyseClasses(`${FIXTURES}/v1/shop`, { python: PYTHON }),
    analyseClasses(`${FIXTURES}/v2/shop`, { python: PYTHON }),
  ]);
  diff = diffClassModels(v1, v2);
}, 120_000);

function find(kind: ClassChange['kind'], subject: string, member?: string): ClassChange {
  const change = diff.changes.find((c) => c.kind === kind && c.subject === subject && c.member === member);
  expect(change, `${kind} ${subject} ${member ?? ''} in ${JSON.stringify(diff.changes.map((c) => [c.kind, c.subject, c.member]))}`).toBeDefined();
  return change!;
}

function parameterRules(member: string): string[] {
  return (find('signature-changed', 'shop.Client', member).parameters ?? []).map((p) => `${p.kind} ${p.parameter} ${p.rule}`);
}

describe('class-level changes', () => {
  it('reports added, removed and moved classes; a moved class says how it was matched', () => {
    expect(find('class-added', 'shop.New')).toMatchObject({ breaking: false, rule: 'class-added' });
    expect(find('class-removed', 'shop.Removed')).toMatchObject({ breaking: true, rule: 'class-removed' });
    expect(find('class-moved', 'shop.sub.Mover')).toMatchObject({ oldSubject: 'shop.Mover', breaking: true, match: { by: 'name', similarity: 1 } });
  });

  it('reports a lost ancestor as breaking, and takes `class A(object)` -> `class A:` for no change', () => {
    expect(find('bases-changed', 'shop.Client')).toMatchObject({ old: 'shop.Base, shop.Mixin', new: 'shop.Base', breaking: true, rule: 'ancestor-lost' });
    expect(diff.changes.filter((c) => c.subject === 'shop.Base' && c.kind === 'bases-changed')).toEqual([]);
  });
});

describe('members', () => {
  it('tells a removed method from one now inherited from a base', () => {
    expect(find('method-removed', 'shop.Client', 'gone')).toMatchObject({ breaking: true });
    expect(find('method-moved-to-base', 'shop.Client', 'keeps')).toMatchObject({ new: 'shop.Base', breaking: false });
    expect(find('method-added', 'shop.Client', 'added')).toMatchObject({ breaking: false });
    expect(find('method-kind-changed', 'shop.Client', 'becomes_property')).toMatchObject({ old: 'method', new: 'property', breaking: true });
    expect(find('attribute-removed', 'shop.Client', 'legacy')).toMatchObject({ breaking: true });
  });

  it('classifies every parameter change of a signature', () => {
    expect(find('signature-changed', 'shop.Client', 'send')).toMatchObject({ breaking: true, rule: 'signature-incompatible' });
    expect(parameterRules('send')).toEqual([
      'added read_timeout parameter-added-before-positional',
      'default-changed delay default-changed',
      'default-changed max_loops default-changed',
    ]);
    expect(parameterRules('__init__')).toEqual(['added secure parameter-added-optional']);
    expect(find('signature-changed', 'shop.Client', '__init__')).toMatchObject({ breaking: false, rule: 'signature-compatible' });
    expect(parameterRules('fetch')).toEqual(['kind-changed raw kind-widened']);
    expect(parameterRules('upload')).toEqual(['moved src parameter-moved']);
    expect(parameterRules('rename_me')).toEqual(['renamed new_name parameter-renamed-keyword']);
    expect(parameterRules('optional_end')).toEqual(['added b parameter-added-optional']);
    expect(parameterRules('now_required')).toEqual(['default-removed b default-removed']);
  });

  it('reports changes of internal names without calling them breaking', () => {
    const change = find('signature-changed', 'shop.Client', '_internal');
    expect(change).toMatchObject({ breaking: false, rule: 'private-name' });
    expect(change.parameters).toEqual([expect.objectContaining({ kind: 'renamed', breaking: false, rule: 'private-name' })]);
  });

  it('sees no change in re.I -> re.IGNORECASE or 2 -> 2.0', () => {
    expect(diff.changes.filter((c) => c.member === 'flags')).toEqual([]);
  });
});

describe('dispatch tables', () => {
  it('reports keys added, removed and retargeted', () => {
    expect(find('dispatch-key-added', 'shop.MAPPER', 'new')).toMatchObject({ new: 'shop.Client', breaking: false });
    expect(find('dispatch-key-removed', 'shop.MAPPER', 'gone')).toMatchObject({ old: 'shop.Removed', breaking: true });
    expect(find('dispatch-key-retargeted', 'shop.MAPPER', 'old')).toMatchObject({ old: 'shop.Client', new: 'shop.New', breaking: true, rule: 'dispatch-key-other-class' });
  });
});

describe('the diff as a whole', () => {
  it('puts breaking changes first, counts every kind and explains every rule it names', () => {
    const firstNonBreaking = diff.changes.findIndex((c) => !c.breaking);
    expect(diff.changes.slice(firstNonBreaking).every((c) => !c.breaking)).toBe(true);
    expect(diff.summary.breaking).toBe(firstNonBreaking);
    expect(Object.values(diff.summary.byKind).reduce((a, b) => a + b, 0)).toBe(diff.changes.length);
    for (const change of diff.changes) {
      for (const rule of [change.rule, ...(change.parameters ?? []).map((p) => p.rule)]) {
        expect(diff.rules[rule]).toEqual(BREAKING_RULES[rule as keyof typeof BREAKING_RULES]);
      }
    }
  });

  it('finds no change between a package and itself', async () => {
    const again = await analyseClasses(`${FIXTURES}/v2/shop`, { python: PYTHON });
    expect(diffClassModels(v2, again).changes).toEqual([]);
    expect(diffClassModels(v1, v1).summary).toMatchObject({ changes: 0, breaking: 0 });
  });

  it('applies the same view to both sides (--include)', () => {
    const filtered = diffClassModels(v1, v2, { filters: { include: ['shop.sub'] } });
    expect(filtered.changes.map((c) => `${c.kind} ${c.subject}`)).toEqual(['class-added shop.sub.Mover']);
    expect(filtered.filters?.include).toEqual(['shop.sub']);
  });
});

describe('compareParameters', () => {
  const p = (name: string, kind: ParameterInfo['kind'] = 'positional-or-keyword', value?: string): ParameterInfo => ({ name, kind, ...(value === undefined ? {} : { default: value }) });

  it('calls a new required parameter breaking, a new *args or **kwargs not', () => {
    expect(compareParameters([p('a')], [p('a'), p('b')])).toEqual([expect.objectContaining({ kind: 'added', rule: 'parameter-added-required', breaking: true })]);
    expect(compareParameters([p('a')], [p('a'), p('args', 'var-positional'), p('kw', 'var-keyword')]).map((c) => c.rule)).toEqual(['parameter-added-variadic', 'parameter-added-variadic']);
  });

  it('calls positional -> keyword-only narrowing (breaking)', () => {
    expect(compareParameters([p('a')], [p('a', 'keyword-only')])).toEqual([expect.objectContaining({ kind: 'kind-changed', old: 'positional-or-keyword', new: 'keyword-only', breaking: true })]);
  });

  it('lets a positional-only parameter change its name freely (PEP 570)', () => {
    expect(compareParameters([p('a', 'positional-only')], [p('b', 'positional-only')])).toEqual([expect.objectContaining({ kind: 'renamed', breaking: false })]);
  });

  it('spells defaults one way', () => {
    expect(normaliseDefault("'x'")).toBe(normaliseDefault('"x"'));
    expect(normaliseDefault('1_000')).toBe(normaliseDefault('1000.0'));
    expect(normaliseDefault('(1, 2,)')).toBe(normaliseDefault('(1,2)'));
    expect(normaliseDefault('re.M')).toBe(normaliseDefault('re.MULTILINE'));
    expect(normaliseDefault('1')).not.toBe(normaliseDefault('None'));
  });
});

describe('the diff formats registry', () => {
  it('describes the lazily loaded html format as its module does', async () => {
    const { diffRenderers } = await import('../../src/render/diff/index.js');
    const { htmlDiffRenderer } = await import('../../src/render/diff/html.js');
    const listed = diffRenderers.find((renderer) => renderer.format === 'html')!;
    expect({ ...listed, render: undefined }).toEqual({ ...htmlDiffRenderer, render: undefined });
    expect(diffRenderers.map((renderer) => renderer.format)).toEqual(['text', 'json', 'markdown', 'html']);
  });
});

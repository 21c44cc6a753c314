// Format details the shared conformance cases cannot state: node ids, escaping, colour, Graphviz accepting the DOT.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { filterClassModel } from '../../src/analyse/classFilters.js';
import { createNodeIds } from '../../src/render/classes/_ids.js';
import { formatParameters } from '../../src/render/classes/_labels.js';
import { renderDot } from '../../src/render/classes/dot.js';
import { escapeMermaid, renderMermaid } from '../../src/render/classes/mermaid.js';
import { escapePlantUml } from '../../src/render/classes/plantuml.js';
import { renderTree } from '../../src/render/classes/tree.js';
import { viewCases, viewOf } from './_cases.js';
import { loadModel } from './_models.js';

describe('node ids', () => {
  it('keep ids that sanitise alike apart', () => {
    const nodeId = createNodeIds();
    expect(nodeId('a.b_c')).toBe('a_b_c');
    expect(nodeId('a_b.c')).toBe('a_b_c_2');
    expect(nodeId('a.b_c')).toBe('a_b_c');
    expect(nodeId('1st.X')).toBe('_1st_X');
  });

  it('mermaid gives same-named classes their own nodes', () => {
    const output = renderMermaid(loadModel('same-names'));
    expect(output).toContain('class shop_a_Base["a.Base"]');
    expect(output).toContain('class shop_b_Base["b.Base"]');
    expect(output).toContain('shop_a_Base <|-- shop_b_Base');
  });
});

describe('escaping', () => {
  it('mermaid: markdown, generics, braces and member markers lose their meaning', () => {
    expect(escapeMermaid('__init__')).toBe('#95;#95;init#95;#95;');
    expect(escapeMermaid('{}')).toBe('#123;#125;');
    expect(escapeMermaid('a~b~')).toBe('a#126;b#126;');
    expect(escapeMermaid('x$')).toBe('x#36;');
  });

  it('plantuml: creole pairs are escaped, single characters left alone', () => {
    expect(escapePlantUml('**kwargs')).toBe('~*~*kwargs');
    expect(escapePlantUml('__init__')).toBe('~_~_init~_~_');
    expect(escapePlantUml('*args, a_b')).toBe('*args, a_b');
  });
});

describe('parameters', () => {
  it('mark positional-only and keyword-only, and drop self only for bound methods', () => {
    const model = loadModel('externals');
    const methods = new Map(model.classes[0].methods.map((method) => [method.name, method]));
    expect(formatParameters(methods.get('from_dict')!)).toBe('data: dict, /, strict=True');
    expect(formatParameters(methods.get('normalize')!)).toBe("text='{x}'");
  });
});

describe('source text over several lines', () => {
  it('is drawn on one line, so no format breaks', () => {
    const model = loadModel('externals');
    const base = model.classes[0];
    base.methods[0].parameters[1].annotation = 'Dict[\n    str,\n    int]';
    base.bases.push({ expression: 'Generic[\n    T]', id: null });
    const mermaid = renderMermaid(model);
    expect(mermaid).toContain('command: Dict[ str, int]');
    expect(mermaid).toContain('Generic[ T]');
    expect(renderTree(model)).toContain('Generic[ T]  [unresolved]');
  });
});

describe('tree colour', () => {
  const model = loadModel('same-names');

  it('has no escape codes unless asked', () => {
    expect(renderTree(model)).not.toContain('\x1b[');
    expect(renderTree(model, { color: false })).not.toContain('\x1b[');
  });

  it('dims modules and members when asked', () => {
    const coloured = renderTree(model, { color: true });
    expect(coloured).toContain('\x1b[2m(shop.b)\x1b[22m');
    const withoutCodes = coloured.split('\x1b[').map((part, index) => (index === 0 ? part : part.replace(/^[\d;]+m/, ''))).join('');
    expect(withoutCodes).toBe(renderTree(model));
  });

  it('puts a class with two shown bases under the first and points to it from the second', () => {
    const output = renderTree(filterClassModel(model, { members: 'none' }));
    expect(output).toContain('Mixed  (shop.c)');
    expect(output).toContain('Mixed  ↑ shown under Child');
  });
});

// graphviz is installed by the test set-up (scripts/install-deps.sh): without it these fail rather than skip.
const dot = '/usr/bin/dot';
describe('graphviz accepts the DOT output', () => {
  it.each(viewCases.map((viewCase) => [viewCase.name, viewCase] as const))('%s', (_name, viewCase) => {
    const svg = execFileSync(dot, ['-Tsvg'], { input: renderDot(viewOf(viewCase)), encoding: 'utf8' });
    expect(svg).toContain('<svg');
  });
});

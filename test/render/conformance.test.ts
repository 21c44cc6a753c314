// One list of cases every registered text format must pass; a format lists the cases it skips, with the reason.
import { describe, expect, it } from 'vitest';
import { filterClassModel, type ClassFilterOptions } from '../../src/analyse/classFilters.js';
import { classRenderers } from '../../src/render/index.js';
import { loadModel } from './_models.js';

interface ConformanceCase {
  fixture: string;
  filters?: ClassFilterOptions;
  title?: string;
  /** Text a reader must see in the output (after the format's escapes are undone). */
  shows?: string[];
  /** Text a reader must not see. */
  hides?: string[];
}

const cases: Record<string, ConformanceCase> = {
  'draws every class': {
    fixture: 'same-names',
    shows: ['Child', 'Mixed'],
  },
  'tells same-named classes apart': {
    fixture: 'same-names',
    shows: ['a.Base', 'b.Base'],
  },
  'members all: private, mangled and dunder names': {
    fixture: 'same-names',
    filters: { members: 'all' },
    shows: ['_login', '__secret', '__repr__', '_cache', '__token'],
  },
  'members public: no underscore names except __init__': {
    fixture: 'same-names',
    filters: { members: 'public' },
    shows: ['__init__', 'connect', 'name'],
    hides: ['_login', '__secret', '__repr__', '_cache', '__token'],
  },
  'members none: no members at all': {
    fixture: 'same-names',
    filters: { members: 'none' },
    shows: ['Child'],
    hides: ['connect', '__init__', '_cache'],
  },
  'parameters: annotations, defaults, *args, **kwargs, no self': {
    fixture: 'same-names',
    shows: ['(host: str, port: int = 22, *args, **kwargs)', '(user, *, password=None)'],
    hides: ['self'],
  },
  'parameters: positional-only and keyword-only markers': {
    fixture: 'externals',
    shows: ['(data: dict, /, strict=True)', '(command: str, *, expect: Optional[str] = None, delay=0.5)'],
  },
  'generic annotations and braces survive escaping': {
    fixture: 'externals',
    shows: ['Union[str, List[Dict[str, Any]]]', "text='{x}'"],
  },
  'external classes are marked': {
    fixture: 'externals',
    shows: ['SSHClient', 'external', 'hostname'],
  },
  'externals hidden: their members go, a hint names the base': {
    fixture: 'externals',
    filters: { externals: false },
    shows: ['paramiko.client.SSHClient', 'hidden', '_speedups.Accel'],
    hides: ['hostname', 'builtins'],
  },
  'unresolved bases are named': {
    fixture: 'externals',
    shows: ['fancy_lib.Mixin', 'unresolved', 'Accel'],
  },
  'dynamic classes show where they come from': {
    fixture: 'dynamic',
    shows: ['RouteTable', 'dynamic', 'routes.yml:3', 'junos.factory.FactoryLoader', 'lldp.py:7'],
  },
  'dispatch tables show their keys': {
    fixture: 'dynamic',
    shows: ['CLASS_MAPPER', 'routes', 'base_table', 'legacy', 'old_mod.Thing'],
  },
  'focus: the class, its bases, its direct subclasses': {
    fixture: 'packages',
    filters: { focus: 'CiscoBase' },
    shows: ['CiscoBase', 'BaseConnection', 'IosSSH', 'NxosSSH'],
    hides: ['JunosSSH', 'juniper'],
  },
  'collapse: packages with class counts instead of classes': {
    fixture: 'packages',
    filters: { collapse: 2 },
    shows: ['net.cisco', '4 classes', 'net.juniper', 'net.dispatch', 'dispatch ×3', 'inherits ×1'],
    hides: ['IosTelnet', 'CiscoBase'],
  },
  'empty model says so': {
    fixture: 'empty',
    shows: ['No classes to show'],
  },
  'title is shown': {
    fixture: 'same-names',
    title: 'shop classes',
    shows: ['shop classes'],
  },
};

interface FormatEntry {
  /** The output as a reader sees it: the format's own escapes undone. */
  visible(output: string): string;
  skips: Record<string, string>;
}

const decodeEntities = (text: string) =>
  text
    .replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

const formats: Record<string, FormatEntry> = {
  json: {
    visible: (output) => output,
    skips: {
      'parameters: annotations, defaults, *args, **kwargs, no self': 'the model keeps parameters as data, self included',
      'parameters: positional-only and keyword-only markers': 'the model keeps parameter kinds as data',
      'generic annotations and braces survive escaping': 'JSON escapes quotes its own way',
      'externals hidden: their members go, a hint names the base': 'the model still lists every module read, builtins included',
      'collapse: packages with class counts instead of classes': 'the model keeps the classes and adds view.packages',
      'empty model says so': 'an empty model is a valid model, not a message',
      'title is shown': 'the model has no title; the target names it',
      'focus: the class, its bases, its direct subclasses': 'the model still lists every module read, juniper included',
      'dynamic classes show where they come from': 'the model keeps the full provenance path instead of a short form',
    },
  },
  mermaid: { visible: decodeEntities, skips: {} },
  plantuml: { visible: (output) => output.replace(/~(.)/g, '$1'), skips: {} },
  dot: { visible: (output) => decodeEntities(output).replace(/\\n/g, '\n'), skips: {} },
  tree: { visible: (output) => output, skips: {} },
  svg: { visible: (output) => decodeEntities(output.replace(/<[^>]+>/g, '\n')), skips: {} },
  html: {
    visible: (output) => output,
    skips: Object.fromEntries(Object.keys(cases).map((name) => [name,
      'the page embeds the model and draws it in the browser: test/viewer/viewer.browser.test.ts checks what it shows'])),
  },
};

const textRenderers = classRenderers.filter((renderer) => !renderer.binary);

for (const renderer of textRenderers) {
  const entry = formats[renderer.format];
  describe(`${renderer.format} conformance`, () => {
    if (!entry) {
      it.skip(`has no entry in test/render/conformance.test.ts: add one (visible text + skips) to check it`, () => {});
      return;
    }
    for (const [name, testCase] of Object.entries(cases)) {
      const reason = entry.skips[name];
      if (reason) {
        it.skip(`${name} (skipped: ${reason})`, () => {});
        continue;
      }
      it(name, async () => {
        const model = filterClassModel(loadModel(testCase.fixture), testCase.filters ?? {});
        const output = await renderer.render(model, { title: testCase.title });
        expect(typeof output).toBe('string');
        const text = entry.visible(output as string);
        for (const expected of testCase.shows ?? []) expect(text).toContain(expected);
        for (const unexpected of testCase.hides ?? []) expect(text).not.toContain(unexpected);
      });
    }
  });
}

describe('conformance suite', () => {
  it('every skip names a case that exists', () => {
    for (const entry of Object.values(formats)) {
      for (const name of Object.keys(entry.skips)) expect(Object.keys(cases)).toContain(name);
    }
  });
});

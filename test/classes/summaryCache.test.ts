// Module summaries kept between runs: a later run over unchanged files gets the model a first run got, a changed
// file, another build or another module name is summarised again, and what is kept is the summary as made (the
// analysis changes summaries after reading them). Real files, the real parser, Debian's python3 for sys.path.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import { pythonParser } from '../../src/collect/python/parser.js';
import { summariseFile } from '../../src/collect/python/summariseFile.js';
import { SummaryCache, type SummaryCacheOptions } from '../../src/collect/python/summaryCache.js';
import type { ClassModel } from '../../src/model/classModel.js';

const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
let root: string;
let cacheDir: string;
let pkg: string;
let options: SummaryCacheOptions;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'netxray-summaries-'));
});

beforeEach(() => {
  cacheDir = join(root, 'cache');
  rmSync(cacheDir, { recursive: true, force: true });
  pkg = join(root, 'shop');
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(pkg);
  writeFileSync(join(pkg, '__init__.py'), 'from .orders import Order\n');
  // OrderedDict's module (collections) is read on demand from sys.path: external modules are kept too.
  writeFileSync(join(pkg, 'orders.py'), [
    'from collections import OrderedDict',
    'try:',
    '    from shop_speedups import Fast',
    'except ImportError:',
    '    class Fast(object):',
    '        pass',
    'class Order(OrderedDict):',
    '    def total(self, tax=0):',
    '        return 0',
    '',
  ].join('\n'));
  options = { env: { NETXRAY_CACHE_DIR: cacheDir }, build: 'test-build' };
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The model without the run's duration, the one field that differs between equal runs. */
const withoutDuration = (model: ClassModel) => ({ ...model, stats: { ...model.stats, durationMs: 0 } });
const analyse = async (summaryCache: SummaryCacheOptions) => withoutDuration(await analyseClasses(pkg, { python: PYTHON, summaryCache }));
const source = (name: string) => ({ module: `shop.${name}`, file: join(pkg, `${name}.py`), isPackage: false });

describe('kept module summaries', () => {
  it('give a later run the model a first run made, with the target and the external modules it read', async () => {
    const uncached = await analyse({ env: { NETXRAY_CACHE_DIR: '' } });
    expect(readdirSync(root)).not.toContain('cache');
    const first = await analyse(options);
    expect(first).toEqual(uncached);
    const store = readdirSync(cacheDir).find((name) => name.startsWith('summaries-'));
    expect(store).toBeDefined();
    const kept = readFileSync(join(cacheDir, store as string), 'utf8');
    expect(kept).toContain('"shop.orders"');
    expect(kept).toMatch(/"collections"/);
    expect(await analyse(options)).toEqual(uncached);
    // Nothing changed: the store is not written again.
    expect(readFileSync(join(cacheDir, store as string), 'utf8')).toBe(kept);
  });

  it('summarises a changed file again', async () => {
    await analyse(options);
    writeFileSync(join(pkg, 'orders.py'), 'class Order(object):\n    pass\nclass Refund(Order):\n    pass\n');
    const changed = await analyse(options);
    expect(changed).toEqual(await analyse({ env: { NETXRAY_CACHE_DIR: '' } }));
    expect(changed.classes.map((cls) => cls.id)).toContain('shop.orders.Refund');
  });

  it('reads an external module no earlier run read, when every module of the target is kept', async () => {
    const site = join(root, 'site');
    mkdirSync(site, { recursive: true });
    rmSync(join(site, 'nx_ledger.py'), { force: true });
    const saved = process.env.PYTHONPATH;
    process.env.PYTHONPATH = site;
    try {
      writeFileSync(join(pkg, 'books.py'), 'from nx_ledger import Ledger\nclass Book(Ledger):\n    pass\n');
      const before = await analyse(options);
      expect(before.modules.map((module) => module.name)).not.toContain('nx_ledger');
      // Installed since: the target's summaries are all kept, nx_ledger's is not.
      writeFileSync(join(site, 'nx_ledger.py'), 'class Ledger(object):\n    pass\n');
      const after = await analyse(options);
      expect(after.modules.find((module) => module.name === 'nx_ledger')?.file).toBe(join(site, 'nx_ledger.py'));
      expect(after).toEqual(await analyse({ env: { NETXRAY_CACHE_DIR: '' } }));
    } finally {
      if (saved === undefined) delete process.env.PYTHONPATH;
      else process.env.PYTHONPATH = saved;
    }
  });

  it('reads again the modules of a damaged store', async () => {
    const uncached = await analyse({ env: { NETXRAY_CACHE_DIR: '' } });
    await analyse(options);
    const store = join(cacheDir, readdirSync(cacheDir).find((name) => name.startsWith('summaries-')) as string);
    const lines = readFileSync(store, 'utf8').split('\n');
    // A summary cut short, and a line that is not one of ours.
    const orders = lines.findIndex((line) => line.includes('shop.orders'));
    lines[orders] = lines[orders].slice(0, -20);
    lines.splice(1, 0, 'not\ta store\tline');
    writeFileSync(store, lines.join('\n'));
    expect(await analyse(options)).toEqual(uncached);
    expect(await analyse(options)).toEqual(uncached);
  });

  it('is answered for unchanged files of the same build, module name and Node only', async () => {
    const parser = await pythonParser();
    const made = summariseFile(parser, source('orders'));
    const cache = SummaryCache.open('shop', options);
    expect(cache?.take(source('orders'))).toBeUndefined();
    cache?.keep(source('orders'), made);
    cache?.save();

    const again = SummaryCache.open('shop', options);
    expect(again?.take(source('orders'))).toEqual(made);
    expect(again?.take({ ...source('orders'), module: 'other.orders' })).toBeUndefined();
    expect([again?.hits, again?.misses]).toEqual([1, 1]);
    expect(SummaryCache.open('shop', { ...options, build: 'another-build' })?.take(source('orders'))).toBeUndefined();
    expect(SummaryCache.open('shop', { env: { NETXRAY_CACHE_DIR: '' }, build: 'test-build' })).toBeUndefined();
  });

  it('looks files up in one step: the kept ones taken, the others made once, kept, and all given in order', async () => {
    const parser = await pythonParser();
    writeFileSync(join(pkg, 'books.py'), 'class Book(object):\n    pass\n');
    const sources = [source('orders'), source('books')];
    const first = SummaryCache.open('shop', options);
    const ordersOnly = SummaryCache.lookUp(first, [sources[0]]);
    expect(ordersOnly.fresh).toEqual([sources[0]]);
    ordersOnly.complete(ordersOnly.fresh.map((fresh) => summariseFile(parser, fresh)));
    first?.save();

    const again = SummaryCache.lookUp(SummaryCache.open('shop', options), sources);
    expect(again.fresh).toEqual([sources[1]]);
    expect(() => again.complete([])).toThrow(/0 summaries made for 1 files/);
    const summaries = again.complete(again.fresh.map((fresh) => summariseFile(parser, fresh)));
    expect(summaries.map((summary) => summary.classes.map((raw) => raw.qualname))).toEqual([['Fast', 'Order'], ['Book']]);
    // Without a cache every file is fresh.
    const uncached = SummaryCache.lookUp(undefined, sources);
    expect(uncached.fresh).toEqual(sources);
    expect(uncached.complete(sources.map((fresh) => summariseFile(parser, fresh)))).toEqual(summaries);
  });

  it('takes back and writes back summaries with characters beyond ASCII as they were', async () => {
    const parser = await pythonParser();
    writeFileSync(join(pkg, 'menu.py'), 'class Café(object):\n    """Crème brûlée, 中文, 😀."""\n    def prix(self, été="€"):\n        pass\n');
    const made = summariseFile(parser, source('menu'));
    const cache = SummaryCache.open('shop', options);
    cache?.take(source('menu'));
    cache?.keep(source('menu'), made);
    cache?.save();
    const store = join(cacheDir, readdirSync(cacheDir).find((name) => name.startsWith('summaries-')) as string);
    const kept = readFileSync(store);
    // A later run that takes the kept line and adds another writes the kept line back byte for byte.
    const again = SummaryCache.open('shop', options);
    expect(again?.take(source('menu'))).toEqual(made);
    expect(again?.take(source('orders'))).toBeUndefined();
    again?.keep(source('orders'), summariseFile(parser, source('orders')));
    again?.save();
    const rewritten = readFileSync(store);
    expect(rewritten.subarray(0, kept.length).equals(kept)).toBe(true);
    expect(SummaryCache.open('shop', options)?.take(source('menu'))?.classes[0].doc).toBe('Crème brûlée, 中文, 😀.');
  });

  it('keeps a summary as it was made, not as the analysis changed it afterwards', async () => {
    const made = summariseFile(await pythonParser(), source('orders'));
    const classes = made.classes.map((raw) => raw.qualname);
    expect(classes).toEqual(['Fast', 'Order']);
    const cache = SummaryCache.open('shop', options);
    cache?.take(source('orders'));
    cache?.keep(source('orders'), made);
    // As ModuleIndex.settleImportGuards does when the try: import succeeds.
    made.classes = made.classes.filter((raw) => !raw.importGuard);
    cache?.save();
    expect(SummaryCache.open('shop', options)?.take(source('orders'))?.classes.map((raw) => raw.qualname)).toEqual(classes);
  });
});

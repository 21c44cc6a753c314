// A neutron-sized model (3,600 classes in nested packages) in the viewer: it opens on a readable overview,
// search and select still work, and a view too big to lay out is refused with a message instead of freezing the page.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLASS_MODEL_SCHEMA, CLASS_MODEL_VERSION, type ClassInfo, type ClassModel, type ModuleInfo } from '../../src/model/classModel.js';
import { htmlRenderer } from '../../src/render/classes/html.js';
import { artifactPath, launchBrowser, type Browser } from './_browser.js';

/** big.{area}.{part}.mod{m}.Class{i}: 12 areas × 6 parts × 5 modules × 10 classes = 3,600, each inheriting from its module's first class or from big.base.Base. */
function bigModel(): ClassModel {
  const modules: ModuleInfo[] = [{ name: 'big', file: '/big/__init__.py', isPackage: true, external: false },
    { name: 'big.base', file: '/big/base.py', isPackage: false, external: false }];
  const cls = (id: string, module: string, bases: string[]): ClassInfo => ({
    id, name: id.slice(module.length + 1), qualname: id.slice(module.length + 1), module, file: `/${module.replaceAll('.', '/')}.py`, line: 1,
    origin: 'source', external: false, bases: bases.map((b) => ({ expression: b.split('.').pop()!, id: b })), mro: null, decorators: [],
    methods: [{ name: 'run', kind: 'method', decorators: [], line: 2, async: false, parameters: [{ name: 'self', kind: 'positional-or-keyword' }, { name: 'timeout', kind: 'positional-or-keyword', default: '10' }] }],
    inheritedMethods: [], attributes: [],
  });
  const classes: ClassInfo[] = [cls('big.base.Base', 'big.base', [])];
  for (let a = 0; a < 12; a++) {
    modules.push({ name: `big.area${a}`, file: '', isPackage: true, external: false });
    for (let p = 0; p < 6; p++) {
      modules.push({ name: `big.area${a}.part${p}`, file: '', isPackage: true, external: false });
      for (let m = 0; m < 5; m++) {
        const module = `big.area${a}.part${p}.mod${m}`;
        modules.push({ name: module, file: '', isPackage: false, external: false });
        for (let i = 0; i < 10; i++) {
          classes.push(cls(`${module}.Driver${a}x${p}x${m}x${i}`, module, [i === 0 ? 'big.base.Base' : `${module}.Driver${a}x${p}x${m}x0`]));
        }
      }
    }
  }
  return {
    schema: CLASS_MODEL_SCHEMA, version: CLASS_MODEL_VERSION, generator: { name: 'netxray', version: 'test' },
    target: { spec: 'big', kind: 'package', module: 'big', path: '/big' }, modules, classes, dispatchTables: [], diagnostics: [],
    stats: { files: modules.length, classes: classes.length, externalClasses: 0, dynamicClasses: 0, methods: classes.length, durationMs: 0 },
  };
}

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const path = artifactPath('large.html');
  writeFileSync(path, await htmlRenderer.render(bigModel(), {}));
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pathToFileURL(path).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
});

describe('an empty model in the viewer', () => {
  it('opens and says there is nothing to show', async () => {
    const empty = { ...bigModel(), classes: [], modules: [] };
    const path = artifactPath('empty.html');
    writeFileSync(path, await htmlRenderer.render(empty, {}));
    const other = await browser.context.newPage();
    other.on('pageerror', (error) => errors.push(error.message));
    await other.goto(pathToFileURL(path).href);
    await other.waitForSelector('body[data-ready="true"]');
    expect(await other.textContent('#nx-status')).toContain('No classes to show');
    await other.close();
  });
});

describe('a 3,600-class model in the viewer', () => {
  it('opens on an overview of closed packages', async () => {
    await page.screenshot({ path: artifactPath('large-01-open.png') });
    const packages = await page.$$eval('#nx-viewport .nx-box[data-kind="package"]', (nodes) => nodes.length);
    const boxes = await page.$$eval('#nx-viewport .nx-box', (nodes) => nodes.length);
    expect(packages).toBe(12);
    expect(boxes).toBeLessThan(20);
    // The page reports its own time to interactive; how long that is belongs to `npm run bench`
    // (bench/viewer.bench.mjs), not to a bound a loaded machine can break.
    expect(Number(await page.getAttribute('body', 'data-ready-ms'))).toBeGreaterThan(0);
  });

  it('finds and reveals a class deep in a closed package', async () => {
    await page.fill('#nx-search', 'Driver7x3x2x4');
    await page.press('#nx-search', 'Enter');
    await page.waitForFunction(() => !!document.querySelector('#nx-viewport .nx-box.nx-selected'));
    await page.waitForFunction(() => (document.getElementById('nx-busy') as HTMLElement).hidden);
    expect(await page.$eval('#nx-viewport .nx-box.nx-selected', (g) => (g as SVGGElement).dataset.id)).toBe('big.area7.part3.mod2.Driver7x3x2x4');
    const boxes = await page.$$eval('#nx-viewport .nx-box', (nodes) => nodes.length);
    expect(boxes).toBeLessThan(200);
    await page.screenshot({ path: artifactPath('large-02-selected.png') });
  });

  it('refuses to lay out everything at once, and stays responsive', async () => {
    await page.click('#nx-expand');
    await page.waitForFunction(() => /too many to lay out/.test(document.getElementById('nx-status')?.textContent ?? ''));
    // Responsive: the refusal started no layout, so nothing is left busy and the page still answers.
    expect(await page.evaluate(() => (document.getElementById('nx-busy') as HTMLElement).hidden)).toBe(true);
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await page.click('#nx-focus');
    await page.waitForFunction(() => document.body.dataset.focus === 'big.area7.part3.mod2.Driver7x3x2x4');
    await page.waitForFunction(() => (document.getElementById('nx-busy') as HTMLElement).hidden);
    expect((await page.$$eval('#nx-viewport .nx-box', (nodes) => nodes.map((n) => (n as SVGGElement).dataset.id))).sort())
      .toEqual(['big.area7.part3.mod2.Driver7x3x2x0', 'big.area7.part3.mod2.Driver7x3x2x4', 'big.base.Base']);
    expect(errors).toEqual([]);
  });
});

// `--split` on a package too big for one page (neutron from Debian's python3-neutron): one page per subpackage, every
// class on exactly one page, each page readable at page width (PNG ≤ 4,096 px wide with text ≥ 10 px); Mermaid pages
// within maxTextSize; without -o DIR a one-line error.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import { packagePages } from '../../src/cli/commands/splitPages.js';
import type { ClassModel } from '../../src/model/classModel.js';
import { fitZoom } from '../../src/render/rasterise.js';
import { staticDiagram } from '../../src/render/classes/svg.js';
import { MERMAID_MAX_TEXT, MIN_TEXT_PX, PAGE_WIDTH_PX, SMALLEST_TEXT_PX } from '../../src/render/classes/_readable.js';
import { mermaidRenderer } from '../../src/render/classes/mermaid.js';

const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { netxray: string } }).bin.netxray);

let neutron: ClassModel;
let scratch: string;
beforeAll(async () => {
  neutron = await analyseClasses('neutron', { python: PYTHON });
  scratch = mkdtempSync(join(tmpdir(), 'netxray-split-'));
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const ownIds = (model: ClassModel) => model.classes.filter((c) => !c.external).map((c) => c.id);

describe('--split', () => {
  it('neutron: one page per subpackage, every class on exactly one, each PNG page ≤ 4,096 px wide with text ≥ 10 px', async () => {
    const pages = await packagePages(neutron);
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.map((p) => p.name)).toContain('neutron.agent');
    const drawn = pages.flatMap((p) => ownIds(p.model));
    expect(drawn.length).toBe(new Set(drawn).size);
    expect(new Set(drawn)).toEqual(new Set(ownIds(neutron)));
    // A page is readable, or it is one module (nothing left to split) and the renderer says so in one line.
    const unreadable: string[] = [];
    for (const page of pages) {
      const warnings: string[] = [];
      const { width, height } = await staticDiagram(page.model, { warn: (m) => warnings.push(m) });
      const zoom = fitZoom(width, height, undefined, PAGE_WIDTH_PX);
      expect(width * zoom).toBeLessThanOrEqual(PAGE_WIDTH_PX + 1);
      const readable = zoom * SMALLEST_TEXT_PX >= MIN_TEXT_PX && warnings.length === 0;
      const oneModule = new Set(page.model.classes.filter((c) => !c.external).map((c) => c.module)).size === 1;
      if (!readable && !(oneModule && warnings.length === 1 && !warnings[0].includes('\n'))) unreadable.push(`${page.name} ${width}×${height}: ${warnings.join('; ')}`);
    }
    expect(unreadable).toEqual([]);
  }, 600_000);

  it('neutron Mermaid: split until every page is within maxTextSize', async () => {
    const fits = async (page: ClassModel) => String(await mermaidRenderer.render(page, {})).length <= MERMAID_MAX_TEXT;
    const pages = await packagePages(neutron, fits);
    const over = [];
    for (const page of pages) {
      const oneModule = new Set(page.model.classes.filter((c) => !c.external).map((c) => c.module)).size === 1;
      if (!oneModule && !await fits(page.model)) over.push(page.name);
    }
    expect(over).toEqual([]);
  }, 600_000);

  it('the CLI writes one file per page into -o DIR, and without -o says so in one line', () => {
    const dir = join(scratch, 'jnpr');
    const written = spawnSync(BIN, ['classes', 'jnpr.junos', '--format', 'svg', '--split', '-o', dir, '--python', PYTHON], { encoding: 'utf8', timeout: 300_000 });
    expect(written.status, written.stderr).toBe(0);
    expect(written.stderr).toMatch(/wrote \d+ pages to .*jnpr/);
    const files = readdirSync(dir).sort();
    expect(files).toContain('jnpr.junos.op.svg');
    expect(files.every((f) => f.endsWith('.svg'))).toBe(true);
    expect(existsSync(join(dir, 'jnpr.junos.svg'))).toBe(true);
    const refused = spawnSync(BIN, ['classes', 'jnpr.junos', '--format', 'png', '--split', '--python', PYTHON], { encoding: 'utf8', timeout: 300_000 });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/--split .*-o DIR/);
  }, 600_000);
});

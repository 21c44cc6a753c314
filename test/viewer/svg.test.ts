// The SVG and PNG diagrams: well-formed XML, every class once, nothing overlapping, the UML details a reader expects.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterClassModel } from '../../src/analyse/classFilters.js';
import type { ClassModel } from '../../src/model/classModel.js';
import { parseClassModel } from '../../src/model/validateClassModel.js';
import { pngRenderer } from '../../src/render/classes/png.js';
import { svgRenderer } from '../../src/render/classes/svg.js';
import { MAX_READABLE_WIDTH, PAGE_WIDTH_PX, SMALLEST_TEXT_PX } from '../../src/render/classes/_readable.js';
import { artifactPath, launchBrowser, netmikoModel, type Browser } from './_browser.js';

const fixture = (name: string): ClassModel => {
  const path = new URL(`../fixtures/models/${name}.json`, import.meta.url);
  return parseClassModel(readFileSync(path, 'utf8'), path.pathname);
};

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
});

interface Drawn {
  parseError: string | null;
  classIds: string[];
  packageIds: string[];
  texts: string[];
  problems: string[];
}

/** Parses the SVG as XML (DOMParser, strict), then draws it to measure boxes and texts. */
async function inspect(svg: string): Promise<Drawn> {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const parseError = doc.querySelector('parsererror')?.textContent ?? null;
    document.body.innerHTML = '';
    const root = document.importNode(doc.documentElement, true);
    document.body.appendChild(root);
    const boxes = Array.from(root.querySelectorAll('g.nx-box')) as SVGGElement[];
    const problems: string[] = [];
    const rects = boxes.map((g) => ({ id: g.dataset.id ?? '', r: (g.querySelector('rect.frame') as SVGRectElement).getBoundingClientRect() }));
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i].r;
        const b = rects[j].r;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) problems.push(`overlap ${rects[i].id} / ${rects[j].id}`);
      }
    }
    for (const g of boxes) {
      const frame = (g.querySelector('rect.frame') as SVGRectElement).getBBox();
      for (const t of Array.from(g.querySelectorAll('text'))) {
        const b = t.getBBox();
        if (b.x < frame.x - 0.5 || b.x + b.width > frame.x + frame.width + 0.5) problems.push(`text outside its box: ${t.textContent}`);
      }
    }
    return {
      parseError,
      classIds: boxes.filter((g) => g.dataset.kind === 'class').map((g) => g.dataset.id ?? ''),
      packageIds: boxes.filter((g) => g.dataset.kind === 'package').map((g) => g.dataset.id ?? ''),
      texts: Array.from(root.querySelectorAll('text')).map((t) => t.textContent ?? ''),
      problems,
    };
  }, svg);
}

describe('SVG of real netmiko', () => {
  it('parses as XML, draws every class of a subpackage exactly once, with no overlap and no text outside its box', async () => {
    const model = filterClassModel(await netmikoModel(), { include: ['netmiko.cisco.**', 'netmiko.ssh_dispatcher'] });
    const svg = String(await svgRenderer.render(model, { title: 'netmiko' }));
    writeFileSync(artifactPath('netmiko-cisco.svg'), svg);
    const drawn = await inspect(svg);
    expect(drawn.parseError).toBeNull();
    // object, everyone's base, is drawn only in focused views.
    const drawnClasses = model.classes.filter((c) => c.id !== 'builtins.object');
    expect([...drawn.classIds].sort()).toEqual(drawnClasses.map((c) => c.id).sort());
    for (const c of drawnClasses) expect(svg.split(`data-id="${c.id}"`).length - 1).toBe(1);
    expect(drawn.problems).toEqual([]);
    // The dispatch table is its own box with its keys; signatures are whole.
    expect(svg).toMatch(/class="nx-box dispatch"[^>]*data-id="netmiko\.ssh_dispatcher\.CLASS_MAPPER"/);
    expect(drawn.texts).toContain('cisco_ios → CiscoIosSSH');
    expect(drawn.texts.some((t) => t.startsWith('send_config_set('))).toBe(true);
  });

  // Analyses netmiko, lays it out, draws it in Chromium and renders a PNG: 30 s at load 17, over the suite's 120 s at
  // load 28 (a failed run). Its limit is a hang guard, not a speed check (that is bench/viewer.bench.mjs).
  it('whole netmiko fits a page class by class: its families wrapped into rows, no warning', { timeout: 900_000 }, async () => {
    const model = await netmikoModel();
    const warnings: string[] = [];
    const svg = String(await svgRenderer.render(model, { title: 'netmiko', warn: (m) => warnings.push(m) }));
    writeFileSync(artifactPath('netmiko.svg'), svg);
    const drawn = await inspect(svg);
    expect(drawn.parseError).toBeNull();
    expect(drawn.packageIds).toEqual([]);
    expect(drawn.classIds).toContain('netmiko.base_connection.BaseConnection');
    expect(drawn.classIds).toContain('netmiko.cisco.cisco_ios.CiscoIosSSH');
    expect(drawn.problems).toEqual([]);
    expect(Number(/width="(\d+)"/.exec(svg)![1])).toBeLessThanOrEqual(MAX_READABLE_WIDTH);
    expect(warnings).toEqual([]);
    // The PNG of the same model: at most a page wide, its smallest text at 10 px or more.
    const png = await pngRenderer.render(model, { title: 'netmiko', warn: (m) => warnings.push(m) }) as Uint8Array;
    const size = new DataView(png.buffer, png.byteOffset);
    expect(size.getUint32(16)).toBeLessThanOrEqual(PAGE_WIDTH_PX);
    expect(size.getUint32(16) / Number(/width="(\d+)"/.exec(svg)![1]) * SMALLEST_TEXT_PX).toBeGreaterThanOrEqual(10);
    expect(warnings.join('\n')).not.toMatch(/below 10 px|under 10/);
    writeFileSync(artifactPath('netmiko.png'), png);
  });

  it('a PNG squeezed under its readable width says which flags help', async () => {
    const warnings: string[] = [];
    const model = filterClassModel(await netmikoModel(), { focus: 'CiscoSSHConnection', members: 'none' });
    const png = await pngRenderer.render(model, { maxWidth: 600, warn: (m) => warnings.push(m) }) as Uint8Array;
    expect(new DataView(png.buffer, png.byteOffset).getUint32(16)).toBeLessThanOrEqual(600);
    expect(warnings.join('\n')).toMatch(/smallest text is [\d.]+ px \(under 10\): raise --max-width/);
  });

  it('makes a PNG of a focused view, without a browser', async () => {
    const model = filterClassModel(await netmikoModel(), { focus: 'CiscoIosSSH', members: 'public' });
    const png = await pngRenderer.render(model, { title: 'netmiko: CiscoIosSSH' });
    expect(png).toBeInstanceOf(Uint8Array);
    const bytes = png as Uint8Array;
    expect(Buffer.from(bytes.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(16)).toBeGreaterThan(400);
    expect(view.getUint32(20)).toBeGreaterThan(300);
    writeFileSync(artifactPath('netmiko-focus.png'), bytes);
    writeFileSync(artifactPath('netmiko-focus.svg'), String(await svgRenderer.render(model, { title: 'netmiko: CiscoIosSSH' })));
  });
});

describe('SVG details on small models', () => {
  it('marks dynamic classes with where they come from and draws the dispatch table', async () => {
    const svg = String(await svgRenderer.render(fixture('dynamic'), {}));
    const drawn = await inspect(svg);
    expect(drawn.parseError).toBeNull();
    expect(svg).toMatch(/class="nx-box dynamic"[^>]*data-id="[^"]*RouteTable"/);
    expect(drawn.texts).toContain('«dynamic»');
    expect(drawn.texts.some((t) => t.includes('routes.yml:3') && t.includes('junos.factory.FactoryLoader'))).toBe(true);
    expect(drawn.texts.some((t) => t.includes('old_mod.Thing (unresolved)'))).toBe(true);
    expect(drawn.problems).toEqual([]);
  });

  it('names external, unresolved and hidden bases', async () => {
    const drawn = await inspect(String(await svgRenderer.render(fixture('externals'), {})));
    expect(drawn.texts).toContain('«external»');
    expect(drawn.texts).toContain('«unresolved»');
    const hidden = await inspect(String(await svgRenderer.render(filterClassModel(fixture('externals'), { externals: false }), {})));
    expect(hidden.texts.some((t) => t.includes('paramiko.client.SSHClient (hidden)'))).toBe(true);
    expect(hidden.classIds.every((id) => !id.startsWith('paramiko'))).toBe(true);
  });

  it('draws the packages of --collapse instead of classes', async () => {
    const drawn = await inspect(String(await svgRenderer.render(filterClassModel(fixture('packages'), { collapse: 2 }), {})));
    expect(drawn.classIds).toEqual([]);
    expect(drawn.packageIds).toContain('net.cisco');
    expect(drawn.texts).toContain('4 classes');
  });

  it('draws parameters the Python way and public members only when asked', async () => {
    const drawn = await inspect(String(await svgRenderer.render(filterClassModel(fixture('same-names'), { members: 'public' }), { title: 'shop classes' })));
    const texts = drawn.texts.join('\n');
    expect(texts).toContain('shop classes');
    expect(texts).toContain('(host: str, port: int = 22, *args, **kwargs)');
    expect(texts).not.toContain('_login');
    const all = await inspect(String(await svgRenderer.render(fixture('same-names'), {})));
    expect(all.texts.join('\n')).toContain('(user, *, password=None)');
    const positional = await inspect(String(await svgRenderer.render(fixture('externals'), {})));
    expect(positional.texts.join('\n')).toContain('(data: dict, /, strict=True)');
  });

  it('wraps long signatures between parameters, never inside an annotation', async () => {
    const drawn = await inspect(String(await svgRenderer.render(fixture('externals'), {})));
    expect(drawn.texts).toContain('send_command(command: str, *, expect: Optional[str] = None, delay=0.5)');
    expect(drawn.texts).toContain('→ Union[str, List[Dict[str, Any]]]');
    expect(drawn.problems).toEqual([]);
  });

  it('tells same-named classes apart by their module', async () => {
    const drawn = await inspect(String(await svgRenderer.render(fixture('same-names'), {})));
    expect(drawn.texts).toContain('a.Base');
    expect(drawn.texts).toContain('b.Base');
    expect(drawn.texts).toContain('Child');
  });

  it('says so when there is nothing to draw', async () => {
    const drawn = await inspect(String(await svgRenderer.render(fixture('empty'), {})));
    expect(drawn.parseError).toBeNull();
    expect(drawn.texts).toContain('No classes to show');
  });
});

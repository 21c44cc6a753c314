// Real mermaid, in headless Debian chromium, must draw every golden .mmd without error and show every label.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassModel } from '../../src/model/classModel.js';
import { diagramOf } from '../../src/render/classes/_graph.js';
import { renderMermaid } from '../../src/render/classes/mermaid.js';
import { viewCases, viewOf } from './_cases.js';
import { goldenDir, loadModel } from './_models.js';

const CHROMIUM = '/usr/bin/chromium';
const mermaidScript = join(createRequire(import.meta.url).resolve('mermaid/package.json'), '..', 'dist', 'mermaid.min.js');

/** Every label a reader must find in the drawing of a view. */
function labelsOf(viewCase: (typeof viewCases)[number]): string[] {
  const diagram = diagramOf(viewOf(viewCase));
  if (diagram.kind === 'packages') return diagram.packages.map((pkg) => pkg.id);
  return [
    ...diagram.classes.map((node) => node.label),
    ...diagram.hints.map((hint) => hint.label),
    ...diagram.dispatch.map((table) => table.label),
  ];
}

/** The text content of an SVG, so a label split by markup or entities still matches. */
function svgText(svg: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('mermaid draws the golden diagrams', () => {
  let context: BrowserContext | undefined;
  let page: Page;
  let profile: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: this test runs real mermaid in Debian's chromium (apt-get install chromium; npm test installs it)`);
    }
    // A fresh profile: no extensions, no state from earlier runs, nothing to sync.
    profile = mkdtempSync(join(tmpdir(), 'netxray-mermaid-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await context.newPage();
    // A blank page and the local mermaid bundle: the test needs no network.
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: mermaidScript });
    await page.evaluate(() => (window as unknown as MermaidWindow).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Mermaid's drawing of `text`, or the error it raised. */
  const draw = (text: string, id: string) =>
    page.evaluate(
      async ([diagram, diagramId]) => {
        try {
          const { svg } = await (window as unknown as MermaidWindow).mermaid.render(diagramId, diagram);
          return { svg, error: null };
        } catch (error) {
          return { svg: '', error: String((error as Error)?.message ?? error) };
        }
      },
      [text, id] as const,
    );

  it.each(viewCases.map((viewCase) => [viewCase.name, viewCase] as const))('%s.mmd', async (_name, viewCase) => {
    const text = readFileSync(`${goldenDir}${viewCase.name}.mmd`, 'utf8');
    const result = await draw(text, `diagram-${viewCase.name}`);
    expect(result.error).toBeNull();
    const drawn = svgText(result.svg);
    for (const label of labelsOf(viewCase)) expect(drawn, `label ${label}`).toContain(label);
    // Mermaid silently ignores a classDef it reads too early; each one must reach the drawing.
    for (const [, style, fill] of text.matchAll(/classDef (\w+) fill:(#[0-9a-f]{6})/g)) {
      expect(result.svg, `classDef ${style}`).toContain(`fill:${fill}`);
    }
  });

  it('defaults like lambda x, y: x<y and strings holding <script> or %% parse, and every class is drawn', async () => {
    const model = hostileModel();
    const text = renderMermaid(model);
    const result = await draw(text, 'hostile');
    expect(result.error, text).toBeNull();
    expect(result.svg).not.toMatch(/<script/i);
    const drawn = svgText(result.svg);
    for (const cls of model.classes.filter((c) => !c.external)) expect(drawn).toContain(cls.name);
    expect(drawn).toContain('lambda x, y: x<y'.slice(0, 12));
  });
});

/** Source text Python allows in defaults, values and dispatch keys, which Mermaid's grammar or sanitiser trips on. */
const HOSTILE_TEXTS = ['lambda x, y: x<y', "'<script>alert(1)</script>'", "'%%{init: {}}%%'", 'a; b', "'<br/>'", 'x > 0 and y < 1', "'&amp;'", '"quoted"'];

function hostileModel(): ClassModel {
  const model = loadModel('externals');
  const cls = model.classes.find((c) => !c.external)!;
  const method = cls.methods[0];
  const parameters = HOSTILE_TEXTS.map((text, i) => ({ name: `p${i}`, kind: 'positional-or-keyword' as const, default: text }));
  const attributes = HOSTILE_TEXTS.map((text, i) => ({ name: `a${i}`, kind: 'class' as const, value: text, line: 1 }));
  const classes = model.classes.map((c) => (c === cls ? { ...c, methods: [{ ...method, parameters }], attributes: attributes as unknown as typeof c.attributes } : c));
  return { ...model, classes };
}


interface MermaidWindow {
  mermaid: {
    initialize(config: Record<string, unknown>): void;
    render(id: string, text: string): Promise<{ svg: string }>;
  };
}

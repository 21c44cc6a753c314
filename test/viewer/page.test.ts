// What the HTML page carries: its model packed (gzip + base64) and read back exactly, and its first view built and
// laid out when the page was written, so the page draws it before parsing the model.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClassModel } from '../../src/model/classModel.js';
import { parseClassModel } from '../../src/model/validateClassModel.js';
import { htmlRenderer } from '../../src/render/classes/html.js';
import { buildView, indexModel, initialViewState, type Placement, type View } from '../../src/viewer/diagram.js';
import { compactModel, unpackText } from '../../src/viewer/modelCodec.js';

const fixture = (name: string): ClassModel => {
  const path = new URL(`../fixtures/models/${name}.json`, import.meta.url);
  return parseClassModel(readFileSync(path, 'utf8'), path.pathname);
};

const element = (page: string, id: string): string => {
  const match = new RegExp(`<script type="[^"]+" id="${id}">([^<]*)</script>`).exec(page);
  if (!match) throw new Error(`no #${id} in the page`);
  return match[1];
};

describe('the HTML page', () => {
  const model = fixture('packages');

  it('carries its model packed, and unpacking gives back the compact model exactly', async () => {
    const page = String(await htmlRenderer.render(model, {}));
    const packed = element(page, 'nx-model');
    expect(packed).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(JSON.parse(await unpackText(packed))).toEqual(JSON.parse(JSON.stringify(compactModel(model))));
  });

  it('carries elkjs packed, runnable once unpacked', async () => {
    const page = String(await htmlRenderer.render(model, {}));
    const elk = await unpackText(element(page, 'nx-elk'));
    expect(elk).toContain('ELK');
    expect(elk.length).toBeGreaterThan(page.length);
  });

  it('puts its first view and the script that draws it before the model and elkjs, so the browser draws before reading them', async () => {
    const page = String(await htmlRenderer.render(model, {}));
    const at = (marker: string) => page.indexOf(marker);
    const script = page.indexOf('<script>');
    expect(at('id="nx-initial"')).toBeGreaterThan(0);
    expect(script).toBeGreaterThan(at('id="nx-initial"'));
    expect(at('id="nx-model"')).toBeGreaterThan(script);
    expect(at('id="nx-elk"')).toBeGreaterThan(script);
  });

  it('carries its first view laid out: every box of that view placed once, every link routed', async () => {
    const page = String(await htmlRenderer.render(model, {}));
    const initial = JSON.parse(element(page, 'nx-initial')) as { state: unknown; view: View; placement: Placement };
    const expected = buildView(indexModel(model), initialViewState(model));
    expect(initial.view.boxes.map((b) => b.key)).toEqual(expected.boxes.map((b) => b.key));
    expect(initial.placement.boxes.map((b) => b.key).sort()).toEqual(expected.boxes.map((b) => b.key).sort());
    expect(initial.placement.links.every((l) => l.points.length >= 2)).toBe(true);
    expect(initial.placement.links.length).toBe(expected.links.length);
  });
});

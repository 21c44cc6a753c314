// Text diagrams a stock tool can draw: Mermaid output past maxTextSize says so and how to split; ids stay qualified.
import { describe, expect, it } from 'vitest';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import { filterClassModel } from '../../src/analyse/classFilters.js';
import { mermaidRenderer } from '../../src/render/classes/mermaid.js';
import { MERMAID_MAX_TEXT } from '../../src/render/classes/_readable.js';
import { loadModel } from './_models.js';

const PYTHON = process.env.NETXRAY_TEST_PYTHON ?? '/usr/bin/python3';

describe('Mermaid within its limits', () => {
  it('whole netmiko is over maxTextSize: the renderer warns and names the flags that split it; a split fits', async () => {
    const model = await analyseClasses('netmiko', { python: PYTHON });
    const warnings: string[] = [];
    const text = String(await mermaidRenderer.render(model, { warn: (m) => warnings.push(m) }));
    expect(text.length).toBeGreaterThan(MERMAID_MAX_TEXT);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/maxTextSize \(50,000\).*--include "netmiko\.\w+\.\*\*".*--focus/);
    const split = filterClassModel(model, { include: ['netmiko.cisco.**'] });
    const small: string[] = [];
    expect(String(await mermaidRenderer.render(split, { warn: (m) => small.push(m) })).length).toBeLessThanOrEqual(MERMAID_MAX_TEXT);
    expect(small).toEqual([]);
  });

  it('same-named classes keep apart: node ids are the qualified class ids', async () => {
    const text = String(await mermaidRenderer.render(loadModel('same-names'), {}));
    const ids = [...text.matchAll(/^ {2}class (\S+)\["([^"]+)"\]/gm)].map((m) => [m[1], m[2]]);
    const bases = ids.filter(([, label]) => label.endsWith('Base'));
    expect(bases.length).toBeGreaterThanOrEqual(2);
    expect(new Set(bases.map(([id]) => id)).size).toBe(bases.length);
    for (const [id] of bases) expect(id).toMatch(/_Base$/);
  });
});

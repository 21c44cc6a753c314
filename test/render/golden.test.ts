// Golden files: each view case drawn in each text format, compared with test/golden/<case>.<ext>.
// Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run test/render/golden.test.ts`, then review the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dotRenderer } from '../../src/render/classes/dot.js';
import { mermaidRenderer } from '../../src/render/classes/mermaid.js';
import { plantUmlRenderer } from '../../src/render/classes/plantuml.js';
import { treeRenderer } from '../../src/render/classes/tree.js';
import { viewCases, viewOf } from './_cases.js';
import { goldenDir } from './_models.js';

// Imported one by one, not from the registry: the golden files are this suite's own formats.
export const goldenRenderers = [mermaidRenderer, plantUmlRenderer, dotRenderer, treeRenderer];

const update = process.env.UPDATE_GOLDEN === '1';

describe.each(goldenRenderers)('$format golden files', (renderer) => {
  it.each(viewCases)('$name', async (viewCase) => {
    const output = (await renderer.render(viewOf(viewCase), { title: viewCase.fixture })) as string;
    const path = `${goldenDir}${viewCase.name}.${renderer.extension}`;
    if (update) writeFileSync(path, output);
    expect(existsSync(path), `${path} is missing; run UPDATE_GOLDEN=1 npx vitest run test/render/golden.test.ts`).toBe(true);
    expect(output).toBe(readFileSync(path, 'utf8'));
  });
});

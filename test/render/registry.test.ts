// The format registry: every lazily loaded entry describes its module exactly, and formats are unique.
import { describe, expect, it } from 'vitest';
import { htmlRenderer } from '../../src/render/classes/html.js';
import { pngRenderer } from '../../src/render/classes/png.js';
import { svgRenderer } from '../../src/render/classes/svg.js';
import { classRenderers, findClassRenderer } from '../../src/render/index.js';

describe('class renderer registry', () => {
  it.each([svgRenderer, pngRenderer, htmlRenderer])('$format entry matches its module', (module) => {
    const { render: _render, ...described } = findClassRenderer(module.format)!;
    const { render: _own, ...own } = module;
    expect(described).toEqual(own);
  });

  it('has one entry per format', () => {
    const formats = classRenderers.map((renderer) => renderer.format);
    expect(new Set(formats).size).toBe(formats.length);
  });
});

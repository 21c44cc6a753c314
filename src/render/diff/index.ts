// The registry of class-diff output formats (`netxray classes --diff`): one entry per format, each in its own module.
import type { DiffRenderInput, DiffRenderOptions } from './renderer.js';
import { jsonDiffRenderer } from './json.js';
import { markdownDiffRenderer } from './markdown.js';
import type { DiffRenderer } from './renderer.js';
import { textDiffRenderer } from './text.js';

export const diffRenderers: readonly DiffRenderer[] = [
  textDiffRenderer,
  jsonDiffRenderer,
  markdownDiffRenderer,
  {
    // Loaded on use: it brings the viewer, elkjs and the class HTML page.
    format: 'html',
    description: 'the viewer on the new version: added, changed, moved classes coloured, removed ones ghosted, old vs new signatures',
    extension: 'html',
    async render(input: DiffRenderInput, options: DiffRenderOptions) {
      return (await import('./html.js')).htmlDiffRenderer.render(input, options);
    },
  },
];

export function findDiffRenderer(format: string): DiffRenderer | undefined {
  return diffRenderers.find((renderer) => renderer.format === format);
}

export type { DiffRenderer, DiffRenderInput, DiffRenderOptions } from './renderer.js';

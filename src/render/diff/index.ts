// The registry of class-diff output formats (`netxray classes --diff`): one entry per format, each in its own module.
import { jsonDiffRenderer } from './json.js';
import { markdownDiffRenderer } from './markdown.js';
import type { DiffRenderer } from './renderer.js';
import { textDiffRenderer } from './text.js';

export const diffRenderers: readonly DiffRenderer[] = [textDiffRenderer, jsonDiffRenderer, markdownDiffRenderer];

export function findDiffRenderer(format: string): DiffRenderer | undefined {
  return diffRenderers.find((renderer) => renderer.format === format);
}

export type { DiffRenderer, DiffRenderInput, DiffRenderOptions } from './renderer.js';

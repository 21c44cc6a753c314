// The registry of class-model output formats: one entry per format, each in its own module.
import type { ClassRenderer } from './renderer.js';
import { jsonRenderer } from './classes/json.js';

export const classRenderers: readonly ClassRenderer[] = [
  jsonRenderer,
];

export function findClassRenderer(format: string): ClassRenderer | undefined {
  return classRenderers.find((renderer) => renderer.format === format);
}

export type { ClassRenderer, RenderOptions } from './renderer.js';

// The registry of class-model output formats: one entry per format, each in its own module.
import type { ClassRenderer } from './renderer.js';
import { jsonRenderer } from './classes/json.js';
import { mermaidRenderer } from './classes/mermaid.js';
import { plantUmlRenderer } from './classes/plantuml.js';
import { dotRenderer } from './classes/dot.js';
import { treeRenderer } from './classes/tree.js';
import { svgRenderer } from './classes/svg.js';
import { pngRenderer } from './classes/png.js';
import { htmlRenderer } from './classes/html.js';

export const classRenderers: readonly ClassRenderer[] = [
  jsonRenderer,
  mermaidRenderer,
  plantUmlRenderer,
  dotRenderer,
  treeRenderer,
  svgRenderer,
  pngRenderer,
  htmlRenderer,
];

export function findClassRenderer(format: string): ClassRenderer | undefined {
  return classRenderers.find((renderer) => renderer.format === format);
}

export type { ClassRenderer, RenderOptions } from './renderer.js';

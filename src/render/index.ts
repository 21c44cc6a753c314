// The registry of class-model output formats: one entry per format, each in its own module. Diagram formats
// load their module (elkjs layout, resvg rasteriser, viewer bundle) only when asked to render, so that
// `--format json` or `tree` does not pay for them at start-up.
import type { ClassModel } from '../model/classModel.js';
import { dotRenderer } from './classes/dot.js';
import { jsonRenderer } from './classes/json.js';
import { mermaidRenderer } from './classes/mermaid.js';
import { plantUmlRenderer } from './classes/plantuml.js';
import { treeRenderer } from './classes/tree.js';
import type { ClassRenderer, RenderOptions } from './renderer.js';

type Descriptor = Omit<ClassRenderer, 'render'>;

/** A renderer that imports its module on first use; `describe` must match the module's own fields (tested). */
function loadedOnRender(describe: Descriptor, load: () => Promise<ClassRenderer>): ClassRenderer {
  return {
    ...describe,
    async render(model: ClassModel, options: RenderOptions) {
      return (await load()).render(model, options);
    },
  };
}

export const classRenderers: readonly ClassRenderer[] = [
  jsonRenderer,
  mermaidRenderer,
  plantUmlRenderer,
  dotRenderer,
  treeRenderer,
  loadedOnRender(
    { format: 'svg', description: 'a UML class diagram as SVG (layout by elkjs)', extension: 'svg', binary: false },
    async () => (await import('./classes/svg.js')).svgRenderer),
  loadedOnRender(
    { format: 'png', description: 'the SVG class diagram as a PNG image', extension: 'png', binary: true },
    async () => (await import('./classes/png.js')).pngRenderer),
  loadedOnRender(
    { format: 'html', description: 'a single-file interactive viewer: zoom, search, focus, dispatch tables (works offline)', extension: 'html', binary: false },
    async () => (await import('./classes/html.js')).htmlRenderer),
];

export function findClassRenderer(format: string): ClassRenderer | undefined {
  return classRenderers.find((renderer) => renderer.format === format);
}

export type { ClassRenderer, RenderOptions } from './renderer.js';

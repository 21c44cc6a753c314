// The registry of trace-report output formats: one entry per format, each in its own module. PNG loads its
// rasteriser (resvg) only when asked to render.
import { dotTraceRenderer } from './dot.js';
import { htmlTraceRenderer } from './html.js';
import { jsonTraceRenderer } from './json.js';
import { mermaidTraceRenderer } from './mermaid.js';
import type { TraceRenderer } from './renderer.js';
import { svgTraceRenderer } from './svg.js';
import { textTraceRenderer } from './text.js';

const pngTraceRenderer: TraceRenderer = {
  format: 'png',
  description: 'the SVG path picture as a PNG image',
  extension: 'png',
  binary: true,
  async render(report) {
    return (await import('./png.js')).pngTraceRenderer.render(report);
  },
};

export const traceRenderers: readonly TraceRenderer[] = [
  textTraceRenderer,
  jsonTraceRenderer,
  mermaidTraceRenderer,
  dotTraceRenderer,
  htmlTraceRenderer,
  svgTraceRenderer,
  pngTraceRenderer,
];

export function findTraceRenderer(format: string): TraceRenderer | undefined {
  return traceRenderers.find((renderer) => renderer.format === format);
}

export type { TraceRenderer } from './renderer.js';

// The registry of trace-report output formats: one entry per format, each in its own module.
import { jsonTraceRenderer } from './json.js';
import { mermaidTraceRenderer } from './mermaid.js';
import type { TraceRenderer } from './renderer.js';
import { textTraceRenderer } from './text.js';

export const traceRenderers: readonly TraceRenderer[] = [textTraceRenderer, jsonTraceRenderer, mermaidTraceRenderer];

export function findTraceRenderer(format: string): TraceRenderer | undefined {
  return traceRenderers.find((renderer) => renderer.format === format);
}

export type { TraceRenderer } from './renderer.js';

// Test helper: a trace report rendered by the registered renderer of a text format (not png), as a string.
import type { TraceReport } from '../../src/model/traceModel.js';
import { findTraceRenderer } from '../../src/render/trace/index.js';

export async function renderTrace(format: string, report: TraceReport): Promise<string> {
  const out = await findTraceRenderer(format)!.render(report);
  if (typeof out !== 'string') throw new Error(`${format} is binary`);
  return out;
}

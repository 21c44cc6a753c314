// The trace report as JSON: the versioned netxray/trace model itself (docs/trace-model.md).
import type { TraceRenderer } from './renderer.js';

export const jsonTraceRenderer: TraceRenderer = {
  format: 'json',
  description: 'the trace report as JSON (schema netxray/trace, version 2)',
  extension: 'json',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
};

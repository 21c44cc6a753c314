// The interface every trace-report output format implements; the registry lives in ./index.ts.
import type { TraceReport } from '../../model/traceModel.js';

export interface TraceRenderer {
  /** The `--format` value. */
  format: string;
  description: string;
  /** File extension for `-o`, without the dot. */
  extension: string;
  /** Binary outputs (png) cannot go to a terminal. */
  binary?: boolean;
  render(report: TraceReport): string | Uint8Array | Promise<string | Uint8Array>;
}

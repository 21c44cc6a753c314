// The interface every scan-report output format implements; the registry lives in ./index.ts.
import type { ScanReport } from '../../model/scanModel.js';

export interface ScanRenderer {
  /** The `--format` value. */
  format: string;
  description: string;
  /** File extension for `-o`, without the dot. */
  extension: string;
  render(report: ScanReport): string;
}

// The scan report as JSON: the versioned netxray/scan model itself (docs/scan.md).
import type { ScanRenderer } from './renderer.js';

export const jsonScanRenderer: ScanRenderer = {
  format: 'json',
  description: 'the scan report as JSON (schema netxray/scan, version 1)',
  extension: 'json',
  render: (report) => `${JSON.stringify(report, null, 2)}\n`,
};

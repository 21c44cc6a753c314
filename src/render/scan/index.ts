// The registry of scan-report output formats: one entry per format, each in its own module.
import { htmlScanRenderer } from './html.js';
import { jsonScanRenderer } from './json.js';
import type { ScanRenderer } from './renderer.js';
import { textScanRenderer } from './text.js';

export const scanRenderers: readonly ScanRenderer[] = [textScanRenderer, jsonScanRenderer, htmlScanRenderer];

export function findScanRenderer(format: string): ScanRenderer | undefined {
  return scanRenderers.find((renderer) => renderer.format === format);
}

export type { ScanRenderer } from './renderer.js';

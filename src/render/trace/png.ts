// The trace's SVG picture (./svg.ts) as a PNG image, rasterised by resvg like the class diagrams.
import { svgToPng } from '../rasterise.js';
import type { TraceRenderer } from './renderer.js';
import { traceSvg } from './svg.js';

/** Twice the SVG size keeps 11 px text sharp; huge pictures stay under this many pixels a side. */
const SCALE = 2;
const MAX_SIDE = 16_000;

export const pngTraceRenderer: TraceRenderer = {
  format: 'png',
  description: 'the SVG path picture as a PNG image',
  extension: 'png',
  binary: true,
  render(report) {
    const { svg, width, height } = traceSvg(report);
    return svgToPng(svg, Math.min(SCALE, MAX_SIDE / width, MAX_SIDE / height));
  },
};

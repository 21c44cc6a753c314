// The trace's SVG picture (./svg.ts) as a PNG image, rasterised by resvg like the class diagrams.
import { fitZoom, svgToPng } from '../rasterise.js';
import type { TraceRenderer } from './renderer.js';
import { traceSvg } from './svg.js';

export const pngTraceRenderer: TraceRenderer = {
  format: 'png',
  description: 'the SVG path picture as a PNG image',
  extension: 'png',
  binary: true,
  render(report) {
    const { svg, width, height } = traceSvg(report);
    return svgToPng(svg, fitZoom(width, height));
  },
};

// PNG output: the SVG diagram rasterised by resvg (no browser), with the system's DejaVu fonts.
import type { ClassRenderer } from '../renderer.js';
import { fitZoom, svgToPng } from '../rasterise.js';
import { staticDiagram } from './svg.js';
import { MIN_TEXT_PX, PAGE_WIDTH_PX, SMALLEST_TEXT_PX } from './_readable.js';


export const pngRenderer: ClassRenderer = {
  format: 'png',
  description: 'the SVG class diagram as a PNG image',
  extension: 'png',
  binary: true,
  async render(model, options) {
    const { svg, width, height } = await staticDiagram(model, options);
    const maxWidth = options.maxWidth ?? PAGE_WIDTH_PX;
    const zoom = fitZoom(width, height, options.scale, maxWidth);
    if (zoom * SMALLEST_TEXT_PX < MIN_TEXT_PX) {
      options.warn?.(`at ${Math.round(width * zoom)} px wide the PNG's smallest text is ${(zoom * SMALLEST_TEXT_PX).toFixed(1)} px (under ${MIN_TEXT_PX}): raise --max-width, or use --format svg or html`);
    }
    return svgToPng(svg, zoom);
  },
};

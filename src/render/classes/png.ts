// PNG output: the SVG diagram rasterised by resvg (no browser), with the system's DejaVu fonts.
import type { ClassRenderer } from '../renderer.js';
import { svgToPng } from '../rasterise.js';
import { staticDiagram } from './svg.js';
import { MIN_TEXT_PX, PAGE_WIDTH_PX, SMALLEST_TEXT_PX } from './_readable.js';

/** Twice the SVG size keeps text sharp on slides. */
const DEFAULT_SCALE = 2;
/** Huge diagrams are scaled down to this many pixels (about 256 MB of RGBA while drawing) and this many on a side. */
const MAX_PIXELS = 64_000_000;
const MAX_SIDE = 16_000;

export const pngRenderer: ClassRenderer = {
  format: 'png',
  description: 'the SVG class diagram as a PNG image',
  extension: 'png',
  binary: true,
  async render(model, options) {
    const { svg, width, height } = await staticDiagram(model, options);
    const maxWidth = options.maxWidth ?? PAGE_WIDTH_PX;
    const zoom = width > 0 && height > 0
      ? Math.min(options.scale ?? DEFAULT_SCALE, maxWidth / width, MAX_SIDE / height, Math.sqrt(MAX_PIXELS / (width * height)))
      : DEFAULT_SCALE;
    if (zoom * SMALLEST_TEXT_PX < MIN_TEXT_PX) {
      options.warn?.(`at ${Math.round(width * zoom)} px wide the PNG's smallest text is ${(zoom * SMALLEST_TEXT_PX).toFixed(1)} px (under ${MIN_TEXT_PX}): raise --max-width, or use --format svg or html`);
    }
    return svgToPng(svg, zoom);
  },
};

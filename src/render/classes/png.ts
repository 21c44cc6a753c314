// PNG output: the SVG diagram rasterised by resvg (no browser), with the system's DejaVu fonts.
import { Resvg } from '@resvg/resvg-js';
import type { ClassRenderer } from '../renderer.js';
import { svgRenderer } from './svg.js';

/** Huge diagrams are scaled down to this many pixels (about 256 MB of RGBA while drawing) and this many on a side. */
const MAX_PIXELS = 64_000_000;
const MAX_SIDE = 16_000;

export const pngRenderer: ClassRenderer = {
  format: 'png',
  description: 'the SVG class diagram as a PNG image',
  extension: 'png',
  binary: true,
  async render(model, options) {
    const svg = String(await svgRenderer.render(model, options));
    const size = /width="(\d+)" height="(\d+)"/.exec(svg);
    const width = size ? Number(size[1]) : 0;
    const height = size ? Number(size[2]) : 0;
    // Twice the SVG size keeps text sharp on slides, unless that makes a bitmap too big to open.
    const zoom = width > 0 && height > 0
      ? Math.min(2, MAX_SIDE / Math.max(width, height), Math.sqrt(MAX_PIXELS / (width * height)))
      : 2;
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: zoom },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
      background: '#ffffff',
    });
    return new Uint8Array(resvg.render().asPng());
  },
};

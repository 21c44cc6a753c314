// SVG → PNG with resvg (no browser), with the system's DejaVu fonts; shared by every format that has a PNG.
import { Resvg } from '@resvg/resvg-js';

/** Twice the SVG size keeps text sharp on slides. */
export const DEFAULT_SCALE = 2;
/** Huge pictures are scaled down to this many pixels (about 256 MB of RGBA while drawing) and this many on a side. */
const MAX_PIXELS = 64_000_000;
const MAX_SIDE = 16_000;

/** The zoom (image pixels per SVG pixel) for a `width`×`height` SVG: `scale`, less if the image would be too big. */
export function fitZoom(width: number, height: number, scale = DEFAULT_SCALE, maxWidth = MAX_SIDE): number {
  if (width <= 0 || height <= 0) return scale;
  return Math.min(scale, maxWidth / width, MAX_SIDE / height, Math.sqrt(MAX_PIXELS / (width * height)));
}

/** `zoom`: image pixels per SVG pixel. */
export function svgToPng(svg: string, zoom: number): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return new Uint8Array(resvg.render().asPng());
}

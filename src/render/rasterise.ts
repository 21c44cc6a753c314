// SVG → PNG with resvg (no browser), with the system's DejaVu fonts; shared by every format that has a PNG.
import { Resvg } from '@resvg/resvg-js';

/** `zoom`: image pixels per SVG pixel. */
export function svgToPng(svg: string, zoom: number): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: '#ffffff',
  });
  return new Uint8Array(resvg.render().asPng());
}

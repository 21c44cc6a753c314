// The trace as one SVG file (for reports and tickets): every interface's path picture (src/render/path/) stacked,
// under a title line; `png` rasterises it.
import { escapeHtml as esc } from '../../escape.js';
import type { TraceReport } from '../../model/traceModel.js';
import { INK } from '../path/palette.js';
import { legendSvg } from '../path/pathFigure.js';
import { traceGraphs } from '../path/pathGraph.js';
import { layoutPath } from '../path/pathLayout.js';
import { FONT, pathSvgBody } from '../path/pathSvg.js';
import type { TraceRenderer } from './renderer.js';

const TITLE_H = 40;
const CAPTION_H = 26;

export function traceSvg(report: TraceReport): { svg: string; width: number; height: number } {
  const layouts = traceGraphs(report).map(layoutPath);
  const { errors, warnings } = report.summary;
  const title = `${report.instance.name} on ${report.instance.host ?? '?'}: ${report.interfaces.length} interface(s), ${errors} error(s), ${warnings} warning(s)`;
  let y = TITLE_H;
  const parts = layouts.map((layout) => {
    const part = `<text x="36" y="${y + 18}" font-size="15" font-weight="bold" fill="${INK}">${esc(layout.graph.title)}</text><g transform="translate(0 ${y + CAPTION_H})">${pathSvgBody(layout)}</g>`;
    y += CAPTION_H + layout.height;
    return part;
  });
  const width = Math.max(640, ...layouts.map((l) => l.width));
  const legend = legendSvg(36, y + 10, width - 72);
  const height = y + 10 + legend.height + 10;
  const svg = `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`
    + `<title>${esc(`netxray trace ${title}`)}</title><rect width="100%" height="100%" fill="#ffffff"/>`
    + `<text x="36" y="26" font-size="18" font-weight="bold" fill="${INK}">${esc(title)}</text>${parts.join('')}${legend.svg}</svg>\n`;
  return { svg, width, height };
}

export const svgTraceRenderer: TraceRenderer = {
  format: 'svg',
  description: 'every interface\'s path picture as one SVG file (hosts, transformations, findings marked)',
  extension: 'svg',
  render: (report) => traceSvg(report).svg,
};

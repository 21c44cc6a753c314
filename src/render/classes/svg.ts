// SVG output: UML class boxes laid out by elkjs, with inheritance arrows, external ancestors, dynamic classes and dispatch tables.
import type { ClassModel } from '../../model/classModel.js';
import type { ClassRenderer, RenderOptions } from '../renderer.js';
import { layoutModel, STATIC_VIEW } from '../layout/elkLayout.js';
import { svgDocument, type Placement, type View } from '../../viewer/diagram.js';
import { MAX_READABLE_WIDTH, narrowingAdvice } from './_readable.js';

/** The line under the title: what the diagram shows, in the reader's words. */
export function summaryOf(model: ClassModel): string {
  const own = model.classes.filter((c) => !c.external).length;
  const external = model.classes.length - own;
  const parts = [`${own} ${own === 1 ? 'class' : 'classes'}`];
  if (external) parts.push(`${external} external ${external === 1 ? 'ancestor' : 'ancestors'}`);
  if (model.dispatchTables.length) parts.push(`${model.dispatchTables.length} dispatch ${model.dispatchTables.length === 1 ? 'table' : 'tables'}`);
  const focus = model.view?.filters.focus;
  if (focus) parts.push(`focus ${focus}`);
  return parts.join(' · ') + ' — netxray';
}

export interface StaticDiagram {
  svg: string;
  width: number;
  height: number;
}

/**
 * The drawing a page can hold: every class when that fits MAX_READABLE_WIDTH, else (whole package, no focus)
 * the subpackages closed into boxes with their class counts, as the viewer opens big packages. Still too wide:
 * drawn anyway, with a warning that names the flags that make it readable.
 */
export async function staticDiagram(model: ClassModel, options: RenderOptions): Promise<StaticDiagram> {
  let { view, placement } = await layoutModel(model);
  let summary = summaryOf(model);
  if (placement.width > MAX_READABLE_WIDTH && !model.view?.filters.focus && !model.view?.packages) {
    const overview = await layoutModel(model, { ...STATIC_VIEW, expanded: [] });
    if (overview.placement.width < placement.width) {
      const closed = overview.view.boxes.filter((b) => b.kind === 'package').length;
      options.warn?.(`drawn class by class the diagram would be ${placement.width} px wide: drew ${closed} subpackages as boxes with their class counts instead; for classes, ${narrowingAdvice(model)}`);
      ({ view, placement } = overview);
      summary = summary.replace(/ — netxray$/, ` · ${closed} packages closed (see --include) — netxray`);
    }
  }
  if (placement.width > MAX_READABLE_WIDTH) {
    options.warn?.(`the diagram is ${placement.width} px wide: at page width (4096 px) its text is below 10 px; ${narrowingAdvice(model)}`);
  }
  return drawn(view, placement, options.title ?? model.target.module, summary);
}

function drawn(view: View, placement: Placement, title: string, summary: string): StaticDiagram {
  const svg = svgDocument(view, placement, title, summary);
  const size = /width="(\d+)" height="(\d+)"/.exec(svg);
  return { svg, width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0) };
}

export const svgRenderer: ClassRenderer = {
  format: 'svg',
  description: 'a UML class diagram as SVG (layout by elkjs)',
  extension: 'svg',
  binary: false,
  async render(model, options) {
    return (await staticDiagram(model, options)).svg;
  },
};

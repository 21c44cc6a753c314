// SVG output: UML class boxes laid out by elkjs, with inheritance arrows, external ancestors, dynamic classes and dispatch tables.
import type { ClassModel } from '../../model/classModel.js';
import type { ClassRenderer, RenderOptions } from '../renderer.js';
import { layoutModel, STATIC_VIEW } from '../layout/elkLayout.js';
import { svgDocument, type Placement, type View } from '../../viewer/diagram.js';
import { narrowingAdvice, readableSize } from './_readable.js';

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
 * The drawing a page can hold: every class when that is readable at page width (readableSize), else (whole package, no focus)
 * the subpackages closed into boxes with their class counts, as the viewer opens big packages. Still too wide:
 * drawn anyway, with a warning that names the flags that make it readable.
 */
export async function staticDiagram(model: ClassModel, options: RenderOptions): Promise<StaticDiagram> {
  let { view, placement } = await layoutModel(model);
  let summary = summaryOf(model);
  const classByClass = `${placement.width}×${placement.height} px`;
  if (!readableSize(placement.width, placement.height) && !model.view?.filters.focus && !model.view?.packages) {
    const overview = await layoutModel(model, { ...STATIC_VIEW, expanded: [] });
    if (overview.placement.width * overview.placement.height < placement.width * placement.height) {
      const closed = overview.view.boxes.filter((b) => b.kind === 'package').length;
      options.warn?.(`drawn class by class the diagram would be ${classByClass}: drew ${closed} subpackages as boxes with their class counts instead; for classes, ${narrowingAdvice(model)}`);
      ({ view, placement } = overview);
      summary = summary.replace(/ \u2014 netxray$/, ` · ${closed} packages closed (see --split, --include) — netxray`);
    }
  }
  if (!readableSize(placement.width, placement.height)) {
    options.warn?.(`the diagram is ${placement.width}×${placement.height} px: at page width (4096 px) its text is below 10 px or the page is endless; ${narrowingAdvice(model)}`);
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

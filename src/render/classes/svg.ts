// SVG output: UML class boxes laid out by elkjs, with inheritance arrows, external ancestors, dynamic classes and dispatch tables.
import type { ClassModel } from '../../model/classModel.js';
import type { ClassRenderer } from '../renderer.js';
import { layoutModel } from '../layout/elkLayout.js';
import { svgDocument } from '../../viewer/diagram.js';

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

export const svgRenderer: ClassRenderer = {
  format: 'svg',
  description: 'a UML class diagram as SVG (layout by elkjs)',
  extension: 'svg',
  binary: false,
  async render(model, options) {
    const { view, placement } = await layoutModel(model);
    return svgDocument(view, placement, options.title ?? model.target.module, summaryOf(model));
  },
};

// Places a view's boxes and routes its inheritance edges, in this process: single-inheritance views by the tree
// layout, the others with elkjs (layered algorithm).
import { createRequire } from 'node:module';
import type { ELK, ELKConstructorArguments } from 'elkjs/lib/elk-api.js';
import type { ClassModel } from '../../model/classModel.js';
import { buildView, indexModel, type Placement, type View, type ViewState } from '../../viewer/diagram.js';
import { layoutPlan, placementOf, type ElkResult } from '../../viewer/layout.js';
import { PAGE_WIDTHS, placeWithTrees, type WidthLimits } from '../../viewer/treeLayout.js';

const require = createRequire(import.meta.url);
let elk: ELK | undefined;

/**
 * elk.bundled.js runs the layout in this thread (no worker threads, no web-worker package needed). It is loaded on
 * the first layout, not with this module: compiling its 1.6 MB costs ~0.2 s of CPU, which every `classes` run paid
 * (the bundled CLI loads this module for every format), although only the drawn formats lay anything out.
 */
function elkInstance(): ELK {
  const ElkConstructor = require('elkjs/lib/elk.bundled.js') as new (args?: ELKConstructorArguments) => ELK;
  return new ElkConstructor();
}

/** Static exports default to page widths (see PAGE_WIDTHS); the HTML page's first view passes the screen's. */
export async function placeView(view: View, options: { aspectRatio?: number; widths?: WidthLimits } = {}): Promise<Placement> {
  const widths = options.widths ?? PAGE_WIDTHS;
  return placeWithTrees(view, { ...options, widths }, async (rest) => {
    elk ??= elkInstance();
    const plan = layoutPlan(rest, { aspectRatio: Math.min(1, options.aspectRatio ?? 1) });
    const result = await elk.layout(plan.graph);
    return placementOf(plan, result as ElkResult, rest);
  });
}

/** What the static formats draw: every class of the (already filtered) model, members as the model has them. */
export const STATIC_VIEW: ViewState = { focus: null, depth: 0, members: 'all', expanded: null, dispatch: true, filteredPackages: true };

export async function layoutModel(model: ClassModel, state: ViewState = STATIC_VIEW): Promise<{ view: View; placement: Placement }> {
  const view = buildView(indexModel(model), state);
  return { view, placement: await placeView(view) };
}

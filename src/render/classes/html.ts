// HTML output: one self-contained page (model, layout, viewer script, elkjs inlined; no network) to search, focus and read the diagram.
import type { ClassRenderer } from '../renderer.js';
import type { ClassModel } from '../../model/classModel.js';
import { buildView, DIAGRAM_CSS, escapeXml, indexModel, initialViewState, svgDefs, type Placement, type View, type ViewState } from '../../viewer/diagram.js';
import { READABLE_ZOOM } from '../../viewer/camera.js';
import { SCREEN_ASPECT } from '../../viewer/layout.js';
import { placeView } from '../layout/elkLayout.js';
import { SCREEN_WIDTHS } from '../../viewer/treeLayout.js';
import { elkScript, jsonForScript, packText, scriptSafe, viewerScript } from '../../viewer/bundle.js';
import { VIEWER_CSS } from '../../viewer/style.js';
import { compactModel } from '../../viewer/modelCodec.js';

/** Bigger first views are laid out by the page itself: their drawing would weigh on the page's size. */
const PRELAID_MAX_BOXES = 400;

/** A laptop's canvas (1440 px less the dispatch list) at the viewer's readable zoom holds this much diagram width. */
const READABLE_SCREEN_WIDTH = Math.floor((1440 - 250) / READABLE_ZOOM);

/**
 * The page's first view, built and laid out here so the page draws it before parsing its model and without waiting
 * for its layout worker to compile elkjs (neutron on a loaded 2-core machine: 2.7-3.3 s -> about 0.5 s). A main
 * hierarchy shows as many generations as fit a laptop screen at a readable zoom; the boxes of its last generation
 * say how many subclasses they hide (netmiko: 2,774 px wide at two generations, one fits).
 */
async function firstView(model: ClassModel): Promise<{ state: ViewState; prelaid: { view?: View; placement?: Placement } }> {
  const index = indexModel(model);
  let state = initialViewState(model, index);
  for (;;) {
    const view = buildView(index, state);
    if (view.boxes.length > PRELAID_MAX_BOXES) return { state, prelaid: {} };
    const placement = await placeView(view, { aspectRatio: SCREEN_ASPECT, widths: SCREEN_WIDTHS });
    if (placement.width <= READABLE_SCREEN_WIDTH || !state.descendants || state.descendants <= 1) return { state, prelaid: { view, placement } };
    state = { ...state, descendants: state.descendants - 1 };
  }
}

export const htmlRenderer: ClassRenderer = {
  format: 'html',
  description: 'a single-file interactive viewer: zoom, search, focus, dispatch tables (works offline)',
  extension: 'html',
  binary: false,
  async render(model, options) {
    const title = options.title ?? model.target.module;
    const { state, prelaid } = await firstView(model);
    const [script, elk] = await Promise.all([viewerScript(), elkScript()]);
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; worker-src blob:; style-src 'unsafe-inline'; img-src data:">
<title>${escapeXml(title)} — netxray classes</title>
<style>${VIEWER_CSS}${DIAGRAM_CSS}</style>
</head>
<body>
<div id="nx-app">
<header id="nx-bar">
  <span><span class="brand">netxray</span> <span id="nx-title"></span></span>
  <button id="nx-toggle-left" title="Show or hide the dispatch tables" aria-controls="nx-left">Dispatch tables</button>
  <div class="nx-search"><input id="nx-search" type="search" placeholder="Search classes, methods, keys… (press /)" autocomplete="off" aria-label="Search classes, methods, attributes, dispatch keys and modules"><ul id="nx-results" role="listbox" hidden></ul></div>
  <div class="group"><button id="nx-zoom-in" title="Zoom in (+)">+</button><button id="nx-zoom-out" title="Zoom out (−)">−</button><button id="nx-fit" title="Fit to screen (0)">Fit</button><button id="nx-actual" title="Actual size">1:1</button></div>
  <div class="group" id="nx-members"><span class="label">Members</span><button data-members="none">none</button><button data-members="public">public</button><button data-members="all">all</button></div>
  <div class="group"><span class="label">Packages</span><button id="nx-collapse">collapse all</button><button id="nx-expand">expand all</button></div>
  <div class="group"><button id="nx-focus" title="Show only the selected class, its ancestors and descendants">Focus</button><span class="label">depth</span><select id="nx-depth" aria-label="Focus depth"><option value="1">1</option><option value="2">2</option><option value="3">3</option><option value="5">5</option><option value="0">all</option></select><button id="nx-show-all">Show all</button></div>
</header>
<aside id="nx-left"><h2>Dispatch tables</h2><input id="nx-dispatch-filter" type="search" placeholder="Filter keys… (e.g. juniper)" autocomplete="off" aria-label="Filter dispatch keys"><div id="nx-dispatch"></div></aside>
<main id="nx-canvas"><svg id="nx-svg" xmlns="http://www.w3.org/2000/svg">${svgDefs()}<g id="nx-viewport"></g></svg><div id="nx-busy" hidden>Laying out…</div><div id="nx-status"></div>
<div id="nx-minimap" hidden title="Minimap: click or drag to move the view"></div>
<div id="nx-legend" title="Legend"><span class="nx-swatch target"></span>class <span class="nx-swatch external"></span>external <span class="nx-swatch dynamic"></span>dynamic <span class="nx-swatch unresolved"></span>unresolved <span class="nx-swatch package"></span>package (click to open) <svg width="26" height="10" aria-hidden="true"><path d="M1,5 H16" stroke="#5d6b7c" stroke-width="1.2"/><path d="M16,1 L25,5 L16,9 Z" fill="#fff" stroke="#5d6b7c" stroke-width="1.2"/></svg>inherits from</div></main>
<aside id="nx-panel" hidden></aside>
</div>
<script type="application/json" id="nx-initial">${jsonForScript({ state, title, dispatchTables: model.dispatchTables.length, ...prelaid })}</script>
<script>${scriptSafe(script)}</script>
<script type="text/plain" id="nx-model">${packText(JSON.stringify(compactModel(model)))}</script>
<script type="text/plain" id="nx-elk">${elk}</script>
</body>
</html>
`;
  },
};

// The in-browser viewer: wires the page's parts (camera, layout engine, search, class panel, dispatch list, keys)
// around one view state. Runs inlined in the HTML page; imports resolve by concatenation in ./bundle.ts.
import type { ClassModel } from '../model/classModel.js';
import {
  buildView, drawView, focusSet, indexModel,
  type MemberMode, type ModelIndex, type Placement, type View, type ViewState,
} from './diagram.js';
import { layoutPlan, placementOf, type ElkResult } from './layout.js';
import { placeWithTrees } from './treeLayout.js';
import { expandModel, unpackText } from './modelCodec.js';
import { createCamera, READABLE_ZOOM, type Camera, type Region } from './camera.js';
import type { LayoutEngine } from './layoutEngine.js';
import { firstHit, searchEntries, searchIndex, startSearch, type Hit, type HitGroup, type SearchIndex, type SearchRun } from './search.js';
import { classPanelHtml, escapeHtml } from './panel.js';
import { linkOf, parseLink } from './deepLink.js';
import { createMinimap, type Minimap } from './minimap.js';

/**
 * What the page starts from: its first view state and, built and laid out when the page was written, that view and
 * its placement, drawn before the model is even parsed (neutron: the drawing at ~0.5 s, the model ready ~1 s later).
 */
interface Initial { state: ViewState; title: string; dispatchTables: number; view?: View; placement?: Placement }

/** Layouts kept by view state (see placementFor): the views a user goes back and forth between. */
const LAYOUTS_KEPT = 8;
/** The pointer rests this long on a box before its selection is laid out ahead of a click. */
const HOVER_PREPARE_MS = 120;

/** Above this many boxes a layout would hold the layout worker for many seconds: the viewer asks to focus instead. */
const MAX_BOXES = 1500;

const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** What every part of the viewer reads and changes. */
interface Viewer {
  model: ClassModel;
  index: ModelIndex;
  state: ViewState;
  /** The page's first view: links say only what differs from it. */
  readonly first: ViewState;
  /** The view to go back to when a selection is dropped (Escape, panel closed). */
  before: ViewState | null;
  view: View;
  placement: Placement;
  selected: string | null;
  camera: Camera;
  /** Lays out and draws a view state; `placed` is a layout made beforehand for exactly that view (the page's first). */
  show(next: ViewState, after?: () => void, placed?: Placement): Promise<boolean>;
  selectClass(id: string, options?: { member?: string }): Promise<void>;
  /** Starts laying out what selecting this class would show (the active search hit, the box under the pointer), so a pick only draws. */
  prepareSelection(id: string): void;
  clearSelection(): Promise<void>;
  expandPackage(name: string): Promise<void>;
  /** Shows or hides a class's subclasses in the current focus; the class stays where it was on screen. */
  showSubclasses(id: string, show: boolean): Promise<void>;
  say(message: string): void;
  /** The whole view when readable, else the class's chain, else the class (or the hub) at a readable zoom. */
  frame(id: string | null): void;
}

/** What the page has drawn before its model is parsed. */
interface FirstDrawing { initial: Initial; camera: Camera; minimap: Minimap; viewport: SVGGElement; drawnEarly: boolean }

/**
 * Runs from the page's script placed after its first view and before its model (see ../render/classes/html.ts):
 * the first view on screen while the browser still parses the model.
 */
export function drawFirstView(): FirstDrawing {
  const initial = JSON.parse(byId('nx-initial').textContent ?? '{}') as Initial;
  const svg = byId('nx-svg') as unknown as SVGSVGElement;
  const viewport = svg.getElementById('nx-viewport') as SVGGElement;
  byId('nx-title').textContent = initial.title;
  openPanels(initial.dispatchTables > 0);
  const camera = createCamera(byId('nx-canvas'), viewport);
  const minimap = createMinimap(byId('nx-minimap'), camera);
  const drawnEarly = initial.view !== undefined && initial.placement !== undefined;
  if (drawnEarly) {
    camera.measuredOnce(() => {
      viewport.innerHTML = drawView(initial.view!, initial.placement!);
      minimap.update(initial.view!, initial.placement!);
      frameFirstView(camera, initial.view!, initial.placement!, initial.state.focus);
    });
    document.body.dataset.firstDrawingMs = String(Math.round(performance.now()));
  }
  return { initial, camera, minimap, viewport, drawnEarly };
}

/** Starts once the page's packed model and elkjs are unpacked (see ./bundle.ts); a browser without DecompressionStream gets a message. */
export async function startViewer(unpackedEngine: Promise<LayoutEngine>, { initial, camera, minimap, viewport, drawnEarly }: FirstDrawing): Promise<void> {
  let model: ClassModel;
  let engine: LayoutEngine;
  try {
    [model, engine] = await Promise.all([unpackText(byId('nx-model').textContent ?? '').then((text) => {
      performance.mark('nx-unpacked');
      const parsed = JSON.parse(text) as ClassModel;
      performance.mark('nx-parsed');
      return expandModel(parsed);
    }), unpackedEngine.then((e) => { performance.mark('nx-elk-unpacked'); return e; })]);
  } catch (error) {
    byId('nx-status').textContent = `This page could not read its own data (${String(error)}): it needs a browser with DecompressionStream (Chromium 80+, Firefox 113+, Safari 16.4+).`;
    return;
  }
  performance.mark('nx-expanded');
  const viewer = createViewer(model, initial.state, camera, viewport, engine, minimap);
  performance.mark('nx-indexed');
  wireToolbar(viewer);
  wireSearch(viewer);
  wirePanels(viewer);
  wireDispatchList(viewer);
  wireKeys(viewer, viewport);
  performance.mark('nx-wired');
  void openFirstView(viewer, initial, drawnEarly);
}

/** The view state, its layout and drawing, selection and highlight. */
function createViewer(model: ClassModel, state: ViewState, camera: Camera, viewport: SVGGElement, engine: LayoutEngine, minimap: Minimap): Viewer {
  const index = indexModel(model);
  const canvas = byId('nx-canvas');
  const svg = viewport.ownerSVGElement!;
  const status = byId('nx-status');
  const busy = byId('nx-busy');
  const panel = byId('nx-panel');
  let layoutRun = 0;
  const ownClasses = model.classes.filter((c) => !c.external).length;

  const chainOf = (id: string): string[] => {
    const info = index.byId.get(id);
    if (!info) return [];
    if (info.mro) return info.mro.filter((c) => index.byId.has(c));
    // No MRO (inconsistent bases): every ancestor reachable through the bases.
    const seen = [id];
    for (let i = 0; i < seen.length; i++) {
      for (const b of index.byId.get(seen[i])?.bases ?? []) if (b.id && index.byId.has(b.id) && !seen.includes(b.id)) seen.push(b.id);
    }
    return seen;
  };

  const regionOf = (keys: Set<string>): Region | null => {
    const sizes = new Map(viewer.view.boxes.map((b) => [b.key, b]));
    const placed = viewer.placement.boxes.filter((b) => keys.has(b.key));
    if (placed.length === 0) return null;
    return {
      x0: Math.min(...placed.map((p) => p.x)),
      y0: Math.min(...placed.map((p) => p.y)),
      x1: Math.max(...placed.map((p) => p.x + (sizes.get(p.key)?.width ?? 0))),
      y1: Math.max(...placed.map((p) => p.y + (sizes.get(p.key)?.height ?? 0))),
    };
  };

  /** The whole drawing when it reads at READABLE_ZOOM or more; else the class's chain; else the class itself. */
  const frame = (id: string | null) => {
    const all = regionOf(new Set(viewer.view.boxes.map((b) => b.key)));
    if (all && viewer.camera.fitRegion(all, { minZoom: READABLE_ZOOM })) return;
    const focus = id ?? viewer.state.focus;
    const keys = new Set((focus ? chainOf(focus) : []).map((c) => viewer.view.boxOf[c]).filter(Boolean));
    const chain = regionOf(keys);
    if (chain && viewer.camera.fitRegion(chain, { minZoom: READABLE_ZOOM })) return;
    // No class to frame: the box most inherited from (the overview's hub), at a readable zoom.
    const own = regionOf(new Set([focus ? viewer.view.boxOf[focus] : hubOf(viewer.view)]));
    if (own) {
      // Tall boxes are aligned at their top so the name stays in sight.
      const seen = viewer.camera.visibleRegion();
      const screenHeight = (seen.y1 - seen.y0) * viewer.camera.zoom;
      viewer.camera.centreOn((own.x0 + own.x1) / 2, Math.min((own.y0 + own.y1) / 2, own.y0 + screenHeight / 2 - 40), READABLE_ZOOM);
    }
  };

  const highlight = () => {
    svg.classList.toggle('nx-has-selection', viewer.selected !== null);
    viewport.querySelectorAll('.nx-selected, .nx-chain').forEach((e) => e.classList.remove('nx-selected', 'nx-chain'));
    if (!viewer.selected) return;
    const chainKeys = new Set(chainOf(viewer.selected).map((id) => viewer.view.boxOf[id]).filter(Boolean));
    const selectedKey = viewer.view.boxOf[viewer.selected];
    for (const key of chainKeys) viewport.querySelector(`.nx-box[data-key="${key}"]`)?.classList.add(key === selectedKey ? 'nx-selected' : 'nx-chain');
    const links = viewport.querySelector('.nx-links');
    viewport.querySelectorAll<SVGPathElement>('.nx-link').forEach((path) => {
      if (!chainKeys.has(path.dataset.from ?? '') || !chainKeys.has(path.dataset.to ?? '')) return;
      path.classList.add('nx-chain');
      // Drawn last, so a highlighted branch is not hidden under the shared trunk of its siblings.
      links?.appendChild(path);
    });
  };

  const draw = () => {
    viewport.innerHTML = drawView(viewer.view, viewer.placement);
    minimap.update(viewer.view, viewer.placement);
    // Class and package boxes are reachable with Tab and read out by name.
    viewport.querySelectorAll<SVGGElement>('.nx-box').forEach((g) => {
      g.setAttribute('tabindex', '0');
      g.setAttribute('role', 'button');
      g.setAttribute('aria-label', `${g.dataset.kind} ${g.querySelector('text.title')?.textContent ?? ''}`);
    });
    highlight();
    updateControls(viewer);
  };

  /**
   * Layouts by view state and canvas shape, kept for a few views: a layout asked for ahead of a pick is not made twice,
   * and going back (Escape) to a view seen before only draws. Single-inheritance parts need no trip to elkjs.
   */
  const layouts = new Map<string, Promise<Placement>>();
  const placementFor = (state: ViewState, view: View): Promise<Placement> => {
    const aspectRatio = Math.max(0.5, canvas.clientWidth / Math.max(1, canvas.clientHeight));
    const key = `${aspectRatio.toFixed(3)} ${JSON.stringify(state)}`;
    let placing = layouts.get(key);
    if (!placing) {
      placing = placeWithTrees(view, { aspectRatio }, async (rest) => {
        // Narrower than the screen: the single-inheritance parts are packed beside it.
        const plan = layoutPlan(rest, { aspectRatio: Math.min(1, aspectRatio) });
        performance.mark('nx-layout-start');
        const result = await engine.layout(plan.graph);
        performance.mark('nx-layout-end');
        return placementOf(plan, result as ElkResult, rest);
      });
      layouts.set(key, placing);
      placing.catch(() => layouts.delete(key));
      while (layouts.size > LAYOUTS_KEPT) layouts.delete(layouts.keys().next().value!);
    }
    return placing;
  };

  /** What selecting a class shows from the current view, and whether that is already on screen. */
  const selectionOf = (id: string) => {
    const inChosenFocus = viewer.state.focus !== null && viewer.state.descendants === undefined
      && focusSet(index, viewer.state.focus, viewer.state.depth).has(id);
    const alreadyShown = inChosenFocus || (viewer.state.focus === id && viewer.state.descendants === 1);
    return { inChosenFocus, alreadyShown, next: { ...viewer.state, focus: id, descendants: 1 } };
  };
  // Selections laid out ahead, one at a time and the latest wish next: a typist's every keystroke must not queue
  // layouts in the worker ahead of the real pick.
  let preparing = false;
  let wanted: string | null = null;
  const prepareNext = () => {
    const id = wanted;
    wanted = null;
    if (!id || !index.byId.has(id)) return;
    const { alreadyShown, next } = selectionOf(id);
    if (alreadyShown) return;
    const view = buildView(index, next);
    if (view.boxes.length > MAX_BOXES) return;
    preparing = true;
    void placementFor(next, view).catch(() => undefined).finally(() => {
      preparing = false;
      prepareNext();
    });
  };

  const viewer: Viewer = {
    model,
    index,
    state,
    first: state,
    before: null,
    view: { boxes: [], links: [], shownClasses: 0, boxOf: {} },
    placement: { width: 0, height: 0, boxes: [], links: [] },
    selected: null,
    camera,

    async show(next, after, placed) {
      const nextView = buildView(index, next);
      if (nextView.boxes.length > MAX_BOXES) {
        viewer.say(`That view has ${nextView.boxes.length} boxes: too many to lay out here. Focus on a class or open packages one at a time.`);
        return false;
      }
      const run = ++layoutRun;
      busy.hidden = false;
      try {
        const placement = placed && placesEveryBox(placed, nextView) ? placed : await placementFor(next, nextView);
        if (run !== layoutRun) return false;
        viewer.state = next;
        viewer.view = nextView;
        viewer.placement = placement;
        camera.measuredOnce(() => {
          draw();
          after?.();
        });
        remember(viewer);
        performance.mark('nx-drawn');
        viewer.say('');
        return true;
      } catch (error) {
        viewer.say('Layout failed: ' + String(error));
        return false;
      } finally {
        if (run === layoutRun) busy.hidden = true;
      }
    },

    /**
     * Selecting a class shows its whole base chain (object included) and its direct subclasses, fitted beside the
     * panel; inside a focus the user chose, the focus stays and only the highlight and camera move.
     */
    async selectClass(id, options = {}) {
      const info = index.byId.get(id);
      if (!info) return;
      const started = performance.now();
      viewer.selected = id;
      const { inChosenFocus, alreadyShown, next } = selectionOf(id);
      if (!inChosenFocus) viewer.before ??= viewer.state;
      // The layout job goes to the worker first; the panel and the address are filled while it works.
      const drawing = alreadyShown ? null : viewer.show(next, () => frame(id));
      showPanel(viewer, id, options.member);
      remember(viewer);
      if (!drawing) {
        highlight();
        frame(id);
      } else if (!await drawing) {
        highlight();
      } else {
        subclassButton(viewer, id, panel.querySelector('.nx-panel-actions'));
      }
      updateControls(viewer);
      // Milliseconds from the pick to the drawn, framed selection, read by bench/viewer.bench.mjs.
      document.body.dataset.selectMs = String(Math.round(performance.now() - started));
    },

    prepareSelection(id) {
      wanted = id;
      if (!preparing) prepareNext();
    },

    async clearSelection() {
      panel.hidden = true;
      viewer.selected = null;
      const back = viewer.before;
      viewer.before = null;
      if (back) await viewer.show(back, () => frame(null));
      else highlight();
      remember(viewer);
      updateControls(viewer);
    },

    /** Opens a closed package in place: its first class lands where the package box was on screen. */
    async expandPackage(name) {
      const state = viewer.state;
      if (!state.expanded || state.expanded.includes(name)) return;
      const key = viewer.view.boxOf[name];
      const was = viewer.placement.boxes.find((b) => b.key === key);
      const screen = was ? viewer.camera.toScreen(was.x, was.y) : null;
      const first = index.packages.get(name)?.[0];
      await viewer.show({ ...state, expanded: [...state.expanded, name] }, () => {
        const now = first ? viewer.placement.boxes.find((b) => b.key === viewer.view.boxOf[first]) : undefined;
        if (now && screen) viewer.camera.pin(now.x, now.y, screen);
        else if (now) viewer.camera.centreOn(now.x, now.y, 0.5);
      });
    },

    async showSubclasses(id, show) {
      const state = viewer.state;
      if (!state.focus) return;
      const key = viewer.view.boxOf[id];
      const was = viewer.placement.boxes.find((b) => b.key === key);
      const screen = was ? viewer.camera.toScreen(was.x, was.y) : null;
      const without = (list: string[] | undefined) => (list ?? []).filter((c) => c !== id);
      const next = { ...state, unfolded: show ? [...without(state.unfolded), id] : without(state.unfolded), folded: show ? without(state.folded) : [...without(state.folded), id] };
      await viewer.show(next, () => {
        const now = viewer.placement.boxes.find((b) => b.key === viewer.view.boxOf[id]);
        if (now && screen) viewer.camera.pin(now.x, now.y, screen);
        if (viewer.selected === id) showPanel(viewer, id);
      });
    },

    frame,

    say(message) {
      const shown = viewer.view.shownClasses;
      const packages = viewer.view.boxes.filter((b) => b.kind === 'package').length;
      const focus = viewer.state.focus ? index.byId.get(viewer.state.focus)?.name ?? viewer.state.focus : '';
      const what = !focus ? '' : viewer.before !== null ? ` · ${focus}: its bases and direct subclasses (Esc: back)`
        : viewer.state.descendants ? ` · ${focus} and ${viewer.state.descendants} generations below it (Show all: every package)` : ` · focused on ${focus}`;
      const counts = `${shown} of ${model.classes.length} classes shown (${ownClasses} of ${model.target.module} + ${model.classes.length - ownClasses} external)` + (packages ? `, ${packages} closed packages` : '') + what;
      if (model.classes.length === 0) message = message || 'No classes to show';
      status.textContent = message ? message + ' — ' + counts : counts;
    },
  };

  // The pointer resting on a class box: its selection is laid out before the click.
  let hover: ReturnType<typeof setTimeout> | undefined;
  viewport.addEventListener('pointerover', (event) => {
    clearTimeout(hover);
    const box = (event.target as Element | null)?.closest?.('.nx-box') as SVGGElement | null;
    if (box?.dataset.kind === 'class') hover = setTimeout(() => viewer.prepareSelection(box.dataset.id ?? ''), HOVER_PREPARE_MS);
  });

  viewer.camera.onClick((target) => {
    const box = target?.closest?.('.nx-box') as SVGGElement | null;
    if (box && target?.closest?.('.nx-unfold')) void viewer.showSubclasses(box.dataset.id ?? '', true);
    else if (box) void openBox(viewer, box);
  });
  return viewer;
}

/** A placement made elsewhere fits this view when it places exactly the view's boxes and routes its links. */
function placesEveryBox(placement: Placement, view: View): boolean {
  const keys = new Set(placement.boxes.map((b) => b.key));
  return keys.size === view.boxes.length && view.boxes.every((b) => keys.has(b.key)) && placement.links.length === view.links.length;
}

function hubOf(view: View): string {
  const incoming = new Map<string, number>();
  for (const l of view.links) incoming.set(l.target, (incoming.get(l.target) ?? 0) + l.count);
  return [...incoming.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? view.boxes[0]?.key ?? '';
}

function openBox(viewer: Viewer, box: SVGGElement): Promise<void> {
  const ref = box.dataset.id ?? '';
  if (box.dataset.kind === 'class') return viewer.selectClass(ref);
  if (box.dataset.kind === 'package') return viewer.expandPackage(ref);
  return Promise.resolve();
}

/**
 * The view and the selected class go in the address (see ./deepLink.ts), so a copied link or a reload opens on them.
 * Written once, after the frame that shows the change is painted: Chromium's replaceState is a same-document
 * navigation that took ~200 ms of a neutron selection on a loaded 2-core machine (DevTools trace,
 * FrameLoader::updateForSameDocumentNavigation). body[data-link-pending] is there until the address is written.
 */
function remember(viewer: Viewer) {
  if (document.body.dataset.linkPending) return;
  document.body.dataset.linkPending = 'true';
  requestAnimationFrame(() => setTimeout(() => {
    delete document.body.dataset.linkPending;
    writeLink(viewer);
  }));
}

function writeLink(viewer: Viewer) {
  // A selection's own view is made from the view it was picked in: that one goes in the link.
  const hash = linkOf(viewer.before ?? viewer.state, viewer.first, viewer.selected);
  if (location.hash === hash || (!hash && !location.hash)) return;
  try {
    history.replaceState(null, '', hash || location.pathname + location.search);
  } catch {
    // Some file:// setups refuse history changes; the page works without them.
  }
}

function showPanel(viewer: Viewer, id: string, member?: string) {
  const { index } = viewer;
  const info = index.byId.get(id);
  const panel = byId('nx-panel');
  if (!info) return;
  const ancestors = info.mro ?? [id, ...[...focusSet(index, id, 0, 0)].filter((c) => c !== id && !(index.children.get(id) ?? []).includes(c))];
  const open = viewer.state.focus ? [] : (viewer.state.expanded ?? [...index.packages.keys()]).filter((p) => (index.packagesOfClass.get(id) ?? []).includes(p));
  panel.innerHTML = classPanelHtml(index, info, ancestors, open);
  panel.hidden = false;
  panel.dataset.id = id;
  byId('nx-panel-close').addEventListener('click', () => void viewer.clearSelection());
  byId('nx-panel-focus').addEventListener('click', () => void focusOn(viewer, id));
  byId('nx-panel-center').addEventListener('click', () => {
    const p = viewer.placement.boxes.find((b) => b.key === viewer.view.boxOf[id]);
    if (p) viewer.camera.centreOn(p.x, p.y);
  });
  const filter = byId<HTMLInputElement>('nx-method-filter');
  const applyFilter = () => {
    const q = filter.value.toLowerCase();
    panel.querySelectorAll<HTMLLIElement>('.nx-method').forEach((li) => { li.hidden = !(li.dataset.method ?? '').toLowerCase().includes(q); });
  };
  filter.addEventListener('input', applyFilter);
  if (member && panel.querySelector(`.nx-method[data-method="${CSS.escape(member)}"]`)) {
    filter.value = member;
    applyFilter();
  }
  panel.querySelector(`[data-attribute="${CSS.escape(member ?? '')}"]`)?.classList.add('nx-on');
  subclassButton(viewer, id, panel.querySelector('.nx-panel-actions'));
  panel.querySelectorAll<HTMLButtonElement>('.nx-collapse-package').forEach((b) => b.addEventListener('click', () => void collapsePackage(viewer, b.dataset.package ?? '')));
}

/** In a focused view: "Show N subclasses" when the box says some are hidden, "Hide subclasses" when some are drawn. */
function subclassButton(viewer: Viewer, id: string, actions: Element | null) {
  document.getElementById('nx-panel-subclasses')?.remove();
  const box = viewer.view.boxes.find((b) => b.key === viewer.view.boxOf[id]);
  const drawnBelow = viewer.view.links.some((l) => l.target === box?.key && l.kind === 'inherits' && viewer.view.boxes.find((b) => b.key === l.source)?.kind === 'class'
    && (viewer.index.children.get(id) ?? []).includes(viewer.view.boxes.find((b) => b.key === l.source)!.ref));
  if (!actions || !box || !viewer.state.focus || (!box.hiddenSubclasses && !drawnBelow)) return;
  const button = document.createElement('button');
  button.id = 'nx-panel-subclasses';
  const show = !!box.hiddenSubclasses;
  button.textContent = show ? `Show ${box.hiddenSubclasses} more subclasses` : 'Hide subclasses';
  button.addEventListener('click', () => void viewer.showSubclasses(id, show));
  actions.append(' ', button);
}

async function focusOn(viewer: Viewer, id: string) {
  viewer.selected = id;
  viewer.before = null;
  const depth = Number(byId<HTMLSelectElement>('nx-depth').value);
  await viewer.show({ ...viewer.state, focus: id, depth, descendants: undefined }, () => fitAll(viewer));
  showPanel(viewer, id);
}

async function collapsePackage(viewer: Viewer, name: string) {
  const expanded = viewer.state.expanded ?? [...viewer.index.packages.keys()];
  // Closing a package also closes what is inside it.
  await viewer.show({ ...viewer.state, expanded: expanded.filter((p) => p !== name && !p.startsWith(name + '.')) }, () => {
    const p = viewer.placement.boxes.find((b) => b.key === viewer.view.boxOf[name]);
    if (p) viewer.camera.centreOn(p.x, p.y, 0.5);
  });
}

function fitAll(viewer: Viewer) {
  viewer.camera.fitRegion({ x0: 0, y0: 0, x1: viewer.placement.width, y1: viewer.placement.height }, { maxZoom: 1.2 });
}

function updateControls(viewer: Viewer) {
  const { state } = viewer;
  document.querySelectorAll<HTMLButtonElement>('#nx-members button').forEach((b) => b.classList.toggle('nx-on', b.dataset.members === state.members));
  byId<HTMLButtonElement>('nx-focus').disabled = viewer.selected === null;
  byId<HTMLButtonElement>('nx-show-all').disabled = state.focus === null;
  byId<HTMLSelectElement>('nx-depth').value = String(state.depth);
  document.body.dataset.focus = state.focus ?? '';
  viewer.say('');
}

function wireToolbar(viewer: Viewer) {
  const { camera } = viewer;
  byId('nx-zoom-in').addEventListener('click', () => camera.zoomCentred(1.25));
  byId('nx-zoom-out').addEventListener('click', () => camera.zoomCentred(0.8));
  byId('nx-fit').addEventListener('click', () => fitAll(viewer));
  byId('nx-actual').addEventListener('click', () => camera.zoomCentred(1 / camera.zoom));
  byId('nx-focus').addEventListener('click', () => { if (viewer.selected) void focusOn(viewer, viewer.selected); });
  const depth = byId<HTMLSelectElement>('nx-depth');
  depth.addEventListener('change', () => {
    if (viewer.state.focus) void viewer.show({ ...viewer.state, depth: Number(depth.value), descendants: undefined }, () => fitAll(viewer));
  });
  byId('nx-show-all').addEventListener('click', () => {
    viewer.before = null;
    const expanded = viewer.state.expanded ?? (viewer.model.classes.length > 40 ? [] : null);
    void viewer.show({ ...viewer.state, focus: null, descendants: undefined, expanded }, () => viewer.frame(null));
  });
  document.querySelectorAll<HTMLButtonElement>('#nx-members button').forEach((button) => {
    button.addEventListener('click', () => void viewer.show({ ...viewer.state, members: button.dataset.members as MemberMode }, () => {
      const p = viewer.selected ? viewer.placement.boxes.find((b) => b.key === viewer.view.boxOf[viewer.selected!]) : undefined;
      if (p) viewer.camera.centreOn(p.x, p.y, viewer.camera.zoom);
    }));
  });
  // Opening or closing every package is a new view: Escape no longer leads back past it.
  const allPackages = (expanded: string[] | null) => {
    viewer.before = null;
    void viewer.show({ ...viewer.state, expanded, focus: null, descendants: undefined }, () => viewer.frame(null));
  };
  byId('nx-collapse').addEventListener('click', () => allPackages([]));
  byId('nx-expand').addEventListener('click', () => allPackages(null));
}

/** A keystroke's search looks at this many entries between checks of the clock (neutron: ~36k entries; 2,000 took 35–55 ms with the page CPU-throttled ×4). */
const SEARCH_CHUNK = 250;
/** …and gives the page back after this long, so an Enter or a click typed meanwhile runs before the search goes on. */
const SEARCH_SLICE_MS = 4;

/**
 * Runs `work` in slices of SEARCH_SLICE_MS, each in its own task (a MessageChannel message: no timer clamping), until
 * it says it is done; `cancel()` drops the rest. Input the browser received meanwhile is handled between slices.
 */
function inSlices(work: () => boolean, done: () => void): { cancel(): void } {
  const channel = new MessageChannel();
  let cancelled = false;
  channel.port1.onmessage = () => {
    if (cancelled) return;
    const started = performance.now();
    while (performance.now() - started < SEARCH_SLICE_MS) {
      if (!work()) continue;
      channel.port1.close();
      done();
      return;
    }
    channel.port2.postMessage(null);
  };
  channel.port2.postMessage(null);
  return { cancel() { cancelled = true; channel.port1.close(); } };
}

function wireSearch(viewer: Viewer) {
  const search = byId<HTMLInputElement>('nx-search');
  const results = byId<HTMLUListElement>('nx-results');
  let index: SearchIndex | null = null;
  const indexed = () => (index ??= searchIndex(searchEntries(viewer.model)));
  let hits: Hit[] = [];
  let active = 0;
  /** The search under way for the box's text, if its results are not shown yet. */
  let running: { run: SearchRun; cancel(): void } | null = null;
  const stop = () => {
    running?.cancel();
    running = null;
  };
  const show = (query: string, groups: HitGroup[]) => {
    hits = groups.flatMap((g) => g.hits);
    active = 0;
    let i = 0;
    results.innerHTML = groups.map((g) => `<li class="nx-group" role="presentation">${g.title}</li>`
      + g.hits.map((h) => `<li role="option" data-hit="${i}" class="${i++ === 0 ? 'nx-active' : ''}"${h.kind === 'class' ? ` data-id="${escapeHtml(h.classId)}"` : ''}><b>${escapeHtml(h.text)}</b> <span>${escapeHtml(h.where)}</span></li>`).join('')
      + (g.more ? `<li class="nx-more" role="presentation">${g.more} more ${g.title.toLowerCase()}: type more of the name</li>` : '')).join('')
      || (query.trim() ? '<li class="nx-none">nothing matches</li>' : '');
    results.hidden = results.innerHTML === '';
    // The query these rows are for: tests wait for it instead of for time.
    results.dataset.query = query;
  };
  // A keystroke only starts the search: it runs in slices after the handler returns, and the next keystroke drops it.
  const render = () => {
    stop();
    const query = search.value;
    if (!query.trim()) return show(query, []);
    const run = startSearch(indexed(), query);
    let prepared = false;
    const slices = inSlices(() => {
      const done = run.step(SEARCH_CHUNK);
      // The first hit is known once its kind is searched (classes come first): what Enter would pick is laid out
      // ahead while the rest is searched, in a task of its own so an Enter already waiting comes first.
      const first = prepared ? undefined : run.settledFirst();
      if (first) {
        prepared = true;
        setTimeout(() => { if (search.value === query) viewer.prepareSelection(first.classId); });
      }
      return done;
    }, () => {
      running = null;
      show(query, run.groups());
    });
    running = { run, cancel: slices.cancel };
  };
  const choose = (hit: Hit | undefined) => {
    if (!hit) return;
    results.hidden = true;
    void viewer.selectClass(hit.classId, { member: hit.member });
  };
  const pick = (li: Element | null | undefined) => choose(hits[Number((li as HTMLElement | null)?.dataset?.hit ?? -1)]);
  // Built while the page waits for its first layout, so the first keystroke does not pay for it (neutron: ~36k entries).
  if ('requestIdleCallback' in window) requestIdleCallback(indexed);
  search.addEventListener('input', render);
  search.addEventListener('focus', render);
  search.addEventListener('keydown', (event) => {
    const items = results.querySelectorAll('li[data-hit]');
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      items[active]?.classList.remove('nx-active');
      active = (active + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % Math.max(1, items.length);
      items[active]?.classList.add('nx-active');
      items[active]?.scrollIntoView({ block: 'nearest' });
      const hit = hits[Number((items[active] as HTMLElement | undefined)?.dataset.hit ?? -1)];
      if (hit) viewer.prepareSelection(hit.classId);
    } else if (event.key === 'Enter') {
      // Results not shown yet for what is typed: the first hit of the whole query, without ranking the rest.
      if (running || results.dataset.query !== search.value) {
        const settled = running?.run.settledFirst();
        stop();
        choose(settled ?? firstHit(indexed(), search.value));
      } else {
        pick(items[active]);
      }
    } else if (event.key === 'Escape') {
      stop();
      // First Escape closes the results, the next one drops the selection as it does anywhere else.
      if (!results.hidden) results.hidden = true;
      else if (viewer.selected) void viewer.clearSelection();
    }
  });
  results.addEventListener('mousedown', (event) => {
    event.preventDefault();
    pick((event.target as Element).closest('li[data-hit]'));
  });
  search.addEventListener('blur', () => {
    stop();
    results.hidden = true;
  });
}

function setLeftPanelOpen(open: boolean) {
  byId('nx-left').hidden = !open;
  const toggle = byId('nx-toggle-left');
  toggle.classList.toggle('nx-on', open);
  toggle.setAttribute('aria-expanded', String(open));
}

/** Before the first drawing, so it is framed in the room it will have: the dispatch list open on wide screens. */
function openPanels(hasDispatchTables: boolean) {
  if (!hasDispatchTables) {
    byId('nx-left').hidden = true;
    byId('nx-toggle-left').hidden = true;
  } else {
    setLeftPanelOpen(window.innerWidth >= 1280);
  }
}

/** The dispatch list and the class panel can be folded away: at 1024 px the diagram needs the room. */
function wirePanels(viewer: Viewer) {
  const left = byId('nx-left');
  if (viewer.model.dispatchTables.length === 0) return;
  byId('nx-toggle-left').addEventListener('click', () => setLeftPanelOpen(left.hidden));
  document.addEventListener('click', (event) => {
    const link = (event.target as Element).closest?.('.nx-class-link') as HTMLElement | null;
    if (!link) return;
    event.preventDefault();
    void viewer.selectClass(link.dataset.id ?? '');
  });
}

function wireDispatchList(viewer: Viewer) {
  const { model, index } = viewer;
  if (model.dispatchTables.length === 0) return;
  const dispatch = byId('nx-dispatch');
  const filter = byId<HTMLInputElement>('nx-dispatch-filter');
  const esc = escapeHtml;
  // The biggest table first: in netmiko that is CLASS_MAPPER, the one ConnectHandler reads.
  const tables = [...model.dispatchTables].sort((a, b) => b.entries.length - a.entries.length);
  dispatch.innerHTML = tables.map((table) => `
    <section class="nx-table"><h3 title="${esc(table.file)}:${table.line}">${esc(table.name)} <span>${esc(table.module)} · ${table.entries.length} keys</span></h3>
    <ul>${table.entries.map((e) => `<li data-key="${esc(e.key)}" data-target="${esc(e.target ?? '')}" tabindex="-1"><span class="nx-key">${esc(e.key)}</span> → <span class="nx-target">${esc(e.target ? (index.byId.get(e.target)?.name ?? e.expression) : e.expression)}</span></li>`).join('')}</ul></section>`).join('');
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    dispatch.querySelectorAll<HTMLLIElement>('li').forEach((li) => { li.hidden = !!q && !li.textContent?.toLowerCase().includes(q); });
  });
  const choose = (li: HTMLElement | null) => {
    if (!li?.dataset.target) return;
    dispatch.querySelectorAll('.nx-on').forEach((e) => e.classList.remove('nx-on'));
    li.classList.add('nx-on');
    // What a key gives you is the class and its whole base chain.
    void viewer.selectClass(li.dataset.target);
  };
  dispatch.addEventListener('click', (event) => choose((event.target as Element).closest('li')));
  // One Tab stop for the whole list (the first key shown); the arrows move within it.
  const keys = () => Array.from(dispatch.querySelectorAll<HTMLLIElement>('li:not([hidden])'));
  const rove = () => keys().forEach((li, i) => li.setAttribute('tabindex', i === 0 ? '0' : '-1'));
  rove();
  filter.addEventListener('input', rove);
  dispatch.addEventListener('keydown', (event) => {
    const li = (event.target as Element).closest('li');
    if (event.key === 'Enter') choose(li);
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const list = keys();
    list[list.indexOf(li as HTMLLIElement) + (event.key === 'ArrowDown' ? 1 : -1)]?.focus();
  });
}

/**
 * Keys: / search, Escape back, + − 0 zoom and fit; on a focused box Enter opens it and the arrows walk the
 * inheritance links (↑ a base, ↓ a subclass, ← → the neighbours in its row).
 */
function wireKeys(viewer: Viewer, viewport: SVGGElement) {
  const search = byId<HTMLInputElement>('nx-search');
  const boxElement = (key: string | undefined) => (key ? viewport.querySelector<SVGGElement>(`.nx-box[data-key="${key}"]`) : null);
  const neighbour = (key: string, direction: string): string | undefined => {
    const { view, placement } = viewer;
    if (direction === 'ArrowUp') return view.links.find((l) => l.source === key)?.target;
    if (direction === 'ArrowDown') return view.links.find((l) => l.target === key)?.source;
    const at = placement.boxes.find((b) => b.key === key);
    if (!at) return undefined;
    const row = placement.boxes.filter((b) => Math.abs(b.y - at.y) < 1).sort((a, b) => a.x - b.x);
    const i = row.findIndex((b) => b.key === key);
    return row[i + (direction === 'ArrowRight' ? 1 : -1)]?.key;
  };
  document.addEventListener('keydown', (event) => {
    const target = event.target as Element;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLSelectElement;
    if (typing) return;
    const box = target.closest?.('#nx-viewport .nx-box') as SVGGElement | null;
    if (event.key === '/') {
      event.preventDefault();
      search.focus();
      search.select();
    } else if (event.key === 'Escape' && viewer.selected) {
      void viewer.clearSelection();
    } else if (event.key === '+' || event.key === '=') {
      viewer.camera.zoomCentred(1.25);
    } else if (event.key === '-') {
      viewer.camera.zoomCentred(0.8);
    } else if (event.key === '0') {
      fitAll(viewer);
    } else if (box && event.key === 'Enter') {
      event.preventDefault();
      void openBox(viewer, box);
    } else if (box && event.key.startsWith('Arrow')) {
      event.preventDefault();
      const next = boxElement(neighbour(box.dataset.key ?? '', event.key));
      next?.focus();
    }
  });
  // A box reached with Tab or the arrows is brought on screen.
  viewport.addEventListener('focusin', (event) => {
    const box = (event.target as Element).closest?.('.nx-box') as SVGGElement | null;
    const at = box ? viewer.placement.boxes.find((b) => b.key === box.dataset.key) : undefined;
    const size = box ? viewer.view.boxes.find((b) => b.key === box.dataset.key) : undefined;
    if (at && size) viewer.camera.reveal({ x0: at.x, y0: at.y, x1: at.x + size.width, y1: at.y + Math.min(size.height, 200) });
  });
}

/** The first drawing, then the class a link (#id) or --focus names. */
/** The first view whole; too big to read whole, its main hierarchy's root at a readable zoom, the rest a pan away. */
function frameFirstView(camera: Camera, view: View, placement: Placement, focus: string | null) {
  camera.fitRegion({ x0: 0, y0: 0, x1: placement.width, y1: placement.height }, { maxZoom: 1.2 });
  if (camera.zoom >= READABLE_ZOOM) return;
  // Too tall to read whole but no wider than the screen at a readable zoom: its top, at that zoom.
  const seen = camera.visibleRegion();
  const screenHeight = (seen.y1 - seen.y0) * camera.zoom;
  if (camera.fitRegion({ x0: 0, y0: 0, x1: placement.width, y1: (screenHeight - 48) / READABLE_ZOOM - 1 }, { minZoom: READABLE_ZOOM, maxZoom: READABLE_ZOOM })) return;
  if (!focus) return;
  const root = placement.boxes.find((b) => b.key === view.boxOf[focus]);
  const size = view.boxes.find((b) => b.key === root?.key);
  if (root && size) camera.fitRegion({ x0: root.x - 600, y0: root.y - 40, x1: root.x + size.width + 600, y1: root.y + 700 }, { minZoom: 0.02 });
}

/** The first view (already on screen when drawn early: the camera stays where the user may have moved it), then the class a link (#id) or --focus names. */
async function openFirstView(viewer: Viewer, { state, placement }: Initial, drawnEarly: boolean) {
  const started = performance.now();
  // Read before the first show writes the address.
  const link = parseLink(location.hash);
  const framed = () => frameFirstView(viewer.camera, viewer.view, viewer.placement, viewer.state.focus);
  // A model too big to draw whole (filtered without --collapse) opens on its packages instead.
  let shown = await viewer.show(state, drawnEarly ? undefined : framed, placement);
  if (!shown) shown = await viewer.show({ ...state, focus: null, descendants: undefined, expanded: [] }, framed);
  document.body.dataset.firstDrawingMs ??= String(Math.round(performance.now()));
  const linked = { ...viewer.state, ...link.view };
  if (linked.focus !== null && !viewer.index.byId.has(linked.focus)) linked.focus = viewer.state.focus;
  if (Object.keys(link.view).length > 0) await viewer.show(linked, framed);
  const focus = (link.select && viewer.index.byId.has(link.select) ? link.select : null) ?? viewer.model.view?.filters.focus;
  if (focus && viewer.index.byId.has(focus)) await viewer.selectClass(focus);
  // No elkjs warm-up: the viewer's views have no dispatch-table boxes, so their layouts never go to the worker.
  document.body.dataset.ready = 'true';
  // Milliseconds from navigation start to an interactive page, read by bench/viewer.bench.mjs.
  document.body.dataset.readyMs = String(Math.round(performance.now()));
  document.body.dataset.startMs = String(Math.round(performance.now() - started));
}

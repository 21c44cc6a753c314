// The in-browser viewer: pan/zoom, search, side panel, focus, member and package toggles, dispatch list. Runs inlined in the HTML page.
// Imports are resolved by concatenation in ./bundle.ts: only ./diagram.js and type-only imports are allowed here.
import type { ClassInfo, ClassModel, MethodInfo } from '../model/classModel.js';
import {
  buildView, closedPackageOf, drawView, focusSet, formatMethod, indexModel,
  type MemberMode, type ModelIndex, type Placement, type View, type ViewState,
} from './diagram.js';
import { layoutPlan, placementOf, type ElkResult } from './layout.js';

interface ElkApi { layout(graph: unknown): Promise<unknown> }
interface Initial { state: ViewState; title: string }

/** Above this many boxes a layout would hold the page for seconds: the viewer asks the user to focus or open fewer packages. */
const MAX_BOXES = 1500;
/** Revealing a class opens its packages unless the view would grow past this; then it focuses on the class. */
const REVEAL_LIMIT = 250;

export function startViewer(): void {
  const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
  const model = JSON.parse($('nx-model').textContent ?? '{}') as ClassModel;
  const initial = JSON.parse($('nx-initial').textContent ?? '{}') as Initial;
  const index: ModelIndex = indexModel(model);
  let state: ViewState = initial.state;
  let view: View = { boxes: [], links: [], shownClasses: 0, boxOf: {} };
  let placement: Placement = { width: 0, height: 0, boxes: [], links: [] };
  let selected: string | null = null;
  let layoutRun = 0;
  let elk: ElkApi | null = null;

  const svg = $('nx-svg') as unknown as SVGSVGElement;
  const viewport = svg.getElementById('nx-viewport') as SVGGElement;
  const canvas = $('nx-canvas');
  const status = $('nx-status');
  const busy = $('nx-busy');
  const panel = $('nx-panel');

  // ---- pan and zoom -------------------------------------------------------
  let k = 1;
  let tx = 0;
  let ty = 0;
  const applyTransform = () => viewport.setAttribute('transform', `translate(${tx.toFixed(1)},${ty.toFixed(1)}) scale(${k.toFixed(4)})`);
  const clampZoom = (v: number) => Math.min(4, Math.max(0.02, v));
  function zoomAt(factor: number, cx: number, cy: number) {
    const next = clampZoom(k * factor);
    tx = cx - (cx - tx) * (next / k);
    ty = cy - (cy - ty) * (next / k);
    k = next;
    applyTransform();
  }
  function fit() {
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    k = clampZoom(Math.min(w / Math.max(1, placement.width), h / Math.max(1, placement.height), 1.2) * 0.96);
    tx = (w - placement.width * k) / 2;
    ty = (h - placement.height * k) / 2;
    applyTransform();
  }
  /** Whole structure if that stays readable; otherwise a readable zoom on the most inherited-from box. */
  function overview() {
    fit();
    if (k >= 0.6) return;
    // The hub: the analysed package's box most inherited from (external bases like object would win otherwise).
    const external = new Set(view.boxes.filter((b) => b.style === 'external' || b.stereotype === '«external package»').map((b) => b.key));
    const incoming = new Map<string, number>();
    for (const l of view.links) if (!external.has(l.target)) incoming.set(l.target, (incoming.get(l.target) ?? 0) + l.count);
    const hub = [...incoming.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!hub) return;
    // 0.85: 12 px class names, 9 px module lines; smaller stops being readable in a screenshot.
    k = 0.85;
    centerOnKey(hub, 0.85);
  }
  /** Shows a class with its base chain: all of it when it fits at a readable zoom, else the class itself. */
  function showChain(id: string) {
    const keys = new Set(chainOf(id).map((c) => view.boxOf[c]).filter(Boolean));
    const placed = placement.boxes.filter((b) => keys.has(b.key));
    const sizes = new Map(view.boxes.map((b) => [b.key, b]));
    if (placed.length === 0) return;
    const x0 = Math.min(...placed.map((p) => p.x));
    const y0 = Math.min(...placed.map((p) => p.y));
    const x1 = Math.max(...placed.map((p) => p.x + (sizes.get(p.key)?.width ?? 0)));
    const y1 = Math.max(...placed.map((p) => p.y + (sizes.get(p.key)?.height ?? 0)));
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    const fitted = Math.min(1, (w - 60) / Math.max(1, x1 - x0), (h - 60) / Math.max(1, y1 - y0));
    if (fitted < 0.5) {
      k = 0.85;
      centerOnKey(view.boxOf[id], 0.85);
      return;
    }
    k = fitted;
    tx = w / 2 - ((x0 + x1) / 2) * k;
    ty = h / 2 - ((y0 + y1) / 2) * k;
    applyTransform();
  }
  function centerOnKey(key: string, minZoom = 0.85) {
    const p = placement.boxes.find((b) => b.key === key);
    const box = view.boxes.find((b) => b.key === key);
    if (!p || !box) return;
    k = Math.max(k, minZoom);
    const w = canvas.clientWidth;
    const h = canvas.clientHeight;
    tx = w / 2 - (p.x + box.width / 2) * k;
    // Tall boxes are aligned at their top so the name stays in sight.
    ty = box.height * k > h * 0.8 ? 40 - p.y * k : h / 2 - (p.y + box.height / 2) * k;
    applyTransform();
  }
  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    const r = canvas.getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015)), event.clientX - r.left, event.clientY - r.top);
  }, { passive: false });
  let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | null = null;
  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    drag = { x: event.clientX, y: event.clientY, tx, ty, moved: false };
  });
  window.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    if (!drag.moved) canvas.setPointerCapture?.(event.pointerId);
    drag.moved = true;
    canvas.classList.add('nx-dragging');
    tx = drag.tx + dx;
    ty = drag.ty + dy;
    applyTransform();
  });
  window.addEventListener('pointerup', (event) => {
    const wasDrag = drag?.moved;
    drag = null;
    canvas.classList.remove('nx-dragging');
    if (wasDrag) return;
    const target = event.target as Element | null;
    if (!target || !canvas.contains(target)) return;
    const boxElement = target.closest?.('.nx-box') as SVGGElement | null;
    if (!boxElement) return;
    const kind = boxElement.dataset.kind;
    const ref = boxElement.dataset.id ?? '';
    if (kind === 'class') void selectClass(ref, { center: false });
    else if (kind === 'package') void expandPackage(ref);
  });
  const center = () => ({ x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 });
  $('nx-zoom-in').addEventListener('click', () => zoomAt(1.25, center().x, center().y));
  $('nx-zoom-out').addEventListener('click', () => zoomAt(0.8, center().x, center().y));
  $('nx-fit').addEventListener('click', fit);
  $('nx-actual').addEventListener('click', () => zoomAt(1 / k, center().x, center().y));

  // ---- drawing and layout ------------------------------------------------
  function draw() {
    viewport.innerHTML = drawView(view, placement);
    highlight();
    updateControls();
  }
  function loadElk(): ElkApi {
    if (elk) return elk;
    // elkjs travels inside the page as text and is evaluated on first use: opening the page stays fast.
    const source = $('nx-elk').textContent ?? '';
    (0, eval)(source);
    const Elk = (window as unknown as { ELK: new () => ElkApi }).ELK;
    elk = new Elk();
    return elk;
  }
  async function show(next: ViewState, after?: () => void): Promise<boolean> {
    const nextView = buildView(index, next);
    if (nextView.boxes.length > MAX_BOXES) {
      say(`That view has ${nextView.boxes.length} boxes: too many to lay out here. Focus on a class or open packages one at a time.`);
      return false;
    }
    const run = ++layoutRun;
    busy.hidden = false;
    // Let the browser paint the "laying out" note before elkjs holds the thread.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    try {
      const plan = layoutPlan(nextView, { aspectRatio: Math.max(0.5, canvas.clientWidth / Math.max(1, canvas.clientHeight)) });
      const result = await loadElk().layout(plan.graph);
      if (run !== layoutRun) return false;
      state = next;
      view = nextView;
      placement = placementOf(plan, result as ElkResult, nextView);
      draw();
      after?.();
      say('');
      return true;
    } catch (error) {
      say('Layout failed: ' + String(error));
      return false;
    } finally {
      if (run === layoutRun) busy.hidden = true;
    }
  }
  function say(message: string) {
    const shown = view.shownClasses;
    const packages = view.boxes.filter((b) => b.kind === 'package').length;
    const counts = `${shown} of ${model.classes.length} classes shown` + (packages ? `, ${packages} closed packages` : '')
      + (state.focus ? ` · focused on ${index.byId.get(state.focus)?.name ?? state.focus}` : '');
    if (model.classes.length === 0) message = message || 'No classes to show';
    status.textContent = message ? message + ' — ' + counts : counts;
  }

  // ---- selection and highlight -------------------------------------------
  function chainOf(id: string): string[] {
    const info = index.byId.get(id);
    if (!info) return [];
    if (info.mro) return info.mro.filter((c) => index.byId.has(c));
    // No MRO (inconsistent bases): every ancestor reachable through the bases.
    const seen = [id];
    for (let i = 0; i < seen.length; i++) {
      for (const b of index.byId.get(seen[i])?.bases ?? []) if (b.id && index.byId.has(b.id) && !seen.includes(b.id)) seen.push(b.id);
    }
    return seen;
  }
  function highlight() {
    svg.classList.toggle('nx-has-selection', selected !== null);
    viewport.querySelectorAll('.nx-selected, .nx-chain').forEach((e) => e.classList.remove('nx-selected', 'nx-chain'));
    if (!selected) return;
    const chainKeys = new Set<string>();
    for (const id of chainOf(selected)) {
      const key = view.boxOf[id];
      if (key) chainKeys.add(key);
    }
    const selectedKey = view.boxOf[selected];
    for (const key of chainKeys) viewport.querySelector(`.nx-box[data-key="${key}"]`)?.classList.add(key === selectedKey ? 'nx-selected' : 'nx-chain');
    viewport.querySelectorAll<SVGPathElement>('.nx-link').forEach((path) => {
      if (chainKeys.has(path.dataset.from ?? '') && chainKeys.has(path.dataset.to ?? '')) path.classList.add('nx-chain');
    });
  }
  /** Opens what hides a class and its base chain, then centers, highlights and describes it. */
  async function selectClass(id: string, options: { center?: boolean } = {}) {
    const info = index.byId.get(id);
    if (!info) return;
    selected = id;
    const wanted = chainOf(id);
    let next: ViewState | null = null;
    if (state.focus && !focusSet(index, state.focus, state.depth).has(id)) {
      next = { ...state, focus: id };
    } else if (!state.focus && state.expanded) {
      const expanded = [...state.expanded];
      for (const c of wanted) {
        let closed = closedPackageOf(index, c, expanded);
        while (closed) {
          expanded.push(closed);
          closed = closedPackageOf(index, c, expanded);
        }
      }
      if (expanded.length !== state.expanded.length) next = { ...state, expanded };
      // Opening every package on the way can flood a big model's overview: show the class in focus instead.
      if (next && buildView(index, next).boxes.length > REVEAL_LIMIT) next = { ...state, focus: id };
    }
    showPanel(id);
    remember(id);
    if (next) await show(next);
    else highlight();
    if (options.center !== false) showChain(id);
    updateControls();
  }
  async function expandPackage(name: string) {
    if (!state.expanded || state.expanded.includes(name)) return;
    const first = index.packages.get(name)?.[0];
    await show({ ...state, expanded: [...state.expanded, name] }, () => {
      if (first) centerOnKey(view.boxOf[first], 0.5);
    });
  }
  async function collapsePackage(name: string) {
    const expanded = state.expanded ?? [...index.packages.keys()];
    // Closing a package also closes what is inside it.
    await show({ ...state, expanded: expanded.filter((p) => p !== name && !p.startsWith(name + '.')) }, () => {
      const key = view.boxOf[name];
      if (key) centerOnKey(key, 0.5);
    });
  }

  // ---- side panel --------------------------------------------------------
  const esc = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const classLink = (id: string) => {
    const info = index.byId.get(id);
    return `<a href="#" class="nx-class-link" data-id="${esc(id)}" title="${esc(id)}">${esc(info?.name ?? id)}</a>`;
  };
  const methodOf = (classId: string, name: string): MethodInfo | undefined => index.byId.get(classId)?.methods.find((m) => m.name === name);
  function methodRows(info: ClassInfo): string {
    const rows: string[] = [];
    for (const m of info.methods) {
      const where = m.overrides ? `overrides ${classLink(m.overrides)}` : 'defined here';
      rows.push(`<li class="nx-method ${m.overrides ? 'overridden' : 'own'}" data-method="${esc(m.name)}"><code>${esc(formatMethod(m))}</code><span class="nx-where">${where}</span></li>`);
    }
    for (const inherited of info.inheritedMethods) {
      const m = methodOf(inherited.from, inherited.name);
      const signature = m ? formatMethod(m) : inherited.name + '(…)';
      rows.push(`<li class="nx-method inherited" data-method="${esc(inherited.name)}"><code>${esc(signature)}</code><span class="nx-where">inherited from ${classLink(inherited.from)}</span></li>`);
    }
    return rows.join('');
  }
  function showPanel(id: string) {
    const info = index.byId.get(id);
    if (!info) return;
    const location = info.file ? esc(info.file) + (info.line ? ':' + info.line : '') : 'no source';
    const tags = [info.external ? 'external' : '', info.origin !== 'source' ? info.origin : ''].filter(Boolean)
      .map((t) => `<span class="nx-tag ${t}">${t}</span>`).join(' ');
    const provenance = info.provenance
      ? `<dt>Made by</dt><dd>${esc(info.provenance.factory ?? info.provenance.kind)} from ${esc(info.provenance.file)}:${info.provenance.line}</dd>` : '';
    const open = (state.expanded ?? [...index.packages.keys()]).filter((p) => (index.packagesOfClass.get(id) ?? []).includes(p));
    const collapseButtons = state.focus ? '' : open.map((p) => `<button class="nx-collapse-package" data-package="${esc(p)}">Collapse ${esc(p)}</button>`).join(' ');
    panel.innerHTML = `
      <button id="nx-panel-close" title="Close">×</button>
      <h2>${esc(info.name)} ${tags}</h2>
      ${info.doc ? `<p class="nx-doc">${esc(info.doc)}</p>` : ''}
      <dl>
        <dt>Module</dt><dd>${esc(info.module)}</dd>
        <dt>File</dt><dd class="nx-file">${location}</dd>
        ${provenance}
        <dt>Bases</dt><dd>${info.bases.map((b) => (b.id ? classLink(b.id) : esc(b.expression) + ' (unresolved)')).join(', ') || '—'}</dd>
        <dt>${info.mro ? 'MRO' : 'Ancestors'}</dt><dd><ol class="nx-mro">${(info.mro ?? chainOf(id)).map((c) => `<li>${index.byId.has(c) ? classLink(c) : esc(c)}</li>`).join('')}</ol>${info.mro ? '' : '<span class="nx-where">no MRO: the bases are inconsistent or unresolved</span>'}</dd>
      </dl>
      <div class="nx-panel-actions"><button id="nx-panel-focus">Focus on ${esc(info.name)}</button> <button id="nx-panel-center">Center</button> ${collapseButtons}</div>
      ${info.attributes.length ? `<h3>Attributes (${info.attributes.length})</h3><ul class="nx-attributes">${info.attributes.map((a) => `<li><code>${esc(a.name + (a.annotation ? ': ' + a.annotation : '') + (a.value !== undefined ? ' = ' + a.value : ''))}</code> <span class="nx-where">${a.scope}</span></li>`).join('')}</ul>` : ''}
      <h3>Methods (${info.methods.length} here, ${info.inheritedMethods.length} inherited)</h3>
      <input id="nx-method-filter" type="search" placeholder="Filter methods…" autocomplete="off">
      <ul class="nx-methods">${methodRows(info)}</ul>`;
    panel.hidden = false;
    panel.dataset.id = id;
    $('nx-panel-close').addEventListener('click', () => {
      panel.hidden = true;
      selected = null;
      highlight();
    });
    $('nx-panel-focus').addEventListener('click', () => void focusOn(id));
    $('nx-panel-center').addEventListener('click', () => centerOnKey(view.boxOf[id]));
    $<HTMLInputElement>('nx-method-filter').addEventListener('input', (event) => {
      const q = (event.target as HTMLInputElement).value.toLowerCase();
      panel.querySelectorAll<HTMLLIElement>('.nx-method').forEach((li) => { li.hidden = !(li.dataset.method ?? '').toLowerCase().includes(q); });
    });
    panel.querySelectorAll<HTMLButtonElement>('.nx-collapse-package').forEach((b) => b.addEventListener('click', () => void collapsePackage(b.dataset.package ?? '')));
  }
  document.addEventListener('click', (event) => {
    const link = (event.target as Element).closest?.('.nx-class-link') as HTMLElement | null;
    if (!link) return;
    event.preventDefault();
    void selectClass(link.dataset.id ?? '');
  });

  // ---- focus, members, packages -------------------------------------------
  const depthSelect = $<HTMLSelectElement>('nx-depth');
  async function focusOn(id: string) {
    selected = id;
    await show({ ...state, focus: id, depth: Number(depthSelect.value) }, fit);
    showPanel(id);
  }
  $('nx-focus').addEventListener('click', () => { if (selected) void focusOn(selected); });
  depthSelect.addEventListener('change', () => { if (state.focus) void show({ ...state, depth: Number(depthSelect.value) }, fit); });
  $('nx-show-all').addEventListener('click', () => void show({ ...state, focus: null }, () => (selected ? centerOnKey(view.boxOf[selected]) : fit())));
  document.querySelectorAll<HTMLButtonElement>('#nx-members button').forEach((button) => {
    button.addEventListener('click', () => void show({ ...state, members: button.dataset.members as MemberMode }, () => {
      if (selected && view.boxOf[selected]) centerOnKey(view.boxOf[selected], k);
    }));
  });
  $('nx-collapse').addEventListener('click', () => void show({ ...state, expanded: [], focus: null }, fit));
  $('nx-expand').addEventListener('click', () => void show({ ...state, expanded: null, focus: null }, fit));
  function updateControls() {
    document.querySelectorAll<HTMLButtonElement>('#nx-members button').forEach((b) => b.classList.toggle('nx-on', b.dataset.members === state.members));
    $<HTMLButtonElement>('nx-focus').disabled = selected === null;
    $<HTMLButtonElement>('nx-show-all').disabled = state.focus === null;
    depthSelect.value = String(state.depth);
    document.body.dataset.focus = state.focus ?? '';
    say('');
  }

  // ---- search ----------------------------------------------------------------
  const search = $<HTMLInputElement>('nx-search');
  const results = $<HTMLUListElement>('nx-results');
  let active = 0;
  function matches(query: string): ClassInfo[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const scored: { info: ClassInfo; score: number }[] = [];
    for (const info of model.classes) {
      const name = info.name.toLowerCase();
      const score = name === q ? 0 : name.startsWith(q) ? 1 : name.includes(q) ? 2 : q.includes('.') && info.id.toLowerCase().includes(q) ? 3 : -1;
      if (score >= 0) scored.push({ info, score });
    }
    scored.sort((a, b) => a.score - b.score || a.info.name.length - b.info.name.length || a.info.name.localeCompare(b.info.name));
    return scored.slice(0, 40).map((s) => s.info);
  }
  function renderResults() {
    const list = matches(search.value);
    active = 0;
    results.innerHTML = list.map((info, i) => `<li role="option" data-id="${esc(info.id)}" class="${i === 0 ? 'nx-active' : ''}"><b>${esc(info.name)}</b> <span>${esc(info.module)}</span></li>`).join('')
      || (search.value.trim() ? '<li class="nx-none">no class matches</li>' : '');
    results.hidden = results.innerHTML === '';
  }
  function pick(li: Element | null | undefined) {
    const id = (li as HTMLElement | null)?.dataset?.id;
    if (!id) return;
    results.hidden = true;
    void selectClass(id);
  }
  search.addEventListener('input', renderResults);
  search.addEventListener('focus', renderResults);
  search.addEventListener('keydown', (event) => {
    const items = results.querySelectorAll('li[data-id]');
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      items[active]?.classList.remove('nx-active');
      active = (active + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % Math.max(1, items.length);
      items[active]?.classList.add('nx-active');
    } else if (event.key === 'Enter') {
      pick(items[active]);
    } else if (event.key === 'Escape') {
      results.hidden = true;
    }
  });
  results.addEventListener('mousedown', (event) => {
    event.preventDefault();
    pick((event.target as Element).closest('li'));
  });
  search.addEventListener('blur', () => { results.hidden = true; });

  // ---- dispatch tables ---------------------------------------------------------
  const dispatch = $('nx-dispatch');
  const dispatchFilter = $<HTMLInputElement>('nx-dispatch-filter');
  if (model.dispatchTables.length === 0) {
    $('nx-left').hidden = true;
  } else {
    // The biggest table first: in netmiko that is CLASS_MAPPER, the one ConnectHandler reads.
    const tables = [...model.dispatchTables].sort((a, b) => b.entries.length - a.entries.length);
    dispatch.innerHTML = tables.map((table) => `
      <section class="nx-table"><h3 title="${esc(table.file)}:${table.line}">${esc(table.name)} <span>${esc(table.module)} · ${table.entries.length} keys</span></h3>
      <ul>${table.entries.map((e) => `<li data-key="${esc(e.key)}" data-target="${esc(e.target ?? '')}" tabindex="0"><span class="nx-key">${esc(e.key)}</span> → <span class="nx-target">${esc(e.target ? (index.byId.get(e.target)?.name ?? e.expression) : e.expression)}</span></li>`).join('')}</ul></section>`).join('');
    dispatchFilter.addEventListener('input', () => {
      const q = dispatchFilter.value.trim().toLowerCase();
      dispatch.querySelectorAll<HTMLLIElement>('li').forEach((li) => { li.hidden = !!q && !li.textContent?.toLowerCase().includes(q); });
    });
    const choose = (li: HTMLElement | null) => {
      if (!li?.dataset.target) return;
      dispatch.querySelectorAll('.nx-on').forEach((e) => e.classList.remove('nx-on'));
      li.classList.add('nx-on');
      // What a key gives you is the class and its whole base chain: show exactly that, readable, rather than a spot in the overview.
      const target = li.dataset.target;
      selected = target;
      showPanel(target);
      void show({ ...state, focus: target, depth: 0 }, fit);
    };
    dispatch.addEventListener('click', (event) => choose((event.target as Element).closest('li')));
    dispatch.addEventListener('keydown', (event) => { if (event.key === 'Enter') choose((event.target as Element).closest('li')); });
  }

  // ---- deep links and keys ----------------------------------------------------------
  /** The selected class goes in the address (#class.id), so a link or a reload opens on it. */
  function remember(id: string) {
    try {
      history.replaceState(null, '', '#' + encodeURIComponent(id));
    } catch {
      // Some file:// setups refuse history changes; the page works without them.
    }
  }
  const linked = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    return id && index.byId.has(id) ? id : null;
  };
  document.addEventListener('keydown', (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement;
    if (event.key === '/' && !typing) {
      event.preventDefault();
      search.focus();
      search.select();
    } else if (event.key === 'Escape' && !typing && !panel.hidden) {
      panel.hidden = true;
      selected = null;
      highlight();
    }
  });

  // ---- start -------------------------------------------------------------------
  $('nx-title').textContent = initial.title;
  updateControls();
  void show(initial.state, overview).then(async (shown) => {
    // A model too big to draw whole (filtered without --collapse) opens on its packages instead.
    if (!shown && !(await show({ ...initial.state, expanded: [] }, overview))) draw();
    // A link to a class (#id) or a model filtered with --focus opens with that class selected.
    const focus = linked() ?? model.view?.filters.focus;
    if (focus && index.byId.has(focus)) {
      await selectClass(focus, { center: false });
      if (focus === model.view?.filters.focus) overview();
      else showChain(focus);
    }
    document.body.dataset.ready = 'true';
    // Milliseconds from navigation start to an interactive page, read by bench/viewer.bench.mjs.
    document.body.dataset.readyMs = String(Math.round(performance.now()));
  });
}

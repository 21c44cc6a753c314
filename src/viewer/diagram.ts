// The diagram shared by the SVG/PNG/HTML renderers and the in-browser viewer: which boxes a view shows, their size, the ELK input and the SVG drawing.
// This module runs in Node and, transpiled and inlined (see ./bundle.ts), in the browser: it must stay free of imports other than types.
import { escapeHtml } from '../escape.js';
import type { ClassInfo, ClassModel, DispatchTable, MethodInfo, ParameterInfo } from '../model/classModel.js';

export type MemberMode = 'none' | 'public' | 'all';

/** What the user chose to see; the same state drives the Node renderers and the viewer. */
export interface ViewState {
  /** Show only this class with its ancestors and descendants. */
  focus: string | null;
  /** How many inheritance steps up and down from the focus; 0 means no limit. */
  depth: number;
  /** With a focus: every ancestor, and subclasses this many steps down (overrides depth). A selected class shows 1. */
  descendants?: number;
  members: MemberMode;
  /** Packages shown open; null opens every package. Classes of a closed package are drawn as one package box. */
  expanded: string[] | null;
  /** Draw dispatch tables as boxes of their own (the viewer lists them in a side panel instead). */
  dispatch: boolean;
  /** Draw the packages the filters collapsed the model to (`view.packages`, from --collapse), when present. */
  filteredPackages?: boolean;
  /** At most this many rows per compartment, the rest summed up in one row (the viewer's side panel lists them all). */
  maxRows?: number;
}

export type BoxKind = 'class' | 'package' | 'dispatch';
export type BoxStyle = 'target' | 'external' | 'dynamic' | 'unresolved' | 'package' | 'dispatch';

export interface TextRow {
  text: string;
  /** Continuation lines of a wrapped signature start this many characters in. */
  indent?: number;
  /** A CSS class for the row: `static`, `private`, `key`… */
  tone?: string;
}

/** One box of the diagram, measured. */
export interface Box {
  /** ELK and DOM id: `n0`, `n1`… (class ids can be long; they appear once, in data-id). */
  key: string;
  kind: BoxKind;
  /** Class id, package name or dispatch table id. */
  ref: string;
  style: BoxStyle;
  stereotype?: string;
  title: string;
  subtitle: string;
  /** Small lines under the name: where a dynamic class comes from, bases not drawn. */
  notes: string[];
  compartments: TextRow[][];
  /** Rows per column for dispatch tables drawn in several columns. */
  columns: number;
  width: number;
  height: number;
}

export interface Link {
  key: string;
  kind: 'inherits' | 'dispatch';
  source: string;
  target: string;
  /** How many inheritance relations a package-level link stands for. */
  count: number;
}

export interface View {
  boxes: Box[];
  links: Link[];
  /** Classes drawn individually. */
  shownClasses: number;
  /** Class id or package name → box key, to find where a class is drawn. */
  boxOf: Record<string, string>;
}

export interface Point { x: number; y: number }
export interface PlacedBox { key: string; x: number; y: number }
export interface PlacedLink { key: string; points: Point[] }
export interface Placement {
  width: number;
  height: number;
  boxes: PlacedBox[];
  links: PlacedLink[];
}

// Fonts: DejaVu ships with Debian and resvg/Chromium both find it; widths below are its advance widths (em), measured in Chromium.
export const FONT_SANS = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";
export const FONT_MONO = "'DejaVu Sans Mono', 'Liberation Mono', monospace";
const SANS = [0.32, 0.4, 0.46, 0.84, 0.64, 0.95, 0.78, 0.27, 0.39, 0.39, 0.5, 0.84, 0.32, 0.36, 0.32, 0.34, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.34, 0.34, 0.84, 0.84, 0.84, 0.53, 1, 0.68, 0.69, 0.7, 0.77, 0.63, 0.58, 0.77, 0.75, 0.29, 0.29, 0.66, 0.56, 0.86, 0.75, 0.79, 0.6, 0.79, 0.69, 0.63, 0.61, 0.73, 0.68, 0.99, 0.69, 0.61, 0.69, 0.39, 0.34, 0.39, 0.84, 0.5, 0.5, 0.61, 0.63, 0.55, 0.63, 0.62, 0.35, 0.63, 0.63, 0.28, 0.28, 0.58, 0.28, 0.97, 0.63, 0.61, 0.63, 0.63, 0.41, 0.52, 0.39, 0.63, 0.59, 0.82, 0.59, 0.59, 0.52, 0.64, 0.34, 0.64, 0.84];
const SANS_BOLD = [0.35, 0.46, 0.52, 0.84, 0.7, 1, 0.87, 0.31, 0.46, 0.46, 0.52, 0.84, 0.38, 0.42, 0.38, 0.37, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.4, 0.4, 0.84, 0.84, 0.84, 0.58, 1, 0.77, 0.76, 0.73, 0.83, 0.68, 0.68, 0.82, 0.84, 0.37, 0.37, 0.77, 0.64, 1, 0.84, 0.85, 0.73, 0.85, 0.77, 0.72, 0.68, 0.81, 0.77, 1.1, 0.77, 0.72, 0.73, 0.46, 0.37, 0.46, 0.84, 0.5, 0.5, 0.67, 0.72, 0.59, 0.72, 0.68, 0.44, 0.72, 0.71, 0.34, 0.34, 0.67, 0.34, 1.04, 0.71, 0.69, 0.72, 0.72, 0.49, 0.6, 0.48, 0.71, 0.65, 0.92, 0.65, 0.65, 0.58, 0.71, 0.37, 0.71, 0.84];
const MONO_EM = 0.602;

export const METRICS = {
  titleSize: 14,
  subtitleSize: 11,
  rowSize: 11.5,
  titleRow: 19,
  subtitleRow: 15,
  row: 16,
  padX: 10,
  padY: 6,
  minWidth: 120,
  /** Member rows longer than this are cut with an ellipsis; the viewer's side panel shows them whole. */
  maxRowChars: 72,
  /** Static diagrams wrap member rows past this width instead of cutting them. */
  wrapChars: 96,
  dispatchRowsPerColumn: 40,
} as const;

function sansWidth(text: string, size: number, bold: boolean): number {
  const table = bold ? SANS_BOLD : SANS;
  let em = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    em += code >= 32 && code < 127 ? table[code - 32] : 1;
  }
  return em * size;
}

function monoWidth(text: string, size: number): number {
  return text.length * MONO_EM * size;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** Same rule as `--members public` (src/analyse/classFilters.ts); repeated here because this module runs in the page without imports. */
export function isPublicName(name: string): boolean {
  return !name.startsWith('_') || name === '__init__';
}

/** `name(a, b=1, *args, **kw)` without the implicit first parameter of methods and classmethods. */
export function formatParameters(method: Pick<MethodInfo, 'kind' | 'parameters'>): string {
  let params: ParameterInfo[] = method.parameters;
  if ((method.kind === 'method' || method.kind === 'classmethod' || method.kind === 'property') && params.length > 0
    && (params[0].name === 'self' || params[0].name === 'cls')) {
    params = params.slice(1);
  }
  const parts: string[] = [];
  let starDone = false;
  params.forEach((p, i) => {
    if (p.kind === 'keyword-only' && !starDone) {
      parts.push('*');
      starDone = true;
    }
    let text = p.kind === 'var-positional' ? '*' + p.name : p.kind === 'var-keyword' ? '**' + p.name : p.name;
    if (p.kind === 'var-positional') starDone = true;
    if (p.annotation) text += ': ' + p.annotation;
    if (p.default !== undefined) text += (p.annotation ? ' = ' : '=') + p.default;
    parts.push(text);
    if (p.kind === 'positional-only' && params[i + 1]?.kind !== 'positional-only') parts.push('/');
  });
  return parts.join(', ');
}

export function formatMethod(method: MethodInfo): string {
  if (method.kind === 'property') return method.name + (method.returns ? ': ' + method.returns : '');
  return (method.async ? 'async ' : '') + method.name + '(' + formatParameters(method) + ')' + (method.returns ? ' → ' + method.returns : '');
}

const KIND_TONE: Record<string, string | undefined> = { staticmethod: 'staticmethod', classmethod: 'classmethod', property: 'property' };
const KIND_MARK: Record<string, string> = { staticmethod: '«static» ', classmethod: '«class» ', property: '«property» ' };

function capRows(rows: TextRow[], max: number | undefined, what: string): TextRow[] {
  if (!max || rows.length <= max) return rows;
  return [...rows.slice(0, max - 1), { text: `… ${rows.length - max + 1} more ${what}`, tone: 'more' }];
}

/** Long signatures wrap after a comma onto indented lines, as an engineer would write them; a single huge token is cut. */
function wrapRow(row: TextRow, width: number): TextRow[] {
  if (row.text.length <= width) return [row];
  const rows: TextRow[] = [];
  let rest = row.text;
  let indent = '';
  while (rest.length > width - indent.length) {
    const room = width - indent.length;
    // Break between parameters (a comma at the shallowest bracket depth), never inside `Dict[str, Any]`.
    let cutAt = -1;
    let depth = indent ? 1 : 0;
    for (let i = 0; i < rest.length - 1 && i < room; i++) {
      const ch = rest[i];
      if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') depth--;
      else if (ch === ',' && rest[i + 1] === ' ' && depth === 1 && i >= room / 4) cutAt = i + 1;
      if (depth <= 0 && i > 0 && ch === ')') break;
    }
    // Parameters that fit whole keep their line; the return annotation goes to the next one.
    const arrow = rest.indexOf(' → ');
    if (arrow > 0 && arrow < room) cutAt = arrow;
    if (cutAt < 0) cutAt = room - 1;
    rows.push({ text: rest.slice(0, cutAt).trimEnd(), tone: row.tone, indent: indent.length || undefined });
    rest = rest.slice(cutAt).trimStart();
    indent = '    ';
  }
  // SVG collapses leading spaces, so the indent is a number the drawing turns into an offset.
  if (rest) rows.push({ text: rest, tone: row.tone, indent: indent.length || undefined });
  return rows;
}

function memberRows(info: ClassInfo, mode: MemberMode, maxRows?: number): TextRow[][] {
  if (mode === 'none') return [];
  const keep = (name: string) => mode === 'all' || isPublicName(name);
  const attributes = info.attributes.filter((a) => keep(a.name)).flatMap((a): TextRow[] => {
    const row = { text: a.name + (a.annotation ? ': ' + a.annotation : '') + (a.value !== undefined ? ' = ' + a.value : ''), tone: a.scope === 'class' ? 'static' : undefined };
    return maxRows ? [{ ...row, text: cut(row.text, METRICS.maxRowChars) }] : wrapRow(row, METRICS.wrapChars);
  });
  // The viewer (maxRows set) keeps one line per method and cuts it: its side panel has the whole signature.
  const methods = info.methods.filter((m) => keep(m.name)).flatMap((m): TextRow[] => {
    const row = { text: (KIND_MARK[m.kind] ?? '') + formatMethod(m), tone: KIND_TONE[m.kind] };
    return maxRows ? [{ ...row, text: cut(row.text, METRICS.maxRowChars) }] : wrapRow(row, METRICS.wrapChars);
  });
  // An empty compartment is a stripe with nothing to read: drop it.
  return [capRows(attributes, maxRows && Math.ceil(maxRows / 2), 'attributes'), capRows(methods, maxRows, 'methods')].filter((rows) => rows.length > 0);
}

function styleOf(info: ClassInfo): BoxStyle {
  if (info.origin === 'unresolved') return 'unresolved';
  if (info.origin === 'dynamic') return 'dynamic';
  return info.external ? 'external' : 'target';
}

function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

function measure(box: Omit<Box, 'width' | 'height'>): Box {
  const m = METRICS;
  let width = sansWidth(box.title, m.titleSize, true);
  let height = m.padY * 2 + m.titleRow + m.subtitleRow;
  if (box.stereotype) {
    width = Math.max(width, sansWidth(box.stereotype, m.subtitleSize, false));
    height += m.subtitleRow;
  }
  width = Math.max(width, sansWidth(box.subtitle, m.subtitleSize, false));
  for (const note of box.notes) {
    width = Math.max(width, sansWidth(note, m.subtitleSize, false));
    height += m.subtitleRow;
  }
  for (const rows of box.compartments) {
    const perColumn = box.columns > 0 ? box.columns : rows.length;
    const columns = Math.max(1, Math.ceil(rows.length / Math.max(1, perColumn)));
    const widest = rows.reduce((w, r) => Math.max(w, monoWidth(r.text, m.rowSize) + (r.indent ?? 0) * MONO_EM * m.rowSize), 0);
    width = Math.max(width, widest * columns + (columns - 1) * m.padX * 2);
    height += m.padY * 2 + Math.min(rows.length, perColumn) * m.row;
  }
  return { ...box, width: Math.ceil(Math.max(m.minWidth, width + m.padX * 2)), height: Math.ceil(height) };
}

/** The package a class is drawn in when its packages are closed, outermost first. */
export function packagesOf(info: ClassInfo, model: ClassModel, isPackage: (name: string) => boolean): string[] {
  const parts = info.module.split('.');
  const names: string[] = [];
  for (let i = 1; i < parts.length; i++) names.push(parts.slice(0, i).join('.'));
  // External classes also close into their module (builtins, _collections_abc): an overview needs no list of stdlib bases.
  if (isPackage(info.module) || info.external) names.push(info.module);
  const root = model.target.module;
  // The analysed package itself is always open: closing it would leave one box.
  return info.external ? names : names.filter((n) => n.length > root.length && n.startsWith(root + '.'));
}

/** The class index a view needs; built once per model. */
export interface ModelIndex {
  model: ClassModel;
  byId: Map<string, ClassInfo>;
  children: Map<string, string[]>;
  packages: Map<string, string[]>;
  /** Class id → its packages, outermost first. */
  packagesOfClass: Map<string, string[]>;
  /** Class name → ids of the classes with that name. */
  sameName: Map<string, string[]>;
}

export function indexModel(model: ClassModel): ModelIndex {
  const byId = new Map<string, ClassInfo>();
  for (const c of model.classes) byId.set(c.id, c);
  const packageNames = new Set(model.modules.filter((m) => m.isPackage).map((m) => m.name));
  const children = new Map<string, string[]>();
  for (const c of model.classes) {
    for (const b of c.bases) {
      if (!b.id || !byId.has(b.id)) continue;
      const list = children.get(b.id) ?? [];
      if (!list.includes(c.id)) list.push(c.id);
      children.set(b.id, list);
    }
  }
  const packages = new Map<string, string[]>();
  const packagesOfClass = new Map<string, string[]>();
  for (const c of model.classes) {
    const names = packagesOf(c, model, (n) => packageNames.has(n));
    packagesOfClass.set(c.id, names);
    for (const n of names) {
      const list = packages.get(n) ?? [];
      list.push(c.id);
      packages.set(n, list);
    }
  }
  const sameName = new Map<string, string[]>();
  for (const c of model.classes) {
    const twins = sameName.get(c.name);
    if (twins) twins.push(c.id);
    else sameName.set(c.name, [c.id]);
  }
  return { model, byId, children, packages, packagesOfClass, sameName };
}

/**
 * Ancestors and descendants of `focus` within `depth` steps (0: all), the focus included; with `descendants`,
 * every ancestor and that many generations of subclasses.
 */
export function focusSet(index: ModelIndex, focus: string, depth: number, descendants?: number): Set<string> {
  const result = new Set<string>([focus]);
  const walk = (next: (id: string) => string[], depth: number) => {
    let frontier = [focus];
    for (let step = 0; frontier.length > 0 && (depth <= 0 || step < depth); step++) {
      const following: string[] = [];
      for (const id of frontier) {
        for (const n of next(id)) {
          if (index.byId.has(n) && !result.has(n)) {
            result.add(n);
            following.push(n);
          }
        }
      }
      frontier = following;
    }
  };
  walk((id) => (index.byId.get(id)?.bases ?? []).map((b) => b.id).filter((b): b is string => b !== null), descendants === undefined ? depth : 0);
  walk((id) => index.children.get(id) ?? [], descendants ?? depth);
  return result;
}

/** Boxes a first view may hold and stay readable on a laptop screen. */
export const READABLE_BOXES = 60;

/**
 * The package's main hierarchy: the root (a class of the package whose bases are all outside it) with the most
 * descendants, and how many generations of them fit in READABLE_BOXES (at least one).
 */
export function mainHierarchy(index: ModelIndex): { root: string; descendants: number } | null {
  // A package's tests (neutron.tests: DietTestCase and its thousands of test cases) are not what people came to read.
  const own = index.model.classes.filter((c) => !c.external && c.origin !== 'unresolved' && !c.module.split('.').some((part) => part === 'tests' || part === 'test'));
  let best: { root: string; size: number } | null = null;
  for (const c of own) {
    if (c.bases.some((b) => b.id !== null && index.byId.get(b.id)?.external === false)) continue;
    const size = focusSet(index, c.id, 0, 0).size;
    if (!best || size > best.size) best = { root: c.id, size };
  }
  // A root with hundreds of direct subclasses reads better as an overview of packages.
  if (!best || best.size < 3 || focusSet(index, best.root, 0, 1).size > READABLE_BOXES) return null;
  let descendants = 1;
  while (descendants < 8 && focusSet(index, best.root, 0, descendants + 1).size <= READABLE_BOXES
    && focusSet(index, best.root, 0, descendants + 1).size > focusSet(index, best.root, 0, descendants).size) descendants++;
  return { root: best.root, descendants };
}

/** The closed package a class is drawn in, or null when it is drawn on its own. */
export function closedPackageOf(index: ModelIndex, classId: string, expanded: string[] | null): string | null {
  if (expanded === null) return null;
  for (const name of index.packagesOfClass.get(classId) ?? []) {
    if (!expanded.includes(name)) return name;
  }
  return null;
}

/** Shortest dotted suffix of the id that no other class of the model ends with: `a.Base` beside `b.Base`. */
function distinctTitle(info: ClassInfo, index: ModelIndex): string {
  const twins = index.sameName.get(info.name) ?? [];
  if (twins.length < 2) return info.name;
  const parts = info.id.split('.');
  for (let n = 2; n <= parts.length; n++) {
    const suffix = parts.slice(-n).join('.');
    if (twins.every((other) => other === info.id || !other.endsWith('.' + suffix))) return suffix;
  }
  return info.id;
}

function classBox(info: ClassInfo, key: string, state: ViewState, index: ModelIndex): Box {
  const style = styleOf(info);
  let stereotype: string | undefined;
  const notes: string[] = [];
  if (style === 'external') stereotype = '«external»';
  if (style === 'unresolved') stereotype = '«unresolved»';
  if (style === 'dynamic') {
    stereotype = '«dynamic»';
    if (info.provenance) {
      notes.push('made by ' + (info.provenance.factory ? info.provenance.factory + ' from ' : '') + basename(info.provenance.file) + ':' + info.provenance.line);
    }
  }
  // Bases the diagram cannot draw: unresolved names, or classes a filter left out.
  const hidden = new Map((index.model.view?.hiddenBases ?? []).map((h) => [h.id, h]));
  for (const base of info.bases) {
    // object is everyone's base: a hint for it would be noise.
    if (base.id === 'builtins.object') continue;
    if (base.id === null) notes.push('↑ ' + base.expression + ' (unresolved)');
    else if (!index.byId.has(base.id)) notes.push('↑ ' + (hidden.get(base.id) ? hidden.get(base.id)!.module + '.' + hidden.get(base.id)!.name : base.id) + ' (hidden)');
  }
  return measure({
    key, kind: 'class', ref: info.id, style, stereotype,
    title: distinctTitle(info, index),
    subtitle: info.module + (info.line ? ':' + info.line : ''),
    notes,
    compartments: style === 'unresolved' ? [] : memberRows(info, state.members, state.maxRows),
    columns: 0,
  });
}

function dispatchBox(table: DispatchTable, key: string, index: ModelIndex): Box {
  const rows = table.entries.map((e): TextRow => ({
    text: e.key + ' → ' + (e.target ? (index.byId.get(e.target)?.name ?? e.expression) : e.expression + ' (unresolved)'),
    tone: 'key',
  }));
  const perColumn = rows.length > METRICS.dispatchRowsPerColumn
    ? Math.ceil(rows.length / Math.ceil(rows.length / METRICS.dispatchRowsPerColumn)) : rows.length;
  return measure({
    key, kind: 'dispatch', ref: table.id, style: 'dispatch', stereotype: '«dispatch table»',
    title: table.name, subtitle: table.module + ':' + table.line + ' · ' + table.entries.length + ' keys', notes: [],
    compartments: [rows], columns: perColumn,
  });
}

function packageNodesView(index: ModelIndex): View {
  const view = index.model.view!;
  const boxes: Box[] = [];
  const boxOf: Record<string, string> = Object.create(null); // keyed by package and class names: __proto__ is one
  for (const node of view.packages ?? []) {
    const key = 'n' + boxes.length;
    boxOf[node.id] = key;
    boxes.push(measure({
      key, kind: 'package', ref: node.id, style: 'package', stereotype: node.external ? '«external package»' : '«package»',
      title: node.id, subtitle: node.classes + (node.classes === 1 ? ' class' : ' classes'), notes: [], compartments: [], columns: 0,
    }));
  }
  const links: Link[] = [];
  for (const edge of view.packageEdges ?? []) {
    const source = boxOf[edge.from];
    const target = boxOf[edge.to];
    if (source === undefined || target === undefined || source === target) continue;
    links.push({ key: 'e' + links.length, kind: edge.kind === 'dispatch' ? 'dispatch' : 'inherits', source, target, count: edge.count });
  }
  return { boxes, links, shownClasses: 0, boxOf };
}

/** Every Python 3 class ends at object: drawn only when a focused view shows a class's whole base chain. */
const IMPLICIT_ROOT = 'builtins.object';

/** The boxes and links a view state shows. */
export function buildView(index: ModelIndex, state: ViewState): View {
  const { model } = index;
  if (state.filteredPackages && model.view?.packages) return packageNodesView(index);
  const shown = state.focus && index.byId.has(state.focus) ? focusSet(index, state.focus, state.depth, state.descendants) : null;
  const boxes: Box[] = [];
  const boxOf: Record<string, string> = Object.create(null); // keyed by package and class names: __proto__ is one
  const packageMembers = new Map<string, number>();
  let shownClasses = 0;
  let n = 0;
  for (const info of model.classes) {
    if (shown ? !shown.has(info.id) : info.id === IMPLICIT_ROOT) continue;
    const closed = shown ? null : closedPackageOf(index, info.id, state.expanded);
    if (closed) {
      packageMembers.set(closed, (packageMembers.get(closed) ?? 0) + 1);
      if (boxOf[closed] === undefined) {
        boxOf[closed] = 'n' + n++;
        boxes.push({ key: boxOf[closed], kind: 'package', ref: closed, style: 'package', title: closed, subtitle: '', notes: [], compartments: [], columns: 0, width: 0, height: 0 });
      }
      boxOf[info.id] = boxOf[closed];
      continue;
    }
    const key = 'n' + n++;
    boxOf[info.id] = key;
    boxes.push(classBox(info, key, state, index));
    shownClasses++;
  }
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i];
    if (b.kind !== 'package') continue;
    const count = packageMembers.get(b.ref) ?? 0;
    const external = index.byId.get(index.packages.get(b.ref)?.[0] ?? '')?.external;
    boxes[i] = measure({ ...b, stereotype: external ? '«external package»' : '«package»', subtitle: count + (count === 1 ? ' class' : ' classes') + ' · open to expand' });
  }
  if (state.dispatch && !shown) {
    for (const table of model.dispatchTables) {
      const key = 'n' + n++;
      boxOf[table.id] = key;
      boxes.push(dispatchBox(table, key, index));
    }
  }
  const links: Link[] = [];
  const linkIndex = new Map<string, Link>();
  for (const info of model.classes) {
    const source = boxOf[info.id];
    if (source === undefined) continue;
    for (const base of info.bases) {
      // Outside a focused view, links to object say nothing and tie every hierarchy into one staircase;
      // without them unrelated hierarchies become separate components that ELK packs side by side.
      if (base.id === IMPLICIT_ROOT && !shown) continue;
      const target = base.id ? boxOf[base.id] : undefined;
      if (target === undefined || target === source) continue;
      const id = source + '>' + target;
      const existing = linkIndex.get(id);
      if (existing) {
        existing.count++;
        continue;
      }
      const link: Link = { key: 'e' + links.length, kind: 'inherits', source, target, count: 1 };
      linkIndex.set(id, link);
      links.push(link);
    }
  }
  return { boxes, links, shownClasses, boxOf };
}

/** SVG text and attributes escape as HTML does (src/escape.ts). */
export const escapeXml = escapeHtml;

/** Colours and strokes; inline presentation attributes would bloat big diagrams, so the SVG carries one stylesheet. */
export const DIAGRAM_CSS = `
.nx-box rect.frame{fill:#fff;stroke:#3b5b8c;stroke-width:1.2}
.nx-box rect.head{fill:#e3ecf8}
.nx-box text{font-family:${FONT_SANS};fill:#1d2733}
.nx-box text.title{font-size:14px;font-weight:bold}
.nx-box text.sub{font-size:11px;fill:#5a6675}
.nx-box text.stereo{font-size:11px;fill:#5a6675;font-style:italic}
.nx-box text.row{font-family:${FONT_MONO};font-size:11.5px}
.nx-box text.row.static{fill:#3d4c5e;text-decoration:underline}
.nx-box text.row.property{fill:#2f6b3a}
.nx-box text.row.more{font-family:${FONT_SANS};font-style:italic;fill:#5a6675}
.nx-box line.sep{stroke:#3b5b8c;stroke-width:1}
.nx-box.external rect.frame{fill:#f4f4f4;stroke:#8a8f96;stroke-dasharray:5 3}
.nx-box.external rect.head{fill:#e8e8e8}
.nx-box.external text{fill:#555b62}
.nx-box.external line.sep{stroke:#8a8f96}
.nx-box.unresolved rect.frame{fill:#fff6f6;stroke:#b03a3a;stroke-dasharray:4 3}
.nx-box.unresolved rect.head{fill:#fbe3e3}
.nx-box.dynamic rect.frame{stroke:#b7791f;stroke-width:1.5}
.nx-box.dynamic rect.head{fill:#fdf0d5}
.nx-box text.note{font-size:11px;fill:#5a6675;font-style:italic}
.nx-box.dynamic text.note{fill:#8a5a12}
.nx-box.package rect.frame{fill:#eef6ee;stroke:#4a7c4e}
.nx-box.package rect.head{fill:#dcecdc}
.nx-box.package rect.tab{fill:#dcecdc;stroke:#4a7c4e}
.nx-box.package line.sep{stroke:#4a7c4e}
.nx-box.dispatch rect.frame{fill:#fbf8ff;stroke:#6b4fa0}
.nx-box.dispatch rect.head{fill:#ebe3f7}
.nx-box.dispatch line.sep{stroke:#6b4fa0}
.nx-box.dispatch text.row{fill:#3c2d5c}
.nx-link{fill:none;stroke:#5d6b7c;stroke-width:1.2}
.nx-link.many{stroke-width:2}
.nx-link.dispatch{stroke:#6b4fa0;stroke-dasharray:6 4}
.nx-heading{font-size:18px;font-weight:bold;fill:#1d2733}
.nx-subheading{font-size:12px;fill:#5a6675}
.nx-empty{font-size:14px;fill:#5a6675}
`;

const ARROW_DEFS = '<defs><marker id="nx-inherits" viewBox="0 0 12 12" refX="11" refY="6" markerWidth="12" markerHeight="12" markerUnits="userSpaceOnUse" orient="auto">'
  + '<path d="M1,1 L11,6 L1,11 Z" fill="#fff" stroke="#5d6b7c" stroke-width="1.2"/></marker>'
  + '<marker id="nx-selects" viewBox="0 0 12 12" refX="11" refY="6" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
  + '<path d="M1,1 L11,6 L1,11" fill="none" stroke="#6b4fa0" stroke-width="1.4"/></marker></defs>';

function drawBox(box: Box, x: number, y: number): string {
  const m = METRICS;
  const out: string[] = [];
  const w = box.width;
  const cx = w / 2;
  out.push(`<g class="nx-box ${box.style}" data-key="${box.key}" data-kind="${box.kind}" data-id="${escapeXml(box.ref)}" transform="translate(${x},${y})">`);
  if (box.kind === 'package') out.push(`<rect class="tab" x="0" y="-8" width="${Math.min(70, w / 2)}" height="10" rx="2"/>`);
  out.push(`<rect class="frame" width="${w}" height="${box.height}" rx="3"/>`);
  let headHeight = m.padY * 2 + m.titleRow + m.subtitleRow + (box.stereotype ? m.subtitleRow : 0) + box.notes.length * m.subtitleRow;
  if (box.compartments.length === 0) headHeight = box.height;
  out.push(`<rect class="head" x="0.6" y="0.6" width="${w - 1.2}" height="${headHeight - 1.2}" rx="2.5"/>`);
  let cy: number = m.padY;
  if (box.stereotype) {
    cy += m.subtitleRow;
    out.push(`<text class="stereo" x="${cx}" y="${cy - 4}" text-anchor="middle">${escapeXml(box.stereotype)}</text>`);
  }
  cy += m.titleRow;
  out.push(`<text class="title" x="${cx}" y="${cy - 5}" text-anchor="middle">${escapeXml(box.title)}</text>`);
  cy += m.subtitleRow;
  out.push(`<text class="sub" x="${cx}" y="${cy - 4}" text-anchor="middle">${escapeXml(box.subtitle)}</text>`);
  for (const note of box.notes) {
    cy += m.subtitleRow;
    out.push(`<text class="note" x="${cx}" y="${cy - 4}" text-anchor="middle">${escapeXml(note)}</text>`);
  }
  cy = headHeight;
  for (const rows of box.compartments) {
    out.push(`<line class="sep" x1="0" y1="${cy}" x2="${w}" y2="${cy}"/>`);
    const perColumn = box.columns > 0 ? box.columns : Math.max(1, rows.length);
    const columnWidth = box.columns > 0 ? (w - m.padX * 2) / Math.ceil(rows.length / perColumn) : 0;
    rows.forEach((row, i) => {
      const col = Math.floor(i / perColumn);
      const tx = m.padX + col * columnWidth + (row.indent ?? 0) * MONO_EM * m.rowSize;
      const ty = cy + m.padY + (i % perColumn + 1) * m.row - 4;
      out.push(`<text class="row${row.tone ? ' ' + row.tone : ''}" x="${tx.toFixed(1)}" y="${ty}">${escapeXml(row.text)}</text>`);
    });
    cy += m.padY * 2 + Math.min(rows.length, perColumn) * m.row;
  }
  out.push('</g>');
  return out.join('');
}

/** The inner SVG markup (links, then boxes) of a placed view. */
export function drawView(view: View, placement: Placement): string {
  const at = new Map(placement.boxes.map((b) => [b.key, b]));
  const route = new Map(placement.links.map((l) => [l.key, l]));
  const out: string[] = ['<g class="nx-links">'];
  for (const link of view.links) {
    const points = route.get(link.key)?.points ?? [];
    if (points.length < 2) continue;
    const d = 'M' + points.map((p) => p.x + ',' + p.y).join(' L');
    const marker = link.kind === 'dispatch' ? 'nx-selects' : 'nx-inherits';
    out.push(`<path class="nx-link ${link.kind}${link.count > 1 ? ' many' : ''}" data-key="${link.key}" data-from="${link.source}" data-to="${link.target}" d="${d}" marker-end="url(#${marker})"><title>${link.kind === 'dispatch' ? 'dispatch' : 'inherits'} ×${link.count}</title></path>`);
  }
  out.push('</g><g class="nx-boxes">');
  for (const box of view.boxes) {
    const p = at.get(box.key);
    if (p) out.push(drawBox(box, p.x, p.y));
  }
  out.push('</g>');
  return out.join('');
}

/** Room above the diagram for its title. */
const HEADING = 48;

/** A standalone SVG document: a title line, then the diagram (or a note that there is nothing to draw). */
export function svgDocument(view: View, placement: Placement, title: string, summary: string): string {
  const empty = view.boxes.length === 0;
  const headingWidth = Math.max(sansWidth(title, 18, true), sansWidth(summary, 12, false)) + 48;
  const w = Math.ceil(Math.max(empty ? 320 : 1, placement.width, headingWidth));
  const h = Math.ceil(HEADING + (empty ? 60 : Math.max(1, placement.height)));
  const body = empty
    ? `<text class="nx-empty" x="24" y="${HEADING + 28}">No classes to show</text>`
    : `<g transform="translate(0,${HEADING})">${drawView(view, placement)}</g>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${escapeXml(FONT_SANS)}">`
    + `<title>${escapeXml(title)}</title>${ARROW_DEFS}<style>${DIAGRAM_CSS}</style>`
    + `<rect width="${w}" height="${h}" fill="#ffffff"/>`
    + `<text class="nx-heading" x="24" y="30" font-family="${escapeXml(FONT_SANS)}">${escapeXml(title)}</text>`
    + `<text class="nx-subheading" x="24" y="${HEADING - 2}" font-family="${escapeXml(FONT_SANS)}">${escapeXml(summary)}</text>`
    + body + '</svg>\n';
}

export function svgDefs(): string {
  return ARROW_DEFS;
}

/** Models with more classes than this open on their main hierarchy (or, without one, on their packages, closed). */
export const OVERVIEW_THRESHOLD = 40;

/**
 * The view the HTML page opens on: small models whole; bigger ones on their main hierarchy, as many generations as
 * stay readable (netmiko: BaseConnection and what derives from it); --collapse N closes packages of N name parts.
 */
export function initialViewState(model: ClassModel, index: ModelIndex = indexModel(model)): ViewState {
  const classes = model.classes.length;
  const collapse = model.view?.filters.collapse;
  let expanded: string[] | null = classes > OVERVIEW_THRESHOLD ? [] : null;
  let focus: string | null = null;
  let descendants: number | undefined;
  if (collapse !== undefined) {
    expanded = model.modules.filter((m) => m.isPackage && m.name.split('.').length < collapse).map((m) => m.name);
  } else if (classes > OVERVIEW_THRESHOLD && !model.view?.filters.focus) {
    const main = mainHierarchy(index);
    if (main) ({ root: focus, descendants } = main);
  }
  // --members none|public on the command line is the user's choice; 'all' is also the filters' default, so it is not.
  const asked = model.view?.filters.members;
  const members = asked === 'none' || asked === 'public' ? asked : classes <= 40 ? 'public' : 'none';
  return { focus, depth: 2, ...(descendants ? { descendants } : {}), members, expanded, dispatch: false, maxRows: 16 };
}

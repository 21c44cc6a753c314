// How a view becomes a UML class diagram layout: the ELK graph (layered, one connector per inheritance edge) and
// wide fan-outs of leaf subclasses packed into rows under their base, then ELK's answer turned into a Placement.
// Runs in Node and, inlined after ./diagram.ts (see ./bundle.ts), in the page and its layout worker: type imports only.
import type { Box, Placement, Point, View } from './diagram.js';

/** A base with at least this many leaf subclasses gets them packed into rows (a grid) instead of one wide layer. */
export const FANOUT_MIN = 4;
/** Rows of a packed fan-out stay this narrow (px at zoom 1), so a screen shows a whole row at a readable zoom. */
export const MAX_ROW_WIDTH = 1000;

/** Packed-fan-out geometry: a gutter on the left carries the shared trunk, a gap above each row its branch line. */
const GRID = { gutter: 18, trunk: 8, rowGap: 22, columnGap: 16 } as const;

/** Leaf subclasses of one base, drawn as rows under it; ELK sees the group as one node with one edge. */
export interface FanoutGroup {
  key: string;
  /** The base box every member inherits from, and nothing else in the view. */
  parent: string;
  members: string[];
  /** Member offsets inside the group and the y of each row's branch line. */
  cells: { key: string; x: number; y: number; branchY: number }[];
  width: number;
  height: number;
}

export interface ElkInput {
  id: string;
  layoutOptions: Record<string, string>;
  children: { id: string; width: number; height: number; ports?: { id: string; x: number; y: number; width: number; height: number; layoutOptions: Record<string, string> }[]; layoutOptions?: Record<string, string> }[];
  edges: { id: string; sources: string[]; targets: string[] }[];
}

export interface ElkSection { startPoint: Point; endPoint: Point; bendPoints?: Point[] }
export interface ElkResult {
  width?: number;
  height?: number;
  children?: { id: string; x?: number; y?: number }[];
  edges?: { id: string; sections?: ElkSection[] }[];
}

/** What one layout run needs: the graph for elkjs, and how to read its answer back into the view's boxes and links. */
export interface LayoutPlan {
  graph: ElkInput;
  groups: FanoutGroup[];
}

/**
 * Leaves (no subclass in the view, exactly one drawn base, no dispatch link) grouped by their base. Only groups
 * of FANOUT_MIN or more: a shared trunk from one base to its leaves cannot be misread, unlike merged lines of
 * several bases, so multiple inheritance always keeps one connector and one arrowhead per base.
 */
export function fanoutGroups(view: View): FanoutGroup[] {
  const outgoing = new Map<string, number>();
  const incoming = new Map<string, number>();
  const baseOf = new Map<string, string>();
  for (const link of view.links) {
    outgoing.set(link.source, (outgoing.get(link.source) ?? 0) + 1);
    incoming.set(link.target, (incoming.get(link.target) ?? 0) + 1);
    if (link.kind === 'inherits') baseOf.set(link.source, link.target);
  }
  const byParent = new Map<string, Box[]>();
  for (const box of view.boxes) {
    if (box.kind === 'dispatch' || incoming.has(box.key) || outgoing.get(box.key) !== 1) continue;
    const parent = baseOf.get(box.key);
    if (parent === undefined) continue;
    const list = byParent.get(parent) ?? [];
    list.push(box);
    byParent.set(parent, list);
  }
  const sizes = new Map(view.boxes.map((b) => [b.key, b]));
  const groups: FanoutGroup[] = [];
  for (const [parent, members] of byParent) {
    if (members.length < FANOUT_MIN) continue;
    groups.push(packRows('g' + groups.length, parent, members, sizes.get(parent)?.width ?? 0));
  }
  return groups;
}

/** Shelf packing in model order: rows as wide as a squarish block (at most MAX_ROW_WIDTH), each member at its row's top. */
function packRows(key: string, parent: string, members: Box[], parentWidth: number): FanoutGroup {
  const area = members.reduce((sum, b) => sum + (b.width + GRID.columnGap) * (b.height + GRID.rowGap), 0);
  const widest = Math.max(...members.map((b) => b.width));
  const target = Math.max(widest, parentWidth, Math.min(MAX_ROW_WIDTH, Math.sqrt(area * 2.5)));
  const cells: FanoutGroup['cells'] = [];
  let x = 0;
  let rowTop = GRID.rowGap;
  let rowHeight = 0;
  let width = 0;
  for (const box of members) {
    if (x > 0 && x + box.width > target) {
      rowTop += rowHeight + GRID.rowGap;
      x = 0;
      rowHeight = 0;
    }
    cells.push({ key: box.key, x: GRID.gutter + x, y: rowTop, branchY: rowTop - GRID.rowGap / 2 });
    x += box.width + GRID.columnGap;
    rowHeight = Math.max(rowHeight, box.height);
    width = Math.max(width, GRID.gutter + x - GRID.columnGap);
  }
  return { key, parent, members: members.map((b) => b.key), cells, width, height: rowTop + rowHeight };
}

/** Wide fan-outs left after packing get layers of bounded width: a squarer, readable drawing. */
function layerBound(nodes: number, edges: { targets: string[] }[]): number | null {
  // Bounded layering multiplies long edges; past this size elkjs takes seconds (measured on neutron views), so big views stay wide.
  if (nodes > 160 || edges.length > 250) return null;
  const fanIn = new Map<string, number>();
  for (const e of edges) fanIn.set(e.targets[0], (fanIn.get(e.targets[0]) ?? 0) + 1);
  const widest = Math.max(0, ...fanIn.values());
  const bound = Math.min(30, Math.max(6, Math.round(Math.sqrt(nodes) * 0.9)));
  return widest > bound ? bound : null;
}

/** The graph handed to elkjs: layered, bases above their subclasses, one orthogonal connector per edge. */
export function layoutPlan(view: View, options: { aspectRatio?: number } = {}): LayoutPlan {
  const groups = fanoutGroups(view);
  const grouped = new Map<string, FanoutGroup>();
  for (const g of groups) for (const m of g.members) grouped.set(m, g);
  const children: ElkInput['children'] = view.boxes.filter((b) => !grouped.has(b.key)).map((b) => ({ id: b.key, width: b.width, height: b.height }));
  for (const g of groups) {
    // The trunk leaves the group at a fixed point over its gutter, so the drawn tree and ELK's edge meet.
    children.push({
      id: g.key, width: g.width, height: g.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
      ports: [{ id: g.key + 'p', x: GRID.trunk, y: 0, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'NORTH' } }],
    });
  }
  const edges: ElkInput['edges'] = view.links.filter((l) => !grouped.has(l.source)).map((l) => ({ id: l.key, sources: [l.source], targets: [l.target] }));
  for (const g of groups) edges.push({ id: g.key, sources: [g.key + 'p'], targets: [g.parent] });
  const nodes = children.length;
  const bound = layerBound(nodes, edges);
  return {
    groups,
    graph: {
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'UP',
        'elk.edgeRouting': 'ORTHOGONAL',
        // UML: each generalisation is its own connector with its own arrowhead. Merged edges made one line join
        // four bases to eight subclasses in paramiko, hiding that SFTPServer has two bases.
        'elk.layered.mergeEdges': 'false',
        'elk.spacing.nodeNode': '28',
        'elk.spacing.edgeEdge': '12',
        'elk.spacing.edgeNode': '16',
        'elk.layered.spacing.nodeNodeBetweenLayers': '56',
        'elk.layered.spacing.edgeNodeBetweenLayers': '20',
        'elk.layered.spacing.edgeEdgeBetweenLayers': '12',
        'elk.spacing.componentComponent': '56',
        // Small unrelated hierarchies fill the gaps beside big ones instead of lining up in one wide row.
        'elk.layered.compaction.connectedComponents': 'true',
        // Unrelated hierarchies are packed into rows toward this width:height (a page is taller than wide, a screen wider).
        'elk.aspectRatio': String(options.aspectRatio ?? PAGE_ASPECT),
        'elk.padding': '[top=24,left=24,bottom=24,right=24]',
        // Model order keeps small drawings stable and tidy, but costs minutes on thousands of boxes (neutron: 5 s without, >120 s with).
        ...(nodes <= 200 ? { 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES' } : {}),
        ...(bound ? { 'elk.layered.layering.strategy': 'COFFMAN_GRAHAM', 'elk.layered.layering.coffmanGraham.layerBound': String(bound) } : {}),
        // Fewer crossing-minimisation sweeps on big views: a little less tidy, several times faster.
        ...(bound || nodes > 150 ? { 'elk.layered.thoroughness': '3' } : {}),
      },
      children,
      edges,
    },
  };
}

/** Static exports go on a page: taller than wide. */
const PAGE_ASPECT = 0.7;
/** The viewer's canvas on a laptop screen (1440×900 less the toolbar and the dispatch list): wider than tall. */
export const SCREEN_ASPECT = 1.5;

const round = (v: number) => Math.round(v * 10) / 10;

function routeOf(edge: { sections?: ElkSection[] } | undefined): Point[] {
  return (edge?.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]).map((p) => ({ x: round(p.x), y: round(p.y) }));
}

/** ELK's answer as boxes and link routes of the view; packed members get their cell and their branch of the group's trunk. */
export function placementOf(plan: LayoutPlan, result: ElkResult, view: View): Placement {
  const at = new Map((result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
  const routes = new Map((result.edges ?? []).map((e) => [e.id, routeOf(e)]));
  const boxes: Placement['boxes'] = [];
  const groupKeys = new Set(plan.groups.map((g) => g.key));
  for (const [key, p] of at) if (!groupKeys.has(key)) boxes.push({ key, x: round(p.x), y: round(p.y) });
  const branch = new Map<string, Point[]>();
  const sizes = new Map(view.boxes.map((b) => [b.key, b]));
  for (const g of plan.groups) {
    const origin = at.get(g.key) ?? { x: 0, y: 0 };
    const trunkX = round(origin.x + GRID.trunk);
    const up = routes.get(g.key) ?? [];
    for (const cell of g.cells) {
      const x = round(origin.x + cell.x);
      const y = round(origin.y + cell.y);
      boxes.push({ key: cell.key, x, y });
      const mid = round(x + (sizes.get(cell.key)?.width ?? 0) / 2);
      const branchY = round(origin.y + cell.branchY);
      // Subclass top → its row's branch line → the trunk in the gutter → up the group's edge to the base.
      branch.set(cell.key, [{ x: mid, y }, { x: mid, y: branchY }, { x: trunkX, y: branchY }, { x: trunkX, y: round(origin.y) }, ...up.slice(1)]);
    }
  }
  const links = view.links.map((l) => ({ key: l.key, points: branch.get(l.source) ?? routes.get(l.key) ?? [] }));
  return { width: Math.ceil(result.width ?? 0), height: Math.ceil(result.height ?? 0), boxes, links };
}

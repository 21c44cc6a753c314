// How a view becomes a UML class diagram layout: the ELK graph (layered, one connector per inheritance edge) and
// single-inheritance subclass families packed into rows under their base, then ELK's answer turned into a Placement.
// Runs in Node and, inlined after ./diagram.ts (see ./bundle.ts), in the page and its layout worker: type imports only.
import type { Placement, Point, View } from './diagram.js';
import { blockOf, branchRoute, round, familyOf, FANOUT_MIN, GRID, MAX_ROW_WIDTH, packRows, type PackedRows } from './treeLayout.js';

/** Single-inheritance subclass families of one base, packed into rows under it (see ./treeLayout.ts); ELK sees the group as one node with one edge. */
export interface FanoutGroup {
  key: string;
  /** The base box every family root inherits from. */
  parent: string;
  /** Every box inside the group (the families' roots and all below them). */
  members: string[];
  rows: PackedRows;
  /** The link from each family root to the parent, by cell. */
  rootLinks: string[];
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
 * Subclass families (a class with one drawn base and only single inheritance below it) grouped by their base, in
 * rows, when the base has FANOUT_MIN or more of them or they would be wider than MAX_ROW_WIDTH side by side. A
 * shared trunk from one base to its subclasses cannot be misread, unlike merged lines of several bases, so
 * multiple inheritance always keeps one connector and one arrowhead per base (those classes stay ELK's).
 */
export function fanoutGroups(view: View, rowWidth = MAX_ROW_WIDTH): FanoutGroup[] {
  const family = familyOf(view);
  const groups: FanoutGroup[] = [];
  const seen = new Set<string>();
  const queue = view.boxes.filter((b) => !family.bases.has(b.key)).map((b) => b.key);
  for (let i = 0; i < queue.length; i++) {
    const parent = queue[i];
    const kids = family.children.get(parent) ?? [];
    const families = kids.filter((c) => family.bases.get(c.key) === 1 && family.treeOnly(c.key));
    const blocks = families.map((c) => blockOf(family, c.key, rowWidth));
    const sideBySide = blocks.reduce((sum, b) => sum + b.width, 0) + GRID.siblingGap * (blocks.length - 1);
    const grouped = families.length >= FANOUT_MIN || (families.length > 1 && sideBySide > rowWidth);
    if (grouped) {
      const rows = packRows(blocks, family.sizes.get(parent)?.width ?? 0, rowWidth);
      groups.push({
        key: 'g' + groups.length, parent, rows, rootLinks: families.map((c) => c.link),
        members: blocks.flatMap((b) => b.boxes.map((p) => p.key)), width: rows.width, height: rows.height,
      });
    }
    const inGroup = new Set(grouped ? families.map((c) => c.key) : []);
    for (const c of kids) {
      if (inGroup.has(c.key) || seen.has(c.key)) continue;
      seen.add(c.key);
      queue.push(c.key);
    }
  }
  return groups;
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
export function layoutPlan(view: View, options: { aspectRatio?: number; rowWidth?: number } = {}): LayoutPlan {
  const groups = fanoutGroups(view, options.rowWidth);
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
  for (const g of plan.groups) {
    const origin = at.get(g.key) ?? { x: 0, y: 0 };
    const up = routes.get(g.key) ?? [];
    g.rows.cells.forEach((cell, i) => {
      const dx = origin.x + cell.x;
      const dy = origin.y + cell.y;
      for (const b of cell.block.boxes) boxes.push({ key: b.key, x: round(b.x + dx), y: round(b.y + dy) });
      for (const l of cell.block.links) branch.set(l.key, l.points.map((p) => ({ x: round(p.x + dx), y: round(p.y + dy) })));
      // Family root top → its row's branch line → the trunk in the gutter → up the group's edge to the base.
      branch.set(g.rootLinks[i], [...branchRoute(cell, origin.y, GRID.trunk, origin.y, origin.x), ...up.slice(1)]);
    });
  }
  const links = view.links.map((l) => ({ key: l.key, points: branch.get(l.key) ?? routes.get(l.key) ?? [] }));
  return { width: Math.ceil(result.width ?? 0), height: Math.ceil(result.height ?? 0), boxes, links };
}

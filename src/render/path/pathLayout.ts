// Where each part of a path picture goes. The path is a chain with a few branches, so a fixed grid reads better than a
// general graph layout and gives the same picture every time: the chain top to bottom in the first column (its edge
// labels beside it), DHCP and router branches in the second, branches on other hosts in the third, the far end (tunnel
// peers, the wire, the external network) below the host box; every host a box around its devices.
import type { PathEdge, PathGraph, PathNode } from './pathGraph.js';

export const NODE_W = 260;
export const NODE_H = 46;
const ROW = 92;
const MARGIN = 36;
const LABEL_LANE = 320;
const BOX_PAD = 14;
const BOX_TITLE = 24;
const BOX_GAP = 40;
/** A far host's box is wider, its title on the right: the tunnel edge comes in from above on the left. */
const FAR_TITLE_ROOM = 150;
const LABEL_ROOM = 22;
const COLUMN = [MARGIN + BOX_PAD, MARGIN + BOX_PAD + NODE_W + LABEL_LANE, MARGIN + BOX_PAD + 2 * NODE_W + LABEL_LANE + 90];
/** Font size of edge labels, in px; a character is about 0.6 em wide (DejaVu Sans). */
export const LABEL_PX = 12;

export interface PlacedNode {
  node: PathNode;
  x: number;
  y: number;
}

export interface PlacedEdge {
  edge: PathEdge;
  points: [number, number][];
  /** Where the label's first line starts (text-anchor start), one line per 15 px below. */
  labelAt: [number, number];
}

export interface PlacedBox {
  host: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The title goes on the right (an edge comes in over the left part). */
  titleRight?: boolean;
}

export interface PathLayout {
  graph: PathGraph;
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  boxes: PlacedBox[];
}

function place(nodes: Map<string, PlacedNode>, node: PathNode, x: number, y: number): void {
  nodes.set(node.id, { node, x, y });
}

/** Nodes of one host's box, stacked from `top` in a column; returns the bottom of the box. */
function stack(nodes: Map<string, PlacedNode>, list: PathNode[], x: number, top: number): number {
  list.forEach((n, i) => place(nodes, n, x, top + i * ROW));
  return top + (list.length - 1) * ROW + NODE_H;
}

function route(from: PlacedNode, to: PlacedNode, edge: PathEdge, lane: number, all: PlacedNode[]): PlacedEdge {
  const fx = from.x + NODE_W / 2;
  const tx = to.x + NODE_W / 2;
  const between = all.some((n) => n.x === from.x && n.y > from.y && n.y < to.y);
  if (from.x === to.x && to.y > from.y && !between) {
    const y1 = from.y + NODE_H;
    return { edge, points: [[fx, y1], [tx, to.y]], labelAt: [fx + 10, (y1 + to.y) / 2 - 4] };
  }
  if (from.x === to.x) {
    // Around the nodes between them, on the right.
    const side = from.x + NODE_W + 16 + lane * 8;
    const y1 = from.y + NODE_H / 2;
    const y2 = to.y + NODE_H / 2;
    return { edge, points: [[from.x + NODE_W, y1], [side, y1], [side, y2], [to.x + NODE_W, y2]], labelAt: [side + 8, (y1 + y2) / 2] };
  }
  if (edge.kind === 'walk') {
    const side = MARGIN / 2;
    const y1 = from.y + NODE_H / 2;
    const y2 = to.y + NODE_H / 2;
    return { edge, points: [[from.x, y1], [side, y1], [side, y2], [to.x, y2]], labelAt: [to.x + 8, to.y - 8] };
  }
  // Across to a branch column: out of the right side, down a bus just before the target column, into its left side.
  const bus = to.x - 34 + lane * 6;
  const y1 = from.y + NODE_H / 2;
  const y2 = to.y + NODE_H / 2;
  return { edge, points: [[from.x + NODE_W, y1], [bus, y1], [bus, y2], [to.x, y2]], labelAt: [to.x, to.y - 8 - LABEL_PX * 1.25 * (edge.label.length - 1)] };
}

export function layoutPath(graph: PathGraph): PathLayout {
  const placed = new Map<string, PlacedNode>();
  const home = graph.hosts[0] ?? null;
  const top = MARGIN + BOX_TITLE;
  const onHome = (n: PathNode) => n.host === home || (home === null && n.host === null && n.lane !== 'far');
  const main = graph.nodes.filter((n) => n.lane !== 'branch' && onHome(n) && n.kind !== 'verdict');
  let bottom = stack(placed, main, COLUMN[0], top);
  const anchorRow = Math.max(0, main.findIndex((n) => n.kind === 'ovs-bridge'));
  const homeBranches = graph.nodes.filter((n) => n.lane === 'branch' && onHome(n));
  if (homeBranches.length) bottom = Math.max(bottom, stack(placed, homeBranches, COLUMN[1], top + anchorRow * ROW));
  const boxes: PlacedBox[] = [];
  if (home !== null) {
    const right = homeBranches.length ? COLUMN[1] + NODE_W : COLUMN[0] + NODE_W;
    boxes.push({ host: home, x: MARGIN, y: MARGIN, w: right + BOX_PAD - MARGIN, h: bottom + BOX_PAD - MARGIN });
  }
  // Branches on other hosts: a box each in the third column.
  let sideTop = top + anchorRow * ROW;
  let sideBottom = 0;
  for (const host of graph.hosts.slice(1)) {
    const list = graph.nodes.filter((n) => n.lane === 'branch' && n.host === host);
    if (!list.length) continue;
    const b = stack(placed, list, COLUMN[2], sideTop);
    // Room between the title and the first node for the label of the edge coming in.
    const y = sideTop - BOX_TITLE - LABEL_ROOM;
    boxes.push({ host, x: COLUMN[2] - BOX_PAD, y, w: NODE_W + 2 * BOX_PAD, h: b - y + BOX_PAD });
    sideTop = b + BOX_PAD + BOX_GAP + BOX_TITLE + LABEL_ROOM;
    sideBottom = b + BOX_PAD;
  }
  // The far end below: tunnel peers (a box per host), then the wire; the external network under the branches.
  let farTop = bottom + BOX_PAD + BOX_GAP;
  for (const host of graph.hosts.slice(1)) {
    const list = graph.nodes.filter((n) => n.lane === 'far' && n.host === host);
    if (!list.length) continue;
    const b = stack(placed, list, COLUMN[0], farTop + BOX_TITLE);
    boxes.push({ host, x: MARGIN, y: farTop, w: NODE_W + 2 * BOX_PAD + FAR_TITLE_ROOM, h: b + BOX_PAD - farTop, titleRight: true });
    farTop = b + BOX_PAD + BOX_GAP;
  }
  const outside = graph.nodes.filter((n) => n.host === null && !placed.has(n.id) && n.kind !== 'verdict');
  let outsideBottom = farTop;
  const gateway = placed.get('gw');
  for (const n of outside) {
    // The external network under the router's gateway port, wherever that is.
    const column = n.kind === 'external' ? gateway?.x ?? COLUMN[1] : COLUMN[0];
    const y = n.kind === 'external' ? Math.max(bottom + BOX_PAD + BOX_GAP, sideBottom + BOX_GAP) : farTop;
    place(placed, n, column, y);
    if (n.kind !== 'external') farTop += ROW;
    outsideBottom = Math.max(outsideBottom, y + ROW);
  }
  const verdict = graph.nodes.find((n) => n.kind === 'verdict');
  if (verdict) place(placed, verdict, COLUMN[0], Math.max(farTop, outsideBottom));
  for (const n of graph.nodes) if (!placed.has(n.id)) place(placed, n, COLUMN[2], Math.max(farTop, outsideBottom) + ROW);
  const nodes = [...placed.values()];
  const lanes = new Map<string, number>();
  const edges = graph.edges.map((e) => {
    const from = placed.get(e.from)!;
    const lane = lanes.get(e.from) ?? 0;
    lanes.set(e.from, lane + 1);
    return route(from, placed.get(e.to)!, e, lane, nodes);
  });
  const labelRight = edges.map((e) => e.labelAt[0] + Math.max(0, ...e.edge.label.map((l) => l.length)) * LABEL_PX * 0.6);
  const width = Math.ceil(Math.max(...nodes.map((n) => n.x + NODE_W), ...boxes.map((b) => b.x + b.w), ...labelRight) + MARGIN);
  const height = Math.ceil(Math.max(...nodes.map((n) => n.y + NODE_H), ...boxes.map((b) => b.y + b.h)) + MARGIN);
  return { graph, width, height, nodes, edges, boxes };
}

// Families laid out in this thread, without elkjs: a class above its subclasses, a few narrow subclass families side
// by side, more or wider ones wrapped into rows under their base, so no row outgrows a screen. Used for the parts of
// a view where each box has at most one drawn base (a selection's chain, most of a package opened whole), inside an
// elkjs layout for the single-inheritance families hanging under a base (see ./layout.ts), and to pack a drawing's
// unrelated parts into rows.
// Runs in Node and, inlined after ./diagram.ts (see ./bundle.ts), in the page: type imports only.
import type { Box, Link, Placement, PlacedBox, PlacedLink, Point, View } from './diagram.js';

/** A base with at least this many subclass families gets them packed into rows (a grid) instead of one wide row. */
export const FANOUT_MIN = 4;
/** Rows of packed families stay this narrow (px at zoom 1), so a screen shows a whole row at a readable zoom. */
export const MAX_ROW_WIDTH = 1000;

/** How wide rows may grow: packed families (`row`) and the drawing's rows of unrelated hierarchies (`drawing`). */
export interface WidthLimits { row: number; drawing: number }
/** The viewer at 1440×900: the canvas (1440 px less the dispatch list) at the zoom where 11 px text reads 10 px. */
export const SCREEN_WIDTHS: WidthLimits = { row: MAX_ROW_WIDTH, drawing: 1300 };
/** A static export at page width: 4,096 px with 11 px text at 10 px is 4,505 px (MAX_READABLE_WIDTH in ../render/classes/_readable.ts). */
export const PAGE_WIDTHS: WidthLimits = { row: 2400, drawing: 4400 };

/**
 * Geometry, the same as elkjs is given in ./layout.ts: a gutter on the left of packed rows carries the shared trunk,
 * a gap above each row its branch line; side-by-side families hang from one bus line half a layer under their base.
 */
export const GRID = { gutter: 18, trunk: 8, rowGap: 22, columnGap: 16, siblingGap: 28, layerGap: 56, componentGap: 56, padding: 24 } as const;

/** A laid-out family: its boxes and links relative to its top-left corner; its root box sits on the top edge. */
export interface Block {
  width: number;
  height: number;
  rootKey: string;
  rootX: number;
  rootWidth: number;
  boxes: PlacedBox[];
  links: PlacedLink[];
  /** Already has the drawing's padding around it (a part laid out by elkjs). */
  padded?: boolean;
}

/** Blocks in rows under a trunk in a gutter: where each block went and the y of its row's branch line. */
export interface PackedRows {
  width: number;
  height: number;
  cells: { block: Block; x: number; y: number; branchY: number }[];
}

/** Coordinates to a tenth of a pixel (shared with ./layout.ts: the page's modules share one scope). */
export const round = (v: number) => Math.round(v * 10) / 10;

/** Who inherits from whom in a view, as the tree layouts need it. */
export interface Family {
  /** Drawn subclasses of a box, in view order, with the link to it. */
  children: Map<string, { key: string; link: string }[]>;
  /** Number of drawn bases (outgoing links) of a box; with `spanning`, of the bases it hangs under (0 or 1). */
  bases: Map<string, number>;
  sizes: Map<string, Box>;
  /** Whether a box and everything under it is single inheritance only (memoised). */
  treeOnly(key: string): boolean;
  /** With `spanning`: the links to a class's other bases, drawn as connectors of their own after the tree is placed. */
  extraLinks: Link[];
}

/**
 * With `spanning`, a class with several drawn bases hangs under one of them, the deepest (ties: the first, as in its
 * MRO), so a drawing with multiple inheritance is still a tree that wraps into rows; its other bases get one
 * connector and one arrowhead each (see routeExtraLink), never a line shared with another base's.
 */
export function familyOf(view: View, { spanning = false }: { spanning?: boolean } = {}): Family {
  const children = new Map<string, { key: string; link: string }[]>();
  const bases = new Map<string, number>();
  const dispatched = new Set<string>();
  const inherits: Link[] = [];
  for (const link of view.links) {
    if (link.kind !== 'inherits') {
      bases.set(link.source, (bases.get(link.source) ?? 0) + 1);
      dispatched.add(link.source);
      dispatched.add(link.target);
      continue;
    }
    inherits.push(link);
  }
  const sizes = new Map(view.boxes.map((b) => [b.key, b]));
  const hung = spanning ? primaryLinks(inherits) : new Set(inherits);
  const extraLinks = inherits.filter((l) => !hung.has(l));
  for (const link of inherits) {
    if (!hung.has(link)) continue;
    bases.set(link.source, (bases.get(link.source) ?? 0) + 1);
    const list = children.get(link.target) ?? [];
    list.push({ key: link.source, link: link.key });
    children.set(link.target, list);
  }
  const memo = new Map<string, boolean>();
  const treeOnly = (key: string): boolean => {
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, false); // a cycle (never in valid Python) stays with elkjs
    const ok = sizes.get(key)?.kind !== 'dispatch' && !dispatched.has(key)
      && (children.get(key) ?? []).every((c) => bases.get(c.key) === 1 && treeOnly(c.key));
    memo.set(key, ok);
    return ok;
  };
  return { children, bases, sizes, treeOnly, extraLinks };
}

/** Each class's link to its deepest drawn base (the longest chain of bases above it; ties: the first link). */
function primaryLinks(inherits: Link[]): Set<Link> {
  const up = new Map<string, Link[]>();
  for (const l of inherits) up.set(l.source, [...(up.get(l.source) ?? []), l]);
  const depth = new Map<string, number>();
  const depthOf = (key: string): number => {
    const known = depth.get(key);
    if (known !== undefined) return known;
    depth.set(key, 0); // a cycle (never in valid Python) ends here
    const d = Math.max(-1, ...(up.get(key) ?? []).map((l) => depthOf(l.target))) + 1;
    depth.set(key, d);
    return d;
  };
  const chosen = new Set<Link>();
  // Package boxes can inherit from each other in a circle (neutron.db ↔ neutron.plugins): a link that would close
  // one is not hung on, it is drawn as an extra connector.
  const hungUnder = new Map<string, string>();
  const above = (key: string, target: string): boolean => {
    for (let at: string | undefined = key, steps = 0; at !== undefined && steps <= up.size; at = hungUnder.get(at), steps++) if (at === target) return true;
    return false;
  };
  for (const [source, links] of up) {
    const ranked = [...links].sort((a, b) => depthOf(b.target) - depthOf(a.target));
    const best = ranked.find((l) => l.target !== source && !above(l.target, source));
    if (!best) continue;
    chosen.add(best);
    hungUnder.set(source, best.target);
  }
  return chosen;
}

/** A box and its (single-inheritance) subclasses, recursively. */
export function blockOf(family: Family, key: string, rowWidth = MAX_ROW_WIDTH): Block {
  const box = family.sizes.get(key)!;
  const kids = (family.children.get(key) ?? []).map((c) => ({ ...c, block: blockOf(family, c.key, rowWidth) }));
  if (kids.length === 0) {
    return { width: box.width, height: box.height, rootKey: key, rootX: 0, rootWidth: box.width, boxes: [{ key, x: 0, y: 0 }], links: [] };
  }
  const sideBySide = kids.reduce((sum, k) => sum + k.block.width, 0) + GRID.siblingGap * (kids.length - 1);
  const boxes: PlacedBox[] = [];
  const links: PlacedLink[] = [];
  const place = (block: Block, dx: number, dy: number) => {
    for (const b of block.boxes) boxes.push({ key: b.key, x: round(b.x + dx), y: round(b.y + dy) });
    for (const l of block.links) links.push({ key: l.key, points: l.points.map((p) => ({ x: round(p.x + dx), y: round(p.y + dy) })) });
  };
  if (kids.length < FANOUT_MIN && sideBySide <= rowWidth) {
    // Classic UML tree: the subclasses in one row, the base centred above, one bus line half a layer under it.
    const width = Math.max(box.width, sideBySide);
    const rootX = (width - box.width) / 2;
    const end = { x: round(rootX + box.width / 2), y: box.height };
    const busY = round(box.height + GRID.layerGap / 2);
    let x = (width - sideBySide) / 2;
    let height = box.height;
    for (const kid of kids) {
      const top = box.height + GRID.layerGap;
      place(kid.block, x, top);
      const mid = round(x + kid.block.rootX + kid.block.rootWidth / 2);
      links.push({ key: kid.link, points: [{ x: mid, y: top }, { x: mid, y: busY }, { x: end.x, y: busY }, end] });
      x += kid.block.width + GRID.siblingGap;
      height = Math.max(height, top + kid.block.height);
    }
    return { width, height, rootKey: key, rootX: round(rootX), rootWidth: box.width, boxes: [{ key, x: round(rootX), y: 0 }, ...boxes], links };
  }
  // Wrapped: the base at the top left, its subclass families in rows below it, a trunk down the gutter.
  const rows = packRows(kids.map((k) => k.block), box.width, rowWidth);
  const top = box.height + GRID.layerGap - GRID.rowGap;
  const trunkX = GRID.trunk;
  kids.forEach((kid, i) => {
    const cell = rows.cells[i];
    place(kid.block, cell.x, top + cell.y);
    links.push({ key: kid.link, points: branchRoute(cell, top, trunkX, box.height) });
  });
  return { width: Math.max(box.width, rows.width), height: top + rows.height, rootKey: key, rootX: 0, rootWidth: box.width, boxes: [{ key, x: 0, y: 0 }, ...boxes], links };
}

/** A packed family's root top → its row's branch line → the trunk in the gutter → up to `endY`. */
export function branchRoute(cell: PackedRows['cells'][number], top: number, trunkX: number, endY: number, dx = 0): Point[] {
  const mid = round(dx + cell.x + cell.block.rootX + cell.block.rootWidth / 2);
  const y = round(top + cell.y);
  const branchY = round(top + cell.branchY);
  return [{ x: mid, y }, { x: mid, y: branchY }, { x: round(dx + trunkX), y: branchY }, { x: round(dx + trunkX), y: round(endY) }];
}

/** Items left to right in order, a new row whenever the next would pass `target` wide; each row's items at its top. */
function shelfPack(sizes: { width: number; height: number }[], target: number, columnGap: number, rowGap: number): { at: { x: number; y: number }[]; width: number; height: number } {
  const at: { x: number; y: number }[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const size of sizes) {
    if (x > 0 && x + size.width > target) {
      y += rowHeight + rowGap;
      x = 0;
      rowHeight = 0;
    }
    at.push({ x, y });
    width = Math.max(width, x + size.width);
    x += size.width + columnGap;
    rowHeight = Math.max(rowHeight, size.height);
  }
  return { at, width, height: y + rowHeight };
}

/** Shelf packing in view order: rows as wide as a squarish block (at most `rowWidth`), each family at its row's top. */
export function packRows(blocks: Block[], baseWidth: number, rowWidth = MAX_ROW_WIDTH): PackedRows {
  const area = blocks.reduce((sum, b) => sum + (b.width + GRID.columnGap) * (b.height + GRID.rowGap), 0);
  const widest = Math.max(...blocks.map((b) => b.width));
  const target = Math.max(widest, baseWidth, Math.min(rowWidth, Math.sqrt(area * 2.5)));
  const packed = shelfPack(blocks, target, GRID.columnGap, GRID.rowGap);
  const cells = blocks.map((block, i) => {
    const y = GRID.rowGap + packed.at[i].y;
    return { block, x: GRID.gutter + packed.at[i].x, y, branchY: y - GRID.rowGap / 2 };
  });
  return { width: blocks.length > 0 ? GRID.gutter + packed.width : 0, height: GRID.rowGap + packed.height, cells };
}

export interface TreeLayoutOptions { aspectRatio?: number; widths?: WidthLimits }

/**
 * A view laid out with as little elkjs as possible: its connected parts without dispatch tables are laid out here
 * as trees (microseconds, where elkjs takes 20-100 ms even for five boxes, and seconds on neutron's mixins), a class
 * with several bases under its deepest one and a connector of its own to each other base; the rest (dispatch
 * tables) by `layoutRest`, called only when there is such a part; then all of them packed into rows toward the
 * aspect ratio, no wider than the limits allow, so unrelated hierarchies never line up in one wide row.
 */
export async function placeWithTrees(view: View, options: TreeLayoutOptions, layoutRest: (rest: View) => Promise<Placement>): Promise<Placement> {
  const widths = options.widths ?? SCREEN_WIDTHS;
  const { trees, rest, extraLinks } = splitForest(view, widths.row);
  const blocks = trees;
  if (rest) {
    const placed = await layoutRest(rest);
    blocks.unshift({ width: placed.width, height: placed.height, rootKey: '', rootX: 0, rootWidth: 0, boxes: placed.boxes, links: placed.links, padded: true });
  }
  return packDrawing(blocks, view, options.aspectRatio ?? 1, widths.drawing, extraLinks);
}

/** The view's parts without dispatch tables as laid-out families, their extra base links, and a view of everything else (null when nothing is left). */
function splitForest(view: View, rowWidth: number): { trees: Block[]; rest: View | null; extraLinks: Link[] } {
  const family = familyOf(view, { spanning: true });
  // Connected parts, by union-find over the links.
  const parent = new Map(view.boxes.map((b) => [b.key, b.key]));
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  for (const l of view.links) if (parent.has(l.source) && parent.has(l.target)) parent.set(find(l.source), find(l.target));
  const treeParts = new Map<string, boolean>();
  const partOrder = new Map<string, number>();
  for (const b of view.boxes) {
    const part = find(b.key);
    if (!partOrder.has(part)) partOrder.set(part, partOrder.size);
    const single = (family.bases.get(b.key) ?? 0) <= 1 && family.treeOnly(b.key);
    treeParts.set(part, (treeParts.get(part) ?? true) && single);
  }
  // The trees of one part (a class with two bases joins two of them) stay together, so their extra links stay short.
  const byPart = new Map<string, Block[]>();
  for (const b of view.boxes) {
    const part = find(b.key);
    if (!treeParts.get(part) || family.bases.has(b.key)) continue;
    byPart.set(part, [...(byPart.get(part) ?? []), blockOf(family, b.key, rowWidth)]);
  }
  const trees = [...byPart].sort((x, y) => partOrder.get(x[0])! - partOrder.get(y[0])!).map(([, blocks]) => joined(blocks, rowWidth));
  const extraLinks = family.extraLinks.filter((l) => treeParts.get(find(l.source)));
  const restBoxes = view.boxes.filter((b) => !treeParts.get(find(b.key)));
  if (restBoxes.length === 0) return { trees, rest: null, extraLinks };
  const inRest = new Set(restBoxes.map((b) => b.key));
  return { trees, rest: { ...view, boxes: restBoxes, links: view.links.filter((l) => inRest.has(l.source)) }, extraLinks };
}

/** Several trees of one connected part as one block: rows at most `rowWidth` wide, in view order. */
function joined(blocks: Block[], rowWidth: number): Block {
  if (blocks.length === 1) return blocks[0];
  const target = Math.max(...blocks.map((b) => b.width), rowWidth);
  const packed = shelfPack(blocks, target, GRID.componentGap, GRID.layerGap);
  const boxes: PlacedBox[] = [];
  const links: PlacedLink[] = [];
  blocks.forEach((block, i) => {
    const { x: dx, y: dy } = packed.at[i];
    for (const b of block.boxes) boxes.push({ key: b.key, x: round(b.x + dx), y: round(b.y + dy) });
    for (const l of block.links) links.push({ key: l.key, points: l.points.map((p) => ({ x: round(p.x + dx), y: round(p.y + dy) })) });
  });
  return { width: packed.width, height: packed.height, rootKey: blocks[0].rootKey, rootX: blocks[0].rootX, rootWidth: blocks[0].rootWidth, boxes, links };
}

/**
 * A connector of its own from a subclass's top edge to the bottom edge of one of its other bases: up just above the
 * subclass's row, across, and straight up to the base; a base drawn lower is reached around the left side and from
 * below, so every arrowhead still points up into the bottom of its base.
 */
export function routeExtraLink(child: { x: number; y: number; width: number }, base: { x: number; y: number; width: number; height: number }, nth: number): Point[] {
  const startX = round(child.x + child.width * 0.75 - 8 * (nth % 4));
  const aboveRow = round(child.y - 5 - 2 * (nth % 3));
  const bottom = round(base.y + base.height);
  const overlap = startX >= base.x + 12 && startX <= base.x + base.width - 12;
  const endX = overlap ? startX : round(base.x + base.width * 0.75 - 8 * (nth % 4));
  if (bottom <= aboveRow - 6) {
    return overlap
      ? [{ x: startX, y: round(child.y) }, { x: endX, y: bottom }]
      : [{ x: startX, y: round(child.y) }, { x: startX, y: aboveRow }, { x: endX, y: aboveRow }, { x: endX, y: bottom }];
  }
  const sideX = round(Math.min(child.x, base.x) - 10 - 3 * (nth % 3));
  const under = round(bottom + 8 + 2 * (nth % 3));
  return [{ x: startX, y: round(child.y) }, { x: startX, y: aboveRow }, { x: sideX, y: aboveRow }, { x: sideX, y: under }, { x: endX, y: under }, { x: endX, y: bottom }];
}

/** Blocks packed into rows (shelf packing, view order) toward the aspect ratio and at most `maxWidth` wide. */
function packDrawing(blocks: Block[], view: View, aspectRatio: number, maxWidth: number, extraLinks: Link[]): Placement {
  const area = blocks.reduce((sum, b) => sum + (b.width + GRID.componentGap) * (b.height + GRID.componentGap), 0);
  const target = Math.max(0, ...blocks.map((b) => b.width), Math.min(maxWidth, Math.sqrt(area * aspectRatio)));
  const packed = shelfPack(blocks, target, GRID.componentGap, GRID.componentGap);
  const boxes: PlacedBox[] = [];
  const links: PlacedLink[] = [];
  blocks.forEach((block, i) => {
    // A part elkjs laid out carries its own padding.
    const dx = (block.padded ? 0 : GRID.padding) + packed.at[i].x;
    const dy = (block.padded ? 0 : GRID.padding) + packed.at[i].y;
    for (const b of block.boxes) boxes.push({ key: b.key, x: round(b.x + dx), y: round(b.y + dy) });
    for (const l of block.links) links.push({ key: l.key, points: l.points.map((p) => ({ x: round(p.x + dx), y: round(p.y + dy) })) });
  });
  const at = new Map(boxes.map((b) => [b.key, b]));
  const size = new Map(view.boxes.map((b) => [b.key, b]));
  extraLinks.forEach((l, nth) => {
    const child = at.get(l.source);
    const base = at.get(l.target);
    if (!child || !base) return;
    links.push({ key: l.key, points: routeExtraLink({ ...child, width: size.get(l.source)!.width }, { ...base, width: size.get(l.target)!.width, height: size.get(l.target)!.height }, nth) });
  });
  const order = new Map(view.links.map((l, i) => [l.key, i]));
  links.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  return { width: Math.ceil(packed.width + 2 * GRID.padding), height: Math.ceil(packed.height + 2 * GRID.padding), boxes, links };
}

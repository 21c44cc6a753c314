// The UML layout on real packages: one connector and arrowhead per base (no merged bus lines), wide fan-outs in rows,
// single-inheritance parts laid out without elkjs.
import { describe, expect, it } from 'vitest';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import { filterClassModel } from '../../src/analyse/classFilters.js';
import { layoutModel, placeView } from '../../src/render/layout/elkLayout.js';
import type { ClassModel } from '../../src/model/classModel.js';
import { buildView, indexModel, initialViewState } from '../../src/viewer/diagram.js';
import { SMALLEST_TEXT_PX } from '../../src/render/classes/_readable.js';
import type { Placement, Point, View } from '../../src/viewer/diagram.js';
import { MAX_ROW_WIDTH, placeWithTrees, SCREEN_WIDTHS } from '../../src/viewer/treeLayout.js';
import { netmikoModel, PYTHON } from './_browser.js';

type Segment = [Point, Point];

function segments(points: Point[]): Segment[] {
  return points.slice(1).map((p, i) => [points[i], p]);
}

/** Length of the stretch two axis-parallel segments have in common (0 when they only cross or touch). */
function sharedLength([a, b]: Segment, [c, d]: Segment): number {
  if (a.x === b.x && c.x === d.x && a.x === c.x) return Math.min(Math.max(a.y, b.y), Math.max(c.y, d.y)) - Math.max(Math.min(a.y, b.y), Math.min(c.y, d.y));
  if (a.y === b.y && c.y === d.y && a.y === c.y) return Math.min(Math.max(a.x, b.x), Math.max(c.x, d.x)) - Math.max(Math.min(a.x, b.x), Math.min(c.x, d.x));
  return 0;
}

/** Pairs of links to different bases that run along the same line: the "bus" that made multiple inheritance unreadable. */
function mergedLines(view: View, placement: Placement): string[] {
  const routes = new Map(placement.links.map((l) => [l.key, segments(l.points)]));
  const found: string[] = [];
  for (let i = 0; i < view.links.length; i++) {
    for (let j = i + 1; j < view.links.length; j++) {
      const [a, b] = [view.links[i], view.links[j]];
      if (a.target === b.target) continue;
      const shared = routes.get(a.key)!.some((s) => routes.get(b.key)!.some((t) => sharedLength(s, t) > 1));
      if (shared) found.push(`${a.source}>${a.target} / ${b.source}>${b.target}`);
    }
  }
  return found;
}

const refOf = (view: View, key: string) => view.boxes.find((b) => b.key === key)!.ref;

describe('UML layout', () => {
  it('paramiko: SFTPServer has one arrow to each of its two bases, and no line serves two bases', async () => {
    const model = filterClassModel(await analyseClasses('paramiko', { python: PYTHON }), { members: 'none' });
    const { view, placement } = await layoutModel(model);
    const server = view.boxOf['paramiko.server.SFTPServer'] ?? Object.entries(view.boxOf).find(([id]) => id.endsWith('.SFTPServer'))![1];
    const bases = view.links.filter((l) => l.source === server).map((l) => refOf(view, l.target).split('.').pop()).sort();
    expect(bases).toEqual(['BaseSFTP', 'SubsystemHandler']);
    const ends = view.links.filter((l) => l.source === server).map((l) => placement.links.find((p) => p.key === l.key)!.points.at(-1)!);
    expect(ends[0]).not.toEqual(ends[1]);
    // Each arrowhead sits on the bottom edge of its own base.
    for (const link of view.links.filter((l) => l.source === server)) {
      const end = placement.links.find((p) => p.key === link.key)!.points.at(-1)!;
      const at = placement.boxes.find((b) => b.key === link.target)!;
      const box = view.boxes.find((b) => b.key === link.target)!;
      expect(end.y).toBeCloseTo(at.y + box.height, 0);
      expect(end.x).toBeGreaterThanOrEqual(at.x);
      expect(end.x).toBeLessThanOrEqual(at.x + box.width);
    }
    expect(mergedLines(view, placement)).toEqual([]);
  });

  it('netmiko: the 39 subclasses of CiscoSSHConnection wrap into rows no wider than a screen', async () => {
    const model = filterClassModel(await netmikoModel(), { focus: 'CiscoSSHConnection', members: 'none' });
    // As the viewer lays it out (static exports may use a page's width, PAGE_WIDTHS).
    const { view } = await layoutModel(model);
    const placement = await placeView(view, { aspectRatio: 1.5, widths: SCREEN_WIDTHS });
    const sizes = new Map(view.boxes.map((b) => [b.key, b]));
    const rows = new Map<number, { left: number; right: number; count: number }>();
    for (const p of placement.boxes) {
      if (sizes.get(p.key)!.kind !== 'class') continue;
      const row = rows.get(p.y) ?? { left: Infinity, right: -Infinity, count: 0 };
      rows.set(p.y, { left: Math.min(row.left, p.x), right: Math.max(row.right, p.x + sizes.get(p.key)!.width), count: row.count + 1 });
    }
    const widest = Math.max(...[...rows.values()].map((r) => r.right - r.left));
    expect(view.shownClasses).toBeGreaterThan(39);
    expect(widest).toBeLessThanOrEqual(MAX_ROW_WIDTH);
    expect(Math.max(...[...rows.values()].map((r) => r.count))).toBeLessThan(12);
    expect(mergedLines(view, placement)).toEqual([]);
  });
});

/** Boxes of a placement that overlap another box. */
function overlaps(view: View, placement: Placement): string[] {
  const sizes = new Map(view.boxes.map((b) => [b.key, b]));
  const rects = placement.boxes.map((p) => ({ key: p.key, x0: p.x, y0: p.y, x1: p.x + sizes.get(p.key)!.width, y1: p.y + sizes.get(p.key)!.height }));
  const found: string[] = [];
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const [a, b] = [rects[i], rects[j]];
      if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) found.push(`${a.key}/${b.key}`);
    }
  }
  return found;
}

/** The widest span of boxes crossed by one horizontal line. */
function widestRow(view: View, placement: Placement): number {
  const sizes = new Map(view.boxes.map((b) => [b.key, b]));
  const rects = placement.boxes.map((p) => ({ x0: p.x, x1: p.x + sizes.get(p.key)!.width, y0: p.y, y1: p.y + sizes.get(p.key)!.height }));
  return Math.max(...rects.map((r) => {
    const row = rects.filter((o) => o.y0 <= r.y0 + 1 && o.y1 >= r.y0 + 1);
    return Math.max(...row.map((o) => o.x1)) - Math.min(...row.map((o) => o.x0));
  }));
}

describe('tree layout', () => {
  const opened = (model: ClassModel) => buildView(indexModel(model), { focus: null, depth: 2, members: 'none', expanded: null, dispatch: false });

  it('netmiko opened whole (single inheritance only): laid out without elkjs, rows no wider than the screen, arrows from top edge to base bottom', async () => {
    const view = opened(await netmikoModel());
    const placement = await placeWithTrees(view, { aspectRatio: 1.5 }, () => { throw new Error('elkjs asked for a single-inheritance view'); });
    expect(placement.boxes.map((b) => b.key).sort()).toEqual(view.boxes.map((b) => b.key).sort());
    expect(overlaps(view, placement)).toEqual([]);
    expect(widestRow(view, placement)).toBeLessThanOrEqual(SCREEN_WIDTHS.drawing);
    expect(mergedLines(view, placement)).toEqual([]);
    const at = new Map(placement.boxes.map((b) => [b.key, b]));
    const size = new Map(view.boxes.map((b) => [b.key, b]));
    for (const link of view.links) {
      const points = placement.links.find((l) => l.key === link.key)!.points;
      expect(points[0].y).toBeCloseTo(at.get(link.source)!.y, 0);
      expect(points.at(-1)!.y).toBeCloseTo(at.get(link.target)!.y + size.get(link.target)!.height, 0);
      expect(points.at(-1)!.x).toBeGreaterThanOrEqual(at.get(link.target)!.x);
      expect(points.at(-1)!.x).toBeLessThanOrEqual(at.get(link.target)!.x + size.get(link.target)!.width);
    }
  });

  it('paramiko opened whole, multiple inheritance included: laid out without elkjs, one connector per base, rows no wider than the screen', async () => {
    const view = opened(await analyseClasses('paramiko', { python: PYTHON }));
    const placement = await placeWithTrees(view, { aspectRatio: 1.5 }, () => { throw new Error('elkjs asked for a view without dispatch tables'); });
    const multiple = new Set(view.links.map((l) => l.source).filter((s, i, all) => all.indexOf(s) !== i));
    expect(multiple.size).toBeGreaterThan(3);
    expect(placement.boxes.map((b) => b.key).sort()).toEqual(view.boxes.map((b) => b.key).sort());
    expect(overlaps(view, placement)).toEqual([]);
    expect(widestRow(view, placement)).toBeLessThanOrEqual(SCREEN_WIDTHS.drawing);
    expect(mergedLines(view, placement)).toEqual([]);
    // Every base of a class with several gets its own arrow, ending on that base's bottom edge.
    const at = new Map(placement.boxes.map((b) => [b.key, b]));
    const size = new Map(view.boxes.map((b) => [b.key, b]));
    for (const link of view.links.filter((l) => multiple.has(l.source))) {
      const end = placement.links.find((l) => l.key === link.key)!.points.at(-1)!;
      expect(end.y).toBeCloseTo(at.get(link.target)!.y + size.get(link.target)!.height, 0);
      expect(end.x).toBeGreaterThanOrEqual(at.get(link.target)!.x);
      expect(end.x).toBeLessThanOrEqual(at.get(link.target)!.x + size.get(link.target)!.width);
    }
  });

  // Issue #18: no rendering has a row wider than a 1440 px screen at the zoom where its 11 px text reads 10 px.
  for (const pkg of ['netmiko', 'jnpr.junos', 'paramiko', 'ncclient']) {
    it(`${pkg}: "expand all" and "collapse all" have no row wider than the screen at 10 px text`, async () => {
      const model = pkg === 'netmiko' ? await netmikoModel() : await analyseClasses(pkg, { python: PYTHON });
      const index = indexModel(model);
      for (const expanded of [null, []]) {
        const view = buildView(index, { ...initialViewState(model, index), expanded, focus: null, descendants: undefined });
        const placement = await placeView(view, { aspectRatio: 1440 / 820, widths: SCREEN_WIDTHS });
        expect(widestRow(view, placement) * 10 / SMALLEST_TEXT_PX, `${pkg} ${expanded ? 'collapsed' : 'expanded'}`).toBeLessThanOrEqual(1440);
        expect(overlaps(view, placement)).toEqual([]);
      }
    });
  }
});

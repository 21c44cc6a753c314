// The UML layout on real packages: one connector and arrowhead per base (no merged bus lines), wide fan-outs in rows.
import { describe, expect, it } from 'vitest';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import { filterClassModel } from '../../src/analyse/classFilters.js';
import { layoutModel } from '../../src/render/layout/elkLayout.js';
import type { Placement, Point, View } from '../../src/viewer/diagram.js';
import { MAX_ROW_WIDTH } from '../../src/viewer/treeLayout.js';
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
    const { view, placement } = await layoutModel(model);
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

// Collapses a filtered class model into package nodes and counted package-to-package edges.
import type { ClassModel, PackageEdge, PackageNode } from '../model/classModel.js';

/** `a.b.c.d` at depth 2 is `a.b`; a module shallower than the depth is its own package. */
export function packageOf(module: string, depth: number): string {
  return module.split('.').slice(0, depth).join('.');
}

export function collapseToPackages(
  model: ClassModel,
  depth: number,
): { packages: PackageNode[]; packageEdges: PackageEdge[] } {
  const packageOfClass = new Map(model.classes.map((cls) => [cls.id, packageOf(cls.module, depth)]));

  const packages = new Map<string, PackageNode>();
  for (const cls of model.classes) {
    const id = packageOfClass.get(cls.id)!;
    const node = packages.get(id) ?? { id, classes: 0, external: true };
    node.classes += 1;
    node.external &&= cls.external;
    packages.set(id, node);
  }

  const edges = new Map<string, PackageEdge>();
  const count = (from: string, to: string, kind: PackageEdge['kind']) => {
    // Links inside one package are what collapsing hides; a self-loop would only add noise.
    if (from === to) return;
    const key = `${kind} ${from} ${to}`;
    const edge = edges.get(key) ?? { from, to, kind, count: 0 };
    edge.count += 1;
    edges.set(key, edge);
  };
  for (const cls of model.classes) {
    for (const base of cls.bases) {
      const to = base.id === null ? undefined : packageOfClass.get(base.id);
      if (to !== undefined) count(packageOfClass.get(cls.id)!, to, 'inheritance');
    }
  }
  for (const table of model.dispatchTables) {
    for (const entry of table.entries) {
      const to = entry.target === null ? undefined : packageOfClass.get(entry.target);
      if (to === undefined) continue;
      // The table's own module may hold no shown class; give it a node so its edges have a start.
      const from = packageOf(table.module, depth);
      if (!packages.has(from)) packages.set(from, { id: from, classes: 0, external: false });
      count(from, to, 'dispatch');
    }
  }
  return { packages: [...packages.values()], packageEdges: [...edges.values()] };
}

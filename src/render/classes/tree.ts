// Terminal tree output: each root class with its subclasses indented below it, members optional, colour only on request.
import type { ClassModel } from '../../model/classModel.js';
import type { ClassRenderer, RenderOptions } from '../renderer.js';
import { classMembers, plainMember } from './_labels.js';
import { renderTreeSummary, wantsSummary, type TreePaint } from './treeSummary.js';
import { classCount, diagramOf, packageEdgeLabel, stereotype, type ClassDiagram, type ClassNode, type PackageDiagram } from './_graph.js';

type Paint = TreePaint;

// Bold, dim and one colour for class names (SGR 34, blue): they read on light and dark terminals alike.
const ansi: Paint = { dim: (text) => `\x1b[2m${text}\x1b[22m`, bold: (text) => `\x1b[1m${text}\x1b[22m`, name: (text) => `\x1b[1;34m${text}\x1b[0m` };
const plain: Paint = { dim: (text) => text, bold: (text) => text, name: (text) => text };

interface TreeItem {
  text: string;
  /** Lines shown right under the item (members), before its children. */
  details: string[];
  children: TreeItem[];
}

/**
 * The lines of the tree, drawn with an explicit stack: the depth comes from the input (a 2,000-deep inheritance chain
 * is valid Python), and each item is drawn once, so a malformed model that loops cannot loop here.
 */
function drawTree(items: TreeItem[], paint: Paint): string[] {
  const lines: string[] = [];
  const drawn = new Set<TreeItem>();
  interface Task {
    item: TreeItem;
    prefix: string;
    last: boolean;
    root: boolean;
  }
  const tasksOf = (list: TreeItem[], prefix: string, root: boolean): Task[] =>
    list.map((item, index) => ({ item, prefix, last: index === list.length - 1, root })).reverse();
  const todo: Task[] = tasksOf(items, '', true);
  for (let task = todo.pop(); task; task = todo.pop()) {
    const { item, prefix, last, root } = task;
    if (drawn.has(item)) continue;
    drawn.add(item);
    const connector = root ? '' : last ? '└── ' : '├── ';
    const childPrefix = root ? '' : prefix + (last ? '    ' : '│   ');
    lines.push(prefix + connector + item.text);
    const detailPrefix = childPrefix + (item.children.length ? '│ ' : '  ');
    for (const detail of item.details) lines.push(detailPrefix + paint.dim(detail));
    for (const child of tasksOf(item.children, childPrefix, false)) todo.push(child);
  }
  return lines;
}

function tagText(node: ClassNode): string {
  const tags = node.tags.map((tag) => (tag === 'dynamic' && node.provenance ? `dynamic: ${node.provenance}` : tag));
  return tags.length ? `  [${tags.join(', ')}]` : '';
}

/**
 * Inheritance is a graph, a tree is not: a class sits under its first shown base, and under
 * any other base it gets a one-line pointer instead of a second copy of its subtree.
 */
function classItems(diagram: ClassDiagram, paint: Paint): TreeItem[] {
  const nodes = new Map(diagram.classes.map((node) => [node.key, node]));
  const hintLabels = new Map(diagram.hints.map((hint) => [hint.key, hint.label]));
  const labelOf = (key: string) => nodes.get(key)?.label ?? hintLabels.get(key) ?? key;
  const primaryBase = new Map<string, string>();
  for (const edge of diagram.inheritance) if (!primaryBase.has(edge.from)) primaryBase.set(edge.from, edge.to);

  // Every item built once, children linked after: linear in classes and edges, whatever the shape of the hierarchy.
  const items = new Map<string, TreeItem>();
  for (const node of diagram.classes) {
    const { fields, methods } = classMembers(node.cls);
    items.set(node.key, {
      text: `${paint.name(node.label)}  ${paint.dim(`(${node.cls.module})`)}${tagText(node)}`,
      details: [...fields, ...methods].map(plainMember),
      children: [],
    });
  }
  const hintItems = diagram.hints.map((hint): TreeItem => ({ text: `${hint.label}  [${stereotype(hint.tags)}]`, details: [], children: [] }));
  diagram.hints.forEach((hint, i) => items.set(hint.key, hintItems[i]));
  for (const edge of diagram.inheritance) {
    const parent = items.get(edge.to);
    const node = nodes.get(edge.from);
    if (!parent || !node) continue;
    const primary = primaryBase.get(edge.from)!;
    if (primary === edge.to) parent.children.push(items.get(edge.from)!);
    else parent.children.push({ text: `${node.label}  ${paint.dim(`↑ shown under ${labelOf(primary)}`)}`, details: [], children: [] });
  }
  const roots = diagram.classes.filter((node) => !primaryBase.has(node.key)).map((node) => items.get(node.key)!);
  return [...roots, ...hintItems];
}

function dispatchItems(diagram: ClassDiagram, paint: Paint): TreeItem[] {
  return diagram.dispatch.map((table) => ({
    text: `${paint.bold(table.label)}  ${paint.dim(`(${table.table.module})`)}  [dispatch table]`,
    details: [],
    children: table.rows.map((row) => ({ text: `${row.key} → ${row.target}${row.resolved ? '' : ' ?'}`, details: [], children: [] })),
  }));
}

function packageItems(diagram: PackageDiagram, paint: Paint): TreeItem[] {
  const edgesFrom = new Map<string, TreeItem[]>();
  for (const edge of diagram.edges) {
    const item: TreeItem = { text: `${packageEdgeLabel(edge)} → ${edge.to}`, details: [], children: [] };
    const list = edgesFrom.get(edge.from);
    if (list) list.push(item);
    else edgesFrom.set(edge.from, [item]);
  }
  return diagram.packages.map((pkg) => ({
    text: `${paint.bold(pkg.id)}  ${paint.dim(`(${classCount(pkg.classes)})`)}${pkg.external ? '  [external]' : ''}`,
    details: [],
    children: edgesFrom.get(pkg.id) ?? [],
  }));
}

export function renderTree(model: ClassModel, options: RenderOptions = {}): string {
  const paint = options.color ? ansi : plain;
  if (wantsSummary(model, options)) return renderTreeSummary(model, options, paint);
  const diagram = diagramOf(model);
  const sections =
    diagram.kind === 'packages'
      ? [packageItems(diagram, paint)]
      : [classItems(diagram, paint), dispatchItems(diagram, paint)];
  const blocks = sections.filter((items) => items.length).map((items) => drawTree(items, paint).join('\n'));
  const title = options.title ? [paint.bold(options.title)] : [];
  return [...title, ...(blocks.length ? blocks : ['No classes to show'])].join('\n\n') + '\n';
}

export const treeRenderer: ClassRenderer = {
  format: 'tree',
  description: 'an indented class tree for the terminal',
  extension: 'txt',
  binary: false,
  async render(model, options) {
    return renderTree(model, options);
  },
};

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

function drawTree(items: TreeItem[], paint: Paint, prefix = '', root = true): string[] {
  const lines: string[] = [];
  items.forEach((item, index) => {
    const last = index === items.length - 1;
    const connector = root ? '' : last ? '└── ' : '├── ';
    const childPrefix = root ? '' : prefix + (last ? '    ' : '│   ');
    lines.push(prefix + connector + item.text);
    const detailPrefix = childPrefix + (item.children.length ? '│ ' : '  ');
    for (const detail of item.details) lines.push(detailPrefix + paint.dim(detail));
    lines.push(...drawTree(item.children, paint, childPrefix, false));
  });
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
  const labelOf = (key: string) => nodes.get(key)?.label ?? diagram.hints.find((hint) => hint.key === key)?.label ?? key;
  const bases = new Map<string, string[]>();
  const subclasses = new Map<string, string[]>();
  for (const edge of diagram.inheritance) {
    bases.set(edge.from, [...(bases.get(edge.from) ?? []), edge.to]);
    subclasses.set(edge.to, [...(subclasses.get(edge.to) ?? []), edge.from]);
  }

  const classItem = (node: ClassNode, path: Set<string>): TreeItem => {
    const { fields, methods } = classMembers(node.cls);
    return {
      text: `${paint.name(node.label)}  ${paint.dim(`(${node.cls.module})`)}${tagText(node)}`,
      details: [...fields, ...methods].map(plainMember),
      children: childItems(node.key, new Set([...path, node.key])),
    };
  };
  const childItems = (key: string, path: Set<string>): TreeItem[] =>
    (subclasses.get(key) ?? []).flatMap((child): TreeItem[] => {
      const node = nodes.get(child)!;
      // A malformed model could loop; a Python class hierarchy cannot.
      if (path.has(child)) return [];
      const primary = bases.get(child)![0];
      if (primary === key) return [classItem(node, path)];
      return [{ text: `${node.label}  ${paint.dim(`↑ shown under ${labelOf(primary)}`)}`, details: [], children: [] }];
    });

  const hintItems = diagram.hints.map((hint): TreeItem => ({
    text: `${hint.label}  [${stereotype(hint.tags)}]`,
    details: [],
    children: childItems(hint.key, new Set([hint.key])),
  }));
  const roots = diagram.classes.filter((node) => !bases.has(node.key)).map((node) => classItem(node, new Set()));
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
  return diagram.packages.map((pkg) => ({
    text: `${paint.bold(pkg.id)}  ${paint.dim(`(${classCount(pkg.classes)})`)}${pkg.external ? '  [external]' : ''}`,
    details: [],
    children: diagram.edges
      .filter((edge) => edge.from === pkg.id)
      .map((edge) => ({
        text: `${packageEdgeLabel(edge)} → ${edge.to}`,
        details: [],
        children: [],
      })),
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

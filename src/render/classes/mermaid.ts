// Mermaid classDiagram output: one node per class keyed by its sanitised full id, labelled with its short name.
import type { ClassModel } from '../../model/classModel.js';
import type { ClassRenderer, RenderOptions } from '../renderer.js';
import { createNodeIds } from './_ids.js';
import { classMembers, type MemberLine } from './_labels.js';
import { classCount, diagramOf, packageEdgeLabel, stereotype, type ClassDiagram, type PackageDiagram } from './_graph.js';
import { MERMAID_MAX_TEXT, narrowingAdvice } from './_readable.js';

/**
 * Mermaid reads markdown and its own member syntax inside labels: `__x__` turns bold, `~T~`
 * is a generic, a trailing `$` or `*` means static/abstract, braces end the class body.
 * Entity codes (`#123;`) show the character without any of that meaning.
 */
export function escapeMermaid(text: string): string {
  return text.replace(/[#"\\{}~_*$`<>%;&]/g, (char) => `#${char.charCodeAt(0)};`);
}

function memberText(member: MemberLine): string {
  const name = escapeMermaid(member.name);
  // Mermaid's own markers, last on the line: `$` underlines (static), `*` italicises (abstract).
  const marker = member.isAbstract ? '*' : member.isStatic ? '$' : '';
  if (member.parameters !== undefined) {
    const returns = member.type ? ` ${escapeMermaid(member.type)}` : '';
    return `${member.visibility}${name}(${escapeMermaid(member.parameters)})${returns}${marker}`;
  }
  const type = member.type ? `: ${escapeMermaid(member.type)}` : '';
  const value = member.value === undefined ? '' : ` = ${escapeMermaid(member.value)}`;
  return `${member.visibility}${name}${type}${value}${marker}`;
}

function classBlock(id: string, label: string, lines: string[]): string[] {
  const head = `  class ${id}["${escapeMermaid(label)}"]`;
  return lines.length ? [`${head} {`, ...lines.map((line) => `    ${line}`), '  }'] : [head];
}

// A style list must not start with a hyphenated property: mermaid's grammar rejects it.
const STYLES: Record<string, string> = {
  external: 'fill:#f3f3f3,stroke:#999999,color:#555555',
  dynamic: 'fill:#fff8e1,stroke:#b58900',
  unresolved: 'fill:#fdecea,stroke:#c0392b,stroke-dasharray:4 3',
  hidden: 'fill:#ffffff,stroke:#999999,stroke-dasharray:4 3,color:#555555',
  dispatch: 'fill:#eef6ff,stroke:#3b6ea5',
};

/**
 * Mermaid 11 only paints a class with a classDef that comes after the class is assigned to it
 * (a classDef first leaves the nodes unstyled), so assignments go first, definitions last.
 */
function styleLines(styled: [id: string, style: string][]): string[] {
  const byStyle = new Map<string, string[]>();
  for (const [id, style] of styled) byStyle.set(style, [...(byStyle.get(style) ?? []), id]);
  return [
    ...[...byStyle].map(([style, ids]) => `  cssClass "${ids.join(',')}" ${style}`),
    ...[...byStyle.keys()].map((style) => `  classDef ${style} ${STYLES[style]}`),
  ];
}

function classLines(diagram: ClassDiagram, nodeId: (key: string) => string): string[] {
  const lines: string[] = [];
  const styled: [string, string][] = [];
  for (const node of diagram.classes) {
    const id = nodeId(node.key);
    const { fields, methods } = classMembers(node.cls);
    const body = [
      ...(node.tags.length ? [`<<${stereotype(node.tags)}>>`] : []),
      ...(node.provenance ? [`from ${escapeMermaid(node.provenance)}`] : []),
      ...fields.map(memberText),
      ...methods.map(memberText),
    ];
    lines.push(...classBlock(id, node.label, body));
    // The strongest tag wins the colour: an unresolved external is drawn as unresolved.
    const style = node.tags.includes('unresolved') ? 'unresolved' : node.tags.includes('dynamic') ? 'dynamic' : node.tags[0];
    if (style) styled.push([id, style]);
  }
  for (const hint of diagram.hints) {
    const id = nodeId(hint.key);
    lines.push(...classBlock(id, hint.label, [`<<${stereotype(hint.tags)}>>`]));
    // Dashed either way: a stub stands for something the view does not draw.
    styled.push([id, hint.tags.includes('unresolved') ? 'unresolved' : 'hidden']);
  }
  for (const table of diagram.dispatch) {
    const id = nodeId(table.key);
    const rows = table.rows.map((row) => `${escapeMermaid(row.key)} → ${escapeMermaid(row.target)}${row.resolved ? '' : ' ?'}`);
    lines.push(...classBlock(id, table.label, ['<<dispatch table>>', ...rows]));
    styled.push([id, 'dispatch']);
  }
  for (const edge of diagram.inheritance) lines.push(`  ${nodeId(edge.to)} <|-- ${nodeId(edge.from)}`);
  for (const table of diagram.dispatch) {
    for (const target of table.targets) lines.push(`  ${nodeId(table.key)} ..> ${nodeId(target)}`);
  }
  return [...lines, ...styleLines(styled)];
}

function packageLines(diagram: PackageDiagram, nodeId: (key: string) => string): string[] {
  const lines: string[] = [];
  for (const pkg of diagram.packages) {
    const tags = pkg.external ? 'package, external' : 'package';
    lines.push(...classBlock(nodeId(pkg.id), pkg.id, [`<<${tags}>>`, classCount(pkg.classes)]));
  }
  for (const edge of diagram.edges) {
    const arrow = edge.kind === 'inheritance' ? '<|--' : '<..';
    lines.push(`  ${nodeId(edge.to)} ${arrow} ${nodeId(edge.from)} : ${packageEdgeLabel(edge)}`);
  }
  const external = diagram.packages.filter((pkg) => pkg.external).map((pkg): [string, string] => [nodeId(pkg.id), 'external']);
  return [...lines, ...styleLines(external)];
}

export function renderMermaid(model: ClassModel, options: RenderOptions = {}): string {
  const diagram = diagramOf(model);
  const nodeId = createNodeIds();
  const body = diagram.kind === 'packages' ? packageLines(diagram, nodeId) : classLines(diagram, nodeId);
  // An empty classDiagram is a parse error in mermaid; a note keeps the output valid and honest.
  if (body.length === 0) body.push('  note "No classes to show"');
  // Front matter is YAML: a quoted string keeps colons and hashes in a title harmless.
  const title = options.title ? ['---', `title: ${JSON.stringify(options.title)}`, '---'] : [];
  return [...title, 'classDiagram', ...body].join('\n') + '\n';
}

export const mermaidRenderer: ClassRenderer = {
  format: 'mermaid',
  description: 'Mermaid classDiagram text (GitHub, GitLab and mermaid.live draw it)',
  extension: 'mmd',
  binary: false,
  async render(model, options) {
    const text = renderMermaid(model, options);
    if (text.length > MERMAID_MAX_TEXT) {
      options.warn?.(`the Mermaid text is ${text.length.toLocaleString('en')} characters, over Mermaid's default maxTextSize (${MERMAID_MAX_TEXT.toLocaleString('en')}): stock Mermaid shows an error instead of the diagram; split it: ${narrowingAdvice(model)}`);
    }
    return text;
  },
};

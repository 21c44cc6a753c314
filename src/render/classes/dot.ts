// Graphviz DOT output: UML-like HTML-table nodes, bottom-to-top, empty-arrow edges from subclass to base.
import type { ClassModel } from '../../model/classModel.js';
import type { ClassRenderer, RenderOptions } from '../renderer.js';
import { escapeHtml, quoteDot } from '../../escape.js';
import { classMembers, plainMember, type MemberLine } from './_labels.js';
import { classCount, diagramOf, packageEdgeLabel, stereotype, type ClassDiagram, type ClassNode, type PackageDiagram } from './_graph.js';

// Full class ids are unique, so they serve as DOT node ids as they are (quoteDot).

const COLORS = {
  external: { fill: '#F3F3F3', line: '#999999' },
  dynamic: { fill: '#FFF8E1', line: '#B58900' },
  unresolved: { fill: '#FDECEA', line: '#C0392B' },
  plain: { fill: '#FFFFFF', line: '#333333' },
  dispatch: { fill: '#EEF6FF', line: '#3B6EA5' },
};

function memberHtml(member: MemberLine): string {
  let text = escapeHtml(plainMember({ ...member, isStatic: false, isAbstract: false }));
  // UML draws static members underlined and abstract ones in italics; say it the same way here.
  if (member.isStatic) text = `<U>${text}</U>`;
  if (member.isAbstract) text = `<I>${text}</I>`;
  return text;
}

function compartment(lines: string[]): string {
  // BALIGN: every line of a multi-line cell starts at the left edge, like a UML member list.
  return `<TR><TD ALIGN="LEFT" BALIGN="LEFT">${lines.length ? lines.join('<BR/>') : ' '}</TD></TR>`;
}

function tableLabel(colors: { fill: string; line: string }, header: string[], compartments: string[][]): string {
  const head = header.map((cell) => `<TR><TD>${cell}</TD></TR>`).join('');
  const rest = compartments.map((lines) => `<HR/>${compartment(lines)}`).join('');
  return `<<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" BGCOLOR="${colors.fill}" COLOR="${colors.line}">${head}${rest}</TABLE>>`;
}

function classNodeLine(node: ClassNode): string {
  const colors = node.tags.includes('unresolved') ? COLORS.unresolved : node.tags.includes('dynamic') ? COLORS.dynamic : node.tags.includes('external') ? COLORS.external : COLORS.plain;
  const header = [
    ...(node.tags.length ? [`<I>«${escapeHtml(stereotype(node.tags))}»</I>`] : []),
    `<B>${escapeHtml(node.label)}</B>`,
    ...(node.provenance ? [`<FONT POINT-SIZE="8">${escapeHtml(node.provenance)}</FONT>`] : []),
  ];
  const { fields, methods } = classMembers(node.cls);
  const compartments = fields.length || methods.length ? [fields.map(memberHtml), methods.map(memberHtml)] : [];
  return `  ${quoteDot(node.key)} [label=${tableLabel(colors, header, compartments)}, tooltip=${quoteDot(node.cls.id)}];`;
}

function classLines(diagram: ClassDiagram): string[] {
  const lines = diagram.classes.map(classNodeLine);
  for (const hint of diagram.hints) {
    // A base the view leaves out: a plain dashed box, no members, so it reads as "more above".
    const label = `${hint.label}\n«${stereotype(hint.tags)}»`;
    lines.push(`  ${quoteDot(hint.key)} [shape=box, style="dashed", color="#999999", fontcolor="#555555", label=${quoteDot(label)}];`);
  }
  for (const table of diagram.dispatch) {
    const rows = table.rows.map((row) => escapeHtml(`${row.key} → ${row.target}${row.resolved ? '' : ' ?'}`));
    const header = ['<I>«dispatch table»</I>', `<B>${escapeHtml(table.label)}</B>`];
    lines.push(`  ${quoteDot(table.key)} [label=${tableLabel(COLORS.dispatch, header, [rows])}];`);
  }
  for (const edge of diagram.inheritance) lines.push(`  ${quoteDot(edge.from)} -> ${quoteDot(edge.to)};`);
  for (const table of diagram.dispatch) {
    for (const target of table.targets) lines.push(`  ${quoteDot(table.key)} -> ${quoteDot(target)} [style=dashed, arrowhead=vee];`);
  }
  return lines;
}

function packageLines(diagram: PackageDiagram): string[] {
  const lines = diagram.packages.map((pkg) => {
    const label = `${pkg.id}\n${classCount(pkg.classes)}`;
    const colors = pkg.external ? COLORS.external : COLORS.plain;
    return `  ${quoteDot(`package:${pkg.id}`)} [shape=tab, style=filled, fillcolor="${colors.fill}", color="${colors.line}", label=${quoteDot(label)}];`;
  });
  for (const edge of diagram.edges) {
    const style = edge.kind === 'inheritance' ? '' : 'style=dashed, arrowhead=vee, ';
    lines.push(`  ${quoteDot(`package:${edge.from}`)} -> ${quoteDot(`package:${edge.to}`)} [${style}label=${quoteDot(packageEdgeLabel(edge))}];`);
  }
  return lines;
}

export function renderDot(model: ClassModel, options: RenderOptions = {}): string {
  const diagram = diagramOf(model);
  const body = diagram.kind === 'packages' ? packageLines(diagram) : classLines(diagram);
  if (body.length === 0) body.push('  empty [shape=plaintext, label="No classes to show"];');
  const title = options.title ? `, label=${quoteDot(options.title)}, labelloc=t` : '';
  return [
    'digraph classes {',
    // Bottom to top: bases above their subclasses, as UML draws them.
    `  graph [rankdir=BT, fontname="Helvetica", fontsize=10${title}];`,
    '  node [shape=plain, fontname="Helvetica", fontsize=10];',
    '  edge [arrowhead=empty, fontname="Helvetica", fontsize=9];',
    ...body,
    '}',
  ].join('\n') + '\n';
}

export const dotRenderer: ClassRenderer = {
  format: 'dot',
  description: 'Graphviz DOT text (dot -Tsvg draws it)',
  extension: 'dot',
  binary: false,
  async render(model, options) {
    return renderDot(model, options);
  },
};

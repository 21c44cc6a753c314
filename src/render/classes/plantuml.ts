// PlantUML class diagram output: a package per module, classes with members, `<|--` for inheritance.
import type { ClassModel } from '../../model/classModel.js';
import type { ClassRenderer, RenderOptions } from '../renderer.js';
import { createNodeIds } from './_ids.js';
import { classMembers, type MemberLine } from './_labels.js';
import { classCount, diagramOf, packageEdgeLabel, type ClassDiagram, type ClassNode, type PackageDiagram } from './_graph.js';

/**
 * PlantUML applies creole to member text: doubled `**`, `//`, `__`, `--`, `~~`, `""` change the
 * font (`**kwargs`, `__init__`). `~` is its escape character, so each char of a pair gets one.
 */
export function escapePlantUml(text: string): string {
  return text.replace(/([*/_\-~"])\1/g, '~$1~$1');
}

function quoted(text: string): string {
  return `"${text.replaceAll('"', "'")}"`;
}

function memberText(member: MemberLine): string {
  // Explicit {field}/{method}: PlantUML otherwise guesses from a `(` that a default may contain.
  const modifiers = [member.isStatic ? '{static} ' : '', member.isAbstract ? '{abstract} ' : ''].join('');
  const name = escapePlantUml(member.name);
  const type = member.type ? ` : ${escapePlantUml(member.type)}` : '';
  if (member.parameters !== undefined) {
    return `{method} ${modifiers}${member.visibility}${name}(${escapePlantUml(member.parameters)})${type}`;
  }
  const value = member.value === undefined ? '' : ` = ${escapePlantUml(member.value)}`;
  return `{field} ${modifiers}${member.visibility}${name}${type}${value}`;
}

function classBlock(id: string, label: string, stereotypes: string[], body: string[], indent: string): string[] {
  const head = `${indent}class ${quoted(label)} as ${id}${stereotypes.map((tag) => ` <<${tag}>>`).join('')}`;
  return body.length ? [`${head} {`, ...body.map((line) => `${indent}  ${line}`), `${indent}}`] : [head];
}

const SKIN = [
  'skinparam classBackgroundColor<<external>> #F3F3F3',
  'skinparam classBackgroundColor<<dynamic>> #FFF8E1',
  'skinparam classBackgroundColor<<unresolved>> #FDECEA',
  'skinparam classBackgroundColor<<hidden>> #FFFFFF',
  'skinparam classBackgroundColor<<dispatch>> #EEF6FF',
];

function classNodeBlock(node: ClassNode, id: string, indent: string): string[] {
  const { fields, methods } = classMembers(node.cls);
  const body = [
    // A `.. text ..` separator is PlantUML's way to caption a compartment.
    ...(node.provenance ? [`.. ${escapePlantUml(node.provenance)} ..`] : []),
    ...fields.map(memberText),
    ...methods.map(memberText),
  ];
  return classBlock(id, node.label, node.tags, body, indent);
}

function classLines(diagram: ClassDiagram, nodeId: (key: string) => string): string[] {
  const byModule = new Map<string, string[]>();
  const inModule = (module: string, lines: string[]) => byModule.set(module, [...(byModule.get(module) ?? []), ...lines]);
  for (const node of diagram.classes) inModule(node.cls.module, classNodeBlock(node, nodeId(node.key), '  '));
  for (const table of diagram.dispatch) {
    const rows = table.rows.map((row) => `{field} ${escapePlantUml(row.key)} → ${escapePlantUml(row.target)}${row.resolved ? '' : ' ?'}`);
    inModule(table.table.module, classBlock(nodeId(table.key), table.label, ['dispatch'], rows, '  '));
  }
  const lines: string[] = [];
  for (const [module, members] of byModule) lines.push(`package ${quoted(module)} {`, ...members, '}');
  // Hints stand outside any package: the view does not show where they live.
  for (const hint of diagram.hints) lines.push(...classBlock(nodeId(hint.key), hint.label, hint.tags, [], ''));
  for (const edge of diagram.inheritance) lines.push(`${nodeId(edge.to)} <|-- ${nodeId(edge.from)}`);
  for (const table of diagram.dispatch) {
    for (const target of table.targets) lines.push(`${nodeId(table.key)} ..> ${nodeId(target)}`);
  }
  return lines;
}

function packageLines(diagram: PackageDiagram, nodeId: (key: string) => string): string[] {
  const lines: string[] = [];
  for (const pkg of diagram.packages) {
    lines.push(...classBlock(nodeId(pkg.id), pkg.id, pkg.external ? ['package', 'external'] : ['package'], [`{field} ${classCount(pkg.classes)}`], ''));
  }
  for (const edge of diagram.edges) {
    const arrow = edge.kind === 'inheritance' ? '<|--' : '<..';
    lines.push(`${nodeId(edge.to)} ${arrow} ${nodeId(edge.from)} : ${packageEdgeLabel(edge)}`);
  }
  return lines;
}

export function renderPlantUml(model: ClassModel, options: RenderOptions = {}): string {
  const diagram = diagramOf(model);
  const nodeId = createNodeIds();
  const body = diagram.kind === 'packages' ? packageLines(diagram, nodeId) : classLines(diagram, nodeId);
  if (body.length === 0) body.push('note "No classes to show" as empty');
  const head = [
    '@startuml',
    ...(options.title ? [`title ${options.title}`] : []),
    // Dotted module names are names here, not a nesting PlantUML should invent.
    'set separator none',
    'hide empty members',
    ...SKIN,
  ];
  return [...head, ...body, '@enduml'].join('\n') + '\n';
}

export const plantUmlRenderer: ClassRenderer = {
  format: 'plantuml',
  description: 'PlantUML class diagram text',
  extension: 'puml',
  binary: false,
  async render(model, options) {
    return renderPlantUml(model, options);
  },
};

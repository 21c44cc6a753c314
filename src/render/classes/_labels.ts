// Shared wording of class members for every text format: signatures, visibility, static/abstract, provenance.
import type { AttributeInfo, ClassInfo, MethodInfo, ParameterInfo, Provenance } from '../../model/classModel.js';

export type Visibility = '+' | '#' | '-';

/** One line of a class box, before a format adds its own syntax and escaping. */
export interface MemberLine {
  visibility: Visibility;
  name: string;
  /** Only methods have a parameter list; fields (attributes, properties) do not. */
  parameters?: string;
  /** Return annotation of a method, annotation of a field. */
  type?: string;
  /** Value assigned to an attribute. */
  value?: string;
  /** Class-level: classmethods, staticmethods and class attributes (underlined in UML). */
  isStatic: boolean;
  isAbstract: boolean;
}

export interface ClassMembers {
  fields: MemberLine[];
  methods: MemberLine[];
}

const MAX_VALUE = 30;

/** Source text can span lines (a wrapped annotation or base list); a diagram line cannot. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Long defaults (dict literals, lambdas) would stretch a box across the page. */
export function shorten(text: string, max = MAX_VALUE): string {
  const flat = oneLine(text);
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

function optionalLine(text: string | undefined): string | undefined {
  return text === undefined ? undefined : oneLine(text);
}

/** Python's conventions: `__x` is name-mangled (private), `_x` is internal (protected); dunders are public. */
export function visibilityOf(name: string): Visibility {
  if (name.startsWith('__') && !name.endsWith('__')) return '-';
  if (name.startsWith('_') && !(name.startsWith('__') && name.endsWith('__'))) return '#';
  return '+';
}

/** PEP 8 spacing: `name=default`, but `name: ann = default` once annotated. */
export function formatParameter(parameter: ParameterInfo): string {
  const star = parameter.kind === 'var-positional' ? '*' : parameter.kind === 'var-keyword' ? '**' : '';
  const annotation = parameter.annotation ? `: ${oneLine(parameter.annotation)}` : '';
  const value = parameter.default === undefined ? '' : annotation ? ` = ${shorten(parameter.default)}` : `=${shorten(parameter.default)}`;
  return `${star}${parameter.name}${annotation}${value}`;
}

/**
 * The parameters as Python would print them, with the `/` and `*` markers where the kinds
 * change. `self`/`cls` are dropped: the binding is implied by the method kind.
 */
export function formatParameters(method: MethodInfo): string {
  const bound = method.kind !== 'staticmethod' && method.parameters.length > 0 && method.parameters[0].kind !== 'var-positional';
  const parameters = bound ? method.parameters.slice(1) : method.parameters;
  const parts: string[] = [];
  let seenStar = false;
  parameters.forEach((parameter, index) => {
    if (parameter.kind === 'var-positional') seenStar = true;
    if (parameter.kind === 'keyword-only' && !seenStar) {
      parts.push('*');
      seenStar = true;
    }
    parts.push(formatParameter(parameter));
    const next = parameters[index + 1];
    if (parameter.kind === 'positional-only' && next?.kind !== 'positional-only') parts.push('/');
  });
  return parts.join(', ');
}

function isAbstract(decorators: readonly string[]): boolean {
  return decorators.some((decorator) => decorator === 'abstractmethod' || decorator.endsWith('.abstractmethod'));
}

function methodLine(method: MethodInfo): MemberLine {
  return {
    visibility: visibilityOf(method.name),
    name: method.async ? `async ${method.name}` : method.name,
    parameters: formatParameters(method),
    type: optionalLine(method.returns),
    isStatic: method.kind === 'classmethod' || method.kind === 'staticmethod',
    isAbstract: isAbstract(method.decorators),
  };
}

/** A property reads like an attribute to the caller, so it is drawn with the fields. */
function propertyLine(method: MethodInfo): MemberLine {
  return { visibility: visibilityOf(method.name), name: method.name, type: optionalLine(method.returns), isStatic: false, isAbstract: isAbstract(method.decorators) };
}

function attributeLine(attribute: AttributeInfo): MemberLine {
  return {
    visibility: visibilityOf(attribute.name),
    name: attribute.name,
    type: optionalLine(attribute.annotation),
    value: attribute.value === undefined ? undefined : shorten(attribute.value),
    isStatic: attribute.scope === 'class',
    isAbstract: false,
  };
}

/** Members in source order; a name assigned several times (class and instance) is shown once. */
export function classMembers(cls: ClassInfo): ClassMembers {
  const seen = new Set<string>();
  const fields: MemberLine[] = [];
  for (const attribute of cls.attributes) {
    if (seen.has(attribute.name)) continue;
    seen.add(attribute.name);
    fields.push(attributeLine(attribute));
  }
  for (const method of cls.methods) if (method.kind === 'property') fields.push(propertyLine(method));
  const methods = cls.methods.filter((method) => method.kind !== 'property').map(methodLine);
  return { fields, methods };
}

/** The member as one plain line, for formats with no member syntax of their own (dot, tree). */
export function plainMember(member: MemberLine): string {
  const type = member.type ? (member.parameters === undefined ? `: ${member.type}` : ` -> ${member.type}`) : '';
  const value = member.value === undefined ? '' : ` = ${member.value}`;
  const call = member.parameters === undefined ? '' : `(${member.parameters})`;
  const marks = [member.isStatic ? 'static' : '', member.isAbstract ? 'abstract' : ''].filter(Boolean);
  const suffix = marks.length ? ` {${marks.join(', ')}}` : '';
  return `${member.visibility} ${member.name}${call}${type}${value}${suffix}`;
}

/** Where a dynamic class comes from, short enough for a diagram: `yaml routes.yml:12 via FactoryLoader`. */
export function provenanceText(provenance: Provenance): string {
  const file = provenance.file.split(/[\\/]/).pop();
  const factory = provenance.factory ? ` via ${provenance.factory}` : '';
  return `${provenance.kind} ${file}:${provenance.line}${factory}`;
}

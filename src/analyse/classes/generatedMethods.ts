// Methods a class decorator writes into the class: @dataclasses.dataclass (CPython 3.11 Lib/dataclasses.py,
// `_process_class`: __init__ from the fields in order with their defaults, __repr__, __eq__, ordering, __hash__ and,
// when frozen, __setattr__/__delattr__), and attrs' @attr.s / @attrs.define / @attrs.frozen (attrs 22 attr/_make.py
// `attrs()` and attr/_next_gen.py `define`: the same, plus __ne__, and __getstate__/__setstate__ for slotted
// classes; `_x` is the __init__ parameter `x`), and typing.NamedTuple (CPython 3.11 Lib/collections/__init__.py
// `namedtuple`: _make, _replace, __repr__, _asdict, __getnewargs__). They get the class statement's line: they
// have none of their own.
import type { AttributeInfo, ClassInfo, MethodInfo, MethodKind, ParameterInfo } from '../../model/classModel.js';

const DATACLASS = /^(?:dataclasses\.)?dataclass(?:\((.*)\))?$/s;
const CLASS_VAR = /^(?:typing\.|t\.)?ClassVar\b/;
const KW_ONLY = /^(?:dataclasses\.)?KW_ONLY$/;

interface Field {
  name: string;
  annotation?: string;
  default?: string;
  init: boolean;
  keywordOnly: boolean;
}

/** Dataclass fields by class id, for subclasses that inherit them (dataclasses collects fields along the MRO). */
export class GeneratedMethods {
  private readonly fields = new Map<string, Field[]>();

  /**
   * `decoratorsOf` gives a class's decorators with the name each starts with replaced by what its module imported
   * it as (`define` from `from attrs import define` → `attrs.define`); by default they are taken as written.
   */
  constructor(private readonly decoratorsOf: (cls: ClassInfo) => string[] = (cls) => cls.decorators) {}

  /** Adds the generated methods to `cls`; its MRO must be known. `classes` gives its ancestors. */
  apply(cls: ClassInfo, classes: Map<string, ClassInfo>): void {
    const options = dataclassOptions(this.decoratorsOf(cls));
    if (!options) return;
    const inherited = new Map<string, Field>();
    for (const ancestorId of [...(cls.mro ?? []).slice(1)].reverse()) {
      for (const field of this.fieldsOf(classes.get(ancestorId), classes)) inherited.set(field.name, field);
    }
    const own = options.style === 'attrs' ? attrsFields(cls.attributes, options) : ownFields(cls.attributes, options.kwOnly);
    for (const field of own) inherited.set(field.name, field);
    const fields = [...inherited.values()];
    this.fields.set(cls.id, fields);
    const defined = new Set(cls.methods.map((method) => method.name));
    const add = (name: string, parameters: ParameterInfo[], returns?: string) => {
      if (defined.has(name)) return;
      const method: MethodInfo = { name, kind: 'method', decorators: [], line: cls.line ?? 1, async: false, parameters };
      if (returns) method.returns = returns;
      cls.methods.push(method);
    };
    const self: ParameterInfo = { name: 'self', kind: 'positional-or-keyword' };
    const other: ParameterInfo[] = [self, { name: 'other', kind: 'positional-or-keyword' }];
    if (options.init) add('__init__', [self, ...initParameters(fields)], 'None');
    if (options.repr) add('__repr__', [self]);
    if (options.eq) add('__eq__', other);
    if (options.eq && options.style === 'attrs') add('__ne__', other);
    if (options.slots && options.style === 'attrs') {
      add('__getstate__', [self]);
      add('__setstate__', [self, { name: 'state', kind: 'positional-or-keyword' }]);
    }
    if (options.order) for (const name of ['__lt__', '__le__', '__gt__', '__ge__']) add(name, other);
    if (options.frozen) {
      add('__setattr__', [self, { name: 'name', kind: 'positional-or-keyword' }, { name: 'value', kind: 'positional-or-keyword' }]);
      add('__delattr__', [self, { name: 'name', kind: 'positional-or-keyword' }]);
    }
    // `_hash_action`: a hash is written for unsafe_hash, or for eq with frozen, unless the class defines __hash__.
    if (options.unsafeHash || (options.eq && options.frozen)) add('__hash__', [self]);
  }

  private fieldsOf(cls: ClassInfo | undefined, classes: Map<string, ClassInfo>): Field[] {
    if (!cls) return [];
    if (!this.fields.has(cls.id) && dataclassOptions(this.decoratorsOf(cls))) this.apply(cls, classes);
    return this.fields.get(cls.id) ?? [];
  }
}

interface DataclassOptions {
  style: 'dataclass' | 'attrs';
  /** attrs: fields from annotations (define, auto_attribs=True) rather than `x = attr.ib()` only. */
  autoAttribs: boolean;
  slots: boolean;
  init: boolean;
  repr: boolean;
  eq: boolean;
  order: boolean;
  unsafeHash: boolean;
  frozen: boolean;
  kwOnly: boolean;
}

function dataclassOptions(decorators: string[]): DataclassOptions | undefined {
  for (const decorator of decorators) {
    const dataclass = DATACLASS.exec(decorator.trim());
    if (dataclass) {
      const argument = booleanArguments(dataclass[1]);
      return {
        style: 'dataclass', init: argument('init', true), repr: argument('repr', true), eq: argument('eq', true),
        order: argument('order', false), unsafeHash: argument('unsafe_hash', false), frozen: argument('frozen', false),
        kwOnly: argument('kw_only', false), slots: argument('slots', false), autoAttribs: true,
      };
    }
    const attrs = ATTRS.exec(decorator.trim());
    if (attrs) {
      const argument = booleanArguments(attrs[2]);
      const nextGen = attrs[1] !== 's' && attrs[1] !== 'attrs' && attrs[1] !== 'attributes';
      const eq = argument('eq', argument('cmp', true));
      const frozen = argument('frozen', attrs[1] === 'frozen');
      return {
        style: 'attrs', init: argument('init', true), repr: argument('repr', true), eq, order: argument('order', nextGen ? false : eq),
        unsafeHash: argument('hash', false) || argument('unsafe_hash', false), frozen, kwOnly: argument('kw_only', false),
        slots: argument('slots', nextGen), autoAttribs: argument('auto_attribs', nextGen),
      };
    }
  }
  return undefined;
}

// attr/__init__.py: `s = attributes = attrs`; attrs/__init__.py re-exports define, mutable and frozen.
const ATTRS = /^(?:attr|attrs)\.(s|attrs|attributes|define|mutable|frozen)(?:\((.*)\))?$/s;

function booleanArguments(text: string | undefined): (name: string, fallback: boolean) => boolean {
  return (name, fallback) => {
    const value = new RegExp(`\\b${name}\\s*=\\s*(True|False)\\b`).exec(text ?? '')?.[1];
    return value === undefined ? fallback : value === 'True';
  };
}

/** Annotated class attributes in order, less ClassVars; `_: KW_ONLY` makes the fields after it keyword-only. */
function ownFields(attributes: AttributeInfo[], kwOnly: boolean): Field[] {
  const fields: Field[] = [];
  let keywordOnly = kwOnly;
  for (const attribute of attributes) {
    if (attribute.scope !== 'class' || !attribute.annotation) continue;
    if (KW_ONLY.test(attribute.annotation)) {
      keywordOnly = true;
      continue;
    }
    if (CLASS_VAR.test(attribute.annotation)) continue;
    fields.push(fieldOf(attribute, keywordOnly));
  }
  return fields;
}

/** `x: int = 0`, `x: list = field(default_factory=list)`, `x: int = field(default=1, init=False, kw_only=True)`. */
function fieldOf(attribute: AttributeInfo, keywordOnly: boolean): Field {
  const field: Field = { name: attribute.name, annotation: attribute.annotation, init: true, keywordOnly };
  const value = attribute.value;
  const call = value && /^(?:dataclasses\.)?field\((.*)\)?$/s.exec(value);
  readFieldValue(field, value, call ? call[1] : undefined, /\bdefault_factory\s*=/);
  return field;
}

/** A field's default and options from its value: the arguments of a field()/attr.ib() call, or the value itself. */
function readFieldValue(field: Field, value: string | undefined, callArguments: string | undefined, factory: RegExp): void {
  if (callArguments === undefined) {
    if (value !== undefined) field.default = value;
    return;
  }
  const explicit = /\bdefault\s*=\s*([^,)]+)/.exec(callArguments);
  if (explicit) field.default = explicit[1].trim();
  else if (factory.test(callArguments)) field.default = '<factory>';
  if (/\binit\s*=\s*False\b/.test(callArguments)) field.init = false;
  const kw = /\bkw_only\s*=\s*(True|False)\b/.exec(callArguments);
  if (kw) field.keywordOnly = kw[1] === 'True';
}

/** attrs fields: `x = attr.ib(...)` / `attrs.field(...)`, and with auto_attribs the annotated attributes too. */
function attrsFields(attributes: AttributeInfo[], options: DataclassOptions): Field[] {
  const fields: Field[] = [];
  for (const attribute of attributes) {
    if (attribute.scope !== 'class') continue;
    const call = attribute.value && /^(?:attr\.|attrs\.)?(?:ib|attrib|field)\((.*)\)?$/s.exec(attribute.value);
    const annotated = options.autoAttribs && attribute.annotation && !CLASS_VAR.test(attribute.annotation);
    if (!call && !annotated) continue;
    // attrs strips leading underscores for the __init__ parameter (attr/_make.py, Attribute.alias).
    const field: Field = { name: attribute.name.replace(/^_+/, ''), init: true, keywordOnly: options.kwOnly };
    if (attribute.annotation) field.annotation = attribute.annotation;
    readFieldValue(field, attribute.value, call ? call[1] : undefined, /\bfactory\s*=/);
    fields.push(field);
  }
  return fields;
}

/** Positional fields first, then keyword-only ones (dataclasses `_init_fn`), each with its annotation and default. */
function initParameters(fields: Field[]): ParameterInfo[] {
  const inInit = fields.filter((field) => field.init);
  return [...inInit.filter((field) => !field.keywordOnly), ...inInit.filter((field) => field.keywordOnly)].map((field) => {
    const parameter: ParameterInfo = { name: field.name, kind: field.keywordOnly ? 'keyword-only' : 'positional-or-keyword' };
    if (field.annotation) parameter.annotation = field.annotation;
    if (field.default !== undefined) parameter.default = field.default;
    return parameter;
  });
}

/**
 * The methods `namedtuple()` writes (CPython 3.11 Lib/collections/__init__.py), less those the class body defines:
 * typing.NamedTuple copies the body's own attributes over them. `__new__(_cls, <fields>)` takes the annotated
 * fields in order, with their defaults.
 */
export function addNamedTupleMethods(cls: ClassInfo): void {
  const method = (name: string, kind: MethodKind, parameters: ParameterInfo[]): MethodInfo =>
    ({ name, kind, parameters, decorators: [], line: cls.line ?? 1, async: false });
  const self: ParameterInfo = { name: 'self', kind: 'positional-or-keyword' };
  const fields = cls.attributes.filter((attribute) => attribute.scope === 'class' && attribute.annotation)
    .map((attribute): ParameterInfo => ({
      name: attribute.name, kind: 'positional-or-keyword', annotation: attribute.annotation,
      ...(attribute.value === undefined ? {} : { default: attribute.value }),
    }));
  const generated = [
    method('__new__', 'staticmethod', [{ name: '_cls', kind: 'positional-or-keyword' }, ...fields]),
    method('_make', 'classmethod', [{ name: 'cls', kind: 'positional-or-keyword' }, { name: 'iterable', kind: 'positional-or-keyword' }]),
    method('_replace', 'method', [{ name: 'self', kind: 'positional-only' }, { name: 'kwds', kind: 'var-keyword' }]),
    method('__repr__', 'method', [self]),
    method('_asdict', 'method', [self]),
    method('__getnewargs__', 'method', [self]),
  ];
  const defined = new Set(cls.methods.map((existing) => existing.name));
  for (const generatedMethod of generated) if (!defined.has(generatedMethod.name)) cls.methods.push(generatedMethod);
}

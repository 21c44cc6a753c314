// Evaluates the module-level code that builds dicts of string → name (dispatch tables such as netmiko's
// CLASS_MAPPER): literals, copies, `for k, v in X.items()` loops with derived keys, `T[key] = v`, update/pop/del.
import type { Node } from 'web-tree-sitter';
import type { RawDictTable } from './moduleSummary.js';
import { contentValue, stringValue } from './syntax.js';

interface TableValue {
  expression: string;
  line: number;
}

/** A dict object being built; several names may refer to the same one, as in Python. */
class DictObject {
  readonly entries = new Map<string, TableValue>();
  /** False once something unrepresentable was stored: the object is then no dispatch table. */
  exact = true;
  constructor(readonly line: number) {}
}

type Value = { kind: 'dict'; dict: DictObject } | { kind: 'string'; value: string } | { kind: 'name'; value: TableValue };

const COPY_FUNCTIONS = new Set(['dict', 'copy.copy', 'copy.deepcopy', 'copy', 'deepcopy', 'OrderedDict', 'collections.OrderedDict']);
// Loops longer than this are not unrolled: dispatch tables have hundreds of keys, not millions.
const MAX_LOOP_ITERATIONS = 10_000;

/** `types`, when given, are those of the statements, already asked (each question to a node crosses into wasm). */
export function evaluateDictTables(moduleStatements: Node[], types?: readonly string[]): RawDictTable[] {
  const evaluator = new DictEvaluator();
  for (let index = 0; index < moduleStatements.length; index++) evaluator.statement(moduleStatements[index], new Map(), types?.[index]);
  return evaluator.tables();
}

class DictEvaluator {
  /** Module globals that hold dicts, with the order in which they were bound. */
  private readonly globals = new Map<string, { dict: DictObject; boundAt: number }>();
  private bindings = 0;

  tables(): RawDictTable[] {
    // A dict reachable under several names is reported once, under the name bound last
    // (netmiko: `CLASS_MAPPER = new_mapper`).
    const owner = new Map<DictObject, string>();
    const ordered = [...this.globals.entries()].sort((a, b) => a[1].boundAt - b[1].boundAt);
    for (const [name, { dict }] of ordered) owner.set(dict, name);
    const tables: RawDictTable[] = [];
    for (const [dict, name] of owner) {
      if (!dict.exact || dict.entries.size === 0) continue;
      tables.push({
        name, line: dict.line,
        entries: [...dict.entries].map(([key, value]) => ({ key, expression: value.expression, line: value.line })),
      });
    }
    return tables.sort((a, b) => a.line - b.line);
  }

  statement(statement: Node, locals: Map<string, Value>, type = statement.type): void {
    if (type === 'for_statement') return this.forLoop(statement, locals);
    if (type === 'delete_statement') return this.deletion(statement, locals);
    if (type !== 'expression_statement') return;
    const expression = statement.namedChildren[0];
    if (expression?.type === 'assignment') this.assignment(expression, locals);
    else if (expression?.type === 'call') this.methodCall(expression, locals);
  }

  private assignment(assignment: Node, locals: Map<string, Value>): void {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (!left || !right) return;
    if (left.type === 'identifier') {
      const value = this.value(right, locals);
      if (locals.size > 0 && !this.globals.has(left.text)) {
        if (value) locals.set(left.text, value);
        else locals.delete(left.text);
        return;
      }
      if (value?.kind === 'dict') this.globals.set(left.text, { dict: value.dict, boundAt: this.bindings++ });
      else this.globals.delete(left.text);
    } else if (left.type === 'subscript') {
      const target = this.dictNamed(left.childForFieldName('value'), locals);
      const key = this.stringOf(left.childForFieldName('subscript'), locals);
      if (!target) return;
      const stored = this.value(right, locals);
      if (key === undefined || stored?.kind !== 'name') target.exact = false;
      else target.entries.set(key, stored.value);
    }
  }

  private methodCall(call: Node, locals: Map<string, Value>): void {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute') return;
    const target = this.dictNamed(callee.childForFieldName('object'), locals);
    if (!target) return;
    const method = callee.childForFieldName('attribute')?.text;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (method === 'update') {
      for (const argument of args) {
        if (argument.type === 'keyword_argument') {
          const value = this.value(argument.childForFieldName('value'), locals);
          const key = argument.childForFieldName('name')?.text;
          if (key && value?.kind === 'name') target.entries.set(key, value.value);
          else target.exact = false;
        } else {
          const source = this.value(argument, locals);
          if (source?.kind === 'dict') for (const [key, value] of source.dict.entries) target.entries.set(key, value);
          else target.exact = false;
        }
      }
    } else if (method === 'pop') {
      const key = this.stringOf(args[0], locals);
      if (key === undefined) target.exact = false;
      else target.entries.delete(key);
    } else if (method === 'clear') {
      target.entries.clear();
    } else if (method === 'setdefault') {
      const key = this.stringOf(args[0], locals);
      const value = this.value(args[1], locals);
      if (key === undefined || value?.kind !== 'name') target.exact = false;
      else if (!target.entries.has(key)) target.entries.set(key, value.value);
    }
  }

  private deletion(statement: Node, locals: Map<string, Value>): void {
    for (const target of statement.namedChildren.flatMap((child) => child.type === 'expression_list' ? child.namedChildren : [child])) {
      if (target.type !== 'subscript') continue;
      const dict = this.dictNamed(target.childForFieldName('value'), locals);
      const key = this.stringOf(target.childForFieldName('subscript'), locals);
      if (dict && key !== undefined) dict.entries.delete(key);
      else if (dict) dict.exact = false;
    }
  }

  private forLoop(loop: Node, outer: Map<string, Value>): void {
    const left = loop.childForFieldName('left');
    const iterations = this.iterations(loop.childForFieldName('right'), outer);
    const body = loop.childForFieldName('body');
    if (!left || !body || !iterations) return;
    const targets = left.type === 'identifier' ? [left.text]
      : left.type === 'pattern_list' || left.type === 'tuple_pattern' ? left.namedChildren.map((child) => child.text) : undefined;
    if (!targets) return;
    for (const item of iterations.slice(0, MAX_LOOP_ITERATIONS)) {
      const locals = new Map(outer);
      targets.forEach((target, index) => {
        const value = item[index];
        if (value) locals.set(target, value);
      });
      // A marker so that assignments inside the loop body stay local to it.
      locals.set('\0loop', { kind: 'string', value: '' });
      for (const statement of body.namedChildren) this.statement(statement, locals);
    }
  }

  /** What a `for` iterates over, as tuples of values: `X.items()`, `X`, `X.keys()`, `list(X)`, a literal list. */
  private iterations(node: Node | null, locals: Map<string, Value>): Value[][] | undefined {
    if (!node) return undefined;
    let source = node;
    let method = 'keys';
    if (source.type === 'call') {
      const callee = source.childForFieldName('function');
      const args = source.childForFieldName('arguments')?.namedChildren ?? [];
      if (callee?.type === 'attribute') {
        method = callee.childForFieldName('attribute')?.text ?? '';
        source = callee.childForFieldName('object') ?? source;
      } else if ((callee?.text === 'list' || callee?.text === 'sorted') && args.length === 1) {
        return this.iterations(args[0], locals);
      } else {
        return undefined;
      }
    }
    if (source.type === 'list' || source.type === 'tuple') {
      const strings = source.namedChildren.map((child) => this.stringOf(child, locals));
      if (strings.some((value) => value === undefined)) return undefined;
      return strings.map((value) => [{ kind: 'string', value: value as string }]);
    }
    const dict = this.dictNamed(source, locals);
    if (!dict) return undefined;
    const entries = [...dict.entries];
    if (method === 'items' || method === 'iteritems') {
      return entries.map(([key, value]) => [{ kind: 'string', value: key }, { kind: 'name', value }]);
    }
    if (method === 'keys' || method === 'iterkeys') return entries.map(([key]) => [{ kind: 'string', value: key }]);
    return undefined;
  }

  private dictNamed(node: Node | null | undefined, locals: Map<string, Value>): DictObject | undefined {
    if (node?.type !== 'identifier') return undefined;
    const local = locals.get(node.text);
    if (local) return local.kind === 'dict' ? local.dict : undefined;
    return this.globals.get(node.text)?.dict;
  }

  private value(node: Node | null | undefined, locals: Map<string, Value>): Value | undefined {
    if (!node) return undefined;
    const line = node.startPosition.row + 1;
    switch (node.type) {
      case 'dictionary':
        return { kind: 'dict', dict: this.dictLiteral(node, locals) };
      case 'identifier': {
        const local = locals.get(node.text);
        if (local) return local;
        const global = this.globals.get(node.text);
        if (global) return { kind: 'dict', dict: global.dict };
        return { kind: 'name', value: { expression: node.text, line } };
      }
      case 'attribute':
        return { kind: 'name', value: { expression: node.text, line } };
      case 'call':
        return this.callValue(node, locals);
      case 'parenthesized_expression':
        return this.value(node.namedChildren[0], locals);
      default: {
        const text = this.stringOf(node, locals);
        return text === undefined ? undefined : { kind: 'string', value: text };
      }
    }
  }

  private dictLiteral(node: Node, locals: Map<string, Value>): DictObject {
    const dict = new DictObject(node.startPosition.row + 1);
    for (const item of node.namedChildren) {
      if (item.type === 'pair') {
        const key = this.stringOf(item.childForFieldName('key'), locals);
        const value = this.value(item.childForFieldName('value'), locals);
        if (key !== undefined && value?.kind === 'name') dict.entries.set(key, value.value);
        else dict.exact = false;
      } else if (item.type === 'dictionary_splat') {
        const source = this.value(item.namedChildren[0], locals);
        if (source?.kind === 'dict') for (const [key, value] of source.dict.entries) dict.entries.set(key, value);
        else dict.exact = false;
      } else if (item.type !== 'comment') {
        dict.exact = false;
      }
    }
    return dict;
  }

  /** `X.copy()`, `dict(X)`, `dict(X, k=v)`, `copy.deepcopy(X)`, `dict()`. */
  private callValue(call: Node, locals: Map<string, Value>): Value | undefined {
    const callee = call.childForFieldName('function');
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'copy' && args.length === 0) {
      const source = this.dictNamed(callee.childForFieldName('object'), locals);
      return source ? { kind: 'dict', dict: copyOf(source, call) } : undefined;
    }
    if (!callee || !COPY_FUNCTIONS.has(callee.text)) return undefined;
    const copy = new DictObject(call.startPosition.row + 1);
    for (const argument of args) {
      if (argument.type === 'keyword_argument') {
        const key = argument.childForFieldName('name')?.text;
        const value = this.value(argument.childForFieldName('value'), locals);
        if (key && value?.kind === 'name') copy.entries.set(key, value.value);
        else copy.exact = false;
      } else {
        const source = this.value(argument, locals);
        if (source?.kind === 'dict') for (const [key, value] of source.dict.entries) copy.entries.set(key, value);
        else copy.exact = false;
      }
    }
    return { kind: 'dict', dict: copy };
  }

  /** String expressions a table key may be built with: literals, `k + "_ssh"`, `"{}_ssh".format(k)`, `"%s_ssh" % k`. */
  private stringOf(node: Node | null | undefined, locals: Map<string, Value>): string | undefined {
    if (!node) return undefined;
    const type = node.type;
    if (type === 'string' || type === 'concatenated_string') return stringValue(node) ?? this.fString(node, locals);
    if (type === 'identifier') {
      const local = locals.get(node.text);
      return local?.kind === 'string' ? local.value : undefined;
    }
    if (type === 'parenthesized_expression') return this.stringOf(node.namedChildren[0], locals);
    if (type === 'binary_operator') {
      const operator = node.childForFieldName('operator')?.text;
      const left = this.stringOf(node.childForFieldName('left'), locals);
      const right = this.stringOf(node.childForFieldName('right'), locals);
      if (left === undefined || right === undefined) return undefined;
      if (operator === '+') return left + right;
      if (operator === '%') return left.replace(/%s/, right);
      return undefined;
    }
    if (type === 'call') {
      const callee = node.childForFieldName('function');
      if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'format') {
        const template = this.stringOf(callee.childForFieldName('object'), locals);
        const args = (node.childForFieldName('arguments')?.namedChildren ?? []).map((arg) => this.stringOf(arg, locals));
        if (template === undefined || args.some((arg) => arg === undefined)) return undefined;
        let next = 0;
        return template.replace(/\{(\d*)\}/g, (_, index: string) => args[index === '' ? next++ : Number(index)] ?? '');
      }
    }
    return undefined;
  }

  private fString(node: Node, locals: Map<string, Value>): string | undefined {
    if (node.type !== 'string') return undefined;
    const raw = /r/i.test(node.namedChildren.find((child) => child.type === 'string_start')?.text.replace(/['"]+$/, '') ?? '');
    let value = '';
    for (const child of node.namedChildren) {
      if (child.type === 'string_content') value += contentValue(child, raw);
      else if (child.type === 'interpolation') {
        const inner = this.stringOf(child.childForFieldName('expression') ?? child.namedChildren[0], locals);
        if (inner === undefined) return undefined;
        value += inner;
      }
    }
    return value;
  }
}

function copyOf(source: DictObject, at: Node): DictObject {
  const copy = new DictObject(at.startPosition.row + 1);
  for (const [key, value] of source.entries) copy.entries.set(key, value);
  copy.exact = source.exact;
  return copy;
}

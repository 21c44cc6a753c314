// Turns one module's syntax tree into a ModuleSummary: imports, classes, members and module-level bindings.
import type { Node, Parser } from 'web-tree-sitter';
import type {
  AttributeInfo, Diagnostic, MethodInfo, MethodKind, ParameterInfo, ParameterKind,
} from '../../model/classModel.js';
import { evaluateDictTables } from './dictTables.js';
import { availabilityBranches, branchesThatRun, catchesImportError, noteFlag, type KnownFlags } from './conditions.js';
import { findYamlImportHooks } from './importHooks.js';
import type { AliasBinding, ImportBinding, ImportGuard, ModuleSummary, RawClass, RawGlobalsUpdate, RawTypeCall } from './moduleSummary.js';
import { pythonParser } from './parser.js';
import { selfAssignments } from './selfAssignments.js';
import { stringValue, textWithoutComments } from './syntax.js';

export interface ModuleSource {
  module: string;
  file: string;
  isPackage: boolean;
}

/** Parses `text` and summarises it; never throws for bad Python, it reports diagnostics instead. */
export async function summariseSource(source: ModuleSource, text: string): Promise<ModuleSummary> {
  return summariseWith(await pythonParser(), source, text);
}

export function summariseWith(parser: Parser, source: ModuleSource, text: string): ModuleSummary {
  const tree = parser.parse(text);
  if (!tree) throw new Error(`tree-sitter returned no tree for ${source.file}`);
  try {
    return summariseTree(source, tree.rootNode, text);
  } finally {
    tree.delete();
  }
}

export function unreadableSummary(source: ModuleSource, diagnostic: Diagnostic): ModuleSummary {
  return {
    ...source, readable: false, diagnostics: [diagnostic], imports: [], starImports: [], aliases: [], metaclassAliases: [],
    classes: [], dictTables: [], typeCalls: [], globalsUpdates: [],
  };
}

/** `text` is the parsed source: node.startIndex/endIndex index it directly (web-tree-sitter counts UTF-16 units). */
function summariseTree(source: ModuleSource, root: Node, text: string): ModuleSummary {
  const summary: ModuleSummary = {
    ...source, readable: true, diagnostics: [], imports: [], starImports: [], aliases: [], metaclassAliases: [],
    classes: [], dictTables: [], typeCalls: [], globalsUpdates: [],
  };
  if (root.hasError) summary.diagnostics.push(syntaxErrorDiagnostic(source.file, root));
  const flags: KnownFlags = new Map();
  // Each statement's type is asked once and handed to the walks below: every question crosses into wasm, and the
  // module's statements were asked theirs about seven times.
  const rootStatements = root.namedChildren;
  const rootTypes = rootStatements.map((statement) => statement.type);
  const moduleTypes: string[] = [];
  const moduleStatements = flattenConditionalBlocks(rootStatements, flags, rootTypes, moduleTypes);
  const assignedText = new Map<string, string>();
  for (let index = 0; index < moduleStatements.length; index++) readModuleStatement(summary, moduleStatements[index], moduleTypes[index], assignedText);
  collectClasses(summary, text, flags, rootStatements, '', false, undefined, rootTypes);
  const bound = boundNames(moduleStatements, moduleTypes, summary);
  if (bound) summary.boundNames = bound;
  summary.dictTables = evaluateDictTables(moduleStatements, moduleTypes);
  const fallbacks = rootStatements.filter((_, index) => rootTypes[index] === 'try_statement')
    .flatMap((statement) => statement.namedChildren.filter((clause) => clause.type === 'except_clause' && catchesImportError(clause)))
    .map((clause): [number, number] => [clause.startPosition.row + 1, clause.endPosition.row + 1]);
  if (fallbacks.length > 0) summary.importFallbackLines = fallbacks;
  const guarded = rootStatements.filter((_, index) => rootTypes[index] === 'if_statement')
    .flatMap((statement) => availabilityBranches(statement, flags) ?? []).map((branch) => branchGuard(branch));
  if (guarded.length > 0) summary.availabilityBranches = guarded;
  if (source.isPackage && text.includes('meta_path')) {
    const hooks = findYamlImportHooks(moduleStatements, text);
    if (hooks.length > 0) summary.yamlImportHooks = hooks;
  }
  return summary;
}

function syntaxErrorDiagnostic(file: string, root: Node): Diagnostic {
  const bad = firstErrorNode(root);
  const line = bad ? bad.startPosition.row + 1 : 1;
  return {
    severity: 'warning', code: 'syntax-error', file, line,
    message: `syntax error at ${file}:${line}; the rest of the file was read with error recovery`,
  };
}

function firstErrorNode(node: Node): Node | undefined {
  if (node.isError || node.isMissing) return node;
  for (const child of node.children) {
    if (child.hasError || child.isMissing) {
      const found = firstErrorNode(child);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Module-level statements, with the bodies of if/try/with blocks inlined: conditional imports still bind names.
 * `types`, when given, are those of `statements`, already asked; `flatTypes` then receives those of the result.
 */
export function flattenConditionalBlocks(
  statements: Node[], flags: KnownFlags = new Map(), types?: readonly string[], flatTypes: string[] = [],
): Node[] {
  return flattenInto([], flatTypes, statements, flags, types);
}

function flattenInto(flat: Node[], flatTypes: string[], statements: Node[], flags: KnownFlags, types?: readonly string[]): Node[] {
  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index];
    const type = types ? types[index] : statement.type;
    switch (type) {
      case 'if_statement':
        for (const block of branchesThatRun(statement, flags)) flattenInto(flat, flatTypes, block.namedChildren, flags);
        break;
      case 'try_statement':
      case 'with_statement':
      case 'elif_clause':
      case 'else_clause':
      case 'except_clause':
      case 'except_group_clause':
      case 'finally_clause':
        for (const child of statement.namedChildren) {
          const childType = child.type;
          if (childType === 'block') flattenInto(flat, flatTypes, child.namedChildren, flags);
          else if (childType.endsWith('_clause')) flattenInto(flat, flatTypes, [child], flags, [childType]);
        }
        break;
      default:
        noteFlag(statement, type, flags);
        flat.push(statement);
        flatTypes.push(type);
    }
  }
  return flat;
}

/** `assignedText` holds the latest `NAME = <text>` of simple module-level assignments seen so far. */
function readModuleStatement(summary: ModuleSummary, statement: Node, type: string, assignedText: Map<string, string>): void {
  switch (type) {
    case 'import_statement':
      readImport(summary, statement);
      break;
    case 'import_from_statement':
      readFromImport(summary, statement);
      break;
    case 'expression_statement':
      readModuleExpression(summary, statement, assignedText);
      break;
  }
}

/** The names the module's statements bind; undefined when a star import or `__getattr__` may bind any other. */
function boundNames(statements: Node[], types: readonly string[], summary: ModuleSummary): string[] | undefined {
  if (summary.starImports.length > 0 || summary.globalsUpdates.length > 0) return undefined;
  const names = new Set(summary.imports.map((binding) => binding.local.split('.')[0]));
  for (let index = 0; index < statements.length; index++) {
    const { definition, type } = unwrapDecorated(statements[index], types[index]);
    if (type === 'function_definition' || type === 'class_definition') {
      const name = definition?.childForFieldName('name')?.text;
      if (name === '__getattr__') return undefined;
      if (name) names.add(name);
    } else if (type === 'for_statement') {
      for (const name of assignedNames(definition?.childForFieldName('left') ?? null)) names.add(name);
    } else if (type === 'expression_statement') {
      let assignment = definition?.namedChildren[0];
      while (assignment?.type === 'assignment') {
        for (const name of assignedNames(assignment.childForFieldName('left'))) names.add(name);
        assignment = assignment.childForFieldName('right') ?? undefined;
      }
    }
  }
  return [...names];
}

function readImport(summary: ModuleSummary, statement: Node): void {
  const line = statement.startPosition.row + 1;
  for (const name of statement.childrenForFieldName('name')) {
    if (name.type === 'aliased_import') {
      const module = dottedText(name.childForFieldName('name'));
      const alias = name.childForFieldName('alias')?.text;
      if (module && alias) summary.imports.push({ local: alias, module, line });
    } else {
      // `import a.b.c` binds `a`; the submodules are reached as attributes of it.
      const dotted = dottedText(name) ?? name.text;
      summary.imports.push({ local: dotted.split('.')[0], module: dotted.split('.')[0], line });
      if (dotted.includes('.')) summary.imports.push({ local: dotted, module: dotted, line });
    }
  }
}

function readFromImport(summary: ModuleSummary, statement: Node): void {
  const line = statement.startPosition.row + 1;
  const moduleNode = statement.childForFieldName('module_name');
  if (!moduleNode) return;
  const from = absoluteModuleName(summary, moduleNode);
  if (from === undefined) return;
  if (statement.namedChildren.some((child) => child.type === 'wildcard_import')) {
    summary.starImports.push(from);
    return;
  }
  for (const name of statement.childrenForFieldName('name')) {
    const imported: ImportBinding | undefined = name.type === 'aliased_import'
      ? bindingFor(from, dottedText(name.childForFieldName('name')), name.childForFieldName('alias')?.text, line)
      : bindingFor(from, dottedText(name), dottedText(name), line);
    if (imported) summary.imports.push(imported);
  }
}

/** A dotted name as Python reads it: `a \\\n    .b` (a line continuation inside it) is `a.b`. */
function dottedText(node: Node | null | undefined): string | undefined {
  return node?.text.replace(/[\s\\]+/g, '');
}

function bindingFor(module: string, name: string | undefined, local: string | undefined, line: number): ImportBinding | undefined {
  return name && local ? { local, module, name, line } : undefined;
}

/** Resolves `from ..x import y` against the importing module, as importlib does (PEP 328). */
function absoluteModuleName(summary: ModuleSummary, moduleNode: Node): string | undefined {
  if (moduleNode.type !== 'relative_import') return dottedText(moduleNode);
  const prefix = moduleNode.namedChildren.find((child) => child.type === 'import_prefix')?.text.replace(/[^.]/g, '').length ?? 0;
  const rest = dottedText(moduleNode.namedChildren.find((child) => child.type === 'dotted_name'));
  const packageParts = summary.module.split('.');
  if (!summary.isPackage) packageParts.pop();
  const up = prefix - 1;
  if (up > packageParts.length) return undefined;
  const base = packageParts.slice(0, packageParts.length - up);
  if (rest) base.push(rest);
  return base.join('.');
}

function readModuleExpression(summary: ModuleSummary, statement: Node, assignedText: Map<string, string>): void {
  const expression = statement.namedChildren[0];
  if (!expression) return;
  const line = statement.startPosition.row + 1;
  if (expression.type === 'assignment') {
    readModuleAssignment(summary, expression, line);
    const left = expression.childForFieldName('left');
    const right = expression.childForFieldName('right');
    if (left?.type === 'identifier' && right) assignedText.set(left.text, right.text);
  } else if (expression.type === 'call') {
    const update = globalsUpdate(expression, line);
    // PyEZ passes a variable: `_YAML_ = splitext(__file__)[0] + '.yml'`, then `loadyaml(_YAML_)`.
    if (update) summary.globalsUpdates.push({ ...update, pathExpression: assignedText.get(update.pathExpression) ?? update.pathExpression });
  }
}

function readModuleAssignment(summary: ModuleSummary, assignment: Node, line: number): void {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type === 'pattern_list' && right?.type === 'expression_list') {
    // `keys, agent = _keys, _agent`: one alias per pair of dotted names.
    const names = left.namedChildren;
    const values = right.namedChildren;
    if (names.length !== values.length) return;
    names.forEach((name, index) => {
      if (name.type === 'identifier' && isDottedName(values[index])) summary.aliases.push({ name: name.text, expression: values[index].text, line });
    });
    return;
  }
  if (!left || !right || left.type !== 'identifier') return;
  const name = left.text;
  if (name === '__all__') {
    const names = stringSequence(right);
    if (names) summary.exportedNames = names;
    return;
  }
  if (name === '__name__') {
    const declared = stringValue(right);
    if (declared) summary.declaredName = declared;
    return;
  }
  if (right.type === 'call' && isWithMetaclass(right)) {
    const [metaclass, ...bases] = right.childForFieldName('arguments')?.namedChildren ?? [];
    if (metaclass) summary.metaclassAliases.push({ name, metaclass: metaclass.text, bases: bases.map((base) => base.text), line });
    return;
  }
  // `_Generic_T = Generic[_T]` too: a subscripted class is its origin class as a base (typing's __mro_entries__).
  const subscripted = right.type === 'subscript' ? right.childForFieldName('value') : null;
  if (isDottedName(right) || (subscripted && isDottedName(subscripted))) {
    summary.aliases.push({ name, expression: right.text, line } satisfies AliasBinding);
    return;
  }
  const typeCall = typeCallOf(name, right, line);
  if (typeCall) summary.typeCalls.push(typeCall);
}

function stringSequence(node: Node): string[] | undefined {
  if (node.type !== 'list' && node.type !== 'tuple') return undefined;
  const values = node.namedChildren.map(stringValue);
  return values.every((value): value is string => value !== undefined) ? values : undefined;
}

export function isDottedName(node: Node): boolean {
  if (node.type === 'identifier') return true;
  if (node.type !== 'attribute') return false;
  const object = node.childForFieldName('object');
  return object !== null && isDottedName(object);
}

/**
 * Classes made by a call: `Name = type('Name', (Base,), {...})` with literal arguments, and SQLAlchemy's
 * `Base = declarative_base(cls=Mixin)`, whose class has the `cls` argument as its base (sqlalchemy.orm.decl_api).
 */
function typeCallOf(binding: string, right: Node, line: number): RawTypeCall | undefined {
  if (right.type !== 'call') return undefined;
  const callee = right.childForFieldName('function')?.text ?? '';
  const args = right.childForFieldName('arguments')?.namedChildren ?? [];
  if (callee === 'declarative_base' || callee.endsWith('.declarative_base')) {
    const cls = args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'cls')
      ?.childForFieldName('value');
    const bases = cls?.type === 'tuple' ? cls.namedChildren : cls ? [cls] : [];
    if (!bases.every(isDottedName)) return undefined;
    return { binding, className: binding, bases: bases.map((base) => base.text), line, factory: callee };
  }
  if (callee !== 'type' || args.length !== 3) return undefined;
  const className = stringValue(args[0]);
  if (className === undefined || args[1].type !== 'tuple') return undefined;
  const bases = args[1].namedChildren;
  if (!bases.every(isDottedName)) return undefined;
  return { binding, className, bases: bases.map((base) => base.text), line, factory: 'type' };
}

/** `globals().update(loader(path))`, PyEZ's way of making Table/View classes module attributes. */
function globalsUpdate(call: Node, line: number): RawGlobalsUpdate | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'update') return undefined;
  if (callee.childForFieldName('object')?.text.replace(/\s/g, '') !== 'globals()') return undefined;
  const argument = call.childForFieldName('arguments')?.namedChildren[0];
  if (argument?.type !== 'call') return undefined;
  const loader = argument.childForFieldName('function')?.text;
  const path = argument.childForFieldName('arguments')?.namedChildren[0]?.text;
  return loader && path ? { loader, pathExpression: path, line } : undefined;
}

// ---- classes -------------------------------------------------------------------------------------

/** Statements that hold no block, and so no class: most of a module and of a class body. */
const SIMPLE_STATEMENTS = new Set(['expression_statement', 'import_statement', 'import_from_statement', 'future_import_statement', 'comment']);

function collectClasses(
  summary: ModuleSummary, text: string, flags: KnownFlags, statements: Node[], prefix: string, local: boolean, guard?: ImportGuard,
  types?: readonly string[],
): void {
  for (let index = 0; index < statements.length; index++) {
    const { definition, type, decorated } = unwrapDecorated(statements[index], types?.[index]);
    if (!definition) continue;
    if (type === 'class_definition') {
      // The body is asked for once: the walk below then meets the statement nodes readClass made.
      const body = definition.childForFieldName('body');
      const raw = readClass(text, definition, decoratorsOf(decorated), prefix, local, body);
      if (guard) raw.importGuard = guard;
      summary.classes.push(raw);
      // Most class bodies hold no class: their statements are not asked again.
      if (body && mayDefineClass(text, body)) collectClasses(summary, text, flags, body.namedChildren, `${raw.qualname}.`, local, guard);
    } else if (type === 'function_definition') {
      // Few functions define classes: one whose text has no `class` has none; for the others the wasm side
      // looks for class definitions instead of JavaScript walking every statement.
      if (!mayDefineClass(text, definition)) continue;
      const name = definition.childForFieldName('name')?.text ?? '?';
      const body = definition.childForFieldName('body');
      if (body && body.descendantsOfType('class_definition').length > 0) {
        collectClasses(summary, text, flags, body.namedChildren, `${prefix}${name}.<locals>.`, true);
      }
    } else if (type === 'if_statement' && !local && availabilityBranches(definition, flags)) {
      for (const branch of availabilityBranches(definition, flags) ?? []) {
        collectClasses(summary, text, flags, branch.body.namedChildren, prefix, local, branchGuard(branch));
      }
    } else if (type === 'if_statement') {
      for (const block of branchesThatRun(definition, flags)) collectClasses(summary, text, flags, block.namedChildren, prefix, local, guard);
    } else if (type === 'try_statement' && !local) {
      collectGuardedClasses(summary, text, flags, definition, prefix, guard);
    } else if (!SIMPLE_STATEMENTS.has(type as string)) {
      // Classes inside if/try/with/for blocks are still module (or class) attributes.
      const blocks = definition.namedChildren.flatMap((child) =>
        child.type === 'block' ? [child] : child.type.endsWith('_clause') ? child.namedChildren.filter((c) => c.type === 'block') : []);
      for (const block of blocks) collectClasses(summary, text, flags, block.namedChildren, prefix, local, guard);
    }
  }
}

/** An `if requireModule("m"):` branch as a guard: the modules decide whether its lines run. */
function branchGuard(branch: { body: Node; modules: string[]; fallback: boolean }): ImportGuard {
  return { firstLine: branch.body.startPosition.row + 1, lastLine: branch.body.endPosition.row + 1, fallback: branch.fallback, modules: branch.modules };
}

/**
 * `try:` importing something, `except ImportError:` defining a fallback: which of the two a class belongs to is
 * decided once the modules are known (analyse/classes), by whether the imports of the `try:` body exist.
 */
function collectGuardedClasses(summary: ModuleSummary, text: string, flags: KnownFlags, statement: Node, prefix: string, outer?: ImportGuard): void {
  const body = statement.childForFieldName('body');
  const fallbacks = statement.namedChildren.filter((child) => child.type === 'except_clause' && catchesImportError(child));
  const tryGuard: ImportGuard | undefined = body && fallbacks.length > 0
    ? { firstLine: body.startPosition.row + 1, lastLine: body.endPosition.row + 1, fallback: false } : outer;
  if (body) collectClasses(summary, text, flags, body.namedChildren, prefix, false, tryGuard);
  for (const clause of statement.namedChildren) {
    if (clause.type === 'block' || !clause.type.endsWith('_clause')) continue;
    const guard = fallbacks.includes(clause) && tryGuard ? { ...tryGuard, fallback: true } : outer;
    for (const block of clause.namedChildren.filter((c) => c.type === 'block')) collectClasses(summary, text, flags, block.namedChildren, prefix, false, guard);
  }
}

/**
 * The definition under any decorators, with its type (asked once: each question crosses into wasm), and the
 * decorated_definition when there is one: its decorators are read (decoratorsOf) only where they are used, not by
 * the walks that only look for classes or bound names.
 */
function unwrapDecorated(statement: Node, type = statement.type): { definition: Node | null; type: string | undefined; decorated: Node | undefined } {
  if (type !== 'decorated_definition') return { definition: statement, type, decorated: undefined };
  const definition = statement.childForFieldName('definition');
  return { definition, type: definition?.type, decorated: statement };
}

/** The decorators of a decorated_definition as written, without `@`; none for an undecorated definition. */
function decoratorsOf(decorated: Node | undefined): string[] {
  if (!decorated) return [];
  return decorated.namedChildren
    .filter((child) => child.type === 'decorator')
    // A trailing `# type: ignore` is a child of the decorator node: not part of the decorator.
    .map((decorator) => decorator.namedChildren.filter((child) => child.type === 'comment')
      .reduce((text, comment) => text.replace(comment.text, ''), decorator.text).replace(/^@\s*/, '').trim());
}

/** The word `class`, which every class statement holds (and `@classmethod` does not). */
const CLASS_KEYWORD = /\bclass\b/;

/**
 * Whether `node` may hold a class statement, by its source text: a cheap test before asking the tree. Searched
 * within the node's text only: `text.indexOf('class', start)` ran on to the next `class` of the file, or its end,
 * for every method (netmiko: 2.9 M characters scanned for 0.37 M of source).
 */
function mayDefineClass(text: string, node: Node): boolean {
  return CLASS_KEYWORD.test(text.slice(node.startIndex, node.endIndex));
}

function readClass(text: string, definition: Node, decorators: string[], prefix: string, local: boolean, body: Node | null): RawClass {
  const name = definition.childForFieldName('name')?.text ?? '?';
  const raw: RawClass = {
    name, qualname: prefix + name, line: definition.startPosition.row + 1, bases: [], decorators,
    methods: [], attributes: [], local,
  };
  for (const argument of definition.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (argument.type === 'keyword_argument') {
      if (argument.childForFieldName('name')?.text === 'metaclass') raw.metaclass = argument.childForFieldName('value')?.text;
    } else if (argument.type === 'call' && isWithMetaclass(argument)) {
      const [metaclass, ...bases] = argument.childForFieldName('arguments')?.namedChildren ?? [];
      raw.metaclass = metaclass?.text;
      raw.bases.push(...bases.map((base) => base.text));
    } else if (argument.type !== 'comment') {
      raw.bases.push(textWithoutComments(argument));
    }
  }
  if (body) readClassBody(text, raw, body);
  return raw;
}

// six.with_metaclass(meta, *bases) and future.utils.with_metaclass make a temporary class whose
// bases become the real class's bases (six.py, `with_metaclass`).
function isWithMetaclass(call: Node): boolean {
  const callee = call.childForFieldName('function')?.text ?? '';
  return callee === 'with_metaclass' || callee.endsWith('.with_metaclass');
}

function readClassBody(text: string, raw: RawClass, body: Node): void {
  const statements = body.namedChildren;
  const first = statements[0];
  if (first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string') {
    const doc = stringValue(first.namedChildren[0])?.trim().split('\n')[0];
    if (doc) raw.doc = doc;
  }
  const instanceAttributes = new Map<string, AttributeInfo>();
  for (const statement of flattenConditionalBlocks(statements)) {
    const { definition, type, decorated } = unwrapDecorated(statement);
    if (definition && type === 'function_definition') {
      const method = readMethod(text, definition, decoratorsOf(decorated));
      for (const parameter of method.parameters) parameter.name = mangled(parameter.name, raw.name);
      addMethod(raw.methods, method);
      if (method.name === '__new__') {
        const injected = basesInjectedByNew(definition, method);
        if (injected) raw.injectsBases = injected;
      }
      if (method.kind !== 'staticmethod') collectInstanceAttributes(text, definition, method, instanceAttributes);
    } else if (definition && type === 'expression_statement') {
      readClassAttribute(raw, definition);
    }
  }
  const classNames = new Set(raw.attributes.map((attribute) => attribute.name));
  for (const attribute of instanceAttributes.values()) {
    if (!classNames.has(attribute.name)) raw.attributes.push(attribute);
  }
}

/** Private name mangling inside a class body (Python reference, "Identifiers"): `__x` in class `_C` is `_C__x`. */
function mangled(name: string, className: string): string {
  const stripped = className.replace(/^_+/, '');
  return name.startsWith('__') && !name.endsWith('__') && stripped !== '' ? `_${stripped}${name}` : name;
}

/**
 * A metaclass `__new__(cls, name, bases, dct)` that returns `type(name, (X,) + bases, dct)` (or `bases + (X,)`)
 * makes classes whose real bases differ from those written; this reads X.
 */
function basesInjectedByNew(definition: Node, method: MethodInfo): { before: string[]; after: string[] } | undefined {
  const basesParameter = method.parameters[2]?.name;
  const body = definition.childForFieldName('body');
  if (!basesParameter || !body) return undefined;
  for (const call of body.descendantsOfType('call')) {
    if (!call || call.childForFieldName('function')?.text !== 'type') continue;
    const tupleSum = call.childForFieldName('arguments')?.namedChildren[1];
    if (tupleSum?.type !== 'binary_operator' || tupleSum.childForFieldName('operator')?.text !== '+') continue;
    const left = tupleSum.childForFieldName('left');
    const right = tupleSum.childForFieldName('right');
    const names = (tuple: Node | null) => tuple?.type === 'tuple' && tuple.namedChildren.every(isDottedName)
      ? tuple.namedChildren.map((child) => child.text) : undefined;
    if (right?.text === basesParameter && names(left)) return { before: names(left) as string[], after: [] };
    if (left?.text === basesParameter && names(right)) return { before: [], after: names(right) as string[] };
  }
  return undefined;
}

/** A later `def` of the same name replaces the earlier one, except that property setters keep the getter's entry. */
function addMethod(methods: MethodInfo[], method: MethodInfo): void {
  const index = methods.findIndex((existing) => existing.name === method.name);
  if (index < 0) {
    methods.push(method);
    return;
  }
  // `@x.setter` (or .getter/.deleter) on a second `def x`: the first x was a property or a property-like
  // descriptor (Twisted's deprecatedProperty); the name stays bound to it, with the getter's parameters.
  const accessor = method.decorators.some((decorator) => /^(\w+)\.(?:setter|getter|deleter)$/.exec(decorator)?.[1] === method.name);
  if (accessor) {
    if (methods[index].kind === 'method') methods[index] = { ...methods[index], kind: 'property' };
  } else if (!(methods[index].kind === 'property' && method.kind === 'property')) {
    methods[index] = method;
  }
}

function readClassAttribute(raw: RawClass, statement: Node): void {
  const assignment = statement.namedChildren[0];
  if (assignment?.type !== 'assignment') return;
  const line = statement.startPosition.row + 1;
  const annotation = assignment.childForFieldName('type')?.text;
  const right = assignment.childForFieldName('right');
  for (const name of assignedNames(assignment.childForFieldName('left'))) {
    if (raw.attributes.some((attribute) => attribute.name === name)) continue;
    raw.attributes.push(attributeInfo(name, 'class', line, annotation, right?.text));
  }
}

function assignedNames(left: Node | null): string[] {
  if (!left) return [];
  if (left.type === 'identifier') return [left.text];
  if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern') {
    return left.namedChildren.flatMap((child) => assignedNames(child));
  }
  return [];
}

function attributeInfo(name: string, scope: 'class' | 'instance', line: number, annotation?: string, value?: string): AttributeInfo {
  const attribute: AttributeInfo = { name, scope, line };
  if (annotation) attribute.annotation = annotation;
  if (value !== undefined) attribute.value = shorten(value);
  return attribute;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

// ---- methods -------------------------------------------------------------------------------------

function readMethod(text: string, definition: Node, decorators: string[]): MethodInfo {
  const method: MethodInfo = {
    name: definition.childForFieldName('name')?.text ?? '?',
    kind: methodKind(decorators),
    decorators,
    line: definition.startPosition.row + 1,
    // A function_definition starts with its `async` keyword when it has one.
    async: text.startsWith('async', definition.startIndex),
    parameters: readParameters(definition.childForFieldName('parameters')),
  };
  const returns = definition.childForFieldName('return_type')?.text;
  if (returns) method.returns = returns;
  return method;
}

// The decorators that change how Python binds a function found in a class body (Python docs, "Descriptor HowTo Guide").
function methodKind(decorators: string[]): MethodKind {
  for (const decorator of decorators) {
    const name = decorator.replace(/\(.*$/s, '');
    if (name === 'staticmethod') return 'staticmethod';
    if (name === 'classmethod') return 'classmethod';
    if (name === 'property' || name.endsWith('.setter') || name.endsWith('.getter') || name.endsWith('.deleter')
      || name.endsWith('cached_property') || name === 'abc.abstractproperty' || name === 'abstractproperty'
      // SQLAlchemy's declared_attr is a property subclass (sqlalchemy.orm.decl_api.declared_attr).
      || name === 'declared_attr' || name.endsWith('.declared_attr')) {
      return 'property';
    }
  }
  return 'method';
}

function readParameters(parameters: Node | null): ParameterInfo[] {
  if (!parameters) return [];
  const result: ParameterInfo[] = [];
  let keywordOnly = false;
  for (const node of parameters.namedChildren) {
    const type = node.type;
    if (type === 'comment') continue;
    if (type === 'positional_separator') {
      for (const earlier of result) earlier.kind = 'positional-only';
      continue;
    }
    if (type === 'keyword_separator') {
      keywordOnly = true;
      continue;
    }
    const parameter = readParameter(node, type, keywordOnly);
    if (parameter.kind === 'var-positional') keywordOnly = true;
    result.push(parameter);
  }
  return result;
}

function readParameter(node: Node, type: string, keywordOnly: boolean): ParameterInfo {
  const plainKind: ParameterKind = keywordOnly ? 'keyword-only' : 'positional-or-keyword';
  switch (type) {
    case 'default_parameter':
    case 'typed_default_parameter': {
      const parameter = splatOrName(node.childForFieldName('name'), plainKind);
      const annotation = node.childForFieldName('type')?.text;
      if (annotation) parameter.annotation = annotation;
      const value = node.childForFieldName('value');
      if (value) parameter.default = value.text;
      return parameter;
    }
    case 'typed_parameter': {
      const target = node.namedChildren.find((child) => child.type !== 'type') ?? null;
      const parameter = splatOrName(target, plainKind);
      const annotation = node.childForFieldName('type')?.text;
      if (annotation) parameter.annotation = annotation;
      return parameter;
    }
    default:
      return splatOrName(node, plainKind, type);
  }
}

function splatOrName(node: Node | null, plainKind: ParameterKind, type = node?.type): ParameterInfo {
  if (!node) return { name: '?', kind: plainKind };
  if (type === 'list_splat_pattern') return { name: node.text.replace(/^\*/, ''), kind: 'var-positional' };
  if (type === 'dictionary_splat_pattern') return { name: node.text.replace(/^\*\*/, ''), kind: 'var-keyword' };
  return { name: node.text, kind: plainKind };
}

/** `self.x = ...` anywhere in a method body (not in nested functions) makes an instance attribute. */
function collectInstanceAttributes(text: string, definition: Node, method: MethodInfo, found: Map<string, AttributeInfo>): void {
  const self = method.parameters[0];
  if (!self || self.kind === 'var-positional' || self.kind === 'var-keyword') return;
  const body = definition.childForFieldName('body');
  if (!body) return;
  for (const { name, line, annotation } of selfAssignments(text, body, self.name, (name) => found.has(name))) {
    found.set(name, attributeInfo(name, 'instance', line, annotation));
  }
}

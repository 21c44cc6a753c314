// Finds a package __init__ that installs an import hook serving modules made from the YAML files of its folder:
// PyEZ >= 2.2's jnpr/junos/op/__init__.py and command/__init__.py (`sys.meta_path.insert(0, OPMetaPathFinder())`,
// whose loader's exec_module feeds `<name>.yml` of the package folder to FactoryLoader().load and sets the
// classes it returns on the module). Read from the syntax tree and text only.
import type { Node } from 'web-tree-sitter';
import type { RawYamlImportHook } from './moduleSummary.js';

/** `sys.meta_path.insert(0, Finder())`, `sys.meta_path.append(Finder())`, or the same on an imported `meta_path`. */
const META_PATH_CALL = /^(?:sys\.)?meta_path\.(?:insert|append)$/;
/** A loader method that fills a module: importlib.abc.Loader.exec_module, or the older load_module (PEP 302). */
const LOADER_METHODS = new Set(['exec_module', 'load_module']);
/** The YAML-to-classes call inside it: PyEZ's FactoryLoader().load(...) or loadyaml(path). */
const YAML_FACTORY_CALL = /\b(FactoryLoader)\s*\(\s*\)\s*\.\s*load\s*\(|\b(loadyaml)\s*\(/;
const YAML_EXTENSION = /(['"])(\.ya?ml)\1/;

/** The hooks a package `__init__` installs at module level; `statements` are its flattened module statements. */
export function findYamlImportHooks(statements: Node[], text: string): RawYamlImportHook[] {
  const hooks: RawYamlImportHook[] = [];
  for (const statement of statements) {
    if (statement.type !== 'expression_statement' || !text.includes('meta_path', statement.startIndex)) continue;
    const call = statement.namedChildren[0];
    if (call?.type !== 'call' || !META_PATH_CALL.test(call.childForFieldName('function')?.text.replace(/\s/g, '') ?? '')) continue;
    const finder = call.childForFieldName('arguments')?.namedChildren.at(-1);
    const finderClass = finder?.type === 'call' ? finder.childForFieldName('function')?.text : undefined;
    if (!finderClass) continue;
    const loader = yamlLoaderClass(statements, text);
    if (loader) hooks.push({ finder: finderClass, line: statement.startPosition.row + 1, ...loader });
  }
  return hooks;
}

/** A module-level class with a loader method that reads a YAML file beside `__file__` through the factory. */
function yamlLoaderClass(statements: Node[], text: string): Omit<RawYamlImportHook, 'finder' | 'line'> | undefined {
  for (const statement of statements) {
    const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type !== 'class_definition') continue;
    for (const member of definition.childForFieldName('body')?.namedChildren ?? []) {
      const method = member.type === 'decorated_definition' ? member.childForFieldName('definition') : member;
      if (method?.type !== 'function_definition' || !LOADER_METHODS.has(method.childForFieldName('name')?.text ?? '')) continue;
      const body = text.slice(method.startIndex, method.endIndex);
      const factory = YAML_FACTORY_CALL.exec(body);
      const extension = YAML_EXTENSION.exec(body);
      if (!factory || !extension || !body.includes('__file__')) continue;
      return { loader: definition.childForFieldName('name')?.text ?? '?', factory: factory[1] ?? factory[2], extension: extension[2] };
    }
  }
  return undefined;
}

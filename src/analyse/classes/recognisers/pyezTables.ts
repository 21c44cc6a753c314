// Juniper PyEZ Tables and Views: classes made at run time from YAML, by `globals().update(loadyaml(path))` in a
// module (PyEZ 2.1: op/routes.py beside op/routes.yml) or by an import hook that makes a module of each YAML file
// of its package folder (PyEZ >= 2.2: op/__init__.py's OPMetaPathFinder). Which class each entry becomes:
// pyezFactory.ts.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Pair } from 'yaml';
import { yaml } from '../../../yamlModule.js';
import { INPUT_LIMITS, readFailure, readInputText } from '../../../inputFile.js';
import type { AttributeInfo } from '../../../model/classModel.js';
import type { ModuleSummary } from '../../../collect/python/moduleSummary.js';
import { catalogBases, type CatalogEntry, type FactoryRules } from './pyezFactory.js';
import type { ClassRecogniser, DeclaredClass, RecogniserContext, RecogniserFindings } from './recogniser.js';

/** The module whose namespace holds OpTable, CfgTable, Table, View and Config (factory_cls.py imports them). */
const FACTORY_MODULE = 'jnpr.junos.factory.factory_cls';
const FACTORY = 'jnpr.junos.factory.FactoryLoader';

/** The module whose FactoryLoader class says which build rules apply (command tables arrived after 2.1.7). */
const LOADER_MODULE = 'jnpr.junos.factory.factory_loader';

function factoryRules(context: RecogniserContext): FactoryRules {
  const loader = context.summaryOf(LOADER_MODULE)?.classes.find((cls) => cls.qualname === 'FactoryLoader');
  return { commandTables: loader?.methods.some((method) => method.name === '_build_cmdtable') ?? false };
}

export const pyezTableRecogniser: ClassRecogniser = {
  name: 'pyez-yaml',
  declareClasses(summary, context) {
    const findings: Required<RecogniserFindings> = { classes: [], diagnostics: [], modules: [] };
    if (summary.globalsUpdates.length === 0 && !summary.yamlImportHooks) return findings;
    const rules = factoryRules(context);
    for (const update of summary.globalsUpdates) {
      if (!/(^|\.)loadyaml$/.test(update.loader)) continue;
      const file = yamlPathOf(summary, update.pathExpression);
      if (!file) {
        findings.diagnostics.push({ severity: 'info', code: 'dynamic-classes-unread', file: summary.file, line: update.line,
          message: `classes loaded from ${update.pathExpression} at run time: path not understood, not shown` });
        continue;
      }
      readCatalog(summary.module, file, rules, findings);
    }
    for (const hook of summary.yamlImportHooks ?? []) {
      for (const { module, file } of hookModules(summary, hook.extension)) {
        findings.modules.push({ name: module, file });
        readCatalog(module, file, rules, findings);
      }
    }
    return findings;
  },
};

/**
 * The modules an import hook serves: one per `<name><extension>` file of the package's folder, named
 * `<package>.<name>` (op/__init__.py's finder answers for a name whose last part is such a file's stem).
 */
function hookModules(summary: ModuleSummary, extension: string): { module: string; file: string }[] {
  const folder = dirname(summary.file);
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith(extension) && IDENTIFIER.test(name.slice(0, -extension.length)))
    .map((name) => ({ module: `${summary.module}.${name.slice(0, -extension.length)}`, file: join(folder, name) }));
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** PyEZ writes `splitext(__file__)[0] + '.yml'`: the YAML file beside the module. A string literal is taken as is. */
function yamlPathOf(summary: ModuleSummary, expression: string): string | undefined {
  const stem = summary.file.replace(/\.py$/, '');
  if (expression.includes('__file__')) {
    return [`${stem}.yml`, `${stem}.yaml`].find((candidate) => existsSync(candidate));
  }
  const literal = /^[rRuU]?(['"])(.*)\1$/.exec(expression.trim());
  if (!literal) return undefined;
  const path = join(dirname(summary.file), literal[2]);
  if (existsSync(path)) return path;
  return existsSync(`${path}.yml`) ? `${path}.yml` : undefined;
}

function readCatalog(module: string, file: string, rules: FactoryRules, findings: Required<RecogniserFindings>): void {
  const { isMap, isScalar, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  let document;
  try {
    document = parseDocument(readInputText(file, INPUT_LIMITS.config), { lineCounter });
  } catch (error) {
    findings.diagnostics.push({ severity: 'warning', code: 'unreadable-file', file, message: `cannot read ${file} (${readFailure(error)})` });
    return;
  }
  if (document.errors.length > 0) {
    const error = document.errors[0];
    findings.diagnostics.push({ severity: 'warning', code: 'yaml-error', file, line: error.linePos?.[0].line,
      message: `${file}: ${error.message.split('\n')[0]}` });
  }
  if (!isMap(document.contents)) return;
  const catalog = new Map<string, CatalogEntry>();
  const lines = new Map<string, number>();
  for (const pair of document.contents.items as Pair[]) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    const entry = (pair.value && typeof (pair.value as { toJSON?: unknown }).toJSON === 'function')
      ? (pair.value as { toJSON(): unknown }).toJSON() : undefined;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) continue;
    catalog.set(name, entry as CatalogEntry);
    lines.set(name, lineCounter.linePos(pair.key.range?.[0] ?? 0).line);
  }
  for (const [name, bases] of catalogBases(catalog, rules)) {
    findings.classes.push(declare(module, name, catalog.get(name) as CatalogEntry, [...bases], file, lines.get(name) ?? 1));
  }
}

function declare(module: string, name: string, entry: CatalogEntry, bases: string[], file: string, line: number): DeclaredClass {
  return {
    id: `${module}.${name}`,
    name,
    module,
    binding: name,
    line,
    bases,
    baseScope: FACTORY_MODULE,
    attributes: Object.entries(entry).map(([key, value]): AttributeInfo => ({
      name: key, scope: 'class', line, value: shortValue(value),
    })),
    provenance: { kind: 'yaml', file, line, factory: FACTORY },
  };
}

function shortValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}


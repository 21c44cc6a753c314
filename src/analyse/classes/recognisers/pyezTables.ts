// Juniper PyEZ Tables and Views: classes made at run time from YAML by `globals().update(loadyaml(path))`.
// Rules from junos-eznc's lib/jnpr/junos/factory/factory_loader.py (`FactoryLoader._sortitems`) and
// factory_cls.py (the `type(name, bases, {})` calls of FactoryOpTable/FactoryCfgTable/FactoryTable/FactoryView).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Pair } from 'yaml';
import type { AttributeInfo } from '../../../model/classModel.js';
import type { ModuleSummary } from '../../../collect/python/moduleSummary.js';
import type { ClassRecogniser, DeclaredClass, RecogniserFindings } from './recogniser.js';

/** The module whose namespace holds OpTable, CfgTable, Table, View and Config (factory_cls.py imports them). */
const FACTORY_MODULE = 'jnpr.junos.factory.factory_cls';
const FACTORY = 'jnpr.junos.factory.FactoryLoader';

/** Base classes by the keys of a YAML entry, in the order `_sortitems` tests them. */
function basesFor(entry: Record<string, unknown>): string[] {
  if ('rpc' in entry) return ['OpTable'];
  if ('get' in entry) return ['CfgTable'];
  if ('set' in entry) return ['CfgTable', 'Config']; // FactoryCfgTable adds Config when the YAML has `set`
  if ('view' in entry) return ['Table'];
  return ['View'];
}

export const pyezTableRecogniser: ClassRecogniser = {
  name: 'pyez-yaml',
  declareClasses(summary) {
    const findings: Required<RecogniserFindings> = { classes: [], diagnostics: [] };
    for (const update of summary.globalsUpdates) {
      if (!/(^|\.)loadyaml$/.test(update.loader)) continue;
      const file = yamlPathOf(summary, update.pathExpression);
      if (!file) {
        findings.diagnostics.push({ severity: 'info', code: 'dynamic-classes-unread', file: summary.file, line: update.line,
          message: `classes loaded from ${update.pathExpression} at run time: path not understood, not shown` });
        continue;
      }
      readCatalog(summary, file, findings);
    }
    return findings;
  },
};

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

// The YAML parser is loaded only for packages that build classes from YAML (it costs ~50 ms at start-up).
const require = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'));

function readCatalog(summary: ModuleSummary, file: string, findings: Required<RecogniserFindings>): void {
  const { isMap, isScalar, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  let document;
  try {
    document = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
  } catch (error) {
    findings.diagnostics.push({ severity: 'warning', code: 'unreadable-file', file, message: `cannot read ${file}: ${String(error)}` });
    return;
  }
  if (document.errors.length > 0) {
    const error = document.errors[0];
    findings.diagnostics.push({ severity: 'warning', code: 'yaml-error', file, line: error.linePos?.[0].line,
      message: `${file}: ${error.message.split('\n')[0]}` });
  }
  if (!isMap(document.contents)) return;
  for (const pair of document.contents.items as Pair[]) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    const entry = (pair.value && typeof (pair.value as { toJSON?: unknown }).toJSON === 'function')
      ? (pair.value as { toJSON(): unknown }).toJSON() : undefined;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) continue;
    const line = lineCounter.linePos(pair.key.range?.[0] ?? 0).line;
    findings.classes.push(declare(summary, name, entry as Record<string, unknown>, file, line));
  }
}

function declare(summary: ModuleSummary, name: string, entry: Record<string, unknown>, file: string, line: number): DeclaredClass {
  return {
    id: `${summary.module}.${name}`,
    name,
    module: summary.module,
    binding: name,
    line,
    bases: basesFor(entry),
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


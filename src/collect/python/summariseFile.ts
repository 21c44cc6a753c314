// Reads and summarises one module file; the unit of work shared by the main thread and the worker pool.
import { readFileSync } from 'node:fs';
import type { Parser } from 'web-tree-sitter';
import type { ModuleSummary } from './moduleSummary.js';
import { decodePythonSource } from './readSource.js';
import { summariseWith, unreadableSummary, type ModuleSource } from './summarise.js';

export function summariseFile(parser: Parser, source: ModuleSource): ModuleSummary {
  let bytes: Buffer;
  try {
    bytes = readFileSync(source.file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return unreadableSummary(source, {
      severity: 'warning', code: 'unreadable-file', file: source.file, message: `cannot read ${source.file} (${reason})`,
    });
  }
  const decoded = decodePythonSource(bytes);
  if (!decoded.ok) {
    return unreadableSummary(source, { severity: 'warning', code: decoded.code, file: source.file, message: `${source.file}: ${decoded.message}` });
  }
  return summariseWith(parser, source, decoded.text);
}

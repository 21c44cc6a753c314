// Reads and summarises one module file; the unit of work shared by the main thread and the worker pool.
import type { Parser } from 'web-tree-sitter';
import { INPUT_LIMITS, readInputFile } from '../../inputFile.js';
import type { ModuleSummary } from './moduleSummary.js';
import { decodePythonSource } from './readSource.js';
import { summariseWith, unreadableSummary, type ModuleSource } from './summarise.js';

export function summariseFile(parser: Parser, source: ModuleSource): ModuleSummary {
  let bytes: Buffer;
  try {
    bytes = readInputFile(source.file, INPUT_LIMITS.pythonSource);
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
  try {
    return summariseWith(parser, source, decoded.text);
  } catch (error) {
    // Valid Python nested thousands deep (a 5,000-level dict, a 5,000-term sum) outruns the recursive walks of the
    // summariser: that file alone is reported, the package is still analysed.
    if (!(error instanceof RangeError)) throw error;
    return unreadableSummary(source, {
      severity: 'warning', code: 'nesting-too-deep', file: source.file, message: `${source.file}: nested too deeply to analyse (${error.message})`,
    });
  }
}

// Lists the Python modules under a package directory with their dotted names, safely across symlink loops.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Diagnostic } from '../../model/classModel.js';
import { compareText } from '../../textOrder.js';

export interface SourceFile {
  module: string;
  file: string;
  isPackage: boolean;
}

export interface SourceListing {
  files: SourceFile[];
  /** Data files next to the sources (PyEZ's Table/View YAML). */
  yamlFiles: string[];
  diagnostics: Diagnostic[];
}

/** Dotted module name for a file inside a package whose directory has the given dotted name. */
function moduleNameOf(packageName: string, fileName: string): { module: string; isPackage: boolean } {
  const stem = fileName.replace(/\.py$/, '');
  return stem === '__init__' ? { module: packageName, isPackage: true } : { module: `${packageName}.${stem}`, isPackage: false };
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Synchronous: a package has tens of directories, and awaiting each call cost more than the calls did (netmiko). */
export function listPackageSources(directory: string, packageName: string): SourceListing {
  const listing: SourceListing = { files: [], yamlFiles: [], diagnostics: [] };
  const visited = new Set<string>();
  walk(directory, packageName, listing, visited);
  listing.files.sort((a, b) => compareText(a.module, b.module));
  return listing;
}

function walk(directory: string, packageName: string, listing: SourceListing, visited: Set<string>): void {
  let real: string;
  try {
    real = realpathSync.native(directory);
  } catch (error) {
    listing.diagnostics.push(unreadable(directory, error));
    return;
  }
  if (visited.has(real)) {
    listing.diagnostics.push({ severity: 'warning', code: 'symlink-loop', file: directory, message: `${directory} leads back to ${real}; not read twice` });
    return;
  }
  visited.add(real);
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    listing.diagnostics.push(unreadable(directory, error));
    return;
  }
  for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
    const path = join(directory, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(path);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        listing.diagnostics.push(brokenLink(path, error));
        continue;
      }
    }
    if (isDirectory) {
      if (entry.name === '__pycache__' || entry.name.startsWith('.')) continue;
      if (IDENTIFIER.test(entry.name)) {
        walk(path, `${packageName}.${entry.name}`, listing, visited);
      } else if (holdsPython(path)) {
        listing.diagnostics.push(notImportable(path, `${packageName}.${pathDerivedName(entry.name)}`));
        walk(path, `${packageName}.${pathDerivedName(entry.name)}`, listing, visited);
      }
    } else if (isFile && entry.name.endsWith('.py')) {
      const stem = basename(entry.name, '.py');
      // Python's import system skips files whose names are not identifiers (Django's 0001_initial.py, alembic's
      // revisions), yet they hold classes: read under a name made from the path, and said so.
      if (!IDENTIFIER.test(stem)) {
        if (IDENTIFIER.test(packageName.split('.').pop() ?? '')) listing.diagnostics.push(notImportable(path, `${packageName}.${pathDerivedName(stem)}`));
        listing.files.push({ file: path, module: `${packageName}.${pathDerivedName(stem)}`, isPackage: false });
      } else {
        listing.files.push({ file: path, ...moduleNameOf(packageName, entry.name) });
      }
    } else if (isFile && /\.ya?ml$/.test(entry.name)) {
      listing.yamlFiles.push(path);
    }
  }
}

/** A file or folder name as one part of a dotted name: a dot inside it would split it, so it becomes `_`. */
function pathDerivedName(name: string): string {
  return name.replace(/\./g, '_');
}

function holdsPython(directory: string): boolean {
  try {
    return readdirSync(directory).some((name) => name.endsWith('.py'));
  } catch {
    return false;
  }
}

function notImportable(path: string, module: string): Diagnostic {
  return { severity: 'info', code: 'not-importable-name', file: path,
    message: `${path}: not an identifier, so Python cannot import it; its classes are shown under ${module}` };
}

function unreadable(path: string, error: unknown): Diagnostic {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return { severity: 'warning', code: 'unreadable-file', file: path, message: `cannot read ${path} (${reason})` };
}

function brokenLink(path: string, error: unknown): Diagnostic {
  const reason = (error as NodeJS.ErrnoException).code;
  const code = reason === 'ELOOP' ? 'symlink-loop' : 'unreadable-file';
  return { severity: 'warning', code, file: path, message: `cannot follow ${path} (${reason ?? String(error)})` };
}

// Finds where a dotted module name lives on sys.path, following Python's import rules (regular packages,
// plain modules, then namespace packages: PEP 420), without importing anything.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type ModuleLocation =
  | { kind: 'module'; file: string }
  | { kind: 'package'; file: string; directory: string }
  | { kind: 'namespace'; directories: string[] }
  /** A compiled extension (.so/.pyd): it exists, but has no source to read. */
  | { kind: 'extension'; file: string };

export class ModuleFinder {
  private readonly cache = new Map<string, ModuleLocation | null>();
  private readonly listings = new Map<string, Set<string> | null>();

  constructor(readonly searchPath: readonly string[]) {}

  find(module: string): ModuleLocation | undefined {
    if (!this.cache.has(module)) this.cache.set(module, this.search(module) ?? null);
    return this.cache.get(module) ?? undefined;
  }

  private search(module: string): ModuleLocation | undefined {
    const parts = module.split('.');
    const last = parts[parts.length - 1];
    const namespaces: string[] = [];
    for (const entry of this.searchPath) {
      const parent = join(entry, ...parts.slice(0, -1));
      const names = this.list(parent);
      if (!names) continue;
      if (names.has(last) && this.list(join(parent, last))?.has('__init__.py')) {
        return { kind: 'package', file: join(parent, last, '__init__.py'), directory: join(parent, last) };
      }
      if (names.has(`${last}.py`)) return { kind: 'module', file: join(parent, `${last}.py`) };
      const extension = [...names].find((name) => name.startsWith(`${last}.`) && /\.(so|pyd)$/.test(name));
      if (extension) return { kind: 'extension', file: join(parent, extension) };
      if (names.has(last) && isDirectory(join(parent, last))) namespaces.push(join(parent, last));
    }
    return namespaces.length > 0 ? { kind: 'namespace', directories: namespaces } : undefined;
  }

  private list(directory: string): Set<string> | undefined {
    if (!this.listings.has(directory)) {
      let names: Set<string> | null = null;
      try {
        if (existsSync(directory)) names = new Set(readdirSync(directory));
      } catch {
        names = null;
      }
      this.listings.set(directory, names);
    }
    return this.listings.get(directory) ?? undefined;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

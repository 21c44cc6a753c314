// Keeps each module's summary from one run to the next, so that a later run over unchanged files neither parses
// nor walks them, and never hands back a summary that could have changed.
//
// Parsing and summarising are most of a short run's own work (netmiko's 119 files: ~90 ms of tree-sitter parsing
// and ~95 ms of walking the trees, against ~0.3 s of CPU for the rest of the process, Node's start included). A
// summary is a function of the file's bytes, its module name and netxray's summariser, so it is kept with:
// - the file's state when it was read (inode, size, modification and change times in nanoseconds, taken before
//   reading: a file written meanwhile is read again next time), as ruff's cache keys files by their metadata
//   (https://docs.astral.sh/ruff/configuration/#cache-directory) and as sysPathCache.ts keeps sys.path;
// - the build: `npm run build` writes a digest of the compiled code and both grammars (scripts/bundle.mjs,
//   dist/build-id); without one (run from the TypeScript sources) nothing is kept.
// One store per target, in the folder sysPathCache.ts uses (NETXRAY_CACHE_DIR; empty: no cache). A store is lines:
// a header, then per module its key, its file's state and its summary, each as JSON and apart by tabs (JSON text
// holds no raw tab). A summary is parsed only when its file is unchanged, and a line is written back as it was
// read (the analysis changes summaries after reading them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModuleSummary } from './moduleSummary.js';
import type { SourceFile } from './sourceFiles.js';
import { cacheDirectory, fnv1a, replaceCacheFile, stateOf } from './sysPathCache.js';

const SCHEMA = 'netxray/module-summaries@1';
/** Lines end in a newline and their fields are apart by tabs; in UTF-8 neither byte is ever part of another character. */
const NEWLINE_BYTE = 0x0a;
const TAB_BYTE = 0x09;
const NEWLINE = Buffer.from('\n');
const BUILD_ID = new URL('../../build-id', import.meta.url);

interface Header {
  schema: typeof SCHEMA;
  build: string;
  /** Node's version too: how deep the summariser's walks may recurse (summariseFile.ts) is its stack's. */
  node: string;
  target: string;
}

export interface SummaryCacheOptions {
  env?: NodeJS.ProcessEnv;
  /** The summariser's build; default: dist/build-id, and no cache without one. */
  build?: string;
}

/** What SummaryCache.lookUp found of some files: which must be summarised, and how their summaries join the kept ones. */
export interface KeptAndFresh {
  fresh: SourceFile[];
  complete(made: ModuleSummary[]): ModuleSummary[];
}

export class SummaryCache {
  /** Modules answered from the store, and modules that had to be read, in this run. */
  hits = 0;
  misses = 0;
  /** Kept lines by key, as read: the file's state, and the line's bytes with where its summary starts. */
  private readonly stored = new Map<string, { state: string; line: Buffer; summaryStart: number }>();
  /** The lines of this run, by key: kept ones as their bytes, new ones as made. */
  private readonly used = new Map<string, Buffer | string>();
  /** Each missed file's state before it was read. */
  private readonly statesBeforeReading = new Map<string, string>();

  private constructor(private readonly file: string, private readonly header: string) {}

  /** The store of a located target (its package folders, or its file), or undefined when caching is off. */
  static forTarget(located: { directories: string[]; file?: string }, options?: SummaryCacheOptions): SummaryCache | undefined {
    return SummaryCache.open(JSON.stringify([located.directories, located.file ?? null]), options);
  }

  /** The store named `target`, or undefined when caching is off. */
  static open(target: string, { env = process.env, build = ownBuild() }: SummaryCacheOptions = {}): SummaryCache | undefined {
    const directory = cacheDirectory(env);
    if (!directory || !build) return undefined;
    const header = JSON.stringify({ schema: SCHEMA, build, node: process.version, target } satisfies Header);
    const cache = new SummaryCache(join(directory, `summaries-${fnv1a(target)}.jsonl`), header);
    cache.read();
    return cache;
  }

  /**
   * The summaries of `sources` in two parts: those kept (taken from `cache`, when there is one) and the `fresh` files to
   * summarise; `complete` takes the summaries made of the fresh files, keeps them for later runs and gives all of them
   * in the order of `sources`. Synchronous, so that a caller may summarise on worker threads or at once.
   */
  static lookUp(cache: SummaryCache | undefined, sources: readonly SourceFile[]): KeptAndFresh {
    const kept = sources.map((source) => cache?.take(source));
    const fresh = sources.filter((_, index) => kept[index] === undefined);
    return {
      fresh,
      complete(made) {
        if (made.length !== fresh.length) throw new Error(`summary cache: ${made.length} summaries made for ${fresh.length} files`);
        fresh.forEach((source, index) => cache?.keep(source, made[index]));
        let next = 0;
        return kept.map((summary) => summary ?? made[next++]);
      },
    };
  }

  /** The kept summary of `source` when its file is as it was when summarised; else undefined (and its state is noted). */
  take(source: SourceFile): ModuleSummary | undefined {
    const key = keyOf(source);
    const state = stateOf(source.file);
    const kept = this.stored.get(key);
    const summary = kept !== undefined && state !== '-' && kept.state === state ? parsedOrUndefined(kept.line.toString('utf8', kept.summaryStart)) : undefined;
    if (kept && summary) {
      this.hits++;
      this.used.set(key, kept.line);
      return summary as ModuleSummary;
    }
    this.misses++;
    this.statesBeforeReading.set(key, state);
    return undefined;
  }

  /** Keeps the summary just made for a file `take` missed; a file that was not there is not kept. */
  keep(source: SourceFile, summary: ModuleSummary): void {
    const key = keyOf(source);
    const state = this.statesBeforeReading.get(key);
    if (state === undefined || state === '-') return;
    this.used.set(key, [JSON.stringify(key), JSON.stringify(state), JSON.stringify(summary)].join('\t'));
  }

  /** Writes the store back when this run changed it; a folder that cannot be written only means no cache. */
  save(): void {
    if (this.misses === 0 && this.used.size === this.stored.size) return;
    const lines: Buffer[] = [Buffer.from(this.header), NEWLINE];
    for (const line of this.used.values()) lines.push(typeof line === 'string' ? Buffer.from(line) : line, NEWLINE);
    replaceCacheFile(this.file, Buffer.concat(lines));
  }

  /**
   * Reads the store as bytes, and decodes of each line only its key and state: a summary is decoded when it is taken,
   * and a line is written back as the bytes it was. (Node 20 decoding neutron's 9 MB store whole took more CPU than
   * parsing the summaries taken from it.)
   */
  private read(): void {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.file);
    } catch {
      return;
    }
    const headerEnd = bytes.indexOf(NEWLINE_BYTE);
    // Another build, schema or target (a hash collision): nothing of it is used, and this run replaces it.
    if (headerEnd < 0 || bytes.toString('utf8', 0, headerEnd) !== this.header) return;
    for (let start = headerEnd + 1; start < bytes.length; ) {
      const found = bytes.indexOf(NEWLINE_BYTE, start);
      const end = found < 0 ? bytes.length : found;
      const line = bytes.subarray(start, end);
      start = end + 1;
      const keyEnd = line.indexOf(TAB_BYTE);
      const stateEnd = keyEnd < 0 ? -1 : line.indexOf(TAB_BYTE, keyEnd + 1);
      // A line that is not one of ours (an edited or damaged store) is left out, and its module read again.
      if (stateEnd < 0) continue;
      const key = parsedOrUndefined(line.toString('utf8', 0, keyEnd));
      const state = parsedOrUndefined(line.toString('utf8', keyEnd + 1, stateEnd));
      if (typeof key !== 'string' || typeof state !== 'string') continue;
      this.stored.set(key, { state, line, summaryStart: line.lastIndexOf(TAB_BYTE) + 1 });
    }
  }
}

/** A module is summarised from its file under its name (and as a package or not): all three make the key. */
function keyOf(source: SourceFile): string {
  return JSON.stringify([source.module, source.file, source.isPackage]);
}

function parsedOrUndefined(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

function ownBuild(): string | undefined {
  try {
    return readFileSync(BUILD_ID, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

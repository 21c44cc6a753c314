// Vitest global setup: the whole run keeps netxray's cache (kept sys.path answers, collect/python/sysPathCache.ts) in
// a folder of its own, removed when the run ends, not in the user's ~/.cache/netxray (a run of the suite left ~100
// files there). A NETXRAY_CACHE_DIR set by the caller is left as it is. The test workers are forked after this runs,
// so they inherit the variable, as do the CLI processes the tests start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): (() => void) | undefined {
  if (process.env.NETXRAY_CACHE_DIR !== undefined) return undefined;
  const folder = mkdtempSync(join(tmpdir(), 'nx-cache-'));
  process.env.NETXRAY_CACHE_DIR = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}

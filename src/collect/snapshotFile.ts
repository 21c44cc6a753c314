// Cloud snapshots on disk (`--save` / `--from`), checked when read, and the redaction that keeps secrets out of them.
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { NetxrayError } from '../errors.js';
import { BACKEND_IDS, isBackendId } from '../model/backends.js';
import { escapeRegex } from './openstack/findInstance.js';
import { mapStrings } from '../model/mapStrings.js';
import { DEFAULT_STREAM_OPTIONS, DEFAULT_WINDOW_SIZES, type WindowSizes, type LazyRange, type StreamOptions, type StreamedJson, fileBytes, jsonLiteralText, readLazyString, streamJsonSkeleton } from './snapshotStream.js';
import { SEARCHABLE_STDOUT, type SearchableText, stringText } from '../model/searchableText.js';
import { SNAPSHOT_SCHEMA, SNAPSHOT_VERSION, type CloudSnapshot } from '../model/cloudSnapshot.js';

/**
 * Secrets at least this long are replaced wherever they occur; shorter ones (replacing every "a" would destroy the
 * snapshot) where they stand as a word of their own: a whole value, or between characters that are not letters or digits.
 */
const MIN_SUBSTRING_SECRET_LENGTH = 6;
export const REDACTED = '<redacted>';

/** A copy of the snapshot with every occurrence of the given secrets (password, token, ...) replaced. */
export function redactSnapshot(snapshot: CloudSnapshot, secrets: readonly string[]): CloudSnapshot {
  const list = [...new Set(secrets)].filter((s) => typeof s === 'string' && s.length > 0);
  if (list.length === 0) return snapshot;
  const long = list.filter((s) => s.length >= MIN_SUBSTRING_SECRET_LENGTH);
  const short = list.filter((s) => s.length < MIN_SUBSTRING_SECRET_LENGTH);
  const word = short.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${short.map(escapeRegex).join('|')})(?![\\p{L}\\p{N}])`, 'gu') : undefined;
  const scrub = (text: string) => {
    const redacted = long.reduce((acc, s) => (acc.includes(s) ? acc.split(s).join(REDACTED) : acc), text);
    return word ? redacted.replace(word, REDACTED) : redacted;
  };
  return mapStrings(snapshot, scrub) as CloudSnapshot;
}

export function saveSnapshot(file: string, snapshot: CloudSnapshot): void {
  validateSnapshot(snapshot, file);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(snapshot, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true }); // a failed save leaves nothing behind
    throw error;
  }
}

/**
 * Reads a snapshot by streaming it: host command outputs longer than a few KB stay in the file and are read when the
 * analysis first asks for them (a trace reads only its instance's hosts), so a file larger than one string can hold
 * (~512 MB) loads too. Everything else is read and checked at once.
 */
export function loadSnapshot(file: string, options: StreamOptions = DEFAULT_STREAM_OPTIONS, windows: WindowSizes = DEFAULT_WINDOW_SIZES): CloudSnapshot {
  let streamed: StreamedJson;
  let stat: { size: number; mtimeMs: number };
  try {
    stat = statSync(file);
    streamed = streamJsonSkeleton(file, options);
  } catch (err) {
    if (err instanceof SyntaxError) throw new NetxrayError('bad-model', `${file}: not JSON (${err.message})`);
    throw new NetxrayError('not-found', `${file}: cannot read the snapshot (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const readBack = <T>(readIt: () => T, where: string): T => {
    try {
      return readIt();
    } catch (err) {
      throw new NetxrayError('bad-model', `${file}: ${where}: cannot read it back (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  };
  const reader: LazyReader = {
    text: (range, where) => readBack(() => readLazyString(file, range, stat), where),
    searchable: (range, where) => {
      const text = jsonLiteralText(fileBytes(file, range, stat, windows));
      // Reading back can fail later (the file changed): the same one-line error as for the whole text.
      return { indexOf: (n, f) => readBack(() => text.indexOf(n, f), where), endsField: (a, n) => readBack(() => text.endsField(a, n), where), lineAt: (a) => readBack(() => text.lineAt(a), where), forEachLine: (v) => readBack(() => text.forEachLine(v), where), whole: () => readBack(() => text.whole(), where) };
    },
  };
  const snapshot = attachLazyOutputs(streamed, reader);
  return validateSnapshot(snapshot, file);
}

/** An output's long text: a getter that reads it from the file on first use, then keeps it. */
function defineLazyText(target: Record<string, unknown>, key: string, readText: () => string): void {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(): string {
      const text = readText();
      Object.defineProperty(target, key, { value: text, enumerable: true, writable: true, configurable: true });
      return text;
    },
  });
}

interface LazyReader {
  text(range: LazyRange, where: string): string;
  searchable(range: LazyRange, where: string): SearchableText;
}

/**
 * The streamed value with lazy getters for the host outputs' long texts (and, for stdout, a searchable view that
 * decodes only the lines asked for); a long string anywhere else is read now.
 */
function attachLazyOutputs({ value, marker, ranges }: StreamedJson, reader: LazyReader): unknown {
  const read = reader.text;
  const rangeOf = (v: unknown): LazyRange | undefined => (typeof v === 'string' && v.startsWith(marker) ? ranges[Number(v.slice(marker.length))] : undefined);
  let attached = 0;
  const hosts = (value as { hosts?: unknown } | null)?.hosts;
  if (Array.isArray(hosts)) {
    hosts.forEach((host: unknown, i) => {
      const outputs = (host as { outputs?: unknown } | null)?.outputs;
      if (!Array.isArray(outputs)) return;
      outputs.forEach((out: unknown, j) => {
        if (!out || typeof out !== 'object') return;
        const fields = out as Record<string, unknown>;
        for (const key of Object.keys(fields)) {
          const range = rangeOf(fields[key]);
          if (!range) continue;
          const where = `hosts[${i}].outputs[${j}].${key}`;
          defineLazyText(fields, key, () => read(range, where));
          if (key === 'stdout') {
            let view: SearchableText | undefined;
            const searchable = () => {
              const now = Object.getOwnPropertyDescriptor(fields, key);
              if (now && typeof now.value === 'string') return stringText(now.value); // read whole already
              view ??= reader.searchable(range, where);
              return view;
            };
            Object.defineProperty(fields, SEARCHABLE_STDOUT, { value: searchable, enumerable: false });
          }
          attached++;
        }
      });
    });
  }
  return attached === ranges.length ? value : materialiseLongStrings(value, rangeOf, read);
}

/** Replaces the markers outside host outputs (a long API field, a long key) by their text, walking iteratively. */
function materialiseLongStrings(value: unknown, rangeOf: (v: unknown) => LazyRange | undefined, read: (range: LazyRange, where: string) => string): unknown {
  const text = (v: unknown, where: string) => {
    const range = rangeOf(v);
    return range ? read(range, where) : v;
  };
  const root = { value };
  const stack: Record<string, unknown>[] = [root];
  while (stack.length) {
    const node = stack.pop() as Record<string, unknown>;
    for (const key of Object.keys(node)) {
      const descriptor = Object.getOwnPropertyDescriptor(node, key);
      if (!descriptor || !('value' in descriptor)) continue; // a lazy output text already
      const child = text(descriptor.value, key);
      const newKey = text(key, 'a key') as string;
      if (newKey !== key) {
        delete node[key];
        Object.defineProperty(node, newKey, { value: child, enumerable: true, writable: true, configurable: true });
      } else if (child !== descriptor.value) node[key] = child;
      if (child && typeof child === 'object') stack.push(child as Record<string, unknown>);
    }
  }
  return root.value;
}

/** A string field, or a long text the loader left in the file (an accessor: JSON.parse never makes one). */
function isText(o: Record<string, unknown>, key: string): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(o, key);
  return !!descriptor && (descriptor.get !== undefined || typeof descriptor.value === 'string');
}

/** Checks the shape once, naming the first field at fault. */
export function validateSnapshot(json: unknown, where = 'snapshot'): CloudSnapshot {
  const fail = (field: string, want: string): never => {
    throw new NetxrayError('bad-model', `${where}: ${field} ${want}`);
  };
  const obj = (v: unknown, field: string) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(field, 'must be an object'));
  const arr = (v: unknown, field: string) => (Array.isArray(v) ? v : fail(field, 'must be a list'));
  const s = obj(json, 'the file');
  if (s.schema !== SNAPSHOT_SCHEMA) fail('schema', `must be "${SNAPSHOT_SCHEMA}" (is this a netxray snapshot?)`);
  if (s.version !== SNAPSHOT_VERSION) fail('version', `${String(s.version)} is not supported (this netxray reads version ${SNAPSHOT_VERSION})`);
  if (typeof s.collectedAt !== 'string') fail('collectedAt', 'must be a string');
  const cloud = obj(s.cloud, 'cloud');
  if (typeof cloud.authUrl !== 'string') fail('cloud.authUrl', 'must be a string');
  const api = obj(s.api, 'api');
  for (const k of ['servers', 'ports', 'networks', 'subnets', 'floatingIps', 'routers', 'securityGroups', 'agents']) {
    arr(api[k], `api.${k}`).forEach((o, i) => obj(o, `api.${k}[${i}]`));
  }
  if (s.backend !== undefined && !isBackendId(s.backend)) fail('backend', `${JSON.stringify(s.backend)} is not a backend netxray knows (${BACKEND_IDS.join(', ')})`);
  arr(s.hosts, 'hosts').forEach((h, i) => {
    const host = obj(h, `hosts[${i}]`);
    if (typeof host.host !== 'string') fail(`hosts[${i}].host`, 'must be a string');
    if (typeof host.reachable !== 'boolean') fail(`hosts[${i}].reachable`, 'must be true or false');
    arr(host.outputs, `hosts[${i}].outputs`).forEach((o, j) => {
      const out = obj(o, `hosts[${i}].outputs[${j}]`);
      for (const k of ['id', 'command', 'stdout', 'stderr']) if (!isText(out, k)) fail(`hosts[${i}].outputs[${j}].${k}`, 'must be a string');
    });
  });
  arr(s.problems, 'problems').forEach((p, i) => {
    const pr = obj(p, `problems[${i}]`);
    for (const k of ['source', 'code', 'message']) if (typeof pr[k] !== 'string') fail(`problems[${i}].${k}`, 'must be a string');
  });
  const cost = obj(s.cost, 'cost');
  for (const k of ['apiRequests', 'sshConnections', 'hostCommands', 'durationMs']) if (typeof cost[k] !== 'number') fail(`cost.${k}`, 'must be a number');
  return json as CloudSnapshot;
}

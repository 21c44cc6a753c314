// Cloud snapshots on disk (`--save` / `--from`), checked when read, and the redaction that keeps secrets out of them.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { INPUT_LIMITS, readInputFile } from '../inputFile.js';
import { NetxrayError } from '../errors.js';
import { BACKEND_IDS, isBackendId } from '../model/backends.js';
import { escapeRegex } from './openstack/findInstance.js';
import { mapStrings } from '../model/mapStrings.js';
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

export function loadSnapshot(file: string): CloudSnapshot {
  let text: string;
  try {
    text = readInputFile(file, INPUT_LIMITS.snapshot).toString('utf8');
  } catch (err) {
    throw new NetxrayError('not-found', `${file}: cannot read the snapshot (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new NetxrayError('bad-model', `${file}: not JSON (${(err as Error).message})`);
  }
  return validateSnapshot(json, file);
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
      for (const k of ['id', 'command', 'stdout', 'stderr']) if (typeof out[k] !== 'string') fail(`hosts[${i}].outputs[${j}].${k}`, 'must be a string');
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

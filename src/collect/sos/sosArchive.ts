// Reads the files netxray needs from one sosreport: an unpacked directory, or its .tar.xz/.tar.gz/.tar archive read
// as a stream (nothing is unpacked to disk). A truncated or corrupt archive gives the files read so far and a problem.
import { spawn } from 'node:child_process';
import { createReadStream, promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { NetxrayError } from '../../errors.js';

/** One sosreport's files that netxray reads, by their path inside the report (`sos_commands/openvswitch/…`). */
export interface SosFiles {
  /** The path given (directory or archive). */
  source: string;
  files: Map<string, string>;
  /** What could not be read (a truncated archive, an unreadable file): one line each. */
  problems: string[];
}

// The sos plugins whose outputs netxray maps (sos 4.x layout: sos_commands/<plugin>/<command with _ for spaces>),
// the neutron configuration, the hostname and the package lists.
const WANTED = [/^sos_commands\/(openvswitch|networking|host|openstack_neutron|dpkg|rpm)\/[^/]+$/, /^etc\/neutron\//, /^etc\/hostname$/, /^installed-(debs|rpms)$/, /^version\.txt$/];
const isWanted = (path: string) => WANTED.some((re) => re.test(path));
/** Folders of an unpacked report worth walking (a report holds thousands of files netxray never reads). */
const mayHoldWanted = (folder: string) => folder === 'sos_commands' || folder === 'etc' || /^sos_commands\/(openvswitch|networking|host|openstack_neutron|dpkg|rpm)$/.test(folder) || /^etc\/neutron(\/|$)/.test(folder);
/** A single file larger than this is skipped with a problem (flow dumps of very large hosts stay far below). */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
/** xz decoding of a ~100 KB report takes well under a second; a hung decoder must not hold the run. */
const XZ_TIMEOUT_MS = 120_000;

export async function readSosReport(path: string): Promise<SosFiles> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (error) {
    throw new NetxrayError('bad-input', `--sos ${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (stat.isDirectory()) return readDirectory(path);
  // A FIFO would block the read for ever and a device (/dev/zero) never end: archives are regular files.
  if (!stat.isFile()) throw new NetxrayError('bad-input', `--sos ${path}: cannot read (not a regular file)`);
  if (/\.(tar\.xz|txz)$/.test(path)) return readTar(path, 'xz');
  if (/\.(tar\.gz|tgz)$/.test(path)) return readTar(path, 'gz');
  if (/\.tar$/.test(path)) return readTar(path, 'none');
  throw new NetxrayError('bad-input', `--sos ${path}: not a sosreport directory or a .tar.xz/.tar.gz/.tar archive`);
}

async function readDirectory(root: string): Promise<SosFiles> {
  const result: SosFiles = { source: root, files: new Map(), problems: [] };
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const inside = relative(root, full).split(sep).join('/');
      if (entry.isDirectory()) {
        if (mayHoldWanted(inside)) await walk(full);
        continue;
      }
      if (!entry.isFile() || !isWanted(inside)) continue;
      try {
        const size = (await fs.stat(full)).size;
        if (size > MAX_FILE_BYTES) result.problems.push(`${inside}: skipped (${size} bytes)`);
        else result.files.set(inside, await fs.readFile(full, 'utf8'));
      } catch (error) {
        result.problems.push(`${inside}: unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
    }
  };
  await walk(root);
  if (result.files.size === 0) throw new NetxrayError('bad-input', `--sos ${root}: no sosreport files found (expected sos_commands/ and etc/)`);
  return result;
}

/** The decompressed tar stream, and a promise of the decoder's error (null when it finished cleanly). */
function tarStream(path: string, compression: 'xz' | 'gz' | 'none'): { stream: Readable; decoderError: Promise<string | null>; stop: () => void } {
  if (compression === 'none' || compression === 'gz') {
    const file = createReadStream(path);
    if (compression === 'none') return { stream: file, decoderError: new Promise((resolve) => file.on('error', (e) => resolve(e.message)).on('close', () => resolve(null))), stop: () => file.destroy() };
    const gunzip = createGunzip();
    const decoderError = new Promise<string | null>((resolve) => {
      gunzip.on('error', (e) => resolve(`gzip: ${e.message}`));
      gunzip.on('end', () => resolve(null));
      gunzip.on('close', () => resolve(null));
      file.on('error', (e) => resolve(e.message));
    });
    return { stream: file.pipe(gunzip), decoderError, stop: () => (file.destroy(), gunzip.destroy()) };
  }
  // Debian's xz (scripts/install-deps.sh); no npm xz decoder is both pure JavaScript and well kept.
  const child = spawn('xz', ['--decompress', '--stdout', '--', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()).slice(0, 2000));
  const timer = setTimeout(() => child.kill('SIGKILL'), XZ_TIMEOUT_MS);
  const decoderError = new Promise<string | null>((resolve) => {
    child.on('error', (e) => resolve(`xz could not run (${(e as NodeJS.ErrnoException).code ?? e.message}): install the xz-utils package`));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) resolve(`xz stopped (${signal}${signal === 'SIGKILL' ? `, after ${XZ_TIMEOUT_MS / 1000} s` : ''})`);
      else resolve(code === 0 ? null : `xz: ${stderr.trim().split('\n').pop()?.replace(/^xz: [^:]*: /, '') || `exit ${code}`}`);
    });
  });
  return { stream: child.stdout, decoderError, stop: () => child.kill('SIGKILL') };
}

async function readTar(path: string, compression: 'xz' | 'gz' | 'none'): Promise<SosFiles> {
  const result: SosFiles = { source: path, files: new Map(), problems: [] };
  const { stream, decoderError, stop } = tarStream(path, compression);
  const tar = extract();
  const tarError = new Promise<string | null>((resolve) => {
    tar.on('error', (e: Error) => resolve(`tar: ${e.message}`));
    tar.on('finish', () => resolve(null));
  });
  tar.on('entry', (header, body, next) => {
    // sos puts everything under one top folder (sosreport-<host>-<label>-<date>-<id>/).
    const inside = header.name.split('/').slice(1).join('/');
    const keep = header.type === 'file' && isWanted(inside) && (header.size ?? 0) <= MAX_FILE_BYTES;
    if (header.type === 'file' && isWanted(inside) && !keep) result.problems.push(`${inside}: skipped (${header.size} bytes)`);
    const chunks: Buffer[] = [];
    body.on('data', (chunk: unknown) => {
      if (keep) chunks.push(chunk as Buffer);
    });
    body.on('end', () => {
      if (keep) result.files.set(inside, Buffer.concat(chunks).toString('utf8'));
      next();
    });
    body.resume();
  });
  stream.on('error', (e: Error) => tar.destroy(e));
  stream.pipe(tar);
  // The tar parser ends either way: at the archive's end, or with an error when the decoded stream stops short.
  const tarProblem = await tarError;
  // A tar error leaves the decoder blocked on a full pipe: stop it (after a clean end it has exited by itself).
  if (tarProblem) stop();
  const decoder = await decoderError;
  const damage = decoder ?? tarProblem;
  if (damage) result.problems.push(`archive truncated or corrupt (${damage}): only the files before the damage were read`);
  if (result.files.size === 0) throw new NetxrayError('bad-input', `--sos ${path}: no sosreport files could be read${result.problems.length ? ` (${result.problems[0]})` : ''}`);
  return result;
}

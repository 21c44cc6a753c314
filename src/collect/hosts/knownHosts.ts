// known_hosts lookup as OpenSSH does it (sshd(8) SSH_KNOWN_HOSTS FORMAT): plain, [host]:port, wildcard and hashed |1| entries.
import { createHash, createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { INPUT_LIMITS, readInputText } from '../../inputFile.js';
import { matchHostPatterns } from './sshConfig.js';

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  /** Host patterns, or one hashed `|1|salt|hash` pattern. */
  patterns: string[];
  keyType: string;
  /** The public key blob (base64-decoded). */
  key: Buffer;
  file: string;
  line: number;
}

export type HostKeyVerdict =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'mismatch'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry }
  | { status: 'unknown' };

export function parseKnownHosts(text: string, file = '<known_hosts>'): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as KnownHostEntry['marker'];
    if (fields.length < 3) return;
    const [hosts, keyType, b64] = fields;
    const key = Buffer.from(b64, 'base64');
    if (key.length === 0) return;
    out.push({ marker, patterns: hosts.split(','), keyType, key, file, line: i + 1 });
  });
  return out;
}

export function loadKnownHosts(files: readonly string[]): KnownHostEntry[] {
  return files.filter((f) => f !== '/dev/null' && existsSync(f)).flatMap((f) => {
    try {
      return parseKnownHosts(readInputText(f, INPUT_LIMITS.config), f);
    } catch {
      return []; // unreadable file: as OpenSSH, treated as absent
    }
  });
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function hashedMatches(pattern: string, name: string): boolean {
  const parts = pattern.split('|'); // ['', '1', salt, hash]
  if (parts.length !== 4 || parts[1] !== '1') return false;
  const digest = createHmac('sha1', Buffer.from(parts[2], 'base64')).update(name).digest('base64');
  return digest === parts[3];
}

function entryMatches(entry: KnownHostEntry, name: string): boolean {
  if (entry.patterns.length === 1 && entry.patterns[0].startsWith('|1|')) return hashedMatches(entry.patterns[0], name);
  return matchHostPatterns(name, entry.patterns);
}

/** The key type inside an SSH public key blob (its first string). */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return '';
  const len = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + len).toString('latin1');
}

/**
 * Verdict for a presented host key: revoked beats everything; a matching key is known; another key of the same
 * type for that name is a mismatch; no entry of that type is unknown. Certificate authorities are not supported.
 */
export function checkHostKey(entries: readonly KnownHostEntry[], host: string, port: number, presented: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const type = keyTypeOfBlob(presented);
  const forName = entries.filter((e) => e.marker !== '@cert-authority' && entryMatches(e, name));
  const revoked = entries.find((e) => e.marker === '@revoked' && e.key.equals(presented));
  if (revoked) return { status: 'revoked', entry: revoked };
  const known = forName.find((e) => !e.marker && e.key.equals(presented));
  if (known) return { status: 'known', entry: known };
  const other = forName.find((e) => !e.marker && e.keyType === type);
  if (other) return { status: 'mismatch', entry: other };
  return { status: 'unknown' };
}

/** SHA256 fingerprint as OpenSSH prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

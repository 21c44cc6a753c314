// Quoting for the POSIX shell that runs each host command, and the names netxray accepts before quoting them.
import { NetxrayError } from '../../errors.js';

/** One argument for sh: bare when it holds only safe characters, else single-quoted with embedded ' as '\''. */
export function shellQuote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one command line for sh. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/**
 * Bridge names come from the cloud (agent bridge_mappings), so they are checked before use: OVS accepts any
 * string, but Linux device names (what a bridge also is) are at most 15 bytes without '/', whitespace or ':'
 * (IFNAMSIZ, dev_valid_name in net/core/dev.c); netxray also refuses shell metacharacters and a leading '-'
 * (an option to ovs-ofctl).
 */
export function isValidBridgeName(name: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/.test(name) && name !== '.' && name !== '..';
}

export function assertBridgeName(name: string, where: string): string {
  if (!isValidBridgeName(name)) throw new NetxrayError('bad-input', `${where}: "${name}" is not a valid bridge name`);
  return name;
}

/** A container name for docker/podman exec (their own rule: [a-zA-Z0-9][a-zA-Z0-9_.-]*). */
export function isValidContainerName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(name);
}

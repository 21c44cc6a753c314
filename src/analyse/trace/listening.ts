// The listening TCP sockets of a namespace (`ss -l -t -n -p` run in it by the collection plans): the metadata proxy's
// socket on ML2/OVS (router or DHCP namespace) and ML2/OVN (ovnmeta-<network>).
import { HOST_OUTPUT } from '../../model/hostOutputIds.js';
import type { MetadataPath } from '../../model/traceModel.js';
import type { CloudIndex } from './cloudIndex.js';

/** A listening TCP socket from `ss -l -t -n -p`. */
export interface ListeningSocket {
  address: string;
  port: number;
  process: string | null;
}

/** Parses `ss -l -t -n -p` (the header line and non-LISTEN lines are skipped). */
export function parseListening(text: string): ListeningSocket[] {
  return text.split('\n').flatMap((line) => {
    const cols = line.trim().split(/\s+/);
    if (cols[0] !== 'LISTEN' || cols.length < 4) return [];
    const local = cols[3];
    const colon = local.lastIndexOf(':');
    const port = Number(local.slice(colon + 1));
    if (colon < 0 || !Number.isInteger(port)) return [];
    // `[::]`, `0.0.0.0`, `*`, `169.254.169.254%tap0`: the address without brackets or the bound device
    const address = local.slice(0, colon).replace(/^\[|\]$/g, '').replace(/%.*$/, '');
    const process = /users:\(\("([^"]+)"/.exec(line)?.[1] ?? null;
    return [{ address, port, process }];
  });
}

const WILDCARDS = new Set(['*', '0.0.0.0', '::']);

export function proxyState(index: CloudIndex, host: string | null, namespace: string, port: number, address: string | null): MetadataPath['proxy'] {
  const out = index.hostOutput(host, HOST_OUTPUT.netnsListen(namespace));
  if (!out || out.exitCode !== 0) return { port, state: 'unknown', process: null };
  const socket = parseListening(out.stdout).find((s) => s.port === port && (WILDCARDS.has(s.address) || s.address === address));
  return { port, state: socket ? 'listening' : 'not-listening', process: socket?.process ?? null };
}

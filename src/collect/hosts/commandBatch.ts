// Several host commands in one SSH channel: a POSIX sh script runs them one after the other and frames each one's
// stdout, stderr and exit status between marker lines carrying a random nonce (which command output cannot guess).
// One channel instead of one per command spares the server a session (fork, environment, shell) for each.
import { randomBytes } from 'node:crypto';
import { shellQuote } from './shellQuote.js';

export interface BatchedResult {
  stdout: string;
  stderr: string;
  /** null: the batch ended (timeout, lost connection, output cut) before this command finished. */
  exitCode: number | null;
}

export interface CommandBatch {
  /** The one command line the channel runs: `sh -c '<script>'`. */
  commandLine: string;
  nonce: string;
}

const begin = (nonce: string, index: number) => `${nonce} ${index} begin\n`;
/** Always preceded by a newline of ours, so that output without a final newline is still read back exactly. */
const endPrefix = (nonce: string, index: number) => `\n${nonce} ${index} end`;

/**
 * The script for these command lines (each already quoted for sh, as HostAccess builds them). Every command reads
 * /dev/null: none may eat what follows. Markers go to both streams; the exit status only to stdout.
 */
export function commandBatch(lines: readonly string[], nonce = randomBytes(12).toString('hex')): CommandBatch {
  const steps = lines.map((line, i) =>
    [
      `printf '%s\\n' '${nonce} ${i} begin'; printf '%s\\n' '${nonce} ${i} begin' >&2`,
      `${line} </dev/null`,
      `s=$?; printf '\\n%s %s\\n' '${nonce} ${i} end' "$s"; printf '\\n%s\\n' '${nonce} ${i} end' >&2`,
    ].join('\n'),
  );
  return { commandLine: `sh -c ${shellQuote(steps.join('\n'))}`, nonce };
}

/** Splits the streams of a batch back into one result per command, in order. */
export function splitBatchOutput(stdout: string, stderr: string, nonce: string, count: number): BatchedResult[] {
  const results: BatchedResult[] = [];
  for (let i = 0; i < count; i++) {
    const out = between(stdout, begin(nonce, i), endPrefix(nonce, i));
    const err = between(stderr, begin(nonce, i), endPrefix(nonce, i));
    const status = out.complete ? /^ (\d+)\n/.exec(stdout.slice(out.end + endPrefix(nonce, i).length)) : null;
    results.push({ stdout: out.text, stderr: err.text, exitCode: status ? Number(status[1]) : null });
  }
  return results;
}

function between(text: string, open: string, close: string): { text: string; complete: boolean; end: number } {
  const start = text.indexOf(open);
  if (start < 0) return { text: '', complete: false, end: -1 };
  const from = start + open.length;
  const end = text.indexOf(close, from);
  // Not finished: what arrived so far, without the newline that may be ours.
  if (end < 0) return { text: text.slice(from), complete: false, end: -1 };
  return { text: text.slice(from, end), complete: true, end };
}

/**
 * Watches a batch's stdout as it arrives: how many commands have finished, and when each did (the time its output
 * was complete at the client). Marker lines split across chunks are found all the same. The host sees the nonce in
 * the command line, so it can print markers of its own: no more than `count` are ever counted.
 */
export class BatchProgress {
  private tail = '';
  private readonly finishedAt: number[] = [];

  constructor(
    private readonly nonce: string,
    private readonly count: number,
    private readonly started = Date.now(),
  ) {}

  /** Commands finished so far. */
  get finished(): number {
    return this.finishedAt.length;
  }

  /** Feeds a chunk of stdout; true when at least one more command finished with it. */
  feed(chunk: Buffer | string): boolean {
    if (this.finishedAt.length >= this.count) return false;
    let text = this.tail + chunk.toString('utf8');
    const before = this.finishedAt.length;
    let marker = this.nextMarker();
    let at: number;
    while (this.finishedAt.length < this.count && (at = text.indexOf(marker)) >= 0) {
      this.finishedAt.push(Date.now());
      text = text.slice(at + marker.length);
      marker = this.nextMarker();
    }
    // Enough of the end to find the next marker should it be split between this chunk and the next.
    this.tail = text.slice(-marker.length);
    return this.finishedAt.length > before;
  }

  private nextMarker(): string {
    return endPrefix(this.nonce, this.finishedAt.length);
  }

  /** Milliseconds from the previous command's end (or the start) to this one's; null if it never finished. */
  durationMs(index: number): number | null {
    const end = this.finishedAt[index];
    if (end === undefined) return null;
    return end - (index === 0 ? this.started : this.finishedAt[index - 1]);
  }
}

// Starts this machine's read-only commands (argv, no shell) from a worker thread, not from the main one. Node starts a
// child with fork and exec and waits, blocked, until the child has exec'd: on the lab's 2 loaded cores that is 15-50 ms
// per process, during which the main thread handles no SSH handshake and no API answer (ten ovn-trace walks: event loop
// blocked for 155-270 ms at once, 9-12 ms from a worker; /tmp experiment of 6 December 2026, AMD EPYC, load ~5). The
// worker only starts processes and hands their output back; timeouts and output limits are execFile's, as before.
import { execFile } from 'node:child_process';
import { Worker } from 'node:worker_threads';

export interface ExecResult {
  /** null: killed at the timeout. 127: not found. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface ExecRequest {
  argv: readonly string[];
  timeoutMs: number;
  maxBytes: number;
}

/**
 * Starts one command with execFile and hands its outcome, as an ExecResult, to `done`. The same function runs in the
 * worker (as its source text), so it takes execFile as an argument and names nothing outside itself.
 */
function execAndSettle(run: typeof execFile, req: ExecRequest, done: (result: ExecResult) => void): void {
  const started = Date.now();
  run(req.argv[0], req.argv.slice(1), { timeout: req.timeoutMs, maxBuffer: req.maxBytes, encoding: 'utf8' }, (error, stdout, stderr) => {
    const err = error as (Error & { code?: unknown; killed?: boolean }) | null;
    const exitCode = !err ? 0 : err.code === 'ENOENT' ? 127 : err.killed ? null : typeof err.code === 'number' ? err.code : 1;
    done({ exitCode, stdout, stderr: stderr || (err && exitCode !== 0 ? err.message : ''), durationMs: Date.now() - started });
  });
}

/** Runs one command on this thread (the fallback when no worker can start). */
export function execHere(req: ExecRequest): Promise<ExecResult> {
  return new Promise((resolve) => execAndSettle(execFile, req, resolve));
}

// The worker's whole program: CommonJS, as Node runs `eval` workers; `execAndSettle` is the function above, as text
// (compiled JavaScript: no types left in it).
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { execFile } = require('node:child_process');
const execAndSettle = ${execAndSettle.toString()};
parentPort.on('message', ({ id, req }) => execAndSettle(execFile, req, (result) => parentPort.postMessage({ id, result })));`;

/**
 * One worker thread for a collection's local commands, started on first use and stopped by close(). While no command
 * runs it does not keep the process alive. If the worker cannot start or dies, the commands run on this thread.
 */
export class OffThreadExec {
  private worker: Worker | null = null;
  /** Set once the worker is stopped or could not start: from then on every command runs on this thread. */
  private closed = false;
  private nextId = 0;
  /** How many commands the worker has run (the rest ran on this thread). */
  servedByWorker = 0;
  private readonly pending = new Map<number, { req: ExecRequest; resolve: (r: ExecResult) => void }>();

  run(req: ExecRequest): Promise<ExecResult> {
    const worker = this.started();
    if (!worker) return execHere(req);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { req, resolve });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, req: { argv: [...req.argv], timeoutMs: req.timeoutMs, maxBytes: req.maxBytes } });
    });
  }

  close(): void {
    const worker = this.worker;
    this.worker = null;
    this.closed = true;
    void worker?.terminate();
    this.rerunPendingHere();
  }

  private started(): Worker | null {
    if (this.worker || this.closed) return this.worker;
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.on('message', ({ id, result }: { id: number; result: ExecResult }) => {
        const entry = this.pending.get(id);
        this.pending.delete(id);
        this.servedByWorker += 1;
        if (this.pending.size === 0) worker.unref();
        entry?.resolve(result);
      });
      // A worker that fails hands its commands back to this thread; they are read-only, so running one twice is harmless.
      worker.on('error', () => this.close());
      worker.on('exit', () => {
        if (this.worker === worker) this.close();
      });
      worker.unref();
      this.worker = worker;
    } catch {
      this.closed = true;
    }
    return this.worker;
  }

  private rerunPendingHere(): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const { req, resolve } of entries) void execHere(req).then(resolve);
  }
}

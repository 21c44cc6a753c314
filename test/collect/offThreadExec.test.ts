// Local commands started from a worker thread (src/collect/hosts/offThreadExec.ts): the same outcomes as execFile on
// this thread (output, exit status, a missing program, a timeout, the output cap), and commands still pending when
// the worker goes are run here instead. Real processes (sh, sleep), no fakes.
import { describe, expect, it } from 'vitest';
import { execHere, OffThreadExec, type ExecRequest } from '../../src/collect/hosts/offThreadExec.js';

const request = (argv: string[], over: Partial<ExecRequest> = {}): ExecRequest => ({ argv, timeoutMs: 30_000, maxBytes: 1 << 20, ...over });
const outcome = ({ exitCode, stdout, stderr }: { exitCode: number | null; stdout: string; stderr: string }) => ({ exitCode, stdout, stderr: stderr.split('\n')[0] });

describe('OffThreadExec', () => {
  it('gives what execFile on this thread gives: output, exit status, a missing program (127), a cut output', async () => {
    const exec = new OffThreadExec();
    try {
      const cases = [
        request(['sh', '-c', 'printf "a\\nb"; printf err >&2']),
        request(['sh', '-c', 'echo out; exit 3']),
        request(['/nonexistent/netxray-no-such-tool']),
        request(['sh', '-c', 'head -c 5000 /dev/zero'], { maxBytes: 100 }),
      ];
      const there = await Promise.all(cases.map((c) => exec.run(c)));
      const here = await Promise.all(cases.map((c) => execHere(c)));
      expect(there.map(outcome)).toEqual(here.map(outcome));
      expect(there.map((r) => r.exitCode)).toEqual([0, 3, 127, 1]);
      expect(there[0].stdout).toBe('a\nb');
      expect(there[0].stderr).toBe('err');
      // ... and they ran in the worker: a worker program that fails would hand every command back to this thread.
      expect(exec.servedByWorker).toBe(cases.length);
    } finally {
      exec.close();
    }
  });

  it('a command over its timeout is killed (exit status null)', async () => {
    const exec = new OffThreadExec();
    try {
      const r = await exec.run(request(['sleep', '30'], { timeoutMs: 200 }));
      expect(r.exitCode).toBeNull();
    } finally {
      exec.close();
    }
  });

  it('commands pending when the worker is closed run on this thread; later ones too', async () => {
    const exec = new OffThreadExec();
    const pending = exec.run(request(['sh', '-c', 'sleep 0.3; echo late']));
    exec.close();
    expect((await pending).stdout).toBe('late\n');
    expect((await exec.run(request(['echo', 'after']))).stdout).toBe('after\n');
  });
});

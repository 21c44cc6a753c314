// The batch script run by a real /bin/sh (no SSH here): each command's stdout, stderr and exit status come back
// exactly, whatever the output looks like; progress counts finished commands even when markers arrive split.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BatchProgress, commandBatch, splitBatchOutput } from '../../src/collect/hosts/commandBatch.js';
import { shellJoin } from '../../src/collect/hosts/shellQuote.js';

function runLocally(commandLine: string, onStdout?: (chunk: Buffer) => void): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', commandLine]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => ((stdout += c.toString()), onStdout?.(c)));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('command batches', () => {
  it('each command gets its own stdout, stderr and exit status, byte for byte', async () => {
    const argvs = [
      ['printf', 'no final newline'],
      ['sh', '-c', 'echo out; echo err >&2; exit 3'],
      ['printf', '%s\\n\\n\\n', 'blank lines after'],
      ['nosuch-netxray-command'],
      ['echo', "$(id); rm -rf / 'quoted'"],
      ['cat'], // reads /dev/null, not the rest of the script
      ['true'],
    ];
    const batch = commandBatch(argvs.map(shellJoin));
    const run = await runLocally(batch.commandLine);
    expect(run.code).toBe(0);
    const results = splitBatchOutput(run.stdout, run.stderr, batch.nonce, argvs.length);
    expect(results[0]).toEqual({ stdout: 'no final newline', stderr: '', exitCode: 0 });
    expect(results[1]).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3 });
    expect(results[2]).toEqual({ stdout: 'blank lines after\n\n\n', stderr: '', exitCode: 0 });
    expect(results[3].exitCode).toBe(127);
    expect(results[3].stderr).toMatch(/not found/);
    expect(results[4]).toEqual({ stdout: "$(id); rm -rf / 'quoted'\n", stderr: '', exitCode: 0 });
    expect(results[5]).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(results[6]).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('output that imitates a marker without the nonce is just output', async () => {
    const batch = commandBatch([shellJoin(['printf', '\\n0123 0 end 0\\nstill mine\\n'])]);
    const run = await runLocally(batch.commandLine);
    expect(splitBatchOutput(run.stdout, run.stderr, batch.nonce, 1)[0]).toEqual({ stdout: '\n0123 0 end 0\nstill mine\n', stderr: '', exitCode: 0 });
  });

  it('a batch cut short: finished commands keep their results, the rest have no exit status', () => {
    const batch = commandBatch(['a', 'b', 'c'], 'feedc0de');
    const stdout = 'feedc0de 0 begin\nA\n\nfeedc0de 0 end 0\nfeedc0de 1 begin\npartial';
    const results = splitBatchOutput(stdout, '', batch.nonce, 3);
    expect(results.map((r) => r.exitCode)).toEqual([0, null, null]);
    expect(results[0].stdout).toBe('A\n');
    expect(results[1].stdout).toBe('partial');
  });

  it('progress counts each finished command once, also when a marker is split across chunks', () => {
    const progress = new BatchProgress('feedc0de', 2, 0);
    const text = 'feedc0de 0 begin\nx\n\nfeedc0de 0 end 0\nfeedc0de 1 begin\n\nfeedc0de 1 end 1\n';
    const finishedBy = [...text].map((ch) => progress.feed(ch)).filter(Boolean).length;
    expect(finishedBy).toBe(2);
    expect(progress.durationMs(0)).not.toBeNull();
    expect(progress.durationMs(2)).toBeNull();
  });

  it('progress counts no more commands than the batch has, whatever markers the host prints', () => {
    const progress = new BatchProgress('feedc0de', 2, 0);
    const forged = Array.from({ length: 50 }, (_, i) => `\nfeedc0de ${i} end 0\n`).join('');
    expect(progress.feed(forged)).toBe(true);
    expect(progress.finished).toBe(2);
    expect(progress.feed('\nfeedc0de 2 end 0\n')).toBe(false);
  });
});

// Joined commands (src/collect/hosts/joinedCommands.ts): the reads of one tool asked for together run as one process,
// its output dealt back to each read; a failing joined process runs each read alone. Local runs use a real sh.
import { describe, expect, it } from 'vitest';
import { alone, joinCommands, splitJoinedOutput } from '../../src/collect/hosts/joinedCommands.js';
import { LocalVisit } from '../../src/collect/hosts/localVisit.js';
import type { HostCommand } from '../../src/collect/hosts/hostCommands.js';
import { toolRead } from './_joinableTool.js';

const plain: HostCommand = { id: 'plain', argv: ['echo', 'hi'] };

describe('joinCommands', () => {
  it('joins the joinable commands of one key in first-seen order, leaves the rest (and a lone joinable) alone', () => {
    const a = toolRead('a', ['x']);
    const b = toolRead('b', ['y', 'z']);
    const other = { ...toolRead('other', ['w']), joinable: { ...toolRead('other', ['w']).joinable!, key: 'another tool' } };
    const batch = joinCommands([a, plain, b, other]);
    expect(batch.map((c) => c.command.id)).toEqual(['a + b', 'plain', 'other']);
    expect(batch[0].command.argv.slice(4)).toEqual(['x', '--', 'y', '--', 'z']);
    expect(batch[0].parts).toEqual([a, b]);
    expect(batch[2]).toEqual({ command: other });
    expect(alone(a)).toEqual({ id: 'a', argv: a.argv });
  });

  it('deals the lines back by documents; a failed process or another number of lines gives null', () => {
    const parts = [toolRead('a', ['x']), toolRead('b', ['y', 'z'])];
    const out = { command: 'tool x -- y -- z', stdout: 'x\ny\nz\n', stderr: '', exitCode: 0, durationMs: 5 };
    expect(splitJoinedOutput(parts, out)).toEqual([
      { ...out, id: 'a', stdout: 'x\n' },
      { ...out, id: 'b', stdout: 'y\nz\n' },
    ]);
    expect(splitJoinedOutput(parts, { ...out, stdout: 'x\ny\n' })).toBeNull();
    expect(splitJoinedOutput(parts, { ...out, exitCode: 1 })).toBeNull();
  });
});

describe('LocalVisit with joinable commands', () => {
  it('one process for the reads asked in one turn, each output its own lines; each id runs once', async () => {
    const visit = new LocalVisit('local');
    visit.run([toolRead('a', ['x']), plain, toolRead('b', ['y', 'z'])]);
    visit.run([toolRead('c', ['w'])]); // same turn: same batch
    await new Promise<void>((done) => setImmediate(done));
    visit.run([toolRead('a', ['x']), toolRead('d', ['v'])]); // a later turn: 'a' is running already, only 'd' runs
    const r = await visit.finish(['a', 'b', 'c', 'd', 'plain']);
    expect(r.hostCommands).toBe(3); // a+b+c, plain, d
    expect(r.problems).toEqual([]);
    expect(r.capture.outputs.map((o) => [o.id, o.stdout])).toEqual([['a', 'x\n'], ['b', 'y\nz\n'], ['c', 'w\n'], ['d', 'v\n'], ['plain', 'hi\n']]);
    expect(r.capture.outputs[0].command).toMatch(/ x -- y -- z -- w$/);
  });

  it('a joined process that fails: each read runs alone, only the failing one is a problem', async () => {
    const visit = new LocalVisit('local');
    visit.run([toolRead('a', ['x']), toolRead('bad', ['fail']), toolRead('b', ['y'])]);
    const r = await visit.finish(['a', 'bad', 'b']);
    expect(r.hostCommands).toBe(4); // the joined process, then the three alone
    expect(r.capture.outputs.map((o) => [o.id, o.exitCode, o.stdout])).toEqual([['a', 0, 'x\n'], ['bad', 1, ''], ['b', 0, 'y\n']]);
    expect(r.problems).toEqual([{ source: 'host', host: 'local', code: 'command-failed', outputId: 'bad', message: 'local: bad exited 1: tool: cannot read fail' }]);
  });
});

// Several commands of one tool in one process (HostCommand.joinable): a batch's OVN table reads go to ovn-nbctl and
// ovn-sbctl once each instead of once per table. Every process costs this machine a fork and exec (~50 ms each at load
// 17 on the lab's 2 cores, blocking the event loop) and the database a connection and a replica of the tables read.
// The joined process's stdout is dealt back to each command's own output; when it fails, each command runs alone.
import type { CommandOutput } from '../../model/cloudSnapshot.js';
import type { HostCommand } from './hostCommands.js';

/** A command of a batch as it runs: alone, or joined with others (`parts`, in order). */
export interface BatchCommand {
  command: HostCommand;
  parts?: readonly HostCommand[];
}

/** The batch with the joinable commands of one key as one command each (where there are two or more), in first-seen order. */
export function joinCommands(commands: readonly HostCommand[]): BatchCommand[] {
  const groups = new Map<string, HostCommand[]>();
  for (const cmd of commands) if (cmd.joinable) groups.set(cmd.joinable.key, [...(groups.get(cmd.joinable.key) ?? []), cmd]);
  const out: BatchCommand[] = [];
  for (const cmd of commands) {
    const group = cmd.joinable ? groups.get(cmd.joinable.key)! : [cmd];
    if (group.length < 2) out.push({ command: cmd });
    else if (group[0] === cmd) out.push({ command: joined(group), parts: group });
  }
  return out;
}

function joined(parts: readonly HostCommand[]): HostCommand {
  const tails = parts.flatMap((p, i) => [...(i > 0 ? ['--'] : []), ...p.joinable!.tail]);
  return { id: parts.map((p) => p.id).join(' + '), argv: [...parts[0].joinable!.head, ...tails] };
}

/** A part run again alone: its own argv, not joinable any more. */
export const alone = (part: HostCommand): HostCommand => {
  const { joinable: _joinable, ...rest } = part;
  return rest;
};

/**
 * Each part's output from the joined process's: its `documents` lines of stdout, with the joined command line and
 * duration. null when the process failed or printed another number of lines: the parts then run alone.
 */
export function splitJoinedOutput(parts: readonly HostCommand[], output: Omit<CommandOutput, 'id'>): CommandOutput[] | null {
  if (output.exitCode !== 0) return null;
  const lines = output.stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== parts.reduce((n, p) => n + p.joinable!.documents, 0)) return null;
  let next = 0;
  return parts.map((part) => {
    const mine = lines.slice(next, (next += part.joinable!.documents));
    return { ...output, id: part.id, stdout: mine.map((l) => `${l}\n`).join('') };
  });
}

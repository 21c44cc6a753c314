// A real tool that takes several commands joined by `--` in one process and prints one line per command, as
// ovn-nbctl/ovn-sbctl --format=json print one table per command: here a POSIX sh script. The word `fail` makes the
// whole process fail (as an unknown table does for ovn-sbctl), before it prints anything.
import type { HostCommand } from '../../src/collect/hosts/hostCommands.js';

const SCRIPT = 'for a; do [ "$a" = fail ] && { echo "tool: cannot read $a" >&2; exit 1; }; done; for a; do [ "$a" = -- ] || echo "$a"; done';
const HEAD = ['sh', '-c', SCRIPT, 'tool'];

/** A read of `words` (one output line each), joinable with the others of the tool. */
export function toolRead(id: string, words: string[]): HostCommand {
  const tail = words.flatMap((w, i) => [...(i > 0 ? ['--'] : []), w]);
  return { id, argv: [...HEAD, ...tail], joinable: { key: HEAD.join(' '), head: HEAD, tail, documents: words.length } };
}

// How every benchmark times a process: GNU time's wall seconds and peak RSS, and medians of repeated runs.
import { spawnSync } from 'node:child_process';

/**
 * Runs `command args` under /usr/bin/time; returns wall seconds, peak RSS in MB and CPU seconds. An exit status outside
 * `okStatuses` (netxray's trace and scan exit 1 when they find something) is an error.
 */
export function measure(command, args, { cwd, env = process.env, okStatuses = [0] } = {}) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (!okStatuses.includes(run.status)) throw new Error(`${command} ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-800)}`);
  const [seconds, kilobytes, user, system] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
  // CPU seconds (user + system): on a machine shared with other work they move far less than wall seconds.
  return { seconds, megabytes: kilobytes / 1024, cpuSeconds: user + system };
}

export const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

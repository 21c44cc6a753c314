// How every benchmark times a process: GNU time's wall seconds and peak RSS, and medians of repeated runs.
import { spawnSync } from 'node:child_process';

/**
 * Runs `command args` under /usr/bin/time; returns wall seconds and peak RSS in MB. An exit status outside
 * `okStatuses` (netxray's trace and scan exit 1 when they find something) is an error.
 */
export function measure(command, args, { cwd, env = process.env, okStatuses = [0] } = {}) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (!okStatuses.includes(run.status)) throw new Error(`${command} ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-800)}`);
  const [seconds, kilobytes] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, megabytes: kilobytes / 1024 };
}

export const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

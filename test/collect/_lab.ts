// The running netxray lab, if any: its environment (parsed from $LAB_DIR/env.sh, never sourced) and why tests skip.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const LAB_DIR = process.env.NETXRAY_LAB_DIR ?? process.env.LAB_DIR ?? '/tmp/netxray-lab';

/** `export K=V` lines of env.sh and the files it sources (`. file`), without running a shell. */
export function parseEnvFile(file: string, into: Record<string, string> = {}, depth = 0): Record<string, string> {
  if (depth > 3 || !existsSync(file)) return into;
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    const source = /^(?:\.|source)\s+(\S+)$/.exec(line);
    if (source) {
      parseEnvFile(path.resolve(path.dirname(file), source[1]), into, depth + 1);
      continue;
    }
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) into[m[1]] = m[2].replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return into;
}

function labState(): { env: Record<string, string>; skipReason?: string } {
  // NETXRAY_SKIP_LAB=1 (scripts/test.sh) leaves the lab out even when one is up: another session may be injecting faults.
  if (process.env.NETXRAY_SKIP_LAB === '1' && process.env.NETXRAY_LAB !== '1') return { env: {}, skipReason: '(skipped: NETXRAY_SKIP_LAB=1)' };
  const envFile = path.join(LAB_DIR, 'env.sh');
  if (!existsSync(envFile)) return { env: {}, skipReason: `(skipped: no lab, ${envFile} missing; see docs/lab.md)` };
  // lab/up.sh wipes LAB_DIR when it starts and writes timings.txt when the sample topology is complete.
  if (!existsSync(path.join(LAB_DIR, 'timings.txt'))) return { env: {}, skipReason: `(skipped: the lab at ${LAB_DIR} is still starting)` };
  const env = parseEnvFile(envFile);
  const url = env.OS_AUTH_URL;
  if (!url) return { env, skipReason: `(skipped: ${envFile} has no OS_AUTH_URL)` };
  const probe = spawnSync('curl', ['-s', '-o', '/dev/null', '-m', '5', '-w', '%{http_code}', url], { encoding: 'utf8' });
  if (probe.stdout.trim() !== '200') return { env, skipReason: `(skipped: lab Keystone ${url} does not answer)` };
  // These tests expect the clean sample topology; test/lab/faults.test.ts injects faults for a while.
  const faultsDir = path.join(LAB_DIR, 'run', 'faults');
  const faults = existsSync(faultsDir) ? readdirSync(faultsDir) : [];
  if (faults.length > 0) return { env, skipReason: `(skipped: faults injected in the lab: ${faults.join(', ')})` };
  return { env };
}

/** Fault kinds injected right now (test/lab/faults.test.ts or `npm run lab:fault`). */
export function activeFaults(): string[] {
  const faultsDir = path.join(LAB_DIR, 'run', 'faults');
  return existsSync(faultsDir) ? readdirSync(faultsDir) : [];
}

export const lab = labState();
export const skipLab = lab.skipReason !== undefined;
export const labReason = lab.skipReason ?? '(against the running lab, read-only)';

/** Call first in a lab test: the lab engineer's fault tests may have injected one since this file was loaded. */
export function skipIfFaulted(ctx: { skip: (note?: string) => void }): void {
  const faults = activeFaults();
  if (faults.length > 0) ctx.skip(`faults injected in the lab meanwhile: ${faults.join(', ')}`);
}

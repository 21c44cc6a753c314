// Golden files: text, mermaid and dot of every instance of the OpenFlow 1.0 lab recording, and of two synthetic faults.
// Review diffs like code; regenerate with NETXRAY_UPDATE_GOLDEN=1 npx vitest run test/trace/golden.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { SYNTHETIC_FAULTS } from './_faults.js';
import { recordedSnapshots } from './_labSnapshot.js';
import { renderTrace } from './_render.js';

const GOLDEN = resolve(import.meta.dirname, 'golden');
const update = process.env.NETXRAY_UPDATE_GOLDEN === '1';
const healthy = recordedSnapshots().find((s) => s.label === 'lab-openvswitch.snapshot.json')?.snapshot;
/** Recorded with the automatic walks (the one above predates them: its goldens say "walks not recorded"). */
const walked = recordedSnapshots().find((s) => s.label === 'netxray-trace-save-walks-vm1.snapshot.json')?.snapshot;

describe.skipIf(!healthy)('trace golden files', () => {
  const cases: [string, () => ReturnType<typeof analyseTrace>][] = [
    ...['vm1', 'vm2', 'vm3'].map((vm) => [vm, () => analyseTrace(healthy!, vm)] as [string, () => ReturnType<typeof analyseTrace>]),
    ...(walked ? [['vm1-walks', () => analyseTrace(walked, 'vm1')] as [string, () => ReturnType<typeof analyseTrace>]] : []),
    ...['flow-br-ex', 'tunnel-port'].map((kind) => [`synthetic-${kind}`, () => analyseTrace(SYNTHETIC_FAULTS[kind].make(healthy!), SYNTHETIC_FAULTS[kind].trace)] as [string, () => ReturnType<typeof analyseTrace>]),
  ];
  for (const [name, report] of cases) {
    for (const [format, ext] of [['text', 'txt'], ['mermaid', 'mmd'], ['dot', 'dot']] as const) {
      it(`${name}.${ext}`, async () => {
        const out = await renderTrace(format, report());
        const file = join(GOLDEN, `${name}.${ext}`);
        if (update || !existsSync(file)) writeFileSync(file, out);
        expect(out).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});

// The layering rules (.dependency-cruiser.cjs) fail on each kind of forbidden import: depcruise runs with the
// project's config on a small temporary tree that breaks every rule once, and on a clean copy of the same tree.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A project tree with these files (path → imports), the project's tsconfig module settings, and depcruise's verdict. */
function cruise(files: Record<string, string[]>, depcruise = DEPCRUISE): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'netxray-layering-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }));
  for (const [path, imports] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${imports.map((i, n) => `import * as m${n} from '${i}';\nexport const u${n} = m${n};`).join('\n')}\nexport const x = 1;\n`);
  }
  const r = spawnSync(depcruise, ['src', '--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  // Without this, a missing binary or a timeout reads as the verdict "nullnull".
  if (r.error) throw new Error(`cannot run ${depcruise} (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}): install the dev dependencies with bash scripts/install-deps.sh`);
  if (r.status === null) throw new Error(`${depcruise} was stopped by ${r.signal ?? 'a signal'} (after 120 s?)`);
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const leaves = {
  'src/errors.ts': [],
  'src/model/traceModel.ts': ['../errors.js'],
  'src/neutron/neutronRules.ts': ['../model/traceModel.js'],
  'src/analyse/trace/cloudIndex.ts': ['../../model/traceModel.js', '../../neutron/neutronRules.js'],
  'src/render/trace/text.ts': ['../../model/traceModel.js'],
  'src/collect/collectTrace.ts': ['../model/traceModel.js', '../neutron/neutronRules.js'],
  'src/collect/backends/ml2-ovs/index.ts': ['../../collectTrace.js'],
  'src/analyse/trace/backends/ml2-ovs/index.ts': ['../../cloudIndex.js'],
  'src/analyse/trace/backends/ml2-ovn/index.ts': ['../../cloudIndex.js'],
  'src/neutron/ml2-ovs/walkPlan.ts': ['../neutronRules.js'],
  'src/neutron/ml2-ovn/plan.ts': ['../neutronRules.js'],
  'src/collect/backends/ml2-ovn/index.ts': ['../../../neutron/ml2-ovn/plan.js'],
};

describe('layering (dependency-cruiser)', () => {
  it('passes a tree that keeps the layers', () => {
    const r = cruise(leaves);
    expect(r.output).toContain('no dependency violations');
    expect(r.status).toBe(0);
  }, 180_000);

  it('fails on every kind of forbidden import, naming the rule', () => {
    const r = cruise({
      ...leaves,
      'src/collect/collectTrace.ts': ['../analyse/trace/cloudIndex.js', '../render/trace/text.js'],
      'src/render/trace/text.ts': ['../../collect/collectTrace.js', '../../analyse/trace/cloudIndex.js'],
      'src/model/traceModel.ts': ['../errors.js', '../neutron/neutronRules.js'],
      'src/neutron/neutronRules.ts': ['../collect/collectTrace.js'],
      'src/analyse/trace/cloudIndex.ts': ['../../collect/collectTrace.js'],
      'src/analyse/trace/backends/ml2-ovn/index.ts': ['../ml2-ovs/index.js', '../../../../neutron/ml2-ovs/walkPlan.js'],
      'src/neutron/ml2-ovn/plan.ts': ['../ml2-ovs/walkPlan.js'],
    });
    expect(r.status).not.toBe(0);
    for (const rule of ['collect-not-downstream', 'render-not-upstream', 'model-is-the-contract', 'neutron-rules-below-collect-and-analyse', 'trace-analysis-not-collect-or-render', 'backends-independent', 'backend-shared-code-own']) {
      expect(r.output, rule).toContain(rule);
    }
    expect(r.output).toContain('src/analyse/trace/backends/ml2-ovn/index.ts → src/analyse/trace/backends/ml2-ovs/index.ts');
    expect(r.output).toContain('src/analyse/trace/backends/ml2-ovn/index.ts → src/neutron/ml2-ovs/walkPlan.ts');
    expect(r.output).toContain('src/neutron/ml2-ovn/plan.ts → src/neutron/ml2-ovs/walkPlan.ts');
  }, 180_000);

  it('a missing depcruise binary is one clear message, not "nullnull"', () => {
    expect(() => cruise(leaves, join(ROOT, 'node_modules', '.bin', 'no-such-depcruise'))).toThrow(/^cannot run .*no-such-depcruise \(ENOENT\): install the dev dependencies with bash scripts\/install-deps\.sh$/);
  });
});

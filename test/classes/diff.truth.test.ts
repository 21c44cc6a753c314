// `netxray classes --diff` on netmiko 2.4.2 (Debian) -> 4.6.0 (shared) against the interpreter: what changed
// according to `python3` importing each version equals what the diff reports (classes, bases, signatures, CLASS_MAPPER).
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffClassModels } from '../../src/analyse/classDiff/index.js';
import { analyseClasses } from '../../src/analyse/classes/index.js';
import type { ClassDiff } from '../../src/model/classDiff.js';
import type { ClassModel } from '../../src/model/classModel.js';
import { diffFigures, diffTruths, missingFrom, type DiffFigures, type TruthDiff } from '../truth/diffTruth.js';
import { loadTruth, testPython } from '../truth/truth.js';
import { PYTHON_RELEASES } from '../_shared.js';

const NETMIKO_46_ROOT = `${PYTHON_RELEASES}/netmiko-4.6.0`;
const PYTHON = testPython();
const ready = existsSync(PYTHON) && existsSync(`${NETMIKO_46_ROOT}/netmiko/__init__.py`);

describe.skipIf(!ready)('classes --diff netmiko 2.4.2 -> 4.6.0 against the interpreter', () => {
  let oldModel: ClassModel;
  let newModel: ClassModel;
  let diff: ClassDiff;
  let truth: TruthDiff;
  let figures: DiffFigures;

  beforeAll(async () => {
    [oldModel, newModel] = await Promise.all([
      analyseClasses('netmiko', { python: PYTHON }),
      analyseClasses(`${NETMIKO_46_ROOT}/netmiko`, { python: PYTHON }),
    ]);
    diff = diffClassModels(oldModel, newModel);
    const oldTruth = loadTruth('netmiko');
    const newTruth = loadTruth('netmiko', { prefer: NETMIKO_46_ROOT });
    expect(oldTruth.modules.find((m) => m.name === 'netmiko')?.file).not.toContain(NETMIKO_46_ROOT);
    expect(newTruth.modules.find((m) => m.name === 'netmiko')?.file).toContain(NETMIKO_46_ROOT);
    truth = diffTruths(oldTruth, newTruth);
    const modules = new Map([...oldModel.classes, ...newModel.classes].map((cls) => [cls.id, cls.module]));
    figures = diffFigures(diff, truth, (id) => modules.get(id));
    console.log([
      `netmiko 2.4.2 -> 4.6.0, interpreter vs diff: classes added ${truth.classesAdded.size} / ${figures.classesAdded.size}, `
      + `removed ${truth.classesRemoved.size} / ${figures.classesRemoved.size}, bases changed ${truth.basesChanged.size} / ${figures.basesChanged.size}, `
      + `signatures changed ${truth.signaturesChanged.size} / ${figures.signaturesChanged.size} (of ${truth.signaturesJudged.size} judged)`,
      ...[...truth.dispatchChanges].map(([id, changes]) => `${id}: ${changes.size} / ${figures.dispatchChanges.get(id)?.size ?? 0} key changes`),
      `not judged (failed to import in a version): ${[...truth.unjudgedModules].sort().join(', ') || 'none'}`,
    ].join('\n'));
  }, 900_000);

  it('finds the classes the interpreter says were added and removed', () => {
    expect({ missed: missingFrom(truth.classesAdded, figures.classesAdded), extra: missingFrom(figures.classesAdded, truth.classesAdded) }).toEqual({ missed: [], extra: [] });
    expect({ missed: missingFrom(truth.classesRemoved, figures.classesRemoved), extra: missingFrom(figures.classesRemoved, truth.classesRemoved) }).toEqual({ missed: [], extra: [] });
  });

  it('finds the classes whose __bases__ changed', () => {
    expect({ missed: missingFrom(truth.basesChanged, figures.basesChanged), extra: missingFrom(figures.basesChanged, truth.basesChanged) }).toEqual({ missed: [], extra: [] });
  });

  it('finds the methods whose inspect.signature changed', () => {
    expect(truth.signaturesJudged.size).toBeGreaterThan(100);
    expect({ missed: missingFrom(truth.signaturesChanged, figures.signaturesChanged), extra: missingFrom(figures.signaturesChanged, truth.signaturesChanged) }).toEqual({ missed: [], extra: [] });
  });

  it('finds the CLASS_MAPPER (and FILE_TRANSFER_MAP, CLASS_MAPPER_BASE) keys added, removed and retargeted', () => {
    expect(truth.dispatchChanges.get('netmiko.ssh_dispatcher.CLASS_MAPPER')?.size).toBeGreaterThan(100);
    for (const [id, expected] of truth.dispatchChanges) {
      const got = figures.dispatchChanges.get(id) ?? new Set<string>();
      expect({ id, missed: missingFrom(expected, got), extra: missingFrom(got, expected) }).toEqual({ id, missed: [], extra: [] });
    }
  });

  it('lists BaseConnection.send_command as a breaking signature change: read_timeout inserted before delay_factor, whose default went 1 -> None', () => {
    const change = diff.changes.find((c) => c.subject === 'netmiko.base_connection.BaseConnection' && c.member === 'send_command');
    expect(change).toMatchObject({ kind: 'signature-changed', breaking: true });
    expect(change!.parameters).toContainEqual(expect.objectContaining({ kind: 'added', parameter: 'read_timeout', new: '3', breaking: true, rule: 'parameter-added-before-positional' }));
    expect(change!.parameters).toContainEqual(expect.objectContaining({ kind: 'default-changed', parameter: 'delay_factor', old: '1', new: 'None' }));
  });
});

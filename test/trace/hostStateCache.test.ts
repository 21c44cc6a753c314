// A host of a sosreport snapshot (no Neutron API) is built once, whoever reads it first: the derived API, the reports'
// VIF notes and the analysis share it (hostStateCache.ts). Counted through the analysis's own buildHostState.
import { describe, expect, it, vi } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { readSosSnapshot } from '../../src/collect/sos/sosSnapshot.js';
import { SOS_ARCHIVES } from '../sos/_fixtures.js';

/** Host name → how many HostStates were built of it. */
const builds = new Map<string, number>();

vi.mock('../../src/analyse/trace/backends/ml2-ovs/hostState.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/analyse/trace/backends/ml2-ovs/hostState.js')>();
  return {
    ...original,
    buildHostState: (capture: Parameters<typeof original.buildHostState>[0]) => {
      builds.set(capture.host, (builds.get(capture.host) ?? 0) + 1);
      return original.buildHostState(capture);
    },
  };
});

describe('host states of a snapshot without the API', () => {
  it('are built once per host for the derived API, the reports\' notes and the scan of every instance', async () => {
    const snapshot = await readSosSnapshot(SOS_ARCHIVES);
    builds.clear();
    const report = analyseScan(snapshot);
    expect(report.instances.length).toBeGreaterThan(1);
    expect(report.offline?.reports.length ?? 0).toBe(2);
    expect(Object.fromEntries(builds)).toEqual(Object.fromEntries(snapshot.hosts.map((h) => [h.host, 1])));
  }, 120_000);
});

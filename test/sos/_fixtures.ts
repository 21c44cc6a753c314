// The real sosreports of the lab (test/fixtures/sos/README.txt says how they were taken), and what the tests that
// compare them with a live scan share.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ScanReport } from '../../src/model/scanModel.js';

export const SOS_FIXTURES = join(__dirname, '..', 'fixtures', 'sos');
export const SOS_ARCHIVES = ['sosreport-nxlab-node1-healthy-2026-12-05-xnrvtuj.tar.xz', 'sosreport-nxlab-node2-healthy-2026-12-05-bonmman.tar.xz'].map((f) => join(SOS_FIXTURES, f));

/** The one sosreport archive `lab/record-sos` wrote into `dir`. */
export const archiveIn = (dir: string) => join(dir, readdirSync(dir).find((f) => f.endsWith('.tar.xz'))!);

interface ScanLike { instances: { findings: { id: string; severity: string; host?: string; portId?: string }[] }[] }
/** "id host port" of every warning and error of a scan report */
export const findingsOf = (r: ScanLike) =>
  r.instances.flatMap((i) => i.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.host ?? '-'} ${f.portId ?? '-'}`));

/** Findings of the packet walks (ofproto/trace on the live host): a report holds no walk, so no report gives them. */
export const isWalkFinding = (finding: string) => /^walk-/.test(finding);

/** One line per instance VIF: what a report alone must attribute as the live scan does (instance, port, MAC, host, local VLAN, network, type, segment). */
export const instanceVifLines = (r: ScanReport) =>
  r.instances.flatMap((i) => i.interfaces.map((f) => [i.id, f.portId, f.mac, f.host, f.localVlan, f.network.id, f.network.type, f.network.segmentationId].join(' '))).sort();

/** The folder `lab/record-sos` writes node 2's healthy report to, beside one folder per recorded kind. */
export const PEER_REPORT = 'node2-healthy';

/** The kinds recorded in `dir` (lab/record-sos), with a test that each has its expectation and each expectation its recording. */
export function recordedKinds(dir: string, expected: Record<string, unknown>): string[] {
  const kinds = readdirSync(dir).filter((d) => d !== PEER_REPORT).sort();
  it('every recorded kind has its expectation here, and every expectation its recording', () => expect(kinds).toEqual(Object.keys(expected).sort()));
  return kinds;
}

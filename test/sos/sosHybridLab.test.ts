// REAL sosreports of the ML2/OVS lab with the iptables_hybrid firewall (LAB_FIREWALL=iptables_hybrid lab/up.sh, then
// LAB_RECORD_DIR=test/fixtures/sos/hybrid lab/record-sos healthy KIND…): the instances' br-int device is qvo…
// (tap - qbr - qvb/qvo), so the faults on it land on the qvo end. Node 1's report per kind, node 2's healthy one, the
// live scan and the API part of the same moment (test/fixtures/sos/README.txt).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { readSosSnapshot } from '../../src/collect/sos/sosSnapshot.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import type { ScanReport } from '../../src/model/scanModel.js';
import { archiveIn, findingsOf, instanceVifLines, isWalkFinding, PEER_REPORT, recordedKinds, SOS_FIXTURES } from './_fixtures.js';

const HYBRID = join(SOS_FIXTURES, 'hybrid');
const PEER = PEER_REPORT;
const NODE1 = 'nxlab-node1';
const reportsOf = (kind: string) => [archiveIn(join(HYBRID, kind)), archiveIn(join(HYBRID, PEER))];
const liveOf = (kind: string) => JSON.parse(readFileSync(join(HYBRID, kind, 'live-scan.json'), 'utf8')) as ScanReport;
const apiOf = (kind: string) => JSON.parse(readFileSync(join(HYBRID, kind, 'api-snapshot.json'), 'utf8')) as CloudSnapshot;

/** kind → the finding it gives on node 1, and what the reports alone lack when they cannot give it (docs/lab.md). */
const EXPECTED: Record<string, { id: string; needs?: string } | null> = {
  healthy: null,
  'tag-mismatch': { id: 'tag-mismatch' },
  'tap-admin-down': { id: 'device-down' },
  'mtu-mismatch': { id: 'mtu-mismatch', needs: "the network's MTU" },
};

describe('scan --sos on real sosreports of the iptables_hybrid lab', () => {
  const kinds = recordedKinds(HYBRID, EXPECTED);

  it('healthy: every instance VIF attributed as the live scan does, on the hybrid path (tap, qbr, qvb, qvo with their OpenFlow port numbers)', async () => {
    const live = liveOf('healthy');
    const offline = analyseScan(await readSosSnapshot(reportsOf('healthy')));
    expect(instanceVifLines(live).length).toBeGreaterThan(4);
    expect(instanceVifLines(offline)).toEqual(instanceVifLines(live));
    const paths = (r: ScanReport) => r.instances.flatMap((i) => i.interfaces.map((f) => `${f.portId} ${f.path.map((h) => `${h.name}[${h.ofport ?? ''}]`).join(' ')}`)).sort();
    expect(paths(offline)).toEqual(paths(live));
    expect(paths(offline).filter((p) => / qvo\S+\[\d+\]/.test(p) && / qbr/.test(p)).length).toBeGreaterThan(0);
    expect(findingsOf(offline).filter((f) => !findingsOf(live).includes(f))).toEqual([]);
  });

  for (const kind of kinds.filter((k) => EXPECTED[k])) {
    const { id, needs } = EXPECTED[kind]!;
    const onNode1 = (findings: string[]) => findings.filter((f) => f.startsWith(`${id} ${NODE1} `));

    it(`${kind}: the reports alone give ${needs ? `no ${id} (it needs ${needs})` : `${id} on ${NODE1}`}, and nothing the live scan of that moment does not`, async () => {
      const offline = findingsOf(analyseScan(await readSosSnapshot(reportsOf(kind))));
      if (needs) expect(onNode1(offline)).toEqual([]);
      else expect(onNode1(offline).length).toBeGreaterThan(0);
      expect(offline.filter((f) => !findingsOf(liveOf(kind)).includes(f))).toEqual([]);
    }, 120_000);

    it(`${kind}: joined with the API part of that moment, ${id} on ${NODE1} and every finding of the live scan but its walks'`, async () => {
      const joined = findingsOf(analyseScan(await readSosSnapshot(reportsOf(kind), apiOf(kind))));
      expect(onNode1(joined).length).toBeGreaterThan(0);
      expect([...new Set(joined)].sort()).toEqual([...new Set(findingsOf(liveOf(kind)).filter((f) => !isWalkFinding(f)))].sort());
    }, 120_000);
  }
});

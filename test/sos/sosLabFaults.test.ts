// Host findings from REAL sosreports taken on the ML2/OVS lab while a lab/fault kind was in place (`lab/record-sos`:
// node 1's report with the fault in, node 2's healthy report of the same lab start), compared with the live scan
// (API + SSH) taken at the same moment. No edit of any report: what `sos report` wrote is what is read.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { readSosSnapshot } from '../../src/collect/sos/sosSnapshot.js';
import { SOS_FIXTURES } from './_fixtures.js';

const FAULTS = join(SOS_FIXTURES, 'faults');
const PEER = 'node2-healthy';
const archiveIn = (dir: string) => join(FAULTS, dir, readdirSync(join(FAULTS, dir)).find((f) => f.endsWith('.tar.xz'))!);

/** kind -> the host finding node 1's report must give on its own (what lab/fault changed there, see docs/lab.md) */
const EXPECTED: Record<string, { id: string; host: string }> = {
  'dead-vlan': { id: 'dead-vlan', host: 'nxlab-node1' },
  'no-iface-id': { id: 'unmanaged-port', host: 'nxlab-node1' },
  'tunnel-port': { id: 'tunnel-port-missing', host: 'nxlab-node1' },
  'flow-br-tun': { id: 'egress-flow-missing', host: 'nxlab-node1' },
};

interface ScanLike { instances: { findings: { id: string; severity: string; host?: string; portId?: string }[] }[] }
/** "id host port" of every warning and error of a scan report */
const findingsOf = (r: ScanLike) =>
  r.instances.flatMap((i) => i.findings.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.host ?? '-'} ${f.portId ?? '-'}`));

describe('host findings from real sosreports taken during lab faults (lab/record-sos)', () => {
  const kinds = readdirSync(FAULTS).filter((d) => d !== PEER).sort();

  it('every recorded kind has its expected finding here, and every expectation its recording', () => {
    expect(kinds).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const kind of kinds) {
    it(`${kind}: the report gives ${EXPECTED[kind]?.id} on ${EXPECTED[kind]?.host}, and nothing the live scan of that moment does not`, async () => {
      const offline = findingsOf(analyseScan(await readSosSnapshot([archiveIn(kind), archiveIn(PEER)])));
      const live = findingsOf(JSON.parse(readFileSync(join(FAULTS, kind, 'live-scan.json'), 'utf8')) as ScanLike);
      const { id, host } = EXPECTED[kind];
      expect(offline.filter((f) => f.startsWith(`${id} ${host} `)).length).toBeGreaterThan(0);
      // offline sees less (no API), never something else
      expect(offline.filter((f) => !live.includes(f))).toEqual([]);
    }, 120_000);
  }
});

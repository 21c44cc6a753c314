// Host findings from REAL sosreports taken on the ML2/OVS lab while a lab/fault kind was in place (`lab/record-sos`:
// node 1's report with the fault in, node 2's healthy report of the same lab start), compared with the live scan
// (API + SSH) taken at the same moment, alone and joined with the API part of that moment (`scan --no-hosts --save`,
// what `--sos … --from` reads). No edit of any report: what `sos report` wrote is what is read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { readSosSnapshot } from '../../src/collect/sos/sosSnapshot.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { archiveIn as archiveInDir, findingsOf, isWalkFinding, PEER_REPORT, recordedKinds, SOS_FIXTURES } from './_fixtures.js';

const FAULTS = join(SOS_FIXTURES, 'faults');
const PEER = PEER_REPORT;
const NODE1 = 'nxlab-node1';
const archiveIn = (dir: string) => archiveInDir(join(FAULTS, dir));

/**
 * kind -> the host finding it gives on node 1 (what lab/fault changed there, see docs/lab.md), and whether node 1's
 * report gives it with no API at all. Where it cannot, `needs` says what is missing: the lab keeps its agent config
 * outside /etc/neutron (README.txt), so its reports hold no bridge_mappings or local_ip, and a network's MTU is the API's.
 */
const EXPECTED: Record<string, { id: string; needs?: string }> = {
  'dead-vlan': { id: 'dead-vlan' },
  'no-iface-id': { id: 'unmanaged-port' },
  'tunnel-port': { id: 'tunnel-port-missing' },
  'flow-br-tun': { id: 'egress-flow-missing' },
  'tag-mismatch': { id: 'tag-mismatch' },
  'flow-br-int': { id: 'ingress-flow-missing' },
  'patch-port-deleted': { id: 'patch-port-missing', needs: "the agent's bridge_mappings (which physnet needs int-br-ex)" },
  'patch-peer-wrong': { id: 'patch-peer-mismatch' },
  'tunnel-remote-ip-wrong': { id: 'tunnel-remote-ip-wrong', needs: "the peer agent's tunnel IP" },
  'mtu-mismatch': { id: 'mtu-mismatch', needs: "the network's MTU" },
};
describe('host findings from real sosreports taken during lab faults (lab/record-sos)', () => {
  const kinds = recordedKinds(FAULTS, EXPECTED);

  it("every br-int VIF of every report is attributed to a port the API of that moment knows, bound to that host (but dead-vlan's), or not understood with the reason (only no-iface-id's port)", async () => {
    for (const kind of kinds) {
      const api = JSON.parse(readFileSync(join(FAULTS, kind, 'api-snapshot.json'), 'utf8')) as CloudSnapshot;
      const boundHost = new Map(api.api.ports.map((p) => [String(p.id), String(p['binding:host_id'])]));
      const reports = analyseScan(await readSosSnapshot([archiveIn(kind), archiveIn(PEER)])).offline!.reports;
      for (const r of reports) {
        expect(r.vifs!.attributed.length, `${kind} ${r.host}`).toBeGreaterThan(2);
        expect(r.vifs!.attributed.filter((id) => !boundHost.has(id)), `${kind} ${r.host}`).toEqual([]);
        // dead-vlan's fault is a tap whose port Neutron binds to the other node (a failed migration): the host cannot know.
        const elsewhere = r.vifs!.attributed.filter((id) => boundHost.get(id) !== r.host);
        expect(elsewhere.length, `${kind} ${r.host}`).toBe(kind === 'dead-vlan' && r.host === NODE1 ? 1 : 0);
      }
      const notUnderstood = reports.flatMap((r) => r.vifs!.notUnderstood.map((v) => `${r.host} ${v.device} ${v.reason.split(':')[0]}`));
      expect(notUnderstood, kind).toEqual(kind === 'no-iface-id' ? [`${NODE1} tap-nxlab-noid no external_ids`] : []);
    }
  }, 240_000);

  for (const kind of kinds) {
    const { id, needs } = EXPECTED[kind] ?? { id: '?' };
    const live = () => findingsOf(JSON.parse(readFileSync(join(FAULTS, kind, 'live-scan.json'), 'utf8')));
    const onNode1 = (findings: string[]) => findings.filter((f) => f.startsWith(`${id} ${NODE1} `));

    it(`${kind}: the reports alone give ${needs ? `no ${id} (it needs ${needs})` : `${id} on ${NODE1}`}, and nothing the live scan of that moment does not`, async () => {
      const offline = findingsOf(analyseScan(await readSosSnapshot([archiveIn(kind), archiveIn(PEER)])));
      if (needs) expect(onNode1(offline)).toEqual([]);
      else expect(onNode1(offline).length).toBeGreaterThan(0);
      // offline sees less (no API), never something else
      expect(offline.filter((f) => !live().includes(f))).toEqual([]);
    }, 120_000);

    it(`${kind}: joined with the API part of that moment, the reports give ${id} on ${NODE1} and every finding of the live scan but its walks'`, async () => {
      const api = JSON.parse(readFileSync(join(FAULTS, kind, 'api-snapshot.json'), 'utf8')) as CloudSnapshot;
      const joined = findingsOf(analyseScan(await readSosSnapshot([archiveIn(kind), archiveIn(PEER)], api)));
      expect(onNode1(joined).length).toBeGreaterThan(0);
      expect([...new Set(joined)].sort()).toEqual([...new Set(live().filter((f) => !isWalkFinding(f)))].sort());
    }, 120_000);
  }
});

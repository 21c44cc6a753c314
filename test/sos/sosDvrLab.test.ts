// REAL sosreports of the healthy DVR lab (LAB_DVR=1 lab/up.sh, then `lab/record-sos healthy`: node 2's report in its
// own view of /run/netns, node 1's, the live scan and the API part of the same moment), read as `scan --sos` would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { readSosSnapshot } from '../../src/collect/sos/sosSnapshot.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import type { ScanReport } from '../../src/model/scanModel.js';
import { archiveIn, findingsOf, instanceVifLines, isWalkFinding, SOS_FIXTURES } from './_fixtures.js';

const DVR = join(SOS_FIXTURES, 'dvr');
const ARCHIVES = [archiveIn(join(DVR, 'healthy')), archiveIn(join(DVR, 'node2-healthy'))];
const live = JSON.parse(readFileSync(join(DVR, 'healthy', 'live-scan.json'), 'utf8')) as ScanReport;
const api = JSON.parse(readFileSync(join(DVR, 'healthy', 'api-snapshot.json'), 'utf8')) as CloudSnapshot;

const vifs = instanceVifLines;

describe('scan --sos on real sosreports of the DVR lab', () => {
  let offline: CloudSnapshot;
  beforeAll(async () => {
    offline = await readSosSnapshot(ARCHIVES);
  });

  it('attributes every instance VIF as the live scan does (port, MAC, host, local VLAN, network, type, segmentation id)', () => {
    expect(vifs(live).length).toBeGreaterThan(4);
    expect(vifs(analyseScan(offline))).toEqual(vifs(live));
  });

  it("lists each node's own DVR namespaces: qrouter- and fip- on both, snat- only on node 1 (the dvr_snat node)", () => {
    const router = api.api.routers[0].id as string;
    const external = api.api.networks.find((n) => n['router:external'] === true)?.id as string;
    const namespaces = Object.fromEntries((offline.offline?.reports ?? []).map((r) => [r.host, r.namespaces]));
    expect(namespaces['nxlab-node1']).toEqual(expect.arrayContaining([`qrouter-${router}`, `fip-${external}`, `snat-${router}`]));
    expect(namespaces['nxlab-node2']).toEqual(expect.arrayContaining([`qrouter-${router}`, `fip-${external}`]));
    expect(namespaces['nxlab-node2']).not.toContain(`snat-${router}`);
  });

  it('alone: no finding the live scan does not have', () => {
    expect(findingsOf(analyseScan(offline)).filter((f) => !findingsOf(live).includes(f))).toEqual([]);
  });

  it("joined with the API part of that moment: exactly the live scan's findings but the packet walks'", async () => {
    const joined = findingsOf(analyseScan(await readSosSnapshot(ARCHIVES, api)));
    expect([...new Set(joined)].sort()).toEqual([...new Set(findingsOf(live).filter((f) => !isWalkFinding(f)))].sort());
  });
});

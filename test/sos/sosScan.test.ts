// `scan --sos` on the two real sosreports of the healthy ML2/OVS lab (test/fixtures/sos/README.txt), compared per VIF
// with the live scan of the same lab state (API + SSH): live-scan-snapshot.json / live-scan.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { readSosSnapshot } from '../../src/collect/sos/sosSnapshot.js';
import type { ApiObject, CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import type { ScanReport } from '../../src/model/scanModel.js';
import { SOS_ARCHIVES, SOS_FIXTURES } from './_fixtures.js';

const FIXTURES = SOS_FIXTURES;
const truthSnapshot = JSON.parse(readFileSync(join(FIXTURES, 'live-scan-snapshot.json'), 'utf8')) as CloudSnapshot;
const truthScan = JSON.parse(readFileSync(join(FIXTURES, 'live-scan.json'), 'utf8')) as ScanReport;
const truthPort = (id: string) => truthSnapshot.api.ports.find((p) => p.id === id) as ApiObject;
const truthNetwork = (id: string) => truthSnapshot.api.networks.find((n) => n.id === id) as ApiObject;

describe('scan --sos on the real lab sosreports (no API)', () => {
  let snapshot: CloudSnapshot;
  let report: ScanReport;
  beforeAll(async () => {
    snapshot = await readSosSnapshot(SOS_ARCHIVES);
    report = analyseScan(snapshot);
  });

  it('reads one host per archive, named as the archive says, with nothing missing', () => {
    expect(snapshot.hosts.map((h) => h.host)).toEqual(['nxlab-node1', 'nxlab-node2']);
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.offline?.reports.map((r) => r.sosVersion)).toEqual(['4.0', '4.0']);
    // The lab's agent config lives outside /etc/neutron: the reports hold none, and say so.
    expect(snapshot.offline?.reports.map((r) => r.agentConfig)).toEqual([null, null]);
  });

  it('attributes every instance VIF exactly as the live scan: port id, MAC, host, local VLAN, network type, segmentation id, physnet', () => {
    const live = truthScan.instances.flatMap((i) => i.interfaces.map((f) => ({ instance: i.id, ...f })));
    const offline = report.instances.flatMap((i) => i.interfaces.map((f) => ({ instance: i.id, ...f })));
    expect(live.length).toBe(5);
    expect(offline.map((f) => f.portId).sort()).toEqual(live.map((f) => f.portId).sort());
    for (const l of live) {
      const o = offline.find((f) => f.portId === l.portId)!;
      expect(o.instance).toBe(l.instance); // vm-uuid = the Nova instance id
      expect(o.mac).toBe(l.mac);
      expect(o.host).toBe(l.host);
      expect(o.localVlan).toBe(l.localVlan);
      expect(o.network.id).toBe(l.network.id);
      expect(o.network.type).toBe(l.network.type);
      expect(o.network.segmentationId).toBe(l.network.segmentationId);
      expect(o.pathFacts?.network.physicalNetwork ?? null).toBe(truthNetwork(l.network.id)['provider:physical_network'] ?? null);
      expect(o.egress).toEqual(l.egress);
      expect(o.path.map((h) => [h.name, h.ofport])).toEqual(l.path.map((h) => [h.name, h.ofport]));
    }
  });

  it('every VIF with an iface-id on br-int becomes a port, the DHCP and router ports included, matching the API', () => {
    expect(analyseTrace(snapshot, report.instances[0].id).offline?.api).toBe('derived-from-hosts');
    const bound = truthSnapshot.api.ports.filter((p) => p['binding:host_id']);
    for (const t of bound) {
      const r = analyseTrace(snapshot, String(t.id));
      const i = r.interfaces[0];
      expect([i.port.id, i.port.mac, i.host, i.port.deviceOwner.split(':')[0]]).toEqual([t.id, t.mac_address, t['binding:host_id'], String(t.device_owner).split(':')[0]]);
      expect(i.network.id).toBe(t.network_id);
      expect(truthPort(String(t.id))).toBeDefined();
    }
  });

  it('finds nothing wrong on the healthy lab (not proven: no walk offline), and says which answers need the API', () => {
    expect(Object.keys(report.summary.countsByFinding)).toEqual(['auto-walk-not-run']);
    expect(report.summary.verdict).toBe('unverified');
    expect(report.offline?.absent.length).toBeGreaterThan(3);
    expect(report.offline?.absent.join(' ')).toMatch(/IP addresses/);
  });
});

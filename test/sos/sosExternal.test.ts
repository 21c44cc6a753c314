// A sosreport from another cloud than the lab: the files netxray reads of a real Ubuntu 20.04 / OVS 2.13.3 DVR compute
// node, from canonical/hotsos's test data (test/fixtures/sos/external/hotsos-openstack/README.txt). The truth is what
// the report's own files say, read here with plain text matching, not with netxray's parsers.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { parseOvsdbList } from '../../src/analyse/trace/ovsdb.js';
import { readSosSnapshot } from '../../src/collect/sos/sosSnapshot.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import { HOST_OUTPUT } from '../../src/model/hostOutputIds.js';
import { offlineTextLines } from '../../src/render/offlineText.js';
import { SOS_FIXTURES } from './_fixtures.js';

const REPORT = join(SOS_FIXTURES, 'external', 'hotsos-openstack');
const OVS = join(REPORT, 'sos_commands', 'openvswitch');
const dumpText = readFileSync(join(OVS, 'ovsdb-client_-f_list_dump'), 'utf8');

/** The records of one table of the `ovsdb-client -f list dump` text: column → its value as printed. */
function records(table: string, text = dumpText): Map<string, string>[] {
  const section = text.split(/^(\w+) table$/m);
  const body = section[section.indexOf(table) + 1] ?? '';
  return body
    .split(/\n\n+/)
    .filter((r) => r.includes('_uuid'))
    .map((r) => new Map(r.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()])));
}
/** `key=value` or `key="value"` inside a printed map. */
const mapValue = (printed: string | undefined, key: string) => new RegExp(`(?:^|[{ ])${key}="?([^",}]*)"?`).exec(printed ?? '')?.[1];

const interfaces = records('Interface');
const ports = records('Port');
const brInt = records('Bridge').find((b) => b.get('name') === 'br-int')!;
const brIntPortNames = ports.filter((p) => brInt.get('ports')!.includes(p.get('_uuid')!)).map((p) => p.get('name')!);
/** The VIFs as the file says: every Interface on br-int with an iface-id. */
const truthVifs = interfaces
  .filter((i) => brIntPortNames.includes(i.get('name')!) && mapValue(i.get('external_ids'), 'iface-id'))
  .map((i) => {
    const port = ports.find((p) => p.get('name') === i.get('name'))!;
    const oc = port.get('other_config');
    const none = (v: string | undefined) => (v === undefined || v === 'None' ? null : v);
    return {
      device: i.get('name')!,
      portId: mapValue(i.get('external_ids'), 'iface-id')!,
      mac: mapValue(i.get('external_ids'), 'attached-mac')!,
      vm: mapValue(i.get('external_ids'), 'vm-id') ?? null,
      tag: Number(port.get('tag')),
      network: mapValue(oc, 'net_uuid')!,
      type: mapValue(oc, 'network_type')!,
      segment: none(mapValue(oc, 'segmentation_id')) === null ? null : Number(mapValue(oc, 'segmentation_id')),
      physnet: none(mapValue(oc, 'physical_network')),
    };
  });

describe('scan/trace --sos on a report of another cloud (hotsos: Ubuntu 20.04, OVS 2.13.3, DVR compute)', () => {
  let snapshot: CloudSnapshot;
  beforeAll(async () => {
    snapshot = await readSosSnapshot([REPORT]);
  });

  it('parses every OVSDB table it reads, row for row, and takes each bridge’s flows and port map from the renderings present', () => {
    expect(snapshot.hosts.map((h) => h.host)).toEqual(['compute4']);
    expect(snapshot.problems).toEqual([]);
    const out = (id: string) => snapshot.hosts[0].outputs.find((o) => o.id === id);
    for (const [id, table] of [[HOST_OUTPUT.ovsdbBridge, 'Bridge'], [HOST_OUTPUT.ovsdbPort, 'Port'], [HOST_OUTPUT.ovsdbInterface, 'Interface'], [HOST_OUTPUT.ovsdbOpenVswitch, 'Open_vSwitch']] as const) {
      expect(out(id)?.exitCode, table).toBe(0);
      const rows = parseOvsdbList(out(id)!.stdout);
      expect(rows.map((r) => r._uuid).sort(), table).toEqual(records(table).map((r) => r.get('_uuid')).sort());
    }
    // The report has plain dump-flows for every bridge, and `show` only as -O OpenFlow13 (no plain rendering).
    for (const bridge of ['br-int', 'br-tun', 'br-data', 'br-ex']) {
      expect(out(HOST_OUTPUT.flows(bridge))?.stdout).toBe(readFileSync(join(OVS, `ovs-ofctl_dump-flows_${bridge}`), 'utf8'));
    }
    for (const bridge of ['br-int', 'br-tun', 'br-data']) {
      expect(out(HOST_OUTPUT.ofctlShow(bridge))?.command).toBe(`sosreport sos_commands/openvswitch/ovs-ofctl_-O_OpenFlow13_show_${bridge}`);
    }
    // No link listing is kept: the links come from the address listing, so no output is missing.
    expect(out(HOST_OUTPUT.ipLink)?.command).toBe('sosreport sos_commands/networking/ip_-d_address');
    const report = analyseScan(snapshot);
    expect(report.instances.flatMap((i) => i.findings.map((f) => f.id))).not.toContain('ovs-data-missing');
  });

  it('attributes every br-int VIF with an iface-id and leaves none not understood', () => {
    expect(truthVifs.length).toBe(6);
    const note = analyseScan(snapshot).offline!.reports[0];
    expect(note.vifs?.bridge).toBe('br-int');
    expect([...note.vifs!.attributed].sort()).toEqual(truthVifs.map((v) => v.portId).sort());
    expect(note.vifs?.notUnderstood).toEqual([]);
    expect(note.ovsVersion).toBe(records('Open_vSwitch')[0].get('ovs_version')!.replace(/"/g, ''));
    expect(note.agentConfigFiles).toEqual(['etc/neutron/plugins/ml2/openvswitch_agent.ini']);
    expect(offlineTextLines(analyseScan(snapshot).offline).join('\n')).toMatch(/VIFs on br-int: 6 attributed/);
  });

  it('traces each VIF with the port id, MAC, local VLAN, network, type, segmentation id and physnet its Interface and Port rows record', () => {
    const show = readFileSync(join(OVS, 'ovs-ofctl_-O_OpenFlow13_show_br-int'), 'utf8');
    for (const v of truthVifs) {
      const i = analyseTrace(snapshot, v.portId).interfaces[0];
      expect([i.port.id, i.port.mac, i.host, i.localSegment?.id], v.device).toEqual([v.portId, v.mac, 'compute4', v.tag]);
      expect([i.network.id, i.network.type, i.network.segmentationId, i.network.physicalNetwork], v.device).toEqual([v.network, v.type, v.segment, v.physnet]);
      // Its OpenFlow port number as the OpenFlow 1.3 rendering of `ovs-ofctl show` prints it.
      expect(`${i.hops.find((h) => h.device === v.device)?.portNumber}`, v.device).toBe(new RegExp(`^ (\\d+)\\(${v.device}\\)`, 'm').exec(show)?.[1]);
    }
  });

  it('names router and DVR ports by their device prefix, and the instance by the vm-id the report records', () => {
    const owner = (prefix: string) => analyseTrace(snapshot, truthVifs.find((v) => v.device.startsWith(prefix))!.portId).interfaces[0].port.deviceOwner;
    expect(['qr-', 'qg-', 'sg-', 'fg-', 'ha-'].map(owner)).toEqual(['network:router_interface', 'network:router_gateway', 'network:router_centralized_snat', 'network:floatingip_agent_gateway', 'network:router_ha_interface']);
    const vm = truthVifs.find((v) => v.vm)!;
    const scan = analyseScan(snapshot);
    expect(scan.instances.map((i) => [i.id, i.interfaces.map((f) => f.portId)])).toEqual([[vm.vm, [vm.portId]]]);
  });

  it("reads the instance's tunnel treatment from br-tun: its VNI, out through the vxlan ports to their remote_ip", () => {
    const vm = truthVifs.find((v) => v.vm)!;
    const remoteIps = interfaces.filter((i) => i.get('type') === 'vxlan').map((i) => mapValue(i.get('options'), 'remote_ip'));
    const exit = analyseTrace(snapshot, vm.vm!).interfaces[0].exit;
    expect(exit).toMatchObject({ action: 'tunnel', tunnelType: 'vxlan', tunnelId: vm.segment });
    expect((exit as { remotes: { ip: string }[] }).remotes.map((r) => r.ip).sort()).toEqual(remoteIps.sort());
  });
});

describe('reports netxray does not fully understand say so, port by port (SYNTHETIC edits of a copy of that report)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netxray-sos-external-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const copyWith = (name: string, edit: (dump: string) => string) => {
    const copy = join(dir, name);
    cpSync(REPORT, copy, { recursive: true });
    const file = join(copy, 'sos_commands', 'openvswitch', 'ovsdb-client_-f_list_dump');
    const edited = edit(readFileSync(file, 'utf8'));
    expect(edited).not.toBe(dumpText);
    writeFileSync(file, edited);
    return copy;
  };

  it('with only the OpenFlow 1.3 rendering of br-tun (the plain dump removed from a copy), the same tunnel treatment: push_vlan/set_field/pop_vlan read as mod_vlan_vid/strip_vlan', async () => {
    const copy = join(dir, 'of13');
    cpSync(REPORT, copy, { recursive: true });
    rmSync(join(copy, 'sos_commands', 'openvswitch', 'ovs-ofctl_dump-flows_br-tun'));
    const [plain, of13] = [await readSosSnapshot([REPORT]), await readSosSnapshot([copy])];
    expect(of13.hosts[0].outputs.find((o) => o.id === HOST_OUTPUT.flows('br-tun'))?.stdout).toMatch(/^OFPST_FLOW reply \(OF1\.3\)/);
    const vm = truthVifs.find((v) => v.vm)!;
    const treatment = (snapshot: CloudSnapshot) => {
      const i = analyseTrace(snapshot, vm.vm!).interfaces[0];
      return { exit: i.exit, localSegment: i.localSegment, findings: analyseTrace(snapshot, vm.vm!).findings.map((f) => f.id) };
    };
    expect(treatment(of13)).toEqual(treatment(plain));
    expect(treatment(of13).exit).toMatchObject({ action: 'tunnel', tunnelId: vm.segment });
  });

  it('an ML2/OVN chassis (SYNTHETIC: ovn-remote added to Open_vSwitch external_ids): every VIF not understood, none traced as ML2/OVS', async () => {
    const copy = copyWith('ovn', (d) => d.replace('external_ids        : {hostname=compute4.mylab.home,', 'external_ids        : {hostname=compute4.mylab.home, ovn-remote="tcp:10.0.0.10:6642",'));
    const snapshot = await readSosSnapshot([copy]);
    const scan = analyseScan(snapshot);
    const vifs = scan.offline!.reports[0].vifs!;
    expect(vifs.attributed).toEqual([]);
    expect(vifs.notUnderstood.map((v) => v.portId).sort()).toEqual(truthVifs.map((v) => v.portId).sort());
    expect(new Set(vifs.notUnderstood.map((v) => v.reason.split(':')[0]))).toEqual(new Set(['ML2/OVN chassis (Open_vSwitch external_ids ovn-remote)']));
    expect(scan.instances).toEqual([]);
    expect(() => analyseTrace(snapshot, truthVifs[0].portId)).toThrow(/does not understand it: ML2\/OVN chassis/);
  });

  it('a port the agent has not wired (SYNTHETIC: net_uuid removed from its other_config): that one not understood, the rest attributed', async () => {
    const tap = truthVifs.find((v) => v.vm)!;
    const copy = copyWith('unwired', (d) => d.replace(`other_config        : {net_uuid="${tap.network}", network_type=vxlan, physical_network=None, segmentation_id="${tap.segment}", tag="${tap.tag}"}\nprotected           : false\nqos                 : []\nrstp_statistics     : {}\nrstp_status         : {}\nstatistics          : {}\nstatus              : {}\ntag                 : ${tap.tag}\ntrunks              : []\nvlan_mode           : []\n\n_uuid               : e61a550a`, `other_config        : {}\nprotected           : false\nqos                 : []\nrstp_statistics     : {}\nrstp_status         : {}\nstatistics          : {}\nstatus              : {}\ntag                 : ${tap.tag}\ntrunks              : []\nvlan_mode           : []\n\n_uuid               : e61a550a`));
    const snapshot = await readSosSnapshot([copy]);
    const vifs = analyseScan(snapshot).offline!.reports[0].vifs!;
    expect(vifs.attributed.length).toBe(truthVifs.length - 1);
    expect(vifs.notUnderstood).toEqual([{ device: tap.device, portId: tap.portId, reason: expect.stringMatching(/no net_uuid/) }]);
    // Still traced (port, MAC, host), with no network guessed.
    const i = analyseTrace(snapshot, tap.portId).interfaces[0];
    expect([i.port.id, i.port.mac, i.host, i.network.id || null, i.network.type ?? null]).toEqual([tap.portId, tap.mac, 'compute4', null, null]);
  });
});

// Damaged and edited copies of the real lab sosreports (test/fixtures/sos): a truncated archive, a .tar.gz, an
// unpacked directory with the lab's real agent config and Debian's example config added, and an injected fault.
// Every copy is made in a temp folder removed after the tests; the fault is a SYNTHETIC edit of a real report.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { readSosSnapshot } from '../../src/collect/sos/sosSnapshot.js';
import { parseOvsdbListText } from '../../src/collect/sos/ovsdbListText.js';
import { parseListening } from '../../src/analyse/trace/listening.js';
import { SOS_ARCHIVES } from './_fixtures.js';

const CONFIG = join(__dirname, '..', 'fixtures', 'sos', 'config');
let dir: string;
let node1: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nx-sos-'));
  execFileSync('tar', ['-xJf', SOS_ARCHIVES[0], '-C', dir]);
  node1 = join(dir, 'sosreport-nxlab-node1-healthy-2026-12-05-xnrvtuj');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sosreport robustness', () => {
  it('a truncated .tar.xz gives a problem and the files before the cut, never a crash', async () => {
    const cut = join(dir, 'cut.tar.xz');
    writeFileSync(cut, readFileSync(SOS_ARCHIVES[0]).subarray(0, 60_000));
    const snapshot = await readSosSnapshot([cut, SOS_ARCHIVES[1]]);
    expect(snapshot.problems.some((p) => p.host === 'nxlab-node1' && /truncated or corrupt/.test(p.message))).toBe(true);
    const report = analyseScan(snapshot);
    // node2's instances are still traced in full
    expect(report.instances.filter((i) => i.host === 'nxlab-node2').length).toBe(2);
  });

  it('garbage named .tar.gz is a one-line bad-input error', async () => {
    const bad = join(dir, 'bad.tar.gz');
    writeFileSync(bad, 'not an archive');
    await expect(readSosSnapshot([bad])).rejects.toThrow(/no sosreport files could be read/);
  });

  it('reads a .tar.gz and an unpacked directory like the .tar.xz', async () => {
    const gz = join(dir, 'node1.tar.gz');
    execFileSync('tar', ['-czf', gz, '-C', dir, 'sosreport-nxlab-node1-healthy-2026-12-05-xnrvtuj']);
    const fromXz = await readSosSnapshot([SOS_ARCHIVES[0]]);
    const fromGz = await readSosSnapshot([gz]);
    const fromDir = await readSosSnapshot([node1]);
    const byId = (s: typeof fromXz) => [...s.hosts[0].outputs].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(fromGz)).toEqual(byId(fromXz));
    expect(byId(fromDir)).toEqual(byId(fromXz));
  });

  it("reads the agent settings from etc/neutron (the lab's real ovs_agent.ini, and Debian's neutron-common example file)", async () => {
    const copy = join(dir, 'with-config');
    cpSync(node1, copy, { recursive: true });
    mkdirSync(join(copy, 'etc/neutron/plugins/ml2'), { recursive: true });
    cpSync(join(CONFIG, 'lab-ovs_agent.ini'), join(copy, 'etc/neutron/plugins/ml2/openvswitch_agent.ini'));
    cpSync(join(CONFIG, 'lab-l3_agent.ini'), join(copy, 'etc/neutron/l3_agent.ini'));
    const report = (await readSosSnapshot([copy])).offline!.reports[0];
    expect(report.agentConfig?.configurations).toEqual({
      bridge_mappings: { physnet1: 'br-ex' },
      integration_bridge: 'br-int',
      tunneling_ip: '127.0.0.1',
      datapath_type: 'netdev',
      tunnel_types: ['vxlan'],
      l2_population: false,
      arp_responder_enabled: false,
      ovs_hybrid_plug: false,
    });
    expect(report.agentConfig?.l3AgentMode).toBe('legacy');
    cpSync(join(CONFIG, 'debian-openvswitch_agent.ini'), join(copy, 'etc/neutron/plugins/ml2/openvswitch_agent.ini'));
    // Debian's file leaves everything commented but these four (its packaging's defaults).
    expect((await readSosSnapshot([copy])).offline!.reports[0].agentConfig?.configurations).toEqual({ integration_bridge: 'br-int', bridge_mappings: { external: 'br-ex' }, tunnel_types: ['vxlan'], ovs_hybrid_plug: false });
  });

  it('a tag changed by hand (SYNTHETIC edit of the Port table) is a tag-mismatch from the reports alone', async () => {
    const copy = join(dir, 'tag-fault');
    cpSync(node1, copy, { recursive: true });
    const dumpFile = join(copy, 'sos_commands/openvswitch/ovsdb-client_-f_list_dump');
    const dump = readFileSync(dumpFile, 'utf8');
    // vm1's port tap4529c151-d5 has tag 2 (other_config tag "2"): set the Port's tag to 7 only.
    const record = dump.split('\n\n').find((r) => /^name\s+: "?tap4529c151-d5"?$/m.test(r) && /^tag\s+: 2$/m.test(r));
    expect(record).toBeDefined();
    writeFileSync(dumpFile, dump.replace(record!, record!.replace(/^tag(\s+): 2$/m, 'tag$1: 7')));
    const report = analyseScan(await readSosSnapshot([copy, SOS_ARCHIVES[1]]));
    const vm1 = report.instances.find((i) => i.interfaces.some((f) => f.portId.startsWith('4529c151')))!;
    expect(vm1.findings.map((f) => f.id)).toContain('tag-mismatch');
  });

  it("reads package versions from the report's dpkg list (this machine's real `dpkg -l`)", async () => {
    const copy = join(dir, 'with-packages');
    cpSync(node1, copy, { recursive: true });
    mkdirSync(join(copy, 'sos_commands/dpkg'), { recursive: true });
    writeFileSync(join(copy, 'sos_commands/dpkg/dpkg_-l'), execFileSync('dpkg', ['-l'], { encoding: 'utf8' }));
    const packages = (await readSosSnapshot([copy])).offline!.reports[0].packages;
    expect(packages['python3-neutron']).toBe(execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'python3-neutron'], { encoding: 'utf8' }));
    expect(Object.keys(packages).every((p) => /openvswitch|neutron|sos/.test(p))).toBe(true);
  });

  it("maps a namespace's netstat listening sockets to what ss -ltnp gives (dnsmasq in the real qdhcp namespace)", async () => {
    const host = (await readSosSnapshot([node1])).hosts[0];
    const listen = host.outputs.find((o) => o.id === 'netns-listen:qdhcp-4465d28f-56bf-4836-a664-1353cc79024c')!;
    expect(parseListening(listen.stdout)).toContainEqual({ address: '127.0.0.1', port: 53, process: 'dnsmasq' });
    expect(parseListening(listen.stdout)).toContainEqual({ address: '::1', port: 53, process: 'dnsmasq' });
  });

  it('parses OVSDB text values: sets, maps, quoted strings, numbers', () => {
    const t = parseOvsdbListText('name                : "tap1"\ntag                 : []\nofport              : 5\nexternal_ids        : {attached-mac="fa:16:3e:00:00:01", iface-status=active}\ntrunks              : [1, 2]\n');
    expect(t.headings).toEqual(['name', 'tag', 'ofport', 'external_ids', 'trunks']);
    expect(t.data[0]).toEqual(['tap1', ['set', []], 5, ['map', [['attached-mac', 'fa:16:3e:00:00:01'], ['iface-status', 'active']]], ['set', [1, 2]]]);
    expect(() => parseOvsdbListText('name : "unterminated\n')).toThrow(/unterminated/);
  });
});

// Host-side findings from sosreports alone: SYNTHETIC edits of copies of the real healthy lab reports
// (test/fixtures/sos), each the state a lab fault leaves (lab/fault), read as an unpacked report directory.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { readSosSnapshot } from '../../src/collect/sos/sosSnapshot.js';
import { SOS_ARCHIVES } from './_fixtures.js';

let dir: string;
let healthy: string;
const NODE1 = 'sosreport-nxlab-node1-healthy-2026-12-05-xnrvtuj';
const OVS = 'sos_commands/openvswitch';
const VM1_PORT = '4529c151-d562-499e-ba33-eaee03e65b6c';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nx-sos-faults-'));
  execFileSync('tar', ['-xJf', SOS_ARCHIVES[0], '-C', dir]);
  healthy = join(dir, NODE1);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of node 1's report with `edit` applied to its OVSDB dump and/or every rendering of one bridge's flows. */
function editedCopy(name: string, edit: { dump?: (text: string) => string; flows?: [bridge: string, (text: string) => string] }): string {
  const copy = join(dir, name);
  cpSync(healthy, copy, { recursive: true });
  if (edit.dump) {
    const file = join(copy, OVS, 'ovsdb-client_-f_list_dump');
    const before = readFileSync(file, 'utf8');
    const after = edit.dump(before);
    expect(after).not.toBe(before);
    writeFileSync(file, after);
  }
  if (edit.flows) {
    const [bridge, change] = edit.flows;
    for (const f of readdirSync(join(copy, OVS)).filter((n) => n.endsWith(`dump-flows_${bridge}`) && n.startsWith('ovs-ofctl'))) {
      const file = join(copy, OVS, f);
      writeFileSync(file, change(readFileSync(file, 'utf8')));
    }
  }
  return copy;
}

/** The OVSDB record (blank-line separated) of the Port or Interface named `name` that has `column`. */
const recordOf = (dump: string, name: string, column: string) => dump.split('\n\n').find((r) => new RegExp(`^name\\s+: "?${name}"?$`, 'm').test(r) && new RegExp(`^${column}\\s+:`, 'm').test(r))!;

async function findingsOf(copy: string): Promise<string[]> {
  const report = analyseScan(await readSosSnapshot([copy, SOS_ARCHIVES[1]]));
  const vm1 = report.instances.find((i) => i.interfaces.some((f) => f.portId === VM1_PORT))!;
  // Offline, no packet can be walked: every report carries that one note (checked on the healthy copy below).
  return [...new Set(vm1.findings.map((f) => f.id))].filter((id) => id !== 'auto-walk-not-run').sort();
}

describe('host findings from sosreports alone (SYNTHETIC edits of the real reports)', () => {
  it('dead VLAN: vm1 port tagged 4095 (port_dead)', async () => {
    const copy = editedCopy('dead', { dump: (d) => d.replace(recordOf(d, 'tap4529c151-d5', 'tag'), (r) => r.replace(/^tag(\s+): 2$/m, 'tag$1: 4095').replace(/tag="2"/, 'tag="4095"')) });
    expect(await findingsOf(copy)).toContain('dead-vlan');
  });

  it('missing tunnel to a peer that has its own report: vxlan-7f000002 gone from br-tun', async () => {
    const copy = editedCopy('no-tunnel', {
      dump: (d) => {
        const uuid = /^_uuid\s+: (\S+)$/m.exec(recordOf(d, 'vxlan-7f000002', 'trunks'))![1];
        return d.replace(new RegExp(`(, )?${uuid}(, )?`), (_m, a, b) => (a && b ? ', ' : ''));
      },
    });
    expect(await findingsOf(copy)).toContain('tunnel-port-missing');
  });

  it('missing translation: br-tun table 4 tun_id=0x3e9 → local VLAN flow deleted', async () => {
    const copy = editedCopy('no-ingress', { flows: ['br-tun', (t) => t.split('\n').filter((l) => !/table=4\b.*tun_id=0x3e9/.test(l)).join('\n')] });
    expect(await findingsOf(copy)).toEqual(['ingress-flow-missing']);
  });

  it('unmanaged port: an interface on br-int without iface-id', async () => {
    const copy = editedCopy('unmanaged', { dump: (d) => d.replace(recordOf(d, 'tap8795fe40-3f', 'external_ids'), (r) => r.replace(/iface-id="[^"]+", /, '')) });
    expect(await findingsOf(copy)).toContain('unmanaged-port');
  });

  it('the healthy copy gives nothing', async () => {
    expect(await findingsOf(healthy)).toEqual([]);
  });
});

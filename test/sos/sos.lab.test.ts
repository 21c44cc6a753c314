// `scan --sos` on sosreports taken now from the live ML2/OVS lab's two nodes (read-only: `sos report` only reads),
// compared with the live scan (API + SSH) of the same moment: every instance VIF attributed the same way.
// The commands are those of test/fixtures/sos/README.txt; the reports go to a temp folder removed afterwards.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseScan } from '../../src/analyse/scan.js';
import { collectScanSnapshot } from '../../src/collect/collectTrace.js';
import { readSosSnapshot } from '../../src/collect/sos/sosSnapshot.js';
import { LAB_DIR, lab, labReason } from '../collect/_lab.js';

function sosInstalled(): boolean {
  try {
    execFileSync('sos', ['--help'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}
const hasSos = lab.skipReason === undefined && sosInstalled();
const skip = !hasSos;
// Made by the test itself: vitest runs no hook of an all-skipped file, and a unit run must leave nothing in /tmp.
let dir = '';

/** `sos report` for node N in its own UTS namespace (the node's hostname), pointed at that node's private OVS. */
function sosReport(node: 1 | 2): string {
  const out = join(dir, `node${node}`);
  execFileSync('mkdir', ['-p', out]);
  const ovs = (d: string) => join(LAB_DIR, d, `ovs${node}`);
  const env = { ...process.env, OVS_RUNDIR: ovs('data'), OVS_DBDIR: ovs('data'), OVS_LOGDIR: ovs('log'), OVS_SYSCONFDIR: ovs('etc') };
  const inner = `hostname nxlab-node${node}; sos report --batch -o host,openvswitch,networking,openstack_neutron --tmp-dir '${out}' --label live >/dev/null`;
  const argv = [...(node === 2 ? ['ip', 'netns', 'exec', 'nxlab-node2'] : []), 'unshare', '--uts', 'sh', '-c', inner];
  execFileSync(argv[0], argv.slice(1), { env, stdio: 'ignore', timeout: 300_000 });
  const archive = readdirSync(out).find((f) => /^sosreport-.*\.tar\.xz$/.test(f));
  if (!archive) throw new Error(`no sosreport written for node ${node}`);
  return join(out, archive);
}

describe.skipIf(skip)(`scan --sos against the live lab ${skip ? (lab.skipReason !== undefined ? labReason : '(skipped: sos is not installed)') : '(read-only)'}`, () => {
  it('attributes every instance VIF as the live scan does', async () => {
    const live = analyseScan(await collectScanSnapshot({}, { credentials: { env: lab.env }, sshConfigFile: lab.env.NETXRAY_LAB_SSH_CONFIG }));
    dir = mkdtempSync(join(tmpdir(), 'nx-sos-lab-'));
    let offline;
    try {
      offline = analyseScan(await readSosSnapshot([sosReport(1), sosReport(2)]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const vifs = (r: typeof live) => r.instances.flatMap((i) => i.interfaces.map((f) => [i.id, f.portId, f.mac, f.host, f.localVlan, f.network.id, f.network.type, f.network.segmentationId].join(' '))).sort();
    expect(vifs(offline)).toEqual(vifs(live));
    expect(vifs(live).length).toBeGreaterThan(0);
  }, 900_000);
});

// `netxray trace` on ML2/OVN through the real CLI in process: the recorded OVN lab's API answers from
// test/scan/_fakeCloud.ts (a fake Keystone/Nova/Neutron on 127.0.0.1 serving the recording), its NB/SB databases
// from a real ovsdb-server (test/trace/_ovnLab.ts) read with --ovn-nb/--ovn-sb; --no-hosts, so no chassis is read.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import type { CloudSnapshot } from '../../src/model/cloudSnapshot.js';
import type { OvnInterfaceDataplane, TraceReport } from '../../src/model/traceModel.js';
import { startFakeCloud, type FakeCloud } from '../scan/_fakeCloud.js';
import { recordedApi, recordedPort, serveOvnLab, type OvnLabDbs } from './_ovnLab.js';
import { captureStderr } from './_stderr.js';

const PASSWORD = 'Ovn-Cli-Pa55word';
const dir = mkdtempSync(join(tmpdir(), 'nx-ovn-cli-'));
const stderr = captureStderr();
let cloud: FakeCloud;
let dbs: OvnLabDbs;

beforeAll(async () => {
  dbs = serveOvnLab();
  cloud = await startFakeCloud(recordedApi(), PASSWORD);
  writeFileSync(
    join(dir, 'clouds.yaml'),
    `clouds:\n  fake:\n    auth:\n      auth_url: ${cloud.authUrl}\n      username: admin\n      password: ${PASSWORD}\n      project_name: admin\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n`,
  );
});
afterAll(async () => {
  await cloud?.close();
  dbs?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function netxray(...args: string[]): Promise<number> {
  const saved = { ...process.env };
  try {
    for (const k of Object.keys(process.env)) if (k.startsWith('OS_')) delete process.env[k];
    process.env.OS_CLIENT_CONFIG_FILE = join(dir, 'clouds.yaml');
    return await runCli(['node', 'netxray', ...args]);
  } finally {
    process.env = saved;
  }
}

describe('netxray trace on ML2/OVN (CLI, --ovn-nb/--ovn-sb)', () => {
  it('detects ml2/ovn, reads the instance rows from the DBs, saves them in the snapshot; chassis not read: unverified (exit 4)', async () => {
    const out = join(dir, 'vm1.json');
    const snap = join(dir, 'vm1.snapshot.json');
    const code = await netxray('trace', 'vm1', '--os-cloud', 'fake', '--no-hosts', '-q', '--ovn-nb', dbs.nb, '--ovn-sb', dbs.sb, '--save', snap, '-f', 'json', '-o', out);
    const report = JSON.parse(readFileSync(out, 'utf8')) as TraceReport;
    expect(report.backend).toBe('ml2/ovn');
    const dp = report.interfaces[0].dataplane as OvnInterfaceDataplane;
    expect(dp.logicalPort?.up).toBe(true);
    expect(dp.portBinding?.chassis?.hostname).toBe('nxlab-ovn-node1');
    expect(dp.datapathKey).toBe(Number(dbs.sbctl('--bare', '--columns=tunnel_key', 'find', 'Datapath_Binding', `external_ids:name=neutron-${report.interfaces[0].network.id}`).trim()));
    // the chassis were not read: said, not guessed
    expect(report.summary.verdict).toBe('unverified');
    expect(code).toBe(4);
    const snapshot = JSON.parse(readFileSync(snap, 'utf8')) as CloudSnapshot;
    expect(snapshot.backend).toBe('ml2-ovn');
    const reader = snapshot.hosts.find((h) => h.roles?.includes('ovn-db'));
    expect(reader?.host).toBe('local');
    expect(reader?.outputs.filter((o) => o.id.startsWith('ovn-nb:Logical_Switch_Port?')).map((o) => o.command).join('\n')).toContain(`find Logical_Switch_Port name=${report.interfaces[0].port.id}`);
    // offline from the saved snapshot: the same report
    const offline = join(dir, 'vm1-offline.json');
    expect(await netxray('trace', 'vm1', '--from', snap, '-f', 'json', '-o', offline)).toBe(code);
    expect({ ...(JSON.parse(readFileSync(offline, 'utf8')) as TraceReport) }).toEqual(report);
  });

  it('a bad endpoint is a one-line error naming the flag (exit 2), before any request', async () => {
    const before = cloud.requests.length;
    expect(await netxray('trace', 'vm1', '--os-cloud', 'fake', '--no-hosts', '--ovn-nb', "tcp:1.2.3.4:6641;rm -rf /'x")).toBe(2);
    expect(await netxray('trace', 'vm1', '--os-cloud', 'fake', '--no-hosts', '--ovn-nb', 'http://x')).toBe(2);
    expect(stderr.text()).toMatch(/--ovn-nb "http:\/\/x": give an OVSDB endpoint/);
    expect(cloud.requests.length).toBe(before);
  });

  it('an OVN DB that does not answer is a finding and a partial report', async () => {
    const out = join(dir, 'dead.json');
    const code = await netxray('trace', 'vm4', '--os-cloud', 'fake', '--no-hosts', '-q', '--ovn-nb', `unix:${join(dir, 'nothing.sock')}`, '--ovn-sb', `unix:${join(dir, 'nothing.sock')}`, '-f', 'json', '-o', out);
    const report = JSON.parse(readFileSync(out, 'utf8')) as TraceReport;
    expect(report.findings.find((f) => f.id === 'ovn-db-unread')).toMatchObject({ severity: 'error', unverified: true });
    expect(report.interfaces[0].port.ips).toEqual(recordedPort(recordedApi(), 'vm4').ips);
    expect(code).toBe(1);
  });
});

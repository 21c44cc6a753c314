// `netxray scan` through the real CLI: in-process (runCli) against a fake cloud on loopback serving a real lab
// recording's API objects, and the built `node dist/cli/main.js`. --save then --from gives the same JSON; the
// snapshot holds no secret from clouds.yaml or the environment; exit statuses.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseTrace } from '../../src/analyse/trace/index.js';
import { runCli } from '../../src/cli/program.js';
import { SYNTHETIC_FAULTS } from '../trace/_faults.js';
import { TRACE_FIXTURES } from '../trace/_labSnapshot.js';
import { PAGE_SIZE, startFakeCloud, type FakeCloud } from './_fakeCloud.js';
import { captureStderr } from '../trace/_stderr.js';

const run = promisify(execFile);
const SAVED = join(TRACE_FIXTURES, 'lab-openvswitch.snapshot.json');
/** `netxray scan --save` of the lab with the automatic walks (SAVED predates them: its instances are "not verified"). */
const WALKED = join(TRACE_FIXTURES, 'netxray-scan-save-walks.snapshot.json');
const DIST_CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'netxray-scan-cli-'));
const PASSWORD = 'Fake-Cloud-Pa55word-from-clouds.yaml';
const ENV_PASSWORD = 'Env-0nly-Pa55word-from-OS_PASSWORD';
const stderr = captureStderr();
let cloud: FakeCloud;

const recorded = JSON.parse(readFileSync(SAVED, 'utf8'));

beforeAll(async () => {
  cloud = await startFakeCloud(recorded.api, PASSWORD);
});
afterAll(() => {
  cloud.close();
  rmSync(dir, { recursive: true, force: true });
});

const scan = (...args: string[]) => runCli(['node', 'netxray', 'scan', ...args]);

/** Runs with only these OS_* variables set. */
async function withEnv<T>(vars: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  try {
    for (const k of Object.keys(process.env)) if (k.startsWith('OS_')) delete process.env[k];
    Object.assign(process.env, vars);
    return await body();
  } finally {
    process.env = saved;
  }
}

function cloudsYaml(): string {
  const file = join(dir, 'clouds.yaml');
  writeFileSync(
    file,
    `clouds:\n  fake:\n    auth:\n      auth_url: ${cloud.authUrl}\n      username: admin\n      password: ${PASSWORD}\n      project_name: admin\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionOne\n`,
  );
  return file;
}

describe('netxray scan --from (in process)', () => {
  it('healthy recording with the automatic walks: exit 0, text summary, JSON model', async () => {
    const out = join(dir, 'healthy.json');
    expect(await scan('--from', WALKED, '-f', 'json', '-o', out)).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report).toMatchObject({ schema: 'netxray/scan', version: 1, summary: { instances: 4, errors: 0, warnings: 0, worst: [], healthyInstances: 4, unverifiedInstances: 0, verdict: 'healthy' } });
    expect(report.instances.map((i: { summary: { verdict: string } }) => i.summary.verdict)).toEqual(['healthy', 'healthy', 'healthy', 'healthy']);
    expect(stderr.text()).toBe('');
    expect(await scan('--from', WALKED, '-o', join(dir, 'healthy.txt'))).toBe(0);
    expect(readFileSync(join(dir, 'healthy.txt'), 'utf8')).toMatch(/^Scan: 4 instances, 5 interfaces; 4 healthy, 0 not verified[^]*none: every path is healthy/);
  });

  it('a recording from before the automatic walks: exit 4, every instance "not verified", as trace', async () => {
    const out = join(dir, 'old.json');
    expect(await scan('--from', SAVED, '-f', 'json', '-o', out)).toBe(4);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.summary).toMatchObject({ instances: 4, errors: 0, warnings: 0, healthyInstances: 0, unverifiedInstances: 4, verdict: 'unverified' });
    expect(stderr.text()).toMatch(/^netxray: scan could not verify the whole path of 4 instance\(s\): not healthy\n$/);
  });

  it('findings: exit 1, one line on stderr; piped stderr gets no progress bar', async () => {
    const faulty = join(dir, 'tag-mismatch.json');
    writeFileSync(faulty, JSON.stringify(SYNTHETIC_FAULTS['tag-mismatch'].make(recorded)));
    expect(await scan('--from', faulty, '-f', 'html', '-o', join(dir, 'faulty.html'))).toBe(1);
    expect(stderr.text()).toMatch(/^netxray: scan found 1 error\(s\) and 0 warning\(s\) on 1 instance\(s\)\n$/);
    expect(readFileSync(join(dir, 'faulty.html'), 'utf8')).toMatch(/tag-mismatch/);
  });

  it('bad input: exit 2 with one line', async () => {
    const cases: [string[], RegExp][] = [
      [['--from', join(dir, 'missing.json')], /cannot read the snapshot/],
      [['--from', SAVED, '--format', 'svg'], /format/],
      [['--from', SAVED, '--save', join(dir, 'x.json')], /--from and --save/],
      [['--from', SAVED, '--host-concurrency', '0'], /host-concurrency/],
    ];
    for (const [args, message] of cases) {
      stderr.clear();
      expect(await scan(...args), args.join(' ')).toBe(2);
      expect(stderr.text(), args.join(' ')).toMatch(message);
      expect(stderr.text().trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it('cloud unreachable: exit 3', async () => {
    await withEnv({ OS_AUTH_URL: 'http://127.0.0.1:9/v3', OS_USERNAME: 'u', OS_PASSWORD: 'p', OS_PROJECT_NAME: 'x', OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default' }, async () => {
      expect(await scan('--no-hosts', '-q')).toBe(3);
    });
    expect(stderr.text()).toMatch(/127\.0\.0\.1:9/);
  });
});

describe('netxray scan against a fake cloud on loopback (real lab API objects, paged)', () => {
  it('clouds.yaml: --save then --from gives the same JSON; no password or token in the snapshot; lists paged and each fetched once', async () => {
    const snap = join(dir, 'fake.snapshot.json');
    const live = join(dir, 'fake-live.json');
    const offline = join(dir, 'fake-offline.json');
    cloud.requests.length = 0;
    const code = await withEnv({ OS_CLIENT_CONFIG_FILE: cloudsYaml() }, () => scan('--os-cloud', 'fake', '--no-hosts', '--save', snap, '-f', 'json', '-o', live));
    expect(code, stderr.text()).toBe(4); // --no-hosts: nothing on the hosts checked, so "not verified" (as trace)
    expect(await scan('--from', snap, '-f', 'json', '-o', offline)).toBe(4);
    expect(readFileSync(offline, 'utf8')).toBe(readFileSync(live, 'utf8'));
    const text = readFileSync(snap, 'utf8');
    expect(cloud.tokens.length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, ...cloud.tokens]) expect(text).not.toContain(secret);
    expect(text).toContain('<redacted>'); // the leak the fake cloud planted was found and replaced
    expect(statSync(snap).mode & 0o777).toBe(0o600);
    // one token, and per list its pages only: nothing fetched twice
    const gets = cloud.requests.filter((r) => r.startsWith('GET '));
    expect(new Set(gets).size).toBe(gets.length);
    expect(cloud.requests.filter((r) => r.startsWith('POST '))).toHaveLength(1);
    const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE_SIZE));
    const a = recorded.api;
    const expected = 1 + [a.servers, a.ports, a.networks, a.subnets, a.floatingIps, a.routers, a.securityGroups, a.agents].reduce((s: number, l: unknown[]) => s + pages(l.length), 0);
    expect(cloud.requests).toHaveLength(expected);
    const report = JSON.parse(readFileSync(live, 'utf8'));
    expect(report.cost.apiRequests).toBe(expected);
    expect(report.summary.instances).toBe(4);
  });

  it('OS_* environment only: no secret of the environment in the snapshot', async () => {
    const snap = join(dir, 'env.snapshot.json');
    await cloud.close();
    cloud = await startFakeCloud(recorded.api, ENV_PASSWORD);
    const env = { OS_AUTH_URL: cloud.authUrl, OS_USERNAME: 'admin', OS_PASSWORD: ENV_PASSWORD, OS_PROJECT_NAME: 'admin', OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default' };
    expect(await withEnv(env, () => scan('--no-hosts', '--save', snap, '-o', join(dir, 'env.txt')))).toBe(4);
    const text = readFileSync(snap, 'utf8');
    for (const secret of [ENV_PASSWORD, ...cloud.tokens]) expect(text).not.toContain(secret);
  });

  it('--project: applied by the analysis (ports of other projects, e.g. a shared network\'s DHCP port, are still listed) and remembered in the snapshot', async () => {
    const project = String(recorded.api.servers[0].tenant_id);
    cloud.requests.length = 0;
    const env = { OS_AUTH_URL: cloud.authUrl, OS_USERNAME: 'admin', OS_PASSWORD: ENV_PASSWORD, OS_PROJECT_NAME: 'admin', OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default' };
    const out = join(dir, 'project.json');
    const snap = join(dir, 'project.snapshot.json');
    const code = await withEnv(env, () => scan('--no-hosts', '--project', project, '--save', snap, '-f', 'json', '-o', out));
    expect(code).toBe(4);
    expect(cloud.requests.some((r) => r.startsWith('GET /network/v2.0/ports?project_id='))).toBe(false);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.filters).toEqual({ project });
    expect(report.instances.length).toBeGreaterThan(0);
    expect(report.instances.every((i: { projectId: string }) => i.projectId === project)).toBe(true);
    // --from without the flag: the snapshot's own filter holds, same report
    const offline = join(dir, 'project-offline.json');
    expect(await scan('--from', snap, '-f', 'json', '-o', offline)).toBe(4);
    expect(readFileSync(offline, 'utf8')).toBe(readFileSync(out, 'utf8'));
    expect(await scan('--from', snap, '--project', 'another')).toBe(2);
  });
  it('--network: the routers\' gateway ports are listed as well, so the floating-IP path keeps its gateway', async () => {
    const withFloatingIp = recorded.api.floatingIps.find((f: { port_id?: string }) => f.port_id);
    const port = recorded.api.ports.find((p: { id: string }) => p.id === withFloatingIp.port_id);
    const own = await startFakeCloud(recorded.api, ENV_PASSWORD);
    try {
      const env = { OS_AUTH_URL: own.authUrl, OS_USERNAME: 'admin', OS_PASSWORD: ENV_PASSWORD, OS_PROJECT_NAME: 'admin', OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default' };
      const snap = join(dir, 'network.snapshot.json');
      const code = await withEnv(env, () => scan('--no-hosts', '--network', port.network_id, '--save', snap, '-f', 'json', '-o', join(dir, 'network.json')));
      expect(code, stderr.text()).toBe(4);
      expect(own.requests).toContain('GET /network/v2.0/ports?device_owner=network%3Arouter_gateway');
      const saved = JSON.parse(readFileSync(snap, 'utf8'));
      expect(saved.api.ports.some((p: { device_owner: string }) => p.device_owner === 'network:router_gateway')).toBe(true);
      const trace = analyseTrace(saved, port.device_id);
      expect(trace.interfaces.find((i) => i.port.id === port.id)?.router?.gateway).not.toBeNull();
    } finally {
      await own.close();
    }
  });
});

describe.skipIf(!existsSync(DIST_CLI))('the built CLI (node dist/cli/main.js; run `npm run build` first)', () => {
  it('scan --from: exit 0, same JSON as in process; --help lists the flags', async () => {
    const out = join(dir, 'dist.json');
    await run(process.execPath, [DIST_CLI, 'scan', '--from', WALKED, '-f', 'json', '-o', out]);
    const inProcess = join(dir, 'inproc.json');
    expect(await scan('--from', WALKED, '-f', 'json', '-o', inProcess)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(inProcess, 'utf8'));
    const help = await run(process.execPath, [DIST_CLI, 'scan', '--help']);
    for (const flag of ['--project', '--host', '--network', '--from', '--save', '--format']) expect(help.stdout).toContain(flag);
  });

  it('--save (fake cloud) then --from in separate processes: same JSON, exit 1 with findings', async () => {
    const snap = join(dir, 'dist.snapshot.json');
    const env = { ...process.env, OS_CLIENT_CONFIG_FILE: '', OS_AUTH_URL: cloud.authUrl, OS_USERNAME: 'admin', OS_PASSWORD: ENV_PASSWORD, OS_PROJECT_NAME: 'admin', OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default', OS_CLOUD: '' };
    // hosts are "read" through an ssh_config whose hosts refuse connections: every host is a finding (exit 1)
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(sshConfig, 'Host *\n  HostName 127.0.0.1\n  Port 9\n  User nobody\n  StrictHostKeyChecking no\n  ConnectTimeout 3\n');
    const a = await run(process.execPath, [DIST_CLI, 'scan', '--ssh-config', sshConfig, '--save', snap, '-f', 'json', '-o', join(dir, 'd-live.json')], { env }).catch((e: { code: number; stderr: string }) => e);
    expect((a as { code?: number }).code, (a as { stderr: string }).stderr).toBe(1);
    const b = await run(process.execPath, [DIST_CLI, 'scan', '--from', snap, '-f', 'json', '-o', join(dir, 'd-off.json')]).catch((e: { code: number }) => e);
    expect((b as { code?: number }).code).toBe(1);
    expect(readFileSync(join(dir, 'd-off.json'), 'utf8')).toBe(readFileSync(join(dir, 'd-live.json'), 'utf8'));
    const report = JSON.parse(readFileSync(join(dir, 'd-live.json'), 'utf8'));
    expect(report.summary.countsByFinding['host-unreachable'].severity).toBe('error');
    expect(report.hosts.every((h: { reachable: boolean }) => !h.reachable)).toBe(true);
    expect(readFileSync(snap, 'utf8')).not.toContain(ENV_PASSWORD);
  }, 60_000);
});

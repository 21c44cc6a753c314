// Whole trace collection against the running lab: API + SSH to both nodes (read-only commands only).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectScanSnapshot, collectTraceSnapshot } from '../../src/collect/collectTrace.js';
import { loadSnapshot, saveSnapshot } from '../../src/collect/snapshotFile.js';
import { lab, labReason, skipIfFaulted, skipLab } from './_lab.js';

// Every temporary folder of this file (a saved snapshot, a known_hosts copy) lives under one, removed at the end.
// Made only when the lab suite runs: vitest runs no hook of a file whose tests are all skipped, so a folder made
// unconditionally was left behind by every unit run.
const TMP = skipLab ? '' : mkdtempSync(path.join(os.tmpdir(), 'nx-collect-lab-'));
afterAll(() => { if (TMP) rmSync(TMP, { recursive: true, force: true }); });

const sshConfigFile = () => lab.env.NETXRAY_LAB_SSH_CONFIG;

describe.skipIf(skipLab)(`trace collection ${labReason}`, () => {
  it('vm1: API objects, both nodes over one connection each, every command answered, no secret in the JSON', async (ctx) => {
    skipIfFaulted(ctx);
    const progress: string[] = [];
    const s = await collectTraceSnapshot('vm1', {
      credentials: { env: lab.env },
      sshConfigFile: sshConfigFile(),
      onProgress: (e) => progress.push(e.kind),
    });
    expect(s.subject).toMatchObject({ kind: 'trace', instanceRef: 'vm1' });
    expect(s.cloud).toMatchObject({ authUrl: 'http://127.0.0.1:5000/v3', region: 'RegionOne', project: 'admin', user: 'admin', admin: true });
    const hosts = Object.fromEntries(s.hosts.map((h) => [h.host, h]));
    expect(Object.keys(hosts).sort()).toEqual(['nxlab-node1', 'nxlab-node2']);
    expect(hosts['nxlab-node1'].roles).toEqual(expect.arrayContaining(['instance', 'dhcp-agent', 'l3-agent']));
    expect(hosts['nxlab-node2'].roles).toEqual(['tunnel-peer']);
    for (const h of s.hosts) {
      expect(h.reachable, h.error).toBe(true);
      expect(h.sshTarget).toMatch(/^root@127\.0\.0\.1:222[23]$/);
      const ids = h.outputs.map((o) => o.id);
      expect(ids).toEqual(expect.arrayContaining(['ovsdb-interface', 'flows:br-int', 'flows:br-tun', 'flows:br-ex', 'ofctl-show:br-int', 'ip-link']));
      for (const o of h.outputs) expect([o.id, o.exitCode, o.stderr]).toEqual([o.id, 0, o.stderr]);
    }
    const vmPort = s.api.ports.find((p) => p.device_id === s.subject?.instanceIds[0]);
    const ifaces = JSON.parse(hosts['nxlab-node1'].outputs.find((o) => o.id === 'ovsdb-interface')!.stdout) as { headings: string[]; data: unknown[][] };
    expect(JSON.stringify(ifaces.data)).toContain(String(vmPort?.id));
    expect(hosts['nxlab-node1'].outputs.find((o) => o.id === 'flows:br-int')!.stdout).toMatch(/table=0/);
    const routerId = String(s.api.routers[0].id);
    const nat = hosts['nxlab-node1'].outputs.find((o) => o.id === `netns-nat:qrouter-${routerId}`);
    expect(nat?.stdout).toContain(`-d ${String(s.api.floatingIps[0].floating_ip_address)}/32`); // the floating IP's DNAT rule
    // the metadata proxy's sockets: ss ran in the router namespace (the lab runs no proxy, so the list may be empty)
    expect(hosts['nxlab-node1'].outputs.find((o) => o.id === `netns-listen:qrouter-${routerId}`)?.stdout).toMatch(/^State\s+Recv-Q/);
    expect(hosts['nxlab-node1'].outputs.find((o) => o.id === 'processes:dnsmasq')?.stdout).toContain(String(vmPort?.network_id));
    expect(JSON.parse(hosts['nxlab-node1'].outputs.find((o) => o.id === 'ip-link')!.stdout)).toBeInstanceOf(Array);
    expect(s.problems).toEqual([]);
    expect(s.cost).toMatchObject({ apiRequests: 15, sshConnections: 2 });
    // One process per output, except the four OVSDB tables of each host: one ovs-vsctl reads them all (ovsdbList.ts).
    expect(s.cost.hostCommands).toBe(s.hosts.reduce((n, h) => n + h.outputs.length - 3, 0));
    expect(hosts['nxlab-node1'].outputs.find((o) => o.id === 'ovsdb-port')?.command).toMatch(/ list Bridge -- list Port -- list Interface -- list Open_vSwitch$/);
    expect(progress).toContain('cloud-done');
    const json = JSON.stringify(s);
    expect(json).not.toContain(lab.env.OS_PASSWORD);
    expect(json).not.toMatch(/gAAAAA[A-Za-z0-9_-]{20}/); // a Fernet token
    expect(json).not.toMatch(/PRIVATE KEY/);
    const file = path.join(mkdtempSync(path.join(TMP, 'snap-')), 'vm1.json');
    saveSnapshot(file, s);
    expect(loadSnapshot(file)).toEqual(s);
    console.log(`trace vm1 cost: ${JSON.stringify(s.cost)}`);
  });

  it('host keys are checked when the config asks for it: unknown → refused; the real key in known_hosts → accepted', async (ctx) => {
    skipIfFaulted(ctx);
    const dir = mkdtempSync(path.join(TMP, 'labkh-'));
    const pub = readFileSync(path.join(lab.env.NETXRAY_LAB_DIR, 'etc/ssh/ssh_host_ed25519_key.pub'), 'utf8').trim().split(/\s+/);
    const kh = path.join(dir, 'known_hosts');
    writeFileSync(kh, `[127.0.0.1]:2222 ${pub[0]} ${pub[1]}\n`);
    const cfg = path.join(dir, 'ssh_config');
    // The lab's own config opts out (StrictHostKeyChecking no); this copy checks against kh, first value winning.
    writeFileSync(cfg, `Host *\n  StrictHostKeyChecking yes\n  UserKnownHostsFile ${kh}\n  GlobalKnownHostsFile /dev/null\n${readFileSync(sshConfigFile(), 'utf8')}`);
    const s = await collectTraceSnapshot('vm1', { credentials: { env: lab.env }, sshConfigFile: cfg });
    const byHost = Object.fromEntries(s.hosts.map((h) => [h.host, h]));
    expect(byHost['nxlab-node1'].reachable).toBe(true);
    expect(byHost['nxlab-node2'].reachable).toBe(false);
    expect(s.problems).toEqual([expect.objectContaining({ source: 'ssh', host: 'nxlab-node2', code: 'host-key-unknown' })]);
  });

  it('as the demo user (not admin): the API part, problems naming the hidden fields, no host to visit', async (ctx) => {
    skipIfFaulted(ctx);
    const s = await collectTraceSnapshot('vm1', {
      credentials: { env: { OS_CLIENT_CONFIG_FILE: lab.env.OS_CLIENT_CONFIG_FILE }, cloud: 'netxray-lab-demo', cwd: '/nonexistent', home: '/nonexistent' },
      sshConfigFile: sshConfigFile(),
    });
    expect(s.cloud).toMatchObject({ admin: false, user: 'demo', project: 'demo' });
    expect(s.hosts).toEqual([]);
    expect(s.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['admin-fields-missing', 'forbidden']));
    expect(JSON.stringify(s)).not.toContain('demo-pass');
  });

  it('scan filtered by host and by network', async (ctx) => {
    skipIfFaulted(ctx);
    const byHost = await collectScanSnapshot({ host: 'nxlab-node2' }, { credentials: { env: lab.env }, skipHosts: true });
    const names = byHost.api.servers.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['vm3', 'vm4']));
    expect(names).not.toContain('vm1');
    const trace = await collectTraceSnapshot('vm2', { credentials: { env: lab.env }, skipHosts: true });
    const vlanNet = String(trace.api.networks.find((n) => n.name === 'provider-vlan100')?.id);
    const byNet = await collectScanSnapshot({ network: vlanNet }, { credentials: { env: lab.env }, skipHosts: true });
    expect(byNet.api.servers.map((x) => x.name).sort()).toEqual(expect.arrayContaining(['vm2', 'vm3']));
    expect(byNet.api.servers.map((x) => x.name)).not.toContain('vm1');
  });

  it('scan: all instances and the hosts they involve', async (ctx) => {
    skipIfFaulted(ctx);
    const s = await collectScanSnapshot({}, { credentials: { env: lab.env }, sshConfigFile: sshConfigFile() });
    expect(s.api.servers.length).toBeGreaterThanOrEqual(4);
    expect(s.hosts.map((h) => h.host).sort()).toEqual(['nxlab-node1', 'nxlab-node2']);
    expect(s.cost.sshConnections).toBe(2);
    console.log(`scan cost: ${JSON.stringify(s.cost)}`);
  });
});

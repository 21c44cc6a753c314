// The trace on the lab with faults of the path's elements (changes the lab; each fault is undone): the first finding is
// the element lab/fault changed, on the host where it changed it, with the hint that repairs it; symptoms sit under it.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NODE1, NODE2, routerPortOn, serverPorts, skipMutating, skipReason, ovsDevOf } from '../lab/helpers.js';
import { labFaultHooks } from './_faults.js';
import { CLI, traceLive } from './_liveLab.js';

describe.skipIf(skipMutating || !existsSync(CLI))(`netxray trace with faults of the path's elements ${skipReason}`, () => {
  const inject = labFaultHooks();

  it('the healthy lab: vm1 is healthy, every part checked (exit 0)', () => {
    const { status, report } = traceLive('vm1');
    expect(report.summary).toMatchObject({ verdict: 'healthy', errors: 0, warnings: 0, unverified: 0 });
    expect(status).toBe(0);
  }, 300_000);

  it('patch-port-deleted: vm2 leads with the missing int-br-ex and how to re-create it; the missing ingress translation is its symptom', () => {
    inject('patch-port-deleted');
    const { status, report } = traceLive('vm2');
    expect(status).toBe(1);
    expect(report.findings[0]).toMatchObject({ id: 'patch-port-missing', severity: 'error', host: NODE1 });
    expect(report.findings[0].hint).toContain('ovs-vsctl add-port br-int int-br-ex -- set Interface int-br-ex type=patch options:peer=phy-br-ex');
    expect(report.findings.filter((f) => f.causedBy === 'patch-port-missing').map((f) => f.id)).toContain('ingress-flow-missing');
    expect(report.findings.filter((f) => !f.causedBy).map((f) => f.id)).toEqual(['patch-port-missing']);
  }, 300_000);

  it('patch-peer-wrong: vm2 leads with int-br-ex pointing elsewhere, expected and found peer quoted', () => {
    inject('patch-peer-wrong');
    const { status, report } = traceLive('vm2');
    expect(status).toBe(1);
    expect(report.findings[0]).toMatchObject({ id: 'patch-peer-mismatch', severity: 'error', host: NODE1, hint: `on ${NODE1}: ovs-vsctl set Interface int-br-ex type=patch options:peer=phy-br-ex` });
    expect(report.findings[0].evidence.map((e) => e.text)).toEqual(['expected: type=patch options:peer=phy-br-ex', 'found: type=patch options:peer=phy-br-nowhere']);
  }, 300_000);

  it('tunnel-remote-ip-wrong: vm1 leads with the wrong remote_ip (not a missing tunnel), the "missing" tunnel to node 2 under it', () => {
    inject('tunnel-remote-ip-wrong');
    const { status, report } = traceLive('vm1');
    expect(status).toBe(1);
    expect(report.findings[0]).toMatchObject({ id: 'tunnel-remote-ip-wrong', severity: 'error', host: NODE1, hint: expect.stringContaining(`ovs-vsctl set Interface vxlan-7f000002 options:remote_ip=127.0.0.2`) });
    expect(report.findings.filter((f) => !f.causedBy).map((f) => f.id)).toEqual(['tunnel-remote-ip-wrong']);
    expect(report.findings.find((f) => f.id === 'tunnel-port-missing')?.causedBy).toBe('tunnel-remote-ip-wrong');
  }, 300_000);

  it('ovsdb-server-stopped: vm4 (node 2) leads with ovsdb-server not answering on node 2; vm1 (node 1) only cannot verify its peer', () => {
    inject('ovsdb-server-stopped');
    const vm4 = traceLive('vm4');
    expect(vm4.status).toBe(1);
    expect(vm4.report.findings[0]).toMatchObject({ id: 'ovsdb-server-down', severity: 'error', host: NODE2, hint: expect.stringContaining(`start ovsdb-server on ${NODE2}`) });
    // read failures it explains are not reported again as a permission problem
    expect(vm4.report.findings.map((f) => f.id)).not.toContain('ovs-data-missing');
    expect(vm4.report.findings.map((f) => f.id)).not.toContain('collection-problem');
    const vm1 = traceLive('vm1');
    expect(vm1.report.summary.errors).toBe(0);
    expect(vm1.report.summary.verdict).not.toBe('healthy');
    expect(vm1.report.findings.find((f) => f.id === 'ovsdb-server-down')).toMatchObject({ severity: 'warning', host: NODE2, unverified: true });
  }, 600_000);

  it('iface-id-changed: vm2 leads with its tap carrying another iface-id and the command that sets it back', () => {
    inject('iface-id-changed');
    const port = serverPorts('vm2')[0].id;
    const { status, report } = traceLive('vm2');
    expect(status).toBe(1);
    expect(report.findings[0]).toMatchObject({ id: 'port-not-plugged', severity: 'error', host: NODE1, hint: expect.stringContaining(`ovs-vsctl set Interface ${ovsDevOf(port)} external_ids:iface-id=${port}`) });
  }, 300_000);

  it('attached-mac-changed: vm1 warns that attached-mac is not the Neutron MAC, both quoted', () => {
    inject('attached-mac-changed');
    const { status, report } = traceLive('vm1');
    expect(status).toBe(1);
    const mac = report.interfaces[0].port.mac;
    expect(report.findings[0]).toMatchObject({ id: 'vif-external-id-mismatch', severity: 'warning', host: NODE1, hint: expect.stringContaining(`external_ids:attached-mac=${mac}`) });
    expect(report.findings[0].evidence.map((e) => e.text)).toEqual([`expected: external_ids:attached-mac=${mac}`, 'found: external_ids:attached-mac=fa:16:3e:00:00:01']);
  }, 300_000);

  it('tap-admin-down: vm1 leads with its tap administratively down and `ip link set … up`', () => {
    inject('tap-admin-down');
    const tap = ovsDevOf(serverPorts('vm1', 'private')[0].id);
    const { status, report } = traceLive('vm1');
    expect(status).toBe(1);
    expect(report.findings[0]).toMatchObject({ id: 'device-down', severity: 'error', host: NODE1, hint: `on ${NODE1}: ip link set dev ${tap} up` });
  }, 300_000);

  it('router-port-disabled: vm1 leads with its gateway\'s router port disabled and `openstack port set --enable`; the dead-VLAN qr- device and the dropped gateway walk are its symptoms', () => {
    inject('router-port-disabled');
    const { status, report } = traceLive('vm1');
    expect(status).toBe(1);
    const router = routerPortOn('private').id as string;
    expect(report.findings[0]).toMatchObject({ id: 'router-port-down', severity: 'error', hint: `openstack port set --enable ${router}` });
    expect(report.findings.filter((f) => !f.causedBy).map((f) => f.id)).toEqual(['router-port-down']);
    expect(report.findings.find((f) => f.id === 'service-port-unwired')?.causedBy).toBe('router-port-down');
  }, 300_000);
});

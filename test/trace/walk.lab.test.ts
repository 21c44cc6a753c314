// `netxray trace SOURCE --to TARGET` against the running lab, read-only: the judged walks are delivered (or leave the
// cloud) with every hop named, the target ports are the ones the lab's own OVSDB has, and no host changed.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PacketWalk } from '../../src/model/walkModel.js';
import { labReason, skipLab } from '../collect/_lab.js';
import { CLI, api, labServers, onHost, ovsState, traceLive, walkLive, type LabServer } from './_liveLab.js';

describe.skipIf(skipLab || !existsSync(CLI))(`netxray trace --to against the lab ${labReason}`, () => {
  let hosts: string[];
  let servers: LabServer[];
  let before: Map<string, string>;
  const walks = new Map<string, PacketWalk>();
  const traces = new Map<string, ReturnType<typeof traceLive>>();

  beforeAll(() => {
    ({ servers, hosts } = labServers());
    before = new Map(hosts.map((host) => [host, ovsState(host)]));
    for (const [source, target] of [['vm1', 'vm3'], ['vm2', 'gateway'], ['vm1', 'internet']]) {
      const { status, report, stderr } = walkLive(source, target);
      expect(status, `${source} → ${target}: ${stderr}`).toBe(0);
      walks.set(`${source} ${target}`, report.walk as PacketWalk);
    }
    for (const s of servers) traces.set(s.Name, traceLive(s.Name));
  }, 600_000);

  it('the healthy lab: every instance\'s trace exits 0, healthy, with every automatic walk delivered (or out of the cloud for the floating IP)', () => {
    expect(traces.size).toBeGreaterThanOrEqual(3);
    for (const [name, { status, report, stderr }] of traces) {
      expect(status, `${name}: ${stderr}`).toBe(0);
      expect(report.summary.verdict, name).toBe('healthy');
      const classes = new Set((report.walks ?? []).map((w) => w.trafficClass));
      expect([...classes].sort(), name).toEqual(expect.arrayContaining(['dhcp', 'gateway']));
      for (const w of report.walks ?? []) {
        expect(w.walk?.verdict.kind, `${name} ${w.trafficClass} ${w.walk?.request.proto}`).toBe(w.trafficClass === 'floating-ip' || w.walk?.target.kind === 'gateway' && w.walk.target.portId === null ? 'left-cloud' : 'delivered');
      }
    }
    // vm1 (tunnel network, two hosts, floating IP) proves every class
    expect(new Set(traces.get('vm1')!.report.walks!.map((w) => w.trafficClass))).toEqual(new Set(['dhcp', 'gateway', 'peer', 'floating-ip']));
  });

  it('vm1 → vm3 is delivered across the VXLAN tunnel to the tap the target host has for vm3', () => {
    const walk = walks.get('vm1 vm3')!;
    expect(walk.verdict.kind).toBe('delivered');
    const v = walk.verdict as Extract<PacketWalk['verdict'], { kind: 'delivered' }>;
    expect(v.host).toBe(servers.find((s) => s.Name === 'vm3')?.Host);
    expect(onHost(v.host, `ovs-vsctl --bare --columns=name find Interface external_ids:iface-id=${walk.target.portId}`).trim()).toBe(v.port);
    expect(walk.legs[0].segments.map((s) => s.bridge)).toEqual(['br-int', 'br-tun']);
    // Every hop names its flow: table, priority, cookie.
    for (const s of walk.legs[0].segments) for (const h of s.hops) expect(h.cookie, `${s.host} ${h.bridge} ${h.table}`).toMatch(/^0x[0-9a-f]+$/);
  });

  it('vm2 → gateway leaves on br-ex tagged with the provider VLAN', () => {
    const net = api<{ networks: { 'provider:segmentation_id': number }[] }>('network', '/networks', { name: 'provider-vlan100' }).networks[0];
    expect(walks.get('vm2 gateway')!.verdict).toMatchObject({ kind: 'left-cloud', bridge: 'br-ex', vlan: net['provider:segmentation_id'] });
  });

  it('vm1 → internet goes through router1 and leaves from its gateway port with vm1\'s floating IP', () => {
    const walk = walks.get('vm1 internet')!;
    const fip = api<{ floatingips: { floating_ip_address: string }[] }>('network', '/floatingips', { port_id: walk.source.portId }).floatingips[0];
    expect(walk.legs.map((l) => l.verdict.kind)).toEqual(['delivered', 'left-cloud']);
    expect(walk.legs[1].packet.srcIp).toBe(fip.floating_ip_address);
  });

  it('changed nothing: OVSDB and flows (learned ones included) on every host are as before the walks', () => {
    for (const host of hosts) expect(ovsState(host), host).toBe(before.get(host));
  });
});

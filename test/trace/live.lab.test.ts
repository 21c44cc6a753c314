// `netxray trace` run as a user would, against the running lab: every instance's interfaces are checked
// against what the lab itself says (its Nova and Neutron APIs and ovs-vsctl over ssh, looked up here independently),
// and OVSDB and flows are the same before and after the traces (counters aside): tracing changes nothing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceReport } from '../../src/model/traceModel.js';
import { lab, labReason, skipLab } from '../collect/_lab.js';
import { firewall } from '../lab/helpers.js';
import { api, labServers, onHost, ovsState, type LabServer } from './_liveLab.js';
import { asMl2Ovs } from '../../src/model/traceModel.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const env = { ...process.env, ...lab.env };
const sshConfig = lab.env.NETXRAY_LAB_SSH_CONFIG;

/** a port as Neutron's API has it */
interface Port { id: string; mac_address: string; fixed_ips: { ip_address: string }[]; status: string }

describe.skipIf(skipLab || !existsSync(CLI))(`netxray trace against the lab ${labReason}`, () => {
  let servers: LabServer[];
  let hosts: string[];
  let before: Map<string, string>;
  const reports = new Map<string, TraceReport>();
  // The lab's own answers, asked once here (the hook's time limit is the long one).
  const portsOf = new Map<string, Port[]>();
  const networks = new Map<string, Record<string, unknown>>();
  const ovsPortOf = new Map<string, { name: string; tag: string }>();

  beforeAll(() => {
    ({ servers, hosts } = labServers());
    // The sample topology: vm1–vm4 on two compute nodes (docs/lab.md).
    expect(servers.length).toBeGreaterThanOrEqual(3);
    expect(hosts.length).toBe(2);
    before = new Map(hosts.map((host) => [host, ovsState(host)]));
    for (const server of servers) {
      const result = spawnSync(process.execPath, [CLI, 'trace', server.ID, '--format', 'json', '--ssh-config', sshConfig],
        { encoding: 'utf8', env, timeout: 120_000 });
      expect(result.status, `${server.Name}: ${result.stderr}`).toBe(0);
      reports.set(server.ID, JSON.parse(result.stdout) as TraceReport);
      portsOf.set(server.ID, api<{ ports: Port[] }>('network', '/ports', { device_id: server.ID }).ports);
    }
    for (const id of new Set([...reports.values()].flatMap((r) => r.interfaces.map((i) => i.network.id)))) networks.set(id, api<{ network: Record<string, unknown> }>('network', `/networks/${id}`).network);
    for (const server of servers) {
      for (const traced of reports.get(server.ID)!.interfaces) {
        const name = onHost(server.Host!, `ovs-vsctl --bare --columns=name find Interface external_ids:iface-id=${traced.port.id}`).trim();
        ovsPortOf.set(traced.port.id, { name, tag: onHost(server.Host!, `ovs-vsctl get Port ${name} tag`).trim() });
      }
    }
  }, 900_000);

  it('finds the lab healthy: no warning or error for any instance', () => {
    for (const [id, report] of reports) {
      expect(report.findings.filter((f) => f.severity !== 'info'), id).toEqual([]);
    }
  });

  it('reports every interface with the MAC, IPs and status Neutron has', () => {
    for (const server of servers) {
      const report = reports.get(server.ID)!;
      const ports = portsOf.get(server.ID)!;
      expect(report.interfaces).toHaveLength(ports.length);
      for (const port of ports) {
        const traced = report.interfaces.find((i) => i.port.id === port.id);
        expect(traced?.port.mac, port.id).toBe(port.mac_address);
        const ips = port.fixed_ips.map((f) => f.ip_address);
        if (ips.length > 0) expect([...(traced?.port.ips ?? [])].sort()).toEqual(ips.sort());
        expect(traced?.port.status).toBe(port.status);
      }
    }
  });

  it('gives each interface the network type and segmentation id Neutron has, and the local VLAN OVSDB has', () => {
    for (const server of servers) {
      for (const traced of reports.get(server.ID)!.interfaces) {
        const network = networks.get(traced.network.id)!;
        expect(traced.network.type).toBe(network['provider:network_type']);
        expect(traced.network.segmentationId ?? null).toBe(network['provider:segmentation_id'] ?? null);
        const { name: portName, tag } = ovsPortOf.get(traced.port.id)!;
        expect(traced.host).toBe(server.Host);
        expect(String(asMl2Ovs(traced.dataplane).localVlan)).toBe(tag);
        expect(traced.hops.map((h) => h.device)).toContain(portName);
      }
    }
  });

  it('names the firewall driver the lab runs; the device chain is the plug that driver makes, present exactly when the host has it', () => {
    const driver = firewall(); // what lab/up.sh configured (LAB_FIREWALL), not what netxray detected
    for (const server of servers) {
      const links = new Set((JSON.parse(onHost(server.Host!, 'ip -j link show')) as { ifname: string }[]).map((l) => l.ifname));
      for (const traced of reports.get(server.ID)!.interfaces) {
        expect(traced.firewall.driver, traced.port.id).toBe(driver);
        const short = traced.port.id.slice(0, 11);
        // nova/virt/libvirt/vif.py + os-vif: hybrid plug = tap → qbr → qvb ⇄ qvo on br-int; otherwise the tap itself.
        const expected = driver === 'iptables_hybrid' ? [`tap${short}`, `qbr${short}`, `qvb${short}`, `qvo${short}`] : [`tap${short}`];
        expect(traced.hops.map((h) => h.device).slice(0, expected.length)).toEqual(expected);
        for (const name of expected) {
          // The lab's fake virt driver starts no guest, so with the hybrid plug no tap exists (libvirt would make it).
          const device = traced.hops.find((d) => d.device === name);
          expect(device?.present, `${name} on ${server.Host}`).toBe(links.has(name));
        }
        if (driver === 'iptables_hybrid') for (const name of expected.slice(1)) expect(links.has(name), `${name} on ${server.Host}`).toBe(true);
      }
    }
  });

  it("draws the metadata branch of a routed instance through its router's namespace, with the REDIRECT as the host has it", () => {
    const routed = [...reports.values()].flatMap((r) => r.interfaces).filter((i) => i.router);
    expect(routed.length).toBeGreaterThan(0); // vm1 on the private network behind router1 (docs/lab.md)
    const metadataAgents = api<{ agents: unknown[] }>('network', '/agents', { agent_type: 'Metadata agent' }).agents;
    for (const i of routed) {
      const router = i.router!;
      expect(i.metadata, i.port.id).toMatchObject({ via: 'router', host: router.host, namespace: `qrouter-${router.id}`, offered: metadataAgents.length > 0 });
      // the nat table read here independently: the branch says present exactly when the router namespace has the rule
      const nat = onHost(router.host!, `ip netns exec qrouter-${router.id} iptables-save -t nat`);
      const redirect = /-d 169\.254\.169\.254\/32 .*--dport 80 -j REDIRECT/.test(nat);
      expect(i.metadata.entry?.state, i.port.id).toBe(redirect ? 'present' : 'missing');
    }
  });

  it('changed nothing: OVSDB and flows on every host are as before the traces', () => {
    for (const host of hosts) expect(ovsState(host), host).toBe(before.get(host));
  });
});

// The DVR lab (LAB_DVR=1 lab/up.sh, docs/lab.md "The DVR lab"): its distributed-routing state as the lab's own tools show
// it (API, ip netns / ip addr / ip route / iptables-save in the namespaces of each node, OVS flows, the DVR MACs in
// Neutron's database), then each dvr-* kind of lab/fault: not visible before, visible once injected, gone after undo.
// Needs a running DVR lab and NETXRAY_DVR_LAB=1 (it changes the lab); skips otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TraceReport } from '../../src/model/traceModel.js';
import { LAB_DIR, NODE1, NODE2, SSH_CONFIG, eventually, fault, labEnv, osc, run, serverId, serverPorts, ssh, type Json } from './helpers.js';

const dvrLab = existsSync(join(LAB_DIR, 'run/dvr')) && existsSync(join(LAB_DIR, 'run/tag'));
const skip = process.env.NETXRAY_DVR_LAB !== '1' || process.env.NETXRAY_SKIP_LAB === '1' || !dvrLab;
const reason = skip ? `(skipped: needs NETXRAY_DVR_LAB=1 and a lab started with LAB_DVR=1 at ${LAB_DIR})` : '';

const sql = (q: string) =>
  run('mariadb', [`--socket=${join(LAB_DIR, 'run/mysql.sock')}`, '-uroot', '-N', '-B', '-e', q]).stdout.trim();
/** host -> DVR MAC, from neutron.dvr_host_macs (the API has no call for it), which keeps netaddr's FA-16-3F-… form; OVS prints fa:16:3f:… */
const dvrMacs = () =>
  Object.fromEntries(sql('SELECT host, mac_address FROM neutron.dvr_host_macs').split('\n').map((l) => l.split('\t')).map(([h, m]) => [h, m.toLowerCase().replace(/-/g, ':')]));
const netnsOf = (node: string) => ssh(node, 'ip netns list').stdout.split('\n').map((l) => l.split(/\s+/)[0]).filter(Boolean);
const inNs = (node: string, ns: string, cmd: string, allowFail = false) => ssh(node, `ip netns exec ${ns} ${cmd}`, allowFail);
const flows = (node: string, bridge: string, table: number) => ssh(node, `ovs-ofctl dump-flows ${bridge} table=${table}`).stdout;
const routerId = () => osc<Record<string, Json>>('router', 'show', 'router1').id as string;
const publicId = () => osc<Record<string, Json>>('network', 'show', 'public').id as string;
const ports = (owner: string) => osc<Record<string, Json>[]>('port', 'list', '--device-owner', owner, '--long');
const portShow = (id: string) => osc<Record<string, Json>>('port', 'show', id);
const l3Agent = (host: string): Record<string, Json> => {
  const a = osc<Record<string, Json>[]>('network', 'agent', 'list', '--agent-type', 'l3', '--host', host)[0];
  const shown = osc<Record<string, Json>>('network', 'agent', 'show', a.ID);
  // openstackclient prints the API's `configurations` as `configuration`
  return { alive: a.Alive as boolean, configurations: shown.configuration ?? shown.configurations, ...shown };
};
const fipOf = (vm: string) => osc<Record<string, string>[]>('floating', 'ip', 'list', '--port', serverPorts(vm)[0].id)[0]['Floating IP Address'];
const ipsOf = (p: Record<string, Json>) => (p.fixed_ips as { ip_address: string }[]).map((f) => f.ip_address);

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
/** `netxray trace <vm> --format json` as a user runs it (npm run build first): exit status and report */
function trace(vm: string): { status: number | null; report: TraceReport } {
  const r = spawnSync(process.execPath, [CLI, 'trace', vm, '--format', 'json', '--ssh-config', SSH_CONFIG], { encoding: 'utf8', env: labEnv(), timeout: 300_000 });
  expect(r.stdout, `${vm}: ${r.stderr}`).not.toBe('');
  return { status: r.status, report: JSON.parse(r.stdout) as TraceReport };
}

/**
 * What a trace could change on a node, as the lab's own tools print it: the agents' namespaces (qrouter-/snat-/fip-/qdhcp-:
 * the machine also holds other labs' namespaces) with their addresses, routes, rules and iptables rules (counters cut),
 * OVS ports and flows (statistics cut; br-tun's learned flows expire by themselves and are left out).
 */
function hostState(node: string): string {
  return ssh(node, [
    "for ns in $(ip netns list | awk '{print $1}' | grep -E '^(qrouter|snat|fip|qdhcp)-' | sort); do",
    '  echo "== $ns"; ip netns exec $ns ip -o addr; ip netns exec $ns ip route show table all; ip netns exec $ns ip rule',
    "  ip netns exec $ns iptables-save | sed -E '/^#/d; s/\\[[0-9]+:[0-9]+\\]$//'",
    'done',
    'ovs-vsctl show',
    "for b in br-int br-tun br-ex; do echo \"== $b\"; ovs-ofctl --no-stats dump-flows $b | grep -v hard_timeout; done",
  ].join('\n')).stdout;
}
const labState = () => [NODE1, NODE2].map((n) => `### ${n}\n${hostState(n)}`).join('\n');

/** the instance's host as Nova has it (by id: the instances are in the demo project, `server show NAME` looks in admin's) */
const hostOf = (vm: string) => osc<Record<string, Json>>('server', 'show', serverId(vm))['OS-EXT-SRV-ATTR:host'] as string;
/** `ip -o addr` of a namespace on a node → device -> its addresses */
function nsDevices(node: string, ns: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const l of inNs(node, ns, 'ip -o addr').stdout.split('\n')) {
    const f = /^\d+: (\S+?)(?:@\S+)? +inet6? (\S+)\//.exec(l);
    if (f) m.set(f[1], [...(m.get(f[1]) ?? []), f[2]]);
  }
  return m;
}

describe.skipIf(skip || !existsSync(CLI))(`netxray trace on the DVR lab ${reason}`, () => {
  const traces = new Map<string, ReturnType<typeof trace>>();
  let before = '';
  beforeAll(() => {
    before = labState();
  }, 120_000);

  for (const vm of ['vm1', 'vm4', 'vm5']) {
    it(`${vm}: exit 0, every automatic walk ends well; ARP for another host's port answered with the API's MAC`, () => {
      const { status, report } = trace(vm);
      traces.set(vm, { status, report });
      expect(report.findings.filter((f) => f.severity !== 'info'), vm).toEqual([]);
      expect(status).toBe(0);
      const walks = report.walks ?? [];
      expect(walks.length).toBeGreaterThan(0);
      for (const w of walks) expect(['delivered', 'left-cloud', 'answered'], `${vm} ${w.trafficClass} ${w.walk?.request.proto}`).toContain(w.walk?.verdict.kind);
      for (const v of walks.map((w) => w.walk!.verdict)) {
        if (v.kind === 'answered') expect(v.mac, `${vm}: ARP answer for ${v.portId}`).toBe(portShow(v.portId!).mac_address);
      }
    }, 600_000);
  }

  for (const [vm, hasFip] of [['vm1', true], ['vm4', true], ['vm5', false]] as const) {
    it(`${vm}: SNAT through node 1's snat-, ${hasFip ? "floating IP through its own host's fip-" : 'no floating-IP path'}; every field as ip netns / ip addr / iptables-save / OVS show it`, () => {
      const { report } = traces.get(vm) ?? trace(vm);
      const i = report.interfaces[0];
      const host = hostOf(vm);
      const r = i.router!, d = r.dvr!;
      expect(i.host).toBe(host);
      expect(r.id).toBe(routerId());
      expect(r.host, 'routed in the qrouter- of its own host').toBe(host);
      expect(netnsOf(host)).toContain(`qrouter-${r.id}`);
      expect(d.localAgentMode).toBe(l3Agent(host).configurations.agent_mode);
      // SNAT: the network node (dvr_snat), its sg- port on the instance's network and qg- with the router's external address
      expect(d.snat).toMatchObject({ host: NODE1, agentMode: 'dvr_snat', namespace: `snat-${r.id}` });
      expect(netnsOf(NODE1)).toContain(d.snat.namespace);
      expect(netnsOf(NODE2)).not.toContain(d.snat.namespace);
      const network = osc<Record<string, Json>>('port', 'show', serverPorts(vm)[0].id).network_id as string;
      const snatPort = ports('network:router_centralized_snat').map((p) => portShow(p.ID)).find((p) => p.network_id === network)!;
      expect(d.snat.portId).toBe(snatPort.id);
      const snatDevices = nsDevices(NODE1, d.snat.namespace);
      expect(snatDevices.get(d.snat.device!), `${d.snat.device} in ${d.snat.namespace}`).toEqual(expect.arrayContaining(ipsOf(snatPort)));
      expect(d.snat.ips).toEqual(ipsOf(snatPort));
      expect(snatDevices.get(d.snat.gatewayDevice!), `${d.snat.gatewayDevice} in ${d.snat.namespace}`).toEqual(expect.arrayContaining(r.externalIps));
      expect(ipsOf(portShow(ports('network:router_gateway')[0].ID))).toEqual(r.externalIps);
      expect(inNs(NODE1, d.snat.namespace, 'iptables-save -t nat').stdout).toContain(`-j SNAT --to-source ${r.externalIps[0]}`);
      for (const dev of [d.snat.device!, d.snat.gatewayDevice!]) expect(ssh(NODE1, `ovs-vsctl port-to-br ${dev}`).stdout.trim(), dev).toBe('br-int');
      if (!hasFip) {
        expect(d.fip).toBeNull();
        return;
      }
      // floating IP: DNAT in the qrouter- of its own host, out rfp- → fpr- in fip-<public> of that host, fg- on br-int there
      const floating = fipOf(vm);
      expect(r.nat.map((n) => n.floatingIp)).toEqual([floating]);
      expect(inNs(host, `qrouter-${r.id}`, 'iptables-save -t nat').stdout).toMatch(new RegExp(`-d ${floating}/32 .*-j DNAT --to-destination ${r.nat[0].fixedIp}\\b`));
      const f = d.fip!;
      expect(f).toMatchObject({ host, namespace: `fip-${publicId()}` });
      expect(netnsOf(host)).toContain(f.namespace);
      expect(nsDevices(host, `qrouter-${r.id}`).has(f.routerDevice), `${f.routerDevice} in qrouter-`).toBe(true);
      const fipDevices = nsDevices(host, f.namespace);
      expect(fipDevices.has(f.fipDevice), `${f.fipDevice} in ${f.namespace}`).toBe(true);
      const gw = ports('network:floatingip_agent_gateway').map((p) => portShow(p.ID)).find((p) => p.binding_host_id === host)!;
      expect(f.gatewayPortId).toBe(gw.id);
      expect(f.gatewayIps).toEqual(ipsOf(gw));
      expect(fipDevices.get(f.gatewayDevice!), `${f.gatewayDevice} in ${f.namespace}`).toEqual(expect.arrayContaining(ipsOf(gw)));
      expect(ssh(host, `ovs-vsctl port-to-br ${f.gatewayDevice}`).stdout.trim()).toBe('br-int');
    }, 300_000);
  }

  it('read-only: namespaces, addresses, routes, iptables rules, OVS ports and flows of both nodes unchanged by the traces', () => {
    expect(labState()).toBe(before);
  }, 600_000);
});

describe.skipIf(skip)(`the DVR lab's distributed routing ${reason}`, () => {
  it('agents: dvr_snat on node 1, dvr on node 2, both alive; OVS agents in DVR mode with l2population', () => {
    expect(l3Agent(NODE1)).toMatchObject({ alive: true, configurations: { agent_mode: 'dvr_snat' } });
    expect(l3Agent(NODE2)).toMatchObject({ alive: true, configurations: { agent_mode: 'dvr' } });
    for (const host of [NODE1, NODE2]) {
      const a = osc<Record<string, Json>[]>('network', 'agent', 'list', '--agent-type', 'open-vswitch', '--host', host)[0];
      const shown = osc<Record<string, Json>>('network', 'agent', 'show', a.ID);
      const conf = shown.configuration ?? shown.configurations;
      expect(conf, host).toMatchObject({ enable_distributed_routing: true, l2_population: true, arp_responder_enabled: true });
    }
    expect(osc<Record<string, Json>>('router', 'show', 'router1').distributed).toBe(true);
  }, 600_000);

  it('namespaces: qrouter- on both nodes, snat- only on node 1, fip-<public> on both (floating IPs on both)', () => {
    const r = routerId(), pub = publicId();
    const n1 = netnsOf(NODE1), n2 = netnsOf(NODE2);
    expect(n1).toEqual(expect.arrayContaining([`qrouter-${r}`, `snat-${r}`, `fip-${pub}`]));
    expect(n2).toEqual(expect.arrayContaining([`qrouter-${r}`, `fip-${pub}`]));
    expect(n2, "node 2 sees its own namespaces only").not.toContain(`snat-${r}`);
  }, 600_000);

  it("qrouter- on each node holds the router's qr- ports with both subnets' gateways, rfp- to fip-", () => {
    const r = routerId();
    for (const node of [NODE1, NODE2]) {
      const addr = inNs(node, `qrouter-${r}`, 'ip -o addr').stdout;
      expect(addr, node).toMatch(/ qr-\S+ +inet 10\.20\.0\.1\/24/);
      expect(addr, node).toMatch(/ qr-\S+ +inet 10\.30\.0\.1\/24/);
      expect(addr, node).toMatch(new RegExp(` rfp-${r.slice(0, 10)} +inet 169\\.254\\.`));
    }
  }, 600_000);

  it('fip-<public> on each node: the fg- port of its floatingip_agent_gateway port with its address, fpr- to qrouter-', () => {
    const r = routerId(), pub = publicId();
    const gateways = ports('network:floatingip_agent_gateway');
    for (const node of [NODE1, NODE2]) {
      const gw = gateways.map((p) => portShow(p.ID)).find((p) => p.binding_host_id === node);
      expect(gw, `${node} has a floatingip_agent_gateway port`).toBeTruthy();
      const addr = inNs(node, `fip-${pub}`, 'ip -o addr').stdout;
      expect(addr).toContain(` fg-${String(gw!.id).slice(0, 11)} `);
      expect(addr).toContain(`inet ${ipsOf(gw!)[0]}/24`);
      expect(addr).toMatch(new RegExp(` fpr-${r.slice(0, 10)} +inet 169\\.254\\.`));
    }
  }, 600_000);

  it("floating IPs: vm1's DNAT in node 1's qrouter-, vm4's in node 2's (each on its own host)", () => {
    const r = routerId();
    expect(inNs(NODE1, `qrouter-${r}`, 'iptables-save -t nat').stdout).toMatch(new RegExp(`-d ${fipOf('vm1')}/32 .*-j DNAT`));
    expect(inNs(NODE2, `qrouter-${r}`, 'iptables-save -t nat').stdout).toMatch(new RegExp(`-d ${fipOf('vm4')}/32 .*-j DNAT`));
    expect(inNs(NODE1, `qrouter-${r}`, 'iptables-save -t nat').stdout).not.toContain(`-d ${fipOf('vm4')}/32`);
  }, 600_000);

  it("snat-<router1> on node 1: sg- ports with the SNAT ports' addresses, qg- with the gateway address, a default route", () => {
    const r = routerId();
    const addr = inNs(NODE1, `snat-${r}`, 'ip -o addr').stdout;
    for (const p of ports('network:router_centralized_snat')) {
      const full = portShow(p.ID);
      expect(addr).toMatch(new RegExp(` sg-${String(full.id).slice(0, 11)} +inet ${ipsOf(full)[0].replace(/\./g, '\\.')}/24`));
    }
    const gw = portShow(ports('network:router_gateway')[0].ID);
    expect(addr).toMatch(new RegExp(` qg-${String(gw.id).slice(0, 11)} +inet ${ipsOf(gw)[0].replace(/\./g, '\\.')}/24`));
    expect(inNs(NODE1, `snat-${r}`, 'ip route show default').stdout).toMatch(/^default via 198\.51\.100\.1 dev qg-/);
    expect(inNs(NODE1, `snat-${r}`, 'iptables-save -t nat').stdout).toContain('-j SNAT --to-source');
  }, 600_000);

  it("DVR MACs: each node's br-tun table 9 and br-int table 0 know the other node's DVR MAC", () => {
    const macs = dvrMacs();
    expect(Object.keys(macs).sort()).toEqual([NODE1, NODE2]);
    for (const [node, peer] of [[NODE1, NODE2], [NODE2, NODE1]]) {
      expect(flows(node, 'br-tun', 9), `${node} br-tun table 9`).toContain(`dl_src=${macs[peer]}`);
      expect(flows(node, 'br-int', 0), `${node} br-int table 0`).toContain(`dl_src=${macs[peer]}`);
      expect(flows(node, 'br-tun', 9), `${node} br-tun table 9 own MAC`).not.toContain(`dl_src=${macs[node]}`);
    }
  }, 600_000);
});

/** dvr-* kind -> "is the fault visible right now?" from the lab's own state */
const visible: Record<string, () => boolean> = {
  'dvr-fip-ns-removed': () => !netnsOf(NODE2).includes(`fip-${publicId()}`),
  'dvr-l3-agent-down': () => l3Agent(NODE2).alive === false,
  'dvr-agent-mode-wrong': () => l3Agent(NODE2).configurations.agent_mode === 'legacy' && !netnsOf(NODE2).includes(`qrouter-${routerId()}`),
  'dvr-mac-flow-deleted': () => !flows(NODE1, 'br-tun', 9).includes(`dl_src=${dvrMacs()[NODE2]}`),
  'dvr-snat-route-missing': () => inNs(NODE1, `snat-${routerId()}`, 'ip route show default').stdout.trim() === '',
};

/** dvr-* kind -> the instance whose trace must show it, and the finding that comes first, on the host of the change */
const traced: Record<string, { vm: string; finding: string; host: string }> = {
  'dvr-fip-ns-removed': { vm: 'vm4', finding: 'dvr-fip-namespace-missing', host: NODE2 },
  'dvr-l3-agent-down': { vm: 'vm4', finding: 'l3-agent-dead', host: NODE2 },
  'dvr-agent-mode-wrong': { vm: 'vm4', finding: 'dvr-agent-mode', host: NODE2 },
  'dvr-mac-flow-deleted': { vm: 'vm1', finding: 'dvr-mac-flow-missing', host: NODE1 },
  'dvr-snat-route-missing': { vm: 'vm5', finding: 'dvr-snat-missing', host: NODE1 },
};

describe.skipIf(skip)(`lab/fault on the DVR lab: every dvr-* kind visible, then gone after undo ${reason}`, () => {
  it('the test covers every dvr-* kind lab/fault offers', () => {
    const kinds = fault('list').trim().split('\n').map((l) => l.split(/\s+/)[0]).filter((k) => k.startsWith('dvr-'));
    expect(kinds.sort()).toEqual(Object.keys(visible).sort());
  });

  beforeEach(({ task }) => {
    if (task.name === 'nothing left injected') return;
    if (fault('active').trim()) fault('undo-all');
  });

  for (const kind of Object.keys(visible)) {
    it(kind, async () => {
      expect(visible[kind](), `${kind} visible before injection`).toBe(false);
      try {
        fault(kind);
        // a stopped agent is declared dead after agent_down_time (30 s) plus a report interval
        await eventually(`${kind} visible after injection`, () => visible[kind](), 90);
        if (existsSync(CLI)) {
          const { status, report } = trace(traced[kind].vm);
          expect(status, `${kind}: trace ${traced[kind].vm} exit`).toBe(1);
          const first = report.findings.find((f) => f.severity === 'error');
          expect(first, `${kind}: the trace's first error`).toMatchObject({ id: traced[kind].finding, host: traced[kind].host });
          expect(first!.hint, `${kind}: a fix hint`).not.toBe('');
        }
      } finally {
        fault('undo', kind);
      }
      await eventually(`${kind} gone after undo`, () => !visible[kind](), 120);
      expect(serverPorts('vm4').every((p) => p.status === 'ACTIVE')).toBe(true);
    }, 600_000);
  }

  it('nothing left injected', () => {
    expect(fault('active').trim()).toBe('');
  });
});

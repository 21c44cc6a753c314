// DVR on ML2/OVS, on real recordings of the DVR lab (LAB_DVR=1, docs/lab.md; test/trace/fixtures/dvr/README.md says how
// they were made): every instance healthy with its floating-IP path through the fip- namespace of its own host and its SNAT
// path through the network node, each field equal to what the recorded API and raw host outputs say (read here without
// netxray's parsers); then the DVR checks, each on a SYNTHETIC edit of a copy (the live faults: test/lab/dvr.lab.test.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiObject, CloudSnapshot, CommandOutput } from '../../src/model/cloudSnapshot.js';
import { planWalk } from '../../src/neutron/ml2-ovs/walkPlan.js';
import { analyseChecks } from './_labSnapshot.js';

const DIR = resolve(import.meta.dirname, 'fixtures/dvr');
const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.snapshot.json')).sort() : [];
const load = (f: string) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as CloudSnapshot;
/** the instance a `netxray trace <vm> --save` recording is about: its file name says */
const vmOf = (f: string) => /-(vm\d)\.snapshot\.json$/.exec(f)?.[1];
const traced = files.filter((f) => vmOf(f));

const server = (s: CloudSnapshot, vm: string) => s.api.servers.find((x) => x.name === vm) as ApiObject;
const hostOfVm = (s: CloudSnapshot, vm: string) => String(server(s, vm)['OS-EXT-SRV-ATTR:host']);
const portOf = (s: CloudSnapshot, vm: string) => s.api.ports.find((p) => p.device_id === server(s, vm).id) as ApiObject;
const router1 = (s: CloudSnapshot) => s.api.routers.find((r) => r.name === 'router1') as ApiObject;
const output = (s: CloudSnapshot, host: string, id: string) => s.hosts.find((h) => h.host === host)?.outputs.find((o) => o.id === id) as CommandOutput;
const externalNet = (s: CloudSnapshot) => String((router1(s).external_gateway_info as ApiObject).network_id);
const hasFip = (s: CloudSnapshot, vm: string) => s.api.floatingIps.some((f) => f.port_id === portOf(s, vm).id);
const findings = (s: CloudSnapshot, vm: string) => analyseChecks(s, vm).findings.map((f) => [f.id, f.host]);

describe.skipIf(traced.length === 0)('DVR: healthy recordings of the DVR lab', () => {
  for (const f of traced) {
    const vm = vmOf(f)!;
    it(`${vm}: healthy, distributed router followed on its own host, SNAT on the network node (${f})`, () => {
      const s = load(f);
      const report = analyseChecks(s, vm);
      expect(report.findings.filter((x) => x.severity !== 'info'), 'no error or warning').toEqual([]);
      // every automatic walk ends well; an ARP request for a port on the other host is answered by br-tun's ARP responder
      // (l2population) on the instance's host, with the MAC the API has for that port and the responder flow the raw dump has
      const host = hostOfVm(s, vm);
      const walks = report.walks ?? [];
      expect(walks.length).toBeGreaterThan(0);
      for (const w of walks) expect(['delivered', 'left-cloud', 'answered'], `${w.trafficClass} ${w.walk?.request.proto}`).toContain(w.walk?.verdict.kind);
      const answered = walks.map((w) => w.walk!.verdict).filter((v) => v.kind === 'answered');
      for (const v of answered) {
        const target = s.api.ports.find((p) => p.id === v.portId)!;
        expect(v.mac).toBe(target.mac_address);
        expect(v.host).toBe(host);
        expect(target['binding:host_id'], 'answered for a port on another host').not.toBe(host);
        expect(output(s, host, 'flows:br-tun').stdout).toMatch(new RegExp(`table=21, .*arp_tpa=${String((target.fixed_ips as ApiObject[])[0].ip_address).replace(/\./g, '\\.')}\\b`));
      }
      const r = report.interfaces[0].router!;
      expect(router1(s).distributed).toBe(true);
      expect(r.id).toBe(router1(s).id);
      expect(r.host, 'routed on the instance host').toBe(host);
      const gw = s.api.ports.find((p) => p.device_id === r.id && p.device_owner === 'network:router_gateway')!;
      expect(r.dvr!.snat.host, "SNAT on the gateway port's host").toBe(gw['binding:host_id']);
      expect(r.dvr!.snat.agentMode).toBe('dvr_snat');
      expect(['dvr', 'dvr_snat']).toContain(r.dvr!.localAgentMode);
      // the raw ip -j addr of snat- on that host holds the sg- and qg- devices netxray names
      const snatAddr = output(s, r.dvr!.snat.host!, `netns-addr:snat-${r.id}`);
      expect(snatAddr.exitCode).toBe(0);
      expect(snatAddr.stdout).toContain(`"ifname":"${r.dvr!.snat.device}"`);
      expect(snatAddr.stdout).toContain(`"ifname":"${r.dvr!.snat.gatewayDevice}"`);
      for (const ip of r.dvr!.snat.ips) expect(snatAddr.stdout).toContain(`"local":"${ip}"`);
      if (hasFip(s, vm)) {
        const fip = r.dvr!.fip!;
        expect(fip.host).toBe(host);
        expect(fip.namespace).toBe(`fip-${externalNet(s)}`);
        const agw = s.api.ports.find((p) => p.device_owner === 'network:floatingip_agent_gateway' && p['binding:host_id'] === host)!;
        expect(fip.gatewayPortId).toBe(agw.id);
        const fipAddr = output(s, host, `netns-addr:${fip.namespace}`);
        expect(fipAddr.stdout).toContain(`"ifname":"fg-${String(agw.id).slice(0, 11)}"`);
        expect(fipAddr.stdout).toContain(`"ifname":"fpr-${r.id.slice(0, 10)}"`);
        expect(output(s, host, `netns-addr:qrouter-${r.id}`).stdout).toContain(`"ifname":"rfp-${r.id.slice(0, 10)}"`);
        expect(report.interfaces[0].answers.provider).toContain(`${fip.namespace} fg-`);
        // the floating-IP walk leaves from the fg- port of the instance's own host
        const walk = report.walks?.find((w) => w.trafficClass === 'floating-ip');
        if (walk?.walk) expect(walk.walk.legs.at(-1)!.segments[0].host).toBe(host);
      } else {
        expect(r.dvr!.fip).toBeNull();
      }
    });
  }
});

// ---- the SNAT walk planned from a recording's API: an instance without a floating IP leaves through the snat- namespace ----
const noFip = traced.map((f) => ({ f, s: load(f), vm: vmOf(f)! })).find(({ s, vm }) => !hasFip(s, vm));

describe.skipIf(!noFip)('DVR: the walk to the internet without a floating IP goes qr- → sg- on the network node → qg-', () => {
  it(`${noFip?.vm ?? ''}: three legs, the middle one from the qr- of the instance host to the SNAT port's sg- on the gateway's host`, () => {
    const { s, vm } = noFip!;
    const host = hostOfVm(s, vm);
    const r = router1(s);
    const port = portOf(s, vm);
    const sg = s.api.ports.find((p) => p.device_owner === 'network:router_centralized_snat' && p.device_id === r.id && p.network_id === port.network_id)!;
    const qr = s.api.ports.find((p) => p.device_id === r.id && p.device_owner === 'network:router_interface_distributed' && p.network_id === port.network_id)!;
    const gw = s.api.ports.find((p) => p.device_id === r.id && p.device_owner === 'network:router_gateway')!;
    const plan = planWalk(s.api, String(server(s, vm).id), { to: 'internet', proto: { kind: 'icmp' } });
    expect(plan.legs.map((l) => [l.start.host, l.start.inPort])).toEqual([
      [host, `tap${String(port.id).slice(0, 11)}`],
      [host, `qr-${String(qr.id).slice(0, 11)}`],
      [gw['binding:host_id'], `qg-${String(gw.id).slice(0, 11)}`],
    ]);
    expect(plan.legs[1].expect).toMatchObject({ host: sg['binding:host_id'], device: `sg-${String(sg.id).slice(0, 11)}`, portId: sg.id, into: 'router' });
    expect(plan.legs[1].packet).toMatchObject({ srcMac: qr.mac_address, dstMac: sg.mac_address, srcIp: (port.fixed_ips as ApiObject[])[0].ip_address });
    expect(sg['binding:host_id'], 'the SNAT port is on the other (network) node').not.toBe(host);
  });
});

// ---- the DVR checks on SYNTHETIC edits of the recording of an instance with a floating IP on the compute-only node ----
const base = traced.map((f) => ({ f, s: load(f), vm: vmOf(f)! })).find(({ s, vm }) => hasFip(s, vm) && analyseChecks(s, vm).interfaces[0].router?.dvr?.localAgentMode === 'dvr');
const copy = () => structuredClone(base!.s);

describe.skipIf(!base)('DVR checks (SYNTHETIC edits of a real DVR recording)', () => {
  const vm = base?.vm ?? '';
  const host = () => hostOfVm(base!.s, vm);

  it('dvr-fip-namespace-missing: the fip- namespace is gone on the instance host', () => {
    const s = copy();
    const out = output(s, host(), `netns-addr:fip-${externalNet(s)}`);
    Object.assign(out, { exitCode: 1, stdout: '', stderr: `Cannot open network namespace "fip-${externalNet(s)}": No such file or directory\n` });
    expect(findings(s, vm)).toContainEqual(['dvr-fip-namespace-missing', host()]);
  });

  it('dvr-fip-pair-missing: qrouter- lost its rfp- end', () => {
    const s = copy();
    const out = output(s, host(), `netns-addr:qrouter-${router1(s).id}`);
    out.stdout = JSON.stringify((JSON.parse(out.stdout) as { ifname: string }[]).filter((d) => !d.ifname.startsWith('rfp-')));
    expect(findings(s, vm)).toContainEqual(['dvr-fip-pair-missing', host()]);
  });

  it("dvr-agent-mode: the compute host's L3 agent in legacy mode is the cause, the missing qrouter- its symptom", () => {
    const s = copy();
    const agent = s.api.agents.find((a) => a.agent_type === 'L3 agent' && a.host === host())!;
    (agent.configurations as ApiObject).agent_mode = 'legacy';
    const report = analyseChecks(s, vm);
    expect(report.findings[0]).toMatchObject({ id: 'dvr-agent-mode', host: host(), severity: 'error' });
    expect(report.findings[0].hint).toContain('agent_mode = dvr');
  });

  it('l3-agent-dead: the L3 agent of the instance host (not the network node) is dead', () => {
    const s = copy();
    s.api.agents.find((a) => a.agent_type === 'L3 agent' && a.host === host())!.alive = false;
    expect(findings(s, vm)).toContainEqual(['l3-agent-dead', host()]);
  });

  it("fip-nat-missing: the DNAT rule is missing in the compute host's qrouter-", () => {
    const s = copy();
    const out = output(s, host(), `netns-nat:qrouter-${router1(s).id}`);
    out.stdout = out.stdout.split('\n').filter((l) => !/-j DNAT/.test(l)).join('\n');
    expect(findings(s, vm)).toContainEqual(['fip-nat-missing', host()]);
  });

  it("dvr-snat-missing: the snat- namespace's default route is gone on the network node", () => {
    const s = copy();
    const snatHost = analyseChecks(s, vm).interfaces[0].router!.dvr!.snat.host!;
    const out = output(s, snatHost, `netns-route:snat-${router1(s).id}`);
    out.stdout = JSON.stringify((JSON.parse(out.stdout) as { dst: string }[]).filter((r) => r.dst !== 'default'));
    expect(findings(s, vm)).toContainEqual(['dvr-snat-missing', snatHost]);
  });

  it("arp-responder-wrong-mac: br-tun's ARP responder answers a peer's IP with another MAC than the API's", () => {
    const s = copy();
    const stale = 'fa:16:3e:00:00:99';
    let edited = 0;
    for (const o of s.hosts.find((h) => h.host === host())!.outputs.filter((x) => x.id.startsWith('ofproto-trace:') && /->arp_sha/.test(x.stdout))) {
      o.stdout = o.stdout.replace(/set_field:[0-9a-f:]{17}->arp_sha/, `set_field:${stale}->arp_sha`);
      edited++;
    }
    expect(edited).toBeGreaterThan(0);
    const f = analyseChecks(s, vm).findings.find((x) => x.id === 'walk-dropped' && x.message.includes('(arp-responder-wrong-mac)'));
    expect(f?.message).toContain(`with ${stale}, but Neutron says`);
    expect(f?.host).toBe(host());
  });

  it('a responder flow that drops instead of answering is a drop on br-tun table 21, not an answer', () => {
    const s = copy();
    const out = s.hosts.find((h) => h.host === host())!.outputs.find((x) => x.id.startsWith('ofproto-trace:') && /->arp_sha/.test(x.stdout))!;
    // the responder flow's actions become a plain drop, and the reply it sent back to br-int is gone from the trace
    out.stdout = out.stdout.replace(/(\n21\. arp,[^\n]*\n)[\s\S]*?(\nFinal flow:)/, '$1    drop\n$2');
    expect(out.stdout).not.toContain('IN_PORT');
    const walk = analyseChecks(s, vm).walks!.find((w) => w.walk?.request.proto === 'arp' && w.walk.verdict.kind !== 'delivered')!;
    expect(walk.walk!.verdict).toMatchObject({ kind: 'dropped', host: host(), bridge: 'br-tun', table: 21 });
  });

  it("dvr-mac-flow-missing: the instance host's br-tun lost the DVR_NOT_LEARN flow of its peer's DVR MAC", () => {
    const s = copy();
    const out = output(s, host(), 'flows:br-tun');
    out.stdout = out.stdout.split('\n').filter((l) => !/table=9, .*dl_src=fa:16:3f/.test(l)).join('\n');
    expect(findings(s, vm)).toContainEqual(['dvr-mac-flow-missing', host()]);
  });

  // the other DVR MAC flows (AGENT/ovs_dvr_neutron_agent.py): br-int LOCAL_SWITCHING for the peer's MAC from patch-tun (priority 2)
  // and from the physical bridge (priority 4), the physical bridge's DVR_NOT_LEARN_PHYSICAL (table 3), the port's DVR_TO_SRC_MAC
  for (const [what, bridge, drop, inMessage] of [
    ['br-int table 0 lost the patch-tun entry of the peer DVR MAC', 'br-int', /table=0, .*priority=2,.*dl_src=fa:16:3f/, 'table 0 flow for'],
    ['br-int table 0 lost the physical-bridge entry of the peer DVR MAC', 'br-int', /table=0, .*priority=4,.*dl_src=fa:16:3f/, 'table 0 flow for'],
    ['br-ex lost its DVR_NOT_LEARN_PHYSICAL flow (table 3) for the peer DVR MAC', 'br-ex', /table=3, .*dl_src=fa:16:3f/, 'table 3 flow for'],
    ["br-int lost the DVR_TO_SRC_MAC flow (table 1) of the instance's port", 'br-int', null, 'table 1 (DVR_TO_SRC_MAC) flow for this port'],
  ] as const) {
    it(`dvr-mac-flow-missing: ${what}`, () => {
      const s = copy();
      const out = output(s, host(), `flows:${bridge}`);
      const mac = String(portOf(s, vm).mac_address);
      const gone = drop ?? new RegExp(`table=1, .*dl_dst=${mac}`);
      const before = out.stdout.split('\n').length;
      out.stdout = out.stdout.split('\n').filter((l) => !gone.test(l)).join('\n');
      expect(out.stdout.split('\n').length, 'the edit removed exactly one flow').toBe(before - 1);
      const f = analyseChecks(s, vm).findings.filter((x) => x.id === 'dvr-mac-flow-missing');
      expect(f.map((x) => [x.host, x.message.includes(inMessage)])).toEqual([[host(), true]]);
    });
  }

  it('dvr-mac-flow-missing: none on the unedited recording (every DVR MAC flow present on both hosts)', () => {
    for (const { s, vm: v } of traced.map((f) => ({ s: load(f), vm: vmOf(f)! }))) {
      expect(analyseChecks(s, v).findings.filter((x) => x.id === 'dvr-mac-flow-missing'), v).toEqual([]);
    }
  });
});

// ML2/OVS checks on the DHCP and L3 agents serving the port: their ports, agents, dnsmasq and the router namespace NAT.
import { HOST_OUTPUT } from '../../../../../model/hostOutputIds.js';
import { NAMESPACE_PREFIX } from '../../../../../neutron/neutronRules.js';
import type { FindingDraft, TraceCheck } from '../../../backend.js';
import { hostOutput, perInterface } from '../../../checks/checkHelpers.js';
import { str } from '../../../cloudIndex.js';
import type { OvsInterfaceAnalysis } from '../interface.js';

export const dhcpMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'dhcp-missing',
  needsApi: true,
  severity: 'warning',
  summary: 'DHCP is enabled but the network has no DHCP port',
  run: perInterface((a) => {
    if (!a.trace.dhcp.enabled || a.trace.dhcp.ports.length > 0) return [];
    return [{ portId: a.trace.port.id, at: { part: 'dhcp' }, message: `network ${a.trace.network.name || a.trace.network.id} has DHCP enabled but no DHCP port: the instance gets no address by DHCP`, hint: 'check that a DHCP agent is alive and scheduled to the network (openstack network agent list --network <net>)', evidence: [{ source: `neutron ports network_id=${a.trace.network.id}`, text: 'no port with device_owner=network:dhcp' }] }];
  }),
};

export const dhcpAgentDeadCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'dhcp-agent-dead',
  needsApi: true,
  severity: 'error',
  summary: 'the DHCP agent serving the network is dead, disabled or missing',
  run: perInterface((a) => {
    if (!a.trace.dhcp.enabled) return [];
    return a.trace.dhcp.ports.flatMap((p) => {
      if (p.agent && p.agent.alive && p.agent.adminStateUp) return [];
      return [{ portId: a.trace.port.id, at: { part: 'dhcp' }, host: p.host ?? undefined, message: p.agent ? `the DHCP agent on ${p.host} is ${p.agent.alive ? 'disabled' : 'dead'}: DHCP port ${p.id} is not served` : `no DHCP agent on ${p.host ?? '(unbound)'} for DHCP port ${p.id}`, hint: `restart neutron-dhcp-agent on ${p.host ?? 'the network node'}`, evidence: [{ source: p.agent ? `neutron agent ${p.agent.id}` : 'neutron agents', text: p.agent ? `alive=${p.agent.alive} admin_state_up=${p.agent.adminStateUp}` : `no DHCP agent with host=${p.host}` }] }];
    });
  }),
};

export const dnsmasqMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'dnsmasq-missing',
  needsApi: true,
  severity: 'error',
  summary: "no dnsmasq process for the network on the DHCP agent's host",
  run: perInterface((a, ctx) => {
    if (!a.trace.dhcp.enabled) return [];
    const drafts: FindingDraft[] = [];
    for (const host of new Set(a.trace.dhcp.ports.map((p) => p.host).filter((h): h is string => !!h))) {
      // neutron/agent/linux/dhcp.py Dnsmasq._build_cmdline_callback: --pid-file/--dhcp-hostsfile under <state dir>/<network id>/
      const out = hostOutput(ctx, host, HOST_OUTPUT.dnsmasqProcesses);
      if (!out || (out.exitCode !== 0 && out.exitCode !== 1)) continue; // not collected, or pgrep failed: unknown
      if (out.stdout.split('\n').some((line) => line.includes(a.trace.network.id))) continue;
      drafts.push({ portId: a.trace.port.id, at: { part: 'dhcp' }, host, message: `no dnsmasq serves network ${a.trace.network.name || a.trace.network.id} on ${host}: DHCP requests get no answer`, hint: `restart the DHCP agent on ${host} or resync the network (openstack network agent remove/add network); check the agent log for dnsmasq errors`, evidence: [{ source: `${host} ${out.command || 'pgrep -a dnsmasq'}`, text: out.stdout.trim() ? `${out.stdout.trim().split('\n').length} dnsmasq process(es), none for ${a.trace.network.id}` : 'no dnsmasq process' }] });
    }
    return drafts;
  }),
};

export const fipNatMissingCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'fip-nat-missing',
  needsApi: true,
  severity: 'error',
  summary: "the floating IP's DNAT rule (or the whole qrouter- namespace) is missing",
  run: perInterface((a, ctx) => {
    const drafts: FindingDraft[] = [];
    for (const fip of ctx.index.floatingIpsOfPort(a.trace.port.id)) {
      const floating = str(fip, 'floating_ip_address');
      const fixed = str(fip, 'fixed_ip_address');
      const routerId = str(fip, 'router_id') ?? a.trace.router?.id ?? null;
      const host = routerId && a.trace.router?.id === routerId ? a.trace.router.host : null;
      if (!floating || !fixed || !routerId || !host) continue;
      const out = hostOutput(ctx, host, HOST_OUTPUT.netnsNat(NAMESPACE_PREFIX.router + routerId));
      if (!out) continue;
      if (out.exitCode !== 0) {
        drafts.push({ portId: a.trace.port.id, at: { part: 'router' }, host, message: `namespace qrouter-${routerId} is missing or unreadable on ${host}: floating IP ${floating} and routing do not work`, hint: `restart the L3 agent on ${host} so it rebuilds the router`, evidence: [{ source: `${host} ${out.command}`, text: `exit ${out.exitCode}: ${out.stderr.trim().split('\n')[0] ?? ''}` }] });
        continue;
      }
      // neutron/agent/l3/router_info.py floating_forward_rules: PREROUTING -d <fip>/32 -j DNAT --to-destination <fixed>
      const rule = new RegExp(`^-A \\S*PREROUTING -d ${floating.replace(/\./g, '\\.')}/32 .*-j DNAT --to-destination ${fixed.replace(/\./g, '\\.')}\\b`, 'm');
      if (rule.test(out.stdout)) continue;
      drafts.push({ portId: a.trace.port.id, at: { part: 'router' }, host, message: `qrouter-${routerId} on ${host} has no DNAT rule for floating IP ${floating} → ${fixed}: traffic to the floating IP does not reach the instance`, hint: `restart the L3 agent on ${host} (it rewrites the router's NAT rules), or disassociate and re-associate the floating IP`, evidence: [{ source: `${host} ${out.command}`, text: `missing: -A neutron-l3-agent-PREROUTING -d ${floating}/32 -j DNAT --to-destination ${fixed}` }] });
    }
    return drafts;
  }),
};

export const l3AgentDeadCheck: TraceCheck<OvsInterfaceAnalysis> = {
  id: 'l3-agent-dead',
  needsApi: true,
  severity: 'error',
  summary: "the L3 agent of the port's router is dead, disabled or missing",
  run: perInterface((a) => {
    const r = a.trace.router;
    if (!r || !r.host) return [];
    if (r.agent && r.agent.alive && r.agent.adminStateUp) return [];
    return [{ portId: a.trace.port.id, at: { part: 'router' }, host: r.host, message: r.agent ? `the L3 agent on ${r.host} (router ${r.name || r.id}) is ${r.agent.alive ? 'disabled' : 'dead'}: routing and floating IPs stop` : `no L3 agent on ${r.host} for router ${r.name || r.id}`, hint: `restart neutron-l3-agent on ${r.host}`, evidence: [{ source: r.agent ? `neutron agent ${r.agent.id}` : 'neutron agents', text: r.agent ? `alive=${r.agent.alive} admin_state_up=${r.agent.adminStateUp}` : `no L3 agent with host=${r.host}` }] }];
  }),
};

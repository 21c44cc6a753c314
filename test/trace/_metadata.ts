// Test helper: INJECTED metadata service on copies of real lab recordings. The lab runs its L3 agent with
// enable_metadata_proxy = false and no neutron-metadata-agent (lab/lib/config.sh), so no recording holds the REDIRECT
// rule, a proxy socket or a Metadata agent; these add them as neutron would (driver.py metadata_nat_rules), for the
// healthy "served" case and, edited further by each test, its faults.
import type { ApiObject, CloudSnapshot, CommandOutput } from '../../src/model/cloudSnapshot.js';
import { metadataRedirectRule } from '../../src/neutron/neutronRules.js';

/** The router of vm1's network and the host of its namespace, from Neutron's ports (not from netxray). */
export function routerOf(s: CloudSnapshot): { id: string; host: string } {
  const vm1 = s.api.servers.find((x) => x.name === 'vm1')!;
  const port = s.api.ports.find((p) => p.device_id === vm1.id)!;
  const iface = s.api.ports.find((p) => p.network_id === port.network_id && p.device_owner === 'network:router_interface')!;
  return { id: String(iface.device_id), host: String(iface['binding:host_id']) };
}

export const natId = (routerId: string) => `netns-nat:qrouter-${routerId}`;
export const listenId = (ns: string) => `netns-listen:${ns}`;
export const outputs = (s: CloudSnapshot, host: string) => s.hosts.find((h) => h.host === host)!.outputs;

/** INJECTED: what a cloud that serves metadata adds — a live Metadata agent on `host`. */
export function withMetadataAgent(s: CloudSnapshot, host: string, alive = true): void {
  const agent: ApiObject = { id: '5e1f0000-0000-4000-8000-00000000meta', agent_type: 'Metadata agent', binary: 'neutron-metadata-agent', host, alive, admin_state_up: true, configurations: {} };
  s.api.agents.push(agent);
}

/** INJECTED: the `ss -l -t -n -p` listing of a namespace, in ss's own format. */
export function withListening(s: CloudSnapshot, host: string, ns: string, sockets: string[]): void {
  const stdout = ['State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess', ...sockets.map((l, i) => `LISTEN 0      4096   ${l} users:(("haproxy",pid=${4242 + i},fd=7))`), ''].join('\n');
  const out: CommandOutput = { id: listenId(ns), command: `ip netns exec ${ns} ss -l -t -n -p`, exitCode: 0, stdout, stderr: '', durationMs: 0 };
  outputs(s, host).push(out);
}

/** INJECTED: the lab's recorded router serving metadata as neutron's L3 agent sets it up (the REDIRECT, the proxy, the agent). */
export function servedCopy(recorded: CloudSnapshot): { s: CloudSnapshot; router: { id: string; host: string } } {
  const s = structuredClone(recorded);
  const router = routerOf(s);
  const nat = outputs(s, router.host).find((o) => o.id === natId(router.id))!;
  // into the nat table (a lab/record dump holds every table), at its end as iptables-save lists the agent's rules
  const lines = nat.stdout.split('\n');
  const natStart = lines.indexOf('*nat');
  lines.splice(lines.indexOf('COMMIT', natStart), 0, metadataRedirectRule(9697));
  nat.stdout = lines.join('\n');
  withMetadataAgent(s, router.host);
  withListening(s, router.host, `qrouter-${router.id}`, ['0.0.0.0:9697      0.0.0.0:*']);
  return { s, router };
}

/** INJECTED FAULT: the served copy with the REDIRECT rule removed from the router namespace's nat table. */
export function redirectRemoved(recorded: CloudSnapshot): CloudSnapshot {
  const { s, router } = servedCopy(recorded);
  const nat = outputs(s, router.host).find((o) => o.id === natId(router.id))!;
  nat.stdout = nat.stdout.split('\n').filter((l) => !l.includes('-j REDIRECT')).join('\n');
  return s;
}

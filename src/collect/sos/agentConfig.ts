// The Open vSwitch agent's and L3 agent's settings read from a sosreport's etc/neutron/ (INI files), in the shape of
// the agents API's `configurations` (AGENT/ovs_neutron_agent.py agent_state; neutron/conf/plugins/ml2/drivers/ovs_conf.py).
import type { SosAgentConfig } from '../../model/cloudSnapshot.js';

/** Where the agents' settings live in a report (Debian/Ubuntu, RDO, Kolla copy them there under these names). */

const OVS_AGENT_FILES = ['etc/neutron/plugins/ml2/openvswitch_agent.ini', 'etc/neutron/plugins/ml2/ovs_agent.ini', 'etc/neutron/plugins/openvswitch/ovs_neutron_plugin.ini'];
const L3_AGENT_FILES = ['etc/neutron/l3_agent.ini'];

/** INI sections → key → value (comments and blank lines dropped; the last of a repeated key wins, as oslo.config). */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current = 'DEFAULT';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      current = section[1];
      continue;
    }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    if (!sections.has(current)) sections.set(current, new Map());
    sections.get(current)!.set(kv[1], kv[2]);
  }
  return sections;
}

const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const bool = (value: string | undefined) => (value === undefined ? undefined : /^(true|yes|1|on)$/i.test(value));


/** The settings the report's etc/neutron/ holds, or null when it holds no agent file (configuration not collected). */
export function agentConfigOf(files: ReadonlyMap<string, string>): SosAgentConfig | null {
  const ovsFile = OVS_AGENT_FILES.find((f) => files.has(f));
  const l3File = L3_AGENT_FILES.find((f) => files.has(f));
  if (!ovsFile && !l3File) return null;
  const read: SosAgentConfig = { files: [ovsFile, l3File].filter((f): f is string => !!f), configurations: {} };
  const conf = read.configurations;
  if (ovsFile) {
    const ini = parseIni(files.get(ovsFile)!);
    const ovs = ini.get('ovs') ?? new Map();
    const agent = ini.get('agent') ?? new Map();
    const sg = ini.get('securitygroup') ?? new Map();
    if (ovs.has('bridge_mappings')) conf.bridge_mappings = Object.fromEntries(list(ovs.get('bridge_mappings')).map((m) => m.split(':').map((s) => s.trim()) as [string, string]));
    if (ovs.has('integration_bridge')) conf.integration_bridge = ovs.get('integration_bridge');
    if (ovs.has('local_ip')) conf.tunneling_ip = ovs.get('local_ip');
    if (ovs.has('datapath_type')) conf.datapath_type = ovs.get('datapath_type');
    if (agent.has('tunnel_types')) conf.tunnel_types = list(agent.get('tunnel_types'));
    for (const key of ['l2_population', 'arp_responder', 'enable_distributed_routing']) {
      const v = bool(agent.get(key));
      if (v !== undefined) conf[key === 'arp_responder' ? 'arp_responder_enabled' : key] = v;
    }
    const driver = sg.get('firewall_driver');
    if (driver) {
      read.firewallDriver = driver;
      // iptables_firewall.py OVS_HYBRID_PLUG_REQUIRED: the hybrid driver needs the qbr bridge; the others plug the tap on br-int.
      conf.ovs_hybrid_plug = /hybrid/i.test(driver);
    }
  }
  if (l3File) {
    const mode = parseIni(files.get(l3File)!).get('DEFAULT')?.get('agent_mode');
    if (mode) read.l3AgentMode = mode;
  }
  return read;
}

// One sosreport → one host of the snapshot: its sos_commands/ outputs mapped to the command outputs a live collection
// records (src/model/hostOutputIds.ts), converted to the forms netxray reads, each naming the sos file it came from.
import type { CommandOutput, HostCapture, SosReportSummary } from '../../model/cloudSnapshot.js';
import { HOST_OUTPUT } from '../../model/hostOutputIds.js';
import { agentConfigOf } from './agentConfig.js';
import { ipAddressToJson, ipLinkToOneLine, ipNetnsToJson, natTableOf, netstatListeningToSs } from './linuxText.js';
import { OvsdbTextError, parseOvsdbListText, splitOvsdbDump, type OvsdbJsonTable } from './ovsdbListText.js';
import type { SosFiles } from './sosArchive.js';

const OVS = 'sos_commands/openvswitch/';
const NET = 'sos_commands/networking/';
/** The dump-flows renderings sos writes (plugins/openvswitch.py: plain, then -O OpenFlow10…15), preferred in this order. */
const FLOW_RENDERINGS = ['', '_-O_OpenFlow13', '_-O_OpenFlow14', '_-O_OpenFlow15', '_-O_OpenFlow12', '_-O_OpenFlow11', '_-O_OpenFlow10'];
/** Packages whose versions a report's package list gives (dpkg -l / rpm -qa). */
const VERSIONED_PACKAGES = /^(openvswitch-switch|openvswitch-common|openvswitch\d*(\.\d+)?|python3-neutron|neutron-common|neutron-openvswitch-agent|openstack-neutron|openstack-neutron-openvswitch|sosreport|sos)$/;

export interface SosHost {
  capture: HostCapture;
  summary: SosReportSummary;
}

/** A tool's own error printed into the output file instead of its result (sos keeps stderr with stdout). */
const toolError = (text: string) => /^(ovs-vsctl|ovs-ofctl|ovsdb-client|ip|iptables-save|Cannot open network namespace)[^\n]*(error|failed|No such|cannot|not found|refused)/im.exec(text.slice(0, 400))?.[0];

/** The host name a report was taken on: hostname command, else /etc/hostname, else the archive's name. */
export function hostnameOf(sos: SosFiles): string {
  const fromFile = (path: string) => sos.files.get(path)?.trim().split('\n')[0]?.trim();
  const name = fromFile('sos_commands/host/hostname') || fromFile('etc/hostname');
  if (name) return name;
  const base = sos.source.split('/').pop() ?? sos.source;
  return /^sosreport-(.+?)-\d{4}-\d{2}-\d{2}-/.exec(base)?.[1] ?? /^sosreport-([^-]+)/.exec(base)?.[1] ?? base;
}

function packagesOf(files: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const dpkg = files.get('installed-debs') ?? files.get('sos_commands/dpkg/dpkg_-l');
  for (const line of (dpkg ?? '').split('\n')) {
    const m = /^ii\s+(\S+?)(?::\S+)?\s+(\S+)/.exec(line);
    if (m && VERSIONED_PACKAGES.test(m[1])) out[m[1]] = m[2];
  }
  const rpm = files.get('installed-rpms');
  for (const line of (rpm ?? '').split('\n')) {
    const m = /^(\S+?)-(\d[^-\s]*-[^\s]+?)(?:\.(?:noarch|x86_64|aarch64|ppc64le|s390x))?\s/.exec(line);
    if (m && VERSIONED_PACKAGES.test(m[1])) out[m[1]] = m[2];
  }
  return out;
}

/** Open_vSwitch ovs_version from the OVSDB dump (the version the running ovs-vswitchd wrote), as `{ ovsVersion }` or `{}`. */
function ovsVersionOf(dump: ReadonlyMap<string, OvsdbJsonTable>): { ovsVersion?: string } {
  const table = dump.get('Open_vSwitch');
  const at = table?.headings.indexOf('ovs_version') ?? -1;
  const value = at >= 0 ? table?.data[0]?.[at] : undefined;
  return typeof value === 'string' && value ? { ovsVersion: value } : {};
}

export function sosHostOf(sos: SosFiles): SosHost {
  const { files } = sos;
  const host = hostnameOf(sos);
  const problems = [...sos.problems];
  const outputs: CommandOutput[] = [];
  const add = (id: string, file: string, stdout: string) => outputs.push({ id, command: `sosreport ${file}`, exitCode: 0, stdout, stderr: '', durationMs: 0 });
  const addFailed = (id: string, file: string, why: string) => outputs.push({ id, command: `sosreport ${file}`, exitCode: 1, stdout: '', stderr: why, durationMs: 0 });

  // OVSDB: the full dump holds every table (Port included, which sos lists nowhere else); ovs-vsctl list files otherwise.
  const dumpFile = `${OVS}ovsdb-client_-f_list_dump`;
  let dump = new Map<string, OvsdbJsonTable>();
  if (files.has(dumpFile)) {
    try {
      dump = splitOvsdbDump(files.get(dumpFile)!);
    } catch (error) {
      problems.push(`${dumpFile}: ${(error as OvsdbTextError).message}`);
    }
  }
  const tables: [string, string, string][] = [
    [HOST_OUTPUT.ovsdbBridge, 'Bridge', 'bridge'],
    [HOST_OUTPUT.ovsdbPort, 'Port', 'port'],
    [HOST_OUTPUT.ovsdbInterface, 'Interface', 'interface'],
    [HOST_OUTPUT.ovsdbOpenVswitch, 'Open_vSwitch', 'Open_vSwitch'],
  ];
  for (const [id, table, vsctlName] of tables) {
    const fromDump = dump.get(table);
    if (fromDump && fromDump.data.length > 0) {
      add(id, dumpFile, JSON.stringify(fromDump));
      continue;
    }
    const listFile = `${OVS}ovs-vsctl_-t_5_list_${vsctlName}`;
    const text = files.get(listFile);
    if (text === undefined) continue; // not in the report: the analysis says which output is missing
    const failed = toolError(text);
    if (failed) {
      addFailed(id, listFile, failed);
      continue;
    }
    try {
      add(id, listFile, JSON.stringify(parseOvsdbListText(text)));
    } catch (error) {
      addFailed(id, listFile, `${listFile}: ${(error as Error).message}`);
    }
  }

  // Flows and port maps per bridge, in the first rendering the report has.
  const bridges = new Set<string>();
  for (const path of files.keys()) {
    const m = new RegExp(`^${OVS}ovs-ofctl(?:_-O_OpenFlow1\\d)?_(?:dump-flows|show)_(.+)$`).exec(path);
    if (m) bridges.add(m[1]);
  }
  for (const bridge of bridges) {
    for (const [id, command] of [
      [HOST_OUTPUT.flows(bridge), 'dump-flows'],
      [HOST_OUTPUT.ofctlShow(bridge), 'show'],
    ] as const) {
      const candidates = FLOW_RENDERINGS.map((v) => `${OVS}ovs-ofctl${v}_${command}_${bridge}`).filter((f) => files.has(f));
      const usable = candidates.find((f) => !toolError(files.get(f)!));
      if (usable) add(id, usable, files.get(usable)!);
      else if (candidates.length) addFailed(id, candidates[0], toolError(files.get(candidates[0])!) ?? 'failed');
    }
  }

  // Linux side.
  const addrFile = [`${NET}ip_-d_address`, `${NET}ip_address`, `${NET}ip_addr`].find((f) => files.has(f));
  // Without a link listing, the address listing's device lines are the same `ip link` lines (iproute2 ipaddress.c
  // print_linkinfo prints both): name, MTU, state, master.
  const linkFile = [`${NET}ip_-s_-d_link`, `${NET}ip_-d_link`, `${NET}ip_-o_link`, `${NET}ip_link`, addrFile].find((f): f is string => !!f && files.has(f));
  if (linkFile) add(HOST_OUTPUT.ipLink, linkFile, ipLinkToOneLine(files.get(linkFile)!));
  if (addrFile) add(HOST_OUTPUT.ipAddr, addrFile, ipAddressToJson(files.get(addrFile)!));
  const netnsFile = `${NET}ip_netns`;
  const namespaces = files.has(netnsFile) ? (JSON.parse(ipNetnsToJson(files.get(netnsFile)!)) as { name: string }[]).map((n) => n.name) : [];
  if (files.has(netnsFile)) add(HOST_OUTPUT.ipNetns, netnsFile, ipNetnsToJson(files.get(netnsFile)!));
  for (const ns of namespaces) {
    const addr = [`${NET}ip_netns_exec_${ns}_ip_address_show`, `${NET}ip_netns_exec_${ns}_ip_-d_address_show`].find((f) => files.has(f));
    if (addr) add(HOST_OUTPUT.netnsAddr(ns), addr, ipAddressToJson(files.get(addr)!));
    const save = `${NET}ip_netns_exec_${ns}_iptables-save`;
    if (files.has(save)) add(HOST_OUTPUT.netnsNat(ns), save, natTableOf(files.get(save)!));
    const netstat = `${NET}ip_netns_exec_${ns}_netstat_-W_-neopa`;
    if (files.has(netstat)) add(HOST_OUTPUT.netnsListen(ns), netstat, netstatListeningToSs(files.get(netstat)!));
  }

  const version = files.get('version.txt');
  const summary: SosReportSummary = {
    source: sos.source,
    host,
    sosVersion: version ? (/^sos(?:report)?:\s*([\d.]+)/im.exec(version)?.[1] ?? null) : null,
    packages: packagesOf(files),
    ...ovsVersionOf(dump),
    namespaces,
    agentConfig: agentConfigOf(files),
    problems,
  };
  if (!files.has(dumpFile) && !files.has(`${OVS}ovs-vsctl_-t_5_list_interface`)) problems.push('no OVSDB output (the openvswitch plugin did not run or OVS was down)');
  const capture: HostCapture = { host, reachable: true, outputs };
  return { capture, summary };
}

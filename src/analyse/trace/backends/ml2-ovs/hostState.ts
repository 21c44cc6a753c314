// One host's parsed OVS and Linux state, built once from its HostCapture: OVSDB rows, flows per bridge, port maps, links.
import type { CommandOutput, HostCapture } from '../../../../model/cloudSnapshot.js';
import { HOST_OUTPUT, bridgeOfOutputId } from '../../../../model/hostOutputIds.js';
import { DEFAULT_INTEGRATION_BRIDGE, DEFAULT_TABLE_LAYOUT, IFACE_ID, tableLayoutOfFirstHop, type TableLayout } from '../../../../neutron/ml2OvsRules.js';
import { type SearchableText, searchableStdout, stringText } from '../../../../model/searchableText.js';
import { FlowDump, type FlowPortNames } from '../../flowDump.js';
import { gotoTable, type Flow } from '../../flows.js';
import { parseIpAddr, parseIpLink, type AddressInfo, type LinkInfo } from '../../ipLink.js';
import { parseOfctlShow, type OfPortEntry } from '../../ofctlShow.js';
import { bridgePortNames, interfaceOptions, mayRecordOtherSegmentationId } from './unbuiltRows.js';
import { EMPTY_OVSDB_TABLE, asList, asMap, optionalAtom, optionalNumber, parseOvsdbTable, type OvsdbTable } from '../../ovsdb.js';

/** Detects the table layout from br-int's table 0 default flow (br_int.py setup_default_table: install_goto(PACKET_RATE_LIMIT)). */
export function detectTableLayout(brIntFlows: readonly Flow[]): TableLayout | null {
  return layoutOfFallThrough(brIntFlows.find((f) => f.priority === 0 && isFallThrough(f)));
}

const isFallThrough = (f: Flow) => f.table === 0 && gotoTable(f) !== null;
const layoutOfFallThrough = (f: Flow | undefined) => (f ? tableLayoutOfFirstHop(gotoTable(f) as number) : null);

/** detectTableLayout on a dump, reading it only up to the flow (table 0 comes first in a dump). */
function detectDumpTableLayout(brInt: FlowDump | undefined): TableLayout | null {
  return layoutOfFallThrough(brInt?.firstWithPriority(0, isFallThrough));
}

export interface OvsInterfaceState {
  name: string;
  type: string;
  ofport: number | null;
  mtu: number | null;
  mac: string | null;
  externalIds: Record<string, string>;
  options: Record<string, string>;
  error: string | null;
}

export interface OvsPortState {
  name: string;
  bridge: string | null;
  tag: number | null;
  otherConfig: Record<string, string>;
  vlanMode: string | null;
  trunks: number[];
  interfaces: OvsInterfaceState[];
}

export interface HostState {
  host: string;
  reachable: boolean;
  error: string | null;
  /** bridge name → port names */
  bridges: Map<string, string[]>;
  ports: Map<string, OvsPortState>;
  interfaces: Map<string, OvsInterfaceState>;
  /** bridge → its flow dump, asked by table, in_port, dl_dst (parsed only as far as asked). */
  flows: Map<string, FlowDump>;
  portMaps: Map<string, OfPortEntry[]>;
  links: Map<string, LinkInfo>;
  /** `ip -j addr` (optional output: empty when not collected). */
  addresses: AddressInfo[];
  /** Outputs that were missing, failed or did not parse: `<id>: <why>`. */
  gaps: string[];
  /** Outputs that were collected and failed: id → the first line of their stderr (or `exit N`). */
  failures: Map<string, string>;
  tableLayout: TableLayout;
  tableLayoutDetected: boolean;
  /** Indexes built once per host, so that a scan of thousands of ports does not search every list for every port. */
  index: HostIndex;
  /**
   * False when no interface of `portIds` (external_ids:iface-id) has the name of a Port row recording
   * other_config:segmentation_id other than `segmentationId`, found by decoding those cells only (unbuiltRows.ts);
   * true when one may, or when the rows are built already: then the caller reads `ports` and `index` to know.
   */
  mayRecordOtherSegmentationId(portIds: ReadonlySet<string>, segmentationId: number): boolean;
  /** `ports.size > 0`, without building the rows. */
  hasPorts(): boolean;
  /**
   * options:`key` of the interface named as each port of `bridge` (`interfaces.get(name)?.options[key]` for each of
   * `bridges.get(bridge)`), decoding only those cells when the rows are not built (unbuiltRows.ts).
   */
  bridgeInterfaceOptions(bridge: string, key: string): (string | undefined)[];
}

export interface HostIndex {
  /** external_ids:iface-id (the Neutron port id) → the OVSDB interfaces carrying it, in OVSDB order. */
  interfacesByPortId: Map<string, OvsInterfaceState[]>;
  /** bridge → ofport → port name: OVSDB first; `ovs-ofctl show` for a bridge OVSDB does not list. */
  portNameByOfport: Map<string, Map<number, string>>;
}

function output(capture: HostCapture, ids: string | readonly string[]): CommandOutput | undefined {
  const wanted = typeof ids === 'string' ? [ids] : ids;
  return capture.outputs.find((o) => wanted.includes(o.id));
}

/** The OVSDB part of a host's state (Bridge, Port, Interface tables) and the gaps reading them left, in table order. */
interface OvsdbState {
  bridges: Map<string, string[]>;
  ports: Map<string, OvsPortState>;
  interfaces: Map<string, OvsInterfaceState>;
  gaps: string[];
}

/**
 * A host's state: what needs no parsing now, the OVSDB tables (tens of MB on a 20,000-port host) on first use of what
 * depends on them (bridges, ports, interfaces, index, gaps): a trace reads a tunnel peer's br-tun flows only (issue #22
 * item 16). The result is the same whenever it is read.
 */
export function buildHostState(capture: HostCapture): HostState {
  const failures = new Map<string, string>();
  /** The output when it was collected and succeeded, else undefined and (in `gaps`) a gap saying why. */
  const usable = (ids: string | readonly string[], gaps: string[]): CommandOutput | undefined => {
    const out = output(capture, ids);
    const id = typeof ids === 'string' ? ids : ids[0];
    if (!out) {
      if (capture.reachable) gaps.push(`${id}: not collected`);
      return undefined;
    }
    if (out.exitCode !== 0) {
      failures.set(out.id, out.stderr.trim().split('\n')[0] || `exit ${out.exitCode}`);
      gaps.push(`${id}: exit ${out.exitCode}${out.stderr ? ` (${out.stderr.trim().split('\n')[0]})` : ''}`);
      return undefined;
    }
    return out;
  };
  const parsed = <T>(out: CommandOutput | undefined, id: string, parse: (text: string) => T, empty: T, gaps: string[]): T => {
    if (!out) return empty;
    try {
      return parse(out.stdout);
    } catch (error) {
      gaps.push(`${id}: ${(error as Error).message}`);
      return empty;
    }
  };
  const read = <T>(ids: string | readonly string[], parse: (text: string) => T, empty: T, gaps: string[]): T =>
    parsed(usable(ids, gaps), typeof ids === 'string' ? ids : ids[0], parse, empty, gaps);

  // Whether each OVSDB output was collected and succeeded is known now (failures), its parse errors when it is read.
  const ovsdbIds = [HOST_OUTPUT.ovsdbBridge, HOST_OUTPUT.ovsdbPort, HOST_OUTPUT.ovsdbInterface] as const;
  const ovsdbOutputs = ovsdbIds.map((id) => {
    const gaps: string[] = [];
    return { id, out: usable(id, gaps), gaps };
  });
  // The Bridge table (a row per bridge) now: its bridge names order the per-bridge outputs below.
  const parseTable = ({ id, out, gaps }: (typeof ovsdbOutputs)[number]) => parsed(out, id, parseOvsdbTable, EMPTY_OVSDB_TABLE, gaps);
  const bridgeTable = parseTable(ovsdbOutputs[0]);
  // The Port and Interface tables checked once, kept while their rows are not built (a question that decodes a few of
  // their cells may come first).
  let portAndInterface: [OvsdbTable, OvsdbTable] | undefined;
  const portAndInterfaceTables = () => (portAndInterface ??= [parseTable(ovsdbOutputs[1]), parseTable(ovsdbOutputs[2])]);
  let ovsdb: OvsdbState | undefined;
  const ovsdbState = (): OvsdbState => {
    if (!ovsdb) {
      ovsdb = { ...ovsdbTables(bridgeTable, ...portAndInterfaceTables()), gaps: ovsdbOutputs.flatMap(({ gaps }) => gaps) };
      portAndInterface = undefined;
    }
    return ovsdb;
  };

  const gaps: string[] = []; // after the OVSDB tables' gaps
  // A flow dump is read from the snapshot on its first question (reading never fails: a file that did is an error).
  const flowTexts = new Map<string, () => SearchableText>();
  const portMaps = new Map<string, OfPortEntry[]>();
  const bridgeNames = new Set<string>(bridgeTable.rows.map((row) => String(bridgeTable.cell(row, 'name'))));
  for (const out of capture.outputs) {
    const bridge = bridgeOfOutputId(out.id);
    if (bridge !== null) bridgeNames.add(bridge);
  }
  for (const bridge of bridgeNames) {
    const show = [HOST_OUTPUT.ofctlShow(bridge), HOST_OUTPUT.legacyShow(bridge)];
    if (output(capture, HOST_OUTPUT.flows(bridge))) {
      const out = usable(HOST_OUTPUT.flows(bridge), gaps);
      flowTexts.set(bridge, out ? () => searchableStdout(out) : () => stringText(''));
    }
    if (output(capture, show)) portMaps.set(bridge, read(show, parseOfctlShow, [], gaps));
  }
  let portNames: Map<string, Map<number, string>> | undefined;
  const portNameByOfport = () => {
    portNames ??= portNamesByBridge(ovsdbState().bridges, ovsdbState().interfaces, portMaps);
    return portNames;
  };
  const flows = new Map<string, FlowDump>();
  for (const [bridge, text] of flowTexts) flows.set(bridge, new FlowDump(text, flowPortNames(() => portNameByOfport().get(bridge))));
  const links = new Map<string, LinkInfo>();
  for (const link of read(HOST_OUTPUT.ipLink, parseIpLink, [] as LinkInfo[], gaps)) links.set(link.name, link);

  let addresses: AddressInfo[] = [];
  const addrOut = output(capture, HOST_OUTPUT.ipAddr);
  if (addrOut && addrOut.exitCode === 0) {
    try {
      addresses = parseIpAddr(addrOut.stdout);
    } catch (error) {
      gaps.push(`ip-addr: ${(error as Error).message}`);
    }
  }
  const detected = detectDumpTableLayout(flows.get(DEFAULT_INTEGRATION_BRIDGE));
  let index: HostIndex | undefined;
  let allGaps: string[] | undefined;
  return {
    host: capture.host,
    reachable: capture.reachable,
    error: capture.error ?? null,
    get bridges() {
      return ovsdbState().bridges;
    },
    get ports() {
      return ovsdbState().ports;
    },
    get interfaces() {
      return ovsdbState().interfaces;
    },
    flows,
    portMaps,
    links,
    addresses,
    get gaps() {
      allGaps ??= [...ovsdbState().gaps, ...gaps];
      return allGaps;
    },
    failures,
    tableLayout: detected ?? DEFAULT_TABLE_LAYOUT,
    tableLayoutDetected: detected !== null,
    get index() {
      index ??= { interfacesByPortId: interfacesByNeutronPort(ovsdbState().interfaces), portNameByOfport: portNameByOfport() };
      return index;
    },
    mayRecordOtherSegmentationId: (portIds, segmentationId) => ovsdb !== undefined || mayRecordOtherSegmentationId(...portAndInterfaceTables(), portIds, segmentationId),
    hasPorts: () => (ovsdb ? ovsdb.ports.size > 0 : portAndInterfaceTables()[0].rows.length > 0),
    bridgeInterfaceOptions: (bridge, key) => {
      if (ovsdb) {
        const { interfaces } = ovsdb;
        return (ovsdb.bridges.get(bridge) ?? []).map((name) => interfaces.get(name)?.options[key]);
      }
      const [portTable, interfaceTable] = portAndInterfaceTables();
      return interfaceOptions(interfaceTable, bridgePortNames(bridgeTable, portTable, bridge) ?? [], key);
    },
  };
}

/** Interfaces by name, ports by name (with their bridge and interfaces), bridges' port names: only the columns read are decoded. */
function ovsdbTables(bridgeTable: OvsdbTable, portTable: OvsdbTable, interfaceTable: OvsdbTable): Omit<OvsdbState, 'gaps'> {
  const interfacesByUuid = new Map<string, OvsInterfaceState>();
  const interfaces = new Map<string, OvsInterfaceState>();
  for (const row of interfaceTable.rows) {
    const cell = (column: string) => interfaceTable.cell(row, column);
    const state: OvsInterfaceState = {
      name: String(cell('name')),
      type: String(optionalAtom(cell('type')) ?? ''),
      ofport: optionalNumber(cell('ofport')),
      mtu: optionalNumber(cell('mtu')),
      mac: (optionalAtom(cell('mac_in_use')) as string | null) ?? null,
      externalIds: asMap(cell('external_ids')),
      options: asMap(cell('options')),
      error: (optionalAtom(cell('error')) as string | null) ?? null,
    };
    interfacesByUuid.set(String(cell('_uuid')), state);
    interfaces.set(state.name, state);
  }
  const portsByUuid = new Map<string, OvsPortState>();
  const ports = new Map<string, OvsPortState>();
  for (const row of portTable.rows) {
    const cell = (column: string) => portTable.cell(row, column);
    const state: OvsPortState = {
      name: String(cell('name')),
      bridge: null,
      tag: optionalNumber(cell('tag')),
      otherConfig: asMap(cell('other_config')),
      vlanMode: (optionalAtom(cell('vlan_mode')) as string | null) ?? null,
      trunks: asList(cell('trunks')).map(Number),
      interfaces: asList(cell('interfaces')).flatMap((uuid) => interfacesByUuid.get(String(uuid)) ?? []),
    };
    portsByUuid.set(String(cell('_uuid')), state);
    ports.set(state.name, state);
  }
  const bridges = new Map<string, string[]>();
  for (const row of bridgeTable.rows) {
    const name = String(bridgeTable.cell(row, 'name'));
    const names: string[] = [];
    for (const uuid of asList(bridgeTable.cell(row, 'ports'))) {
      const port = portsByUuid.get(String(uuid));
      if (!port) continue;
      port.bridge = name;
      names.push(port.name);
    }
    bridges.set(name, names);
  }
  return { bridges, ports, interfaces };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}

function interfacesByNeutronPort(interfaces: Map<string, OvsInterfaceState>): Map<string, OvsInterfaceState[]> {
  const byPortId = new Map<string, OvsInterfaceState[]>();
  for (const iface of interfaces.values()) {
    const portId = iface.externalIds[IFACE_ID];
    if (portId !== undefined) push(byPortId, portId, iface);
  }
  return byPortId;
}

/** bridge → ofport → port name: OVSDB first; `ovs-ofctl show` for a bridge OVSDB does not list. */
function portNamesByBridge(bridges: Map<string, string[]>, interfaces: Map<string, OvsInterfaceState>, portMaps: Map<string, OfPortEntry[]>): Map<string, Map<number, string>> {
  const portNameByOfport = new Map<string, Map<number, string>>();
  for (const [bridge, portNames] of bridges) {
    const names = new Map<number, string>();
    for (const portName of portNames) {
      const ofport = interfaces.get(portName)?.ofport;
      if (ofport !== null && ofport !== undefined && !names.has(ofport)) names.set(ofport, portName);
    }
    portNameByOfport.set(bridge, names);
  }
  for (const [bridge, entries] of portMaps) {
    if (portNameByOfport.has(bridge)) continue;
    const names = new Map<number, string>();
    for (const entry of entries) if (!names.has(entry.ofport)) names.set(entry.ofport, entry.name);
    portNameByOfport.set(bridge, names);
  }
  return portNameByOfport;
}

/** How one bridge's flows name its ports (the map read on the first question); the reverse map built on the first question. */
function flowPortNames(namesOf: () => Map<number, string> | undefined): FlowPortNames {
  let refsByName: Map<string, string[]> | undefined;
  return {
    nameOf: (ref) => resolvePortRef(namesOf(), ref),
    refsOf: (name) => {
      if (!refsByName) {
        refsByName = new Map();
        for (const [ofport, portName] of namesOf() ?? []) push(refsByName, portName, String(ofport));
      }
      // A number no port has stands for itself (as nameOf keeps it).
      return [name, ...(refsByName.get(name) ?? [])];
    },
  };
}

function resolvePortRef(names: Map<number, string> | undefined, ref: string): string {
  return /^\d+$/.test(ref) ? names?.get(Number(ref)) ?? ref : ref;
}

/** The OpenFlow port number of `name` on `bridge`: OVSDB Interface.ofport, else `ovs-ofctl show`. */
export function ofportOf(state: HostState, bridge: string, name: string): number | null {
  const fromDb = state.interfaces.get(name)?.ofport;
  if (fromDb !== null && fromDb !== undefined && fromDb >= 0) return fromDb;
  return state.portMaps.get(bridge)?.find((p) => p.name === name)?.ofport ?? null;
}

/** Resolves a port reference printed in a flow (number or name) to the port name on that bridge. */
export function portNameOf(state: HostState, bridge: string, ref: string): string {
  return resolvePortRef(state.index.portNameByOfport.get(bridge), ref);
}

/** The flows of `bridge` in `table`, in dump order. */
export function flowsInTable(state: HostState | undefined, bridge: string, table: number | undefined): Flow[] {
  return table === undefined ? [] : state?.flows.get(bridge)?.inTable(table) ?? [];
}

/**
 * The OVS agent's cookie on `bridge`: the one most of its flows carry. Each agent run puts one random cookie on every
 * flow it installs on a bridge (AGENT/openflow/native/ovs_bridge.py + ovs_lib.py OVSBridge._default_cookie) and removes
 * the other ones after a resync, so a flow with another cookie was added by hand or by another controller.
 */
export function agentCookieOf(flows: FlowDump | undefined): string | undefined {
  // The first most common one (dump order breaks ties), without parsing every flow of the bridge.
  let agent: string | undefined;
  let most = 0;
  for (const [cookie, count] of flows?.cookieCounts() ?? []) {
    if (count > most) [agent, most] = [cookie, count];
  }
  return agent;
}

/**
 * Reads `bridge`'s dump once for what a VIF's analysis asks of it (its port's flows, its MAC's flows, the agent cookie)
 * when nothing has read it through yet; the answers are those of flowsFromPort, flowsToMac and agentCookieOf.
 */
export function prefetchVifFlows(state: HostState | undefined, bridge: string, name: string, mac: string): void {
  state?.flows.get(bridge)?.prefetch({ fromPorts: [name], toMacs: mac ? [mac] : [] });
}

/** The flows of `bridge` that match packets coming in on port `name` (`in_port`, by number or name), in dump order. */
export function flowsFromPort(state: HostState | undefined, bridge: string, name: string): Flow[] {
  return state?.flows.get(bridge)?.fromPort(name) ?? [];
}

/** The flows of `bridge` that match `dl_dst=<mac>` exactly as printed, in dump order. */
export function flowsToMac(state: HostState | undefined, bridge: string, mac: string): Flow[] {
  return state?.flows.get(bridge)?.toMac(mac) ?? [];
}

/** The OVSDB interfaces whose external_ids:iface-id is this Neutron port id. */
export function interfacesOfPort(state: HostState | undefined, portId: string): OvsInterfaceState[] {
  return state?.index.interfacesByPortId.get(portId) ?? [];
}

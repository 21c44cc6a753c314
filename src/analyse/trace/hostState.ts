// One host's parsed OVS and Linux state, built once from its HostCapture: OVSDB rows, flows per bridge, port maps, links.
import type { CommandOutput, HostCapture } from '../../model/cloudSnapshot.js';
import type { TableLayout } from './neutronOvsRules.js';
import { DEFAULT_TABLE_LAYOUT, detectTableLayout } from './neutronOvsRules.js';
import { parseFlows, type Flow } from './flows.js';
import { parseIpAddr, parseIpLink, type AddressInfo, type LinkInfo } from './ipLink.js';
import { parseOfctlShow, type OfPortEntry } from './ofctlShow.js';
import { asList, asMap, optionalAtom, optionalNumber, parseOvsdbList, type OvsdbRow } from './ovsdb.js';

/** Command output ids (src/collect/hosts/hostCommands.ts); `show:` is accepted as an alias of `ofctl-show:`. */
export const OUTPUT_ID = {
  bridges: 'ovsdb-bridge',
  ports: 'ovsdb-port',
  interfaces: 'ovsdb-interface',
  ipLink: 'ip-link',
  flows: (bridge: string) => `flows:${bridge}`,
  show: (bridge: string) => [`ofctl-show:${bridge}`, `show:${bridge}`],
} as const;

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
  flows: Map<string, Flow[]>;
  portMaps: Map<string, OfPortEntry[]>;
  links: Map<string, LinkInfo>;
  /** `ip -j addr` (optional output: empty when not collected). */
  addresses: AddressInfo[];
  /** Outputs that were missing, failed or did not parse: `<id>: <why>`. */
  gaps: string[];
  tableLayout: TableLayout;
  tableLayoutDetected: boolean;
}

function output(capture: HostCapture, ids: string | readonly string[]): CommandOutput | undefined {
  const wanted = typeof ids === 'string' ? [ids] : ids;
  return capture.outputs.find((o) => wanted.includes(o.id));
}

export function buildHostState(capture: HostCapture): HostState {
  const gaps: string[] = [];
  const read = <T>(ids: string | readonly string[], parse: (text: string) => T, empty: T): T => {
    const out = output(capture, ids);
    const id = typeof ids === 'string' ? ids : ids[0];
    if (!out) {
      if (capture.reachable) gaps.push(`${id}: not collected`);
      return empty;
    }
    if (out.exitCode !== 0) {
      gaps.push(`${id}: exit ${out.exitCode}${out.stderr ? ` (${out.stderr.trim().split('\n')[0]})` : ''}`);
      return empty;
    }
    try {
      return parse(out.stdout);
    } catch (error) {
      gaps.push(`${id}: ${(error as Error).message}`);
      return empty;
    }
  };
  const bridgeRows = read(OUTPUT_ID.bridges, parseOvsdbList, [] as OvsdbRow[]);
  const portRows = read(OUTPUT_ID.ports, parseOvsdbList, [] as OvsdbRow[]);
  const interfaceRows = read(OUTPUT_ID.interfaces, parseOvsdbList, [] as OvsdbRow[]);

  const interfacesByUuid = new Map<string, OvsInterfaceState>();
  const interfaces = new Map<string, OvsInterfaceState>();
  for (const row of interfaceRows) {
    const state: OvsInterfaceState = {
      name: String(row.name),
      type: String(optionalAtom(row.type) ?? ''),
      ofport: optionalNumber(row.ofport),
      mtu: optionalNumber(row.mtu),
      mac: (optionalAtom(row.mac_in_use) as string | null) ?? null,
      externalIds: asMap(row.external_ids),
      options: asMap(row.options),
      error: (optionalAtom(row.error) as string | null) ?? null,
    };
    interfacesByUuid.set(String(row._uuid), state);
    interfaces.set(state.name, state);
  }
  const portsByUuid = new Map<string, OvsPortState>();
  const ports = new Map<string, OvsPortState>();
  for (const row of portRows) {
    const state: OvsPortState = {
      name: String(row.name),
      bridge: null,
      tag: optionalNumber(row.tag),
      otherConfig: asMap(row.other_config),
      vlanMode: (optionalAtom(row.vlan_mode) as string | null) ?? null,
      trunks: asList(row.trunks).map(Number),
      interfaces: asList(row.interfaces).flatMap((uuid) => interfacesByUuid.get(String(uuid)) ?? []),
    };
    portsByUuid.set(String(row._uuid), state);
    ports.set(state.name, state);
  }
  const bridges = new Map<string, string[]>();
  for (const row of bridgeRows) {
    const name = String(row.name);
    const names: string[] = [];
    for (const uuid of asList(row.ports)) {
      const port = portsByUuid.get(String(uuid));
      if (!port) continue;
      port.bridge = name;
      names.push(port.name);
    }
    bridges.set(name, names);
  }
  const flows = new Map<string, Flow[]>();
  const portMaps = new Map<string, OfPortEntry[]>();
  const bridgeNames = new Set<string>([...bridges.keys()]);
  for (const out of capture.outputs) {
    const m = /^(?:flows|ofctl-show|show):(.+)$/.exec(out.id);
    if (m) bridgeNames.add(m[1]);
  }
  for (const bridge of bridgeNames) {
    if (output(capture, OUTPUT_ID.flows(bridge))) flows.set(bridge, read(OUTPUT_ID.flows(bridge), parseFlows, []));
    if (output(capture, OUTPUT_ID.show(bridge))) portMaps.set(bridge, read(OUTPUT_ID.show(bridge), parseOfctlShow, []));
  }
  const links = new Map<string, LinkInfo>();
  for (const link of read(OUTPUT_ID.ipLink, parseIpLink, [] as LinkInfo[])) links.set(link.name, link);

  let addresses: AddressInfo[] = [];
  const addrOut = output(capture, 'ip-addr');
  if (addrOut && addrOut.exitCode === 0) {
    try {
      addresses = parseIpAddr(addrOut.stdout);
    } catch (error) {
      gaps.push(`ip-addr: ${(error as Error).message}`);
    }
  }
  const brIntFlows = flows.get('br-int') ?? [];
  const detected = detectTableLayout(brIntFlows);
  return {
    host: capture.host,
    reachable: capture.reachable,
    error: capture.error ?? null,
    bridges,
    ports,
    interfaces,
    flows,
    portMaps,
    links,
    addresses,
    gaps,
    tableLayout: detected ?? DEFAULT_TABLE_LAYOUT,
    tableLayoutDetected: detected !== null,
  };
}

/** The OpenFlow port number of `name` on `bridge`: OVSDB Interface.ofport, else `ovs-ofctl show`. */
export function ofportOf(state: HostState, bridge: string, name: string): number | null {
  const fromDb = state.interfaces.get(name)?.ofport;
  if (fromDb !== null && fromDb !== undefined && fromDb >= 0) return fromDb;
  return state.portMaps.get(bridge)?.find((p) => p.name === name)?.ofport ?? null;
}

/** Resolves a port reference printed in a flow (number or name) to the port name on that bridge. */
export function portNameOf(state: HostState, bridge: string, ref: string): string {
  if (!/^\d+$/.test(ref)) return ref;
  const ofport = Number(ref);
  for (const portName of state.bridges.get(bridge) ?? []) {
    if (state.interfaces.get(portName)?.ofport === ofport) return portName;
  }
  // No OVSDB for this bridge (or the port is gone from it): `ovs-ofctl show`, when it was read.
  if (state.bridges.has(bridge)) return ref;
  return state.portMaps.get(bridge)?.find((p) => p.ofport === ofport)?.name ?? ref;
}

/** Whether a printed port reference (number or name) denotes `name` on `bridge`. */
export function isPort(state: HostState, bridge: string, ref: string | null, name: string): boolean {
  if (ref === null) return false;
  return portNameOf(state, bridge, ref) === name;
}

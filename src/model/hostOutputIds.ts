// The ids of host command outputs in a snapshot (CommandOutput.id): the one table collect writes and analyse reads.

/** Every read-only command output netxray records, by what it holds. Functions build the per-bridge / per-namespace ids. */
export const HOST_OUTPUT = {
  ovsdbBridge: 'ovsdb-bridge',
  ovsdbPort: 'ovsdb-port',
  ovsdbInterface: 'ovsdb-interface',
  ovsdbOpenVswitch: 'ovsdb-open-vswitch',
  flows: (bridge: string) => `flows:${bridge}` as const,
  ofctlShow: (bridge: string) => `ofctl-show:${bridge}` as const,
  /** Recordings made before the id was renamed call `ovs-ofctl show` output `show:<bridge>`; still read. */
  legacyShow: (bridge: string) => `show:${bridge}` as const,
  netnsAddr: (namespace: string) => `netns-addr:${namespace}` as const,
  netnsNat: (namespace: string) => `netns-nat:${namespace}` as const,
  /** `ip -j route show` in a namespace (DVR: the snat- namespace's default route). */
  netnsRoute: (namespace: string) => `netns-route:${namespace}` as const,
  /** `ss -ltnp` in a router or DHCP namespace: the metadata proxy's listening socket. */
  netnsListen: (namespace: string) => `netns-listen:${namespace}` as const,
  dnsmasqProcesses: 'processes:dnsmasq',
  ipLink: 'ip-link',
  ipAddr: 'ip-addr',
  ipNetns: 'ip-netns',
  /** The packet walk (`trace --to`): the datapath's port numbers, and one ofproto/trace simulation per bridge and flow. */
  dpifShow: 'dpif-show',
  ofprotoTrace: (bridge: string, flow: string) => `ofproto-trace:${bridge}:${flow}` as const,
  /**
   * ML2/OVN: one NB / SB table as `ovn-nbctl`/`ovn-sbctl --format=json` printed it (one JSON document per `find`/`list`,
   * one per line); `rows` names the set of `find` conditions (a trace asks again when the API names more rows: a new id,
   * so the host runs it), absent for a whole table (`list`). Readers merge every output of the table.
   */
  ovnNb: (table: string, rows?: string) => (rows ? (`ovn-nb:${table}?${rows}` as const) : (`ovn-nb:${table}` as const)),
  ovnSb: (table: string, rows?: string) => (rows ? (`ovn-sb:${table}?${rows}` as const) : (`ovn-sb:${table}` as const)),
  /** ML2/OVN packet walk: one `ovn-trace` simulation (on the OVN DB reader), by its microflow and conntrack states. */
  ovnTrace: (microflow: string) => `ovn-trace:${microflow}` as const,
} as const;

type Built<T> = T extends (...args: never[]) => infer R ? R : T;
/** A CommandOutput id netxray writes. */
export type HostOutputId = Built<(typeof HOST_OUTPUT)[keyof typeof HOST_OUTPUT]>;

/** The bridge named by a per-bridge output id (`flows:br-int` → `br-int`), or null. */
export function bridgeOfOutputId(id: string): string | null {
  const m = /^(?:flows|ofctl-show|show):(.+)$/.exec(id);
  return m ? m[1] : null;
}

/** The bridge and flow of an `ofproto-trace:` output id (HOST_OUTPUT.ofprotoTrace), or undefined for other ids. */
export function ofprotoTraceOf(id: string): { bridge: string; flow: string } | undefined {
  const m = /^ofproto-trace:([^:]+):(.*)$/s.exec(id);
  return m ? { bridge: m[1], flow: m[2] } : undefined;
}

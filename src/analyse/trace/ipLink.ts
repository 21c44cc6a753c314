// Parses the Linux side: `ip -j link` (JSON) or `ip -o link` (one line per device) into name, MTU, state, master.

export interface LinkInfo {
  name: string;
  ifindex: number | null;
  mtu: number | null;
  /** operstate (UP, DOWN, UNKNOWN) */
  state: string | null;
  /** The bridge/OVS master, e.g. `qbrXXX` for a hybrid tap, `ovs-system` for an OVS port. */
  master: string | null;
  /** The veth/link peer name part after `@`, e.g. `qvoXXX` for `qvbXXX@qvoXXX`. */
  peer: string | null;
  mac: string | null;
  /** `ip -d`: bridge, veth, openvswitch, tun… when known. */
  kind: string | null;
  flags: string[];
}

/** Accepts either output form; empty input gives an empty list. */
export function parseIpLink(text: string): LinkInfo[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (trimmed.startsWith('[')) return parseJson(trimmed);
  return parseOneLine(trimmed);
}

function parseJson(text: string): LinkInfo[] {
  const rows = JSON.parse(text) as Record<string, unknown>[];
  return rows.map((row) => {
    const info = row.linkinfo as { info_kind?: string } | undefined;
    return {
      name: String(row.ifname),
      ifindex: typeof row.ifindex === 'number' ? row.ifindex : null,
      mtu: typeof row.mtu === 'number' ? row.mtu : null,
      state: typeof row.operstate === 'string' ? row.operstate : null,
      master: typeof row.master === 'string' ? row.master : null,
      peer: typeof row.link === 'string' ? row.link : null,
      mac: typeof row.address === 'string' ? row.address : null,
      kind: info?.info_kind ?? null,
      flags: Array.isArray(row.flags) ? row.flags.map(String) : [],
    };
  });
}

// e.g. `12: qvbb8e0489a-3b@qvob8e0489a-3b: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master qbrb8e0489a-3b state UP mode DEFAULT group default qlen 1000\    link/ether 5e:…`
function parseOneLine(text: string): LinkInfo[] {
  const links: LinkInfo[] = [];
  for (const line of text.split('\n')) {
    const head = /^(\d+):\s+([^:@\s]+)(?:@([^:\s]+))?:\s+<([^>]*)>(.*)$/.exec(line.trim());
    if (!head) continue;
    const rest = head[5];
    const word = (key: string): string | null => new RegExp(`\\b${key} (\\S+)`).exec(rest)?.[1] ?? null;
    const mtu = word('mtu');
    links.push({
      name: head[2],
      ifindex: Number(head[1]),
      mtu: mtu === null ? null : Number(mtu),
      state: word('state'),
      master: word('master'),
      peer: head[3] && head[3] !== 'NONE' ? head[3].replace(/^if\d+$/, '') || null : null,
      mac: /link\/\S+ ([0-9a-f:]{17})/.exec(rest)?.[1] ?? null,
      kind: null,
      flags: head[4].split(',').filter(Boolean),
    });
  }
  return links;
}

export interface AddressInfo {
  device: string;
  mtu: number | null;
  family: 'inet' | 'inet6';
  address: string;
}

/** Parses `ip -j addr show`: one entry per address, with its device's MTU. */
export function parseIpAddr(text: string): AddressInfo[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const rows = JSON.parse(trimmed) as Record<string, unknown>[];
  return rows.flatMap((row) =>
    (Array.isArray(row.addr_info) ? (row.addr_info as Record<string, unknown>[]) : []).flatMap((a) =>
      (a.family === 'inet' || a.family === 'inet6') && typeof a.local === 'string'
        ? [{ device: String(row.ifname), mtu: typeof row.mtu === 'number' ? row.mtu : null, family: a.family, address: a.local }]
        : [],
    ),
  );
}

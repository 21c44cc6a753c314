// Parses `ovs-ofctl show <bridge>` into its port map: OpenFlow port number ↔ port name.

export interface OfPortEntry {
  /** The OpenFlow port number; `LOCAL` is 65534 (OFPP_LOCAL). */
  ofport: number;
  name: string;
  mac: string | null;
  /** `config: PORT_DOWN` / `state: LINK_DOWN`. */
  down: boolean;
}

const OFPP_LOCAL = 65534;

export function parseOfctlShow(text: string): OfPortEntry[] {
  const ports: OfPortEntry[] = [];
  let current: OfPortEntry | undefined;
  for (const line of text.split('\n')) {
    const head = /^\s*(\d+|LOCAL)\(([^)]+)\):\s*(?:addr:([0-9a-f:]{17}))?/i.exec(line);
    if (head) {
      current = { ofport: head[1] === 'LOCAL' ? OFPP_LOCAL : Number(head[1]), name: head[2], mac: head[3] ?? null, down: false };
      ports.push(current);
      continue;
    }
    if (current && /^\s+(config|state):\s+.*(PORT_DOWN|LINK_DOWN)/.test(line)) current.down = true;
  }
  return ports;
}

// A packet walk request (`netxray trace --to`): one simulated packet, collected and analysed by the backend's walk capability.

export interface WalkRequest {
  /** The Neutron port the packet leaves from (an interface of the traced instance). */
  fromPortId: string;
  /** Where it goes: an IP address (and, when known, the MAC of the next hop). */
  to: { ip: string; mac?: string };
  protocol: 'icmp' | 'tcp' | 'udp';
  /** TCP/UDP destination port. */
  destinationPort?: number;
}

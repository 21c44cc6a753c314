// The walk's own choices (not Neutron's): the simulated packet's fixed fields and the ofproto/trace command line.
import type { WalkProto } from '../model/walkModel.js';
import { METADATA } from './neutronRules.js';

export const WALK = {
  /** A locally administered unicast MAC for a destination Neutron does not know (an external gateway): flooded like any unlearned MAC. */
  unknownMac: '02:00:00:00:00:01',
  /** Where an ARP request goes (RFC 826 over Ethernet: broadcast). */
  broadcastMac: 'ff:ff:ff:ff:ff:ff',
  /** `--to internet`: the first of these outside every subnet of the cloud (RFC 5737 documentation ranges first). */
  internetCandidates: ['192.0.2.1', '198.51.100.1', '203.0.113.1', '8.8.8.8'],
  /** The metadata address (neutronRules METADATA). */
  metadataIp: METADATA.ip,
  /** Client source port: 68 towards DHCP's 67 (RFC 2131), else an ephemeral one. */
  sourcePort: (proto: WalkProto) => (proto.kind === 'udp' && proto.port === 67 ? 68 : 40000),
  /**
   * ofproto/trace simulates the packet through the flow tables (ovs-vswitchd(8), "ofproto/trace"); only -generate would
   * inject it into the datapath, so it is never used. test/trace/walk.lab.test.ts checks every host's flows (learned
   * ones included), OVSDB and conntrack table are identical before and after walks.
   */
  traceArgv: (bridge: string, flow: string) => ['ovs-appctl', '--timeout=10', 'ofproto/trace', bridge, flow],
  dpifShowArgv: ['ovs-appctl', '--timeout=10', 'dpif/show'] as readonly string[],
} as const;

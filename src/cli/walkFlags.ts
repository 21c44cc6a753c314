// `trace --to TARGET [--proto …] [--from-interface N]`: the walk flags, checked once into a WalkRequest.
import { NetxrayError } from '../errors.js';
import { parseWalkProto, type WalkRequest } from '../model/walkModel.js';

export interface WalkFlags {
  to?: string;
  proto?: string;
  fromInterface?: string;
}

/** What a target is walked with when --proto is not given: DHCP's and metadata's own service, else a ping. */
const DEFAULT_PROTO: Record<string, string> = { dhcp: 'udp:67', metadata: 'tcp:80' };

export function walkRequestFrom(flags: WalkFlags): WalkRequest | undefined {
  if (flags.to === undefined) {
    if (flags.proto !== undefined || flags.fromInterface !== undefined) throw new NetxrayError('bad-input', '--proto and --from-interface need --to TARGET');
    return undefined;
  }
  const to = flags.to.trim();
  if (!to) throw new NetxrayError('bad-input', '--to: give an IP, an instance name or UUID, gateway, dhcp, metadata or internet');
  const protoText = flags.proto ?? DEFAULT_PROTO[to] ?? 'icmp';
  const proto = parseWalkProto(protoText);
  if (!proto) throw new NetxrayError('bad-input', `--proto "${protoText}": use icmp, arp, tcp:PORT or udp:PORT (PORT 1-65535)`);
  if (flags.fromInterface !== undefined && !/^[1-9]\d{0,2}$/.test(flags.fromInterface)) throw new NetxrayError('bad-input', `--from-interface "${flags.fromInterface}": give the interface number (1 for the first)`);
  return { to, proto, ...(flags.fromInterface !== undefined ? { fromInterface: Number(flags.fromInterface) } : {}) };
}

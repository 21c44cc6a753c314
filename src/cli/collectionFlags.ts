// The collection flags `trace` and `scan` share, turned into the collector's options in one place.
import type { CollectOptions } from '../collect/collectTrace.js';
import { NetxrayError } from '../errors.js';

export interface CollectionFlags {
  osCloud?: string;
  sshConfig?: string;
  insecure?: boolean;
  hostAccess?: string;
  sshAlias: string[];
  extraHost: string[];
  hosts: boolean;
  acceptNewHostKeys?: boolean;
}

/** `--ssh-alias HOST=ALIAS` pairs: the Nova/Neutron host name → the ssh_config Host. */
function sshAliasesFrom(pairs: string[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new NetxrayError('bad-input', `--ssh-alias "${pair}": write HOST=ALIAS (the Nova/Neutron host name = the ssh_config Host)`);
    aliases[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return aliases;
}

/** The collector options every collecting command sets from its flags; each command adds its own on top. */
export function collectOptionsFrom(flags: CollectionFlags): CollectOptions {
  const aliases = sshAliasesFrom(flags.sshAlias);
  return {
    credentials: { cloud: flags.osCloud, ...(flags.insecure ? { overrides: { insecure: true } } : {}) },
    ...(flags.sshConfig ? { sshConfigFile: flags.sshConfig } : {}),
    ...(flags.hostAccess ? { hostAccess: flags.hostAccess } : {}),
    ...(Object.keys(aliases).length ? { sshAliases: aliases } : {}),
    ...(flags.extraHost.length ? { extraHosts: flags.extraHost } : {}),
    ...(flags.acceptNewHostKeys ? { strictHostKeyChecking: 'accept-new' as const } : {}),
    skipHosts: !flags.hosts,
  };
}

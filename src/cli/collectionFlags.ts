// The collection flags `trace` and `scan` share: declared, turned into the collector's options, and --from/--save, in one place.
import { Option, type Command } from 'commander';
import type { CollectOptions } from '../collect/collectTrace.js';
import { checkOvnDbAccess, type OvnDbAccess } from '../collect/backends/ml2-ovn/dbCommands.js';
import { loadSnapshot, saveSnapshot } from '../collect/snapshotFile.js';
import { NetxrayError } from '../errors.js';
import { BACKEND_IDS, type BackendId } from '../model/backends.js';
import type { CloudSnapshot } from '../model/cloudSnapshot.js';

export interface CollectionFlags {
  from?: string;
  sos?: string[];
  save?: string;
  osCloud?: string;
  sshConfig?: string;
  insecure?: boolean;
  hostAccess?: string;
  sshAlias: string[];
  extraHost: string[];
  hosts: boolean;
  walks?: boolean;
  acceptNewHostKeys?: boolean;
  backend?: BackendId;
  ovnDbHost?: string;
  ovnNb?: string;
  ovnSb?: string;
  ovnSslKey?: string;
  ovnSslCert?: string;
  ovnSslCa?: string;
}

const repeatable = (value: string, previous: string[]) => [...previous, value];

/** Declares the shared flags on a collecting command, after its own format/output/filter flags. */
export function addCollectionOptions(command: Command): Command {
  return command
    .option('--from <snapshot>', 'analyse a snapshot saved with --save instead of asking the cloud (offline)')
    .option('--save <file>', 'also save the collected snapshot (JSON, no secrets) for --from')
    .option('--sos <path...>', 'read the hosts from sosreports (directory or .tar.xz/.tar.gz, one per host) instead of SSH; with --from, join that API snapshot (docs/sos.md)')
    .option('--os-cloud <name>', 'cloud in clouds.yaml (default: OS_CLOUD, else the OS_* variables)')
    .option('--insecure', 'do not verify the API TLS certificates')
    .option('--ssh-config <file>', 'OpenSSH client config naming the hosts (default ~/.ssh/config)')
    .option('--host-access <mode>', 'how commands reach OVS: plain, sudo, docker:<container>, podman:<container>, sudo+docker:<container>')
    .option('--ssh-alias <host=alias>', 'SSH alias of a Nova/Neutron host name (repeatable)', repeatable, [])
    .option('--extra-host <host>', 'also read this host (repeatable)', repeatable, [])
    .option('--accept-new-host-keys', 'accept unknown SSH host keys (never changed ones)')
    .option('--no-hosts', 'API only: do not SSH to any host')
    .option('--no-walks', 'skip the automatic walks (ofproto/trace per traffic class): faster, but the path is then not proven (exit 4, never healthy)')
    .addOption(new Option('--backend <id>', 'networking backend (default: detected from the Neutron agent list)').choices(BACKEND_IDS))
    .option('--ovn-db-host <host>', 'ML2/OVN: host whose ovn-nbctl/ovn-sbctl read the OVN databases, over SSH (default: the first gateway chassis)')
    .option('--ovn-nb <endpoint>', 'ML2/OVN: northbound DB (unix:PATH, tcp:IP:PORT, ssl:IP:PORT); read from this machine unless --ovn-db-host')
    .option('--ovn-sb <endpoint>', 'ML2/OVN: southbound DB, as --ovn-nb')
    .option('--ovn-ssl-key <file>', 'ML2/OVN ssl: endpoints: private key')
    .option('--ovn-ssl-cert <file>', 'ML2/OVN ssl: endpoints: certificate')
    .option('--ovn-ssl-ca <file>', 'ML2/OVN ssl: endpoints: CA certificate');
}

/** `--ssh-alias HOST=ALIAS` pairs: the Nova/Neutron host name → the ssh_config Host. */
function sshAliasesFrom(pairs: string[]): Record<string, string> {
  // Keyed by host names: a host may be called __proto__, which would set a plain object's prototype instead.
  const aliases: Record<string, string> = Object.create(null);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new NetxrayError('bad-input', `--ssh-alias "${pair}": write HOST=ALIAS (the Nova/Neutron host name = the ssh_config Host)`);
    aliases[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return aliases;
}

/** The --ovn-* flags as the ML2/OVN collector's database access, checked here (one line naming the flag at fault). */
function ovnAccessFrom(flags: CollectionFlags): OvnDbAccess | undefined {
  const ssl = [flags.ovnSslKey, flags.ovnSslCert, flags.ovnSslCa];
  if (ssl.some((f) => f !== undefined) && ssl.some((f) => f === undefined)) throw new NetxrayError('bad-input', '--ovn-ssl-key, --ovn-ssl-cert and --ovn-ssl-ca go together');
  const access: OvnDbAccess = {
    ...(flags.ovnDbHost ? { dbHost: flags.ovnDbHost } : {}),
    ...(flags.ovnNb ? { nb: flags.ovnNb } : {}),
    ...(flags.ovnSb ? { sb: flags.ovnSb } : {}),
    ...(flags.ovnSslKey && flags.ovnSslCert && flags.ovnSslCa ? { ssl: { privateKey: flags.ovnSslKey, certificate: flags.ovnSslCert, caCert: flags.ovnSslCa } } : {}),
  };
  return Object.keys(access).length ? checkOvnDbAccess(access) : undefined;
}

/** The collector options every collecting command sets from its flags; each command adds its own on top. */
export function collectOptionsFrom(flags: CollectionFlags): CollectOptions {
  const aliases = sshAliasesFrom(flags.sshAlias);
  const ovn = ovnAccessFrom(flags);
  return {
    credentials: { cloud: flags.osCloud, ...(flags.insecure ? { overrides: { insecure: true } } : {}) },
    ...(flags.sshConfig ? { sshConfigFile: flags.sshConfig } : {}),
    ...(flags.hostAccess ? { hostAccess: flags.hostAccess } : {}),
    ...(Object.keys(aliases).length ? { sshAliases: aliases } : {}),
    ...(flags.extraHost.length ? { extraHosts: flags.extraHost } : {}),
    ...(flags.acceptNewHostKeys ? { strictHostKeyChecking: 'accept-new' as const } : {}),
    skipHosts: !flags.hosts,
    ...(flags.walks === false ? { noWalks: true } : {}),
    ...(flags.backend ? { backend: flags.backend } : {}),
    ...(ovn ? { ovn } : {}),
  };
}

/** The snapshot a collecting command analyses: read from `--from`, or collected (and written to `--save`). */
export async function snapshotFromFlags(flags: CollectionFlags, collect: () => Promise<CloudSnapshot>): Promise<CloudSnapshot> {
  if (flags.from && flags.save && !flags.sos?.length) throw new NetxrayError('bad-input', '--from and --save do not go together: --from already reads a saved snapshot');
  let snapshot: CloudSnapshot;
  if (flags.sos?.length) {
    const { readSosSnapshot } = await import('../collect/sos/sosSnapshot.js');
    snapshot = await readSosSnapshot(flags.sos, flags.from ? await loadSnapshot(flags.from) : undefined);
  } else if (flags.from) return loadSnapshot(flags.from);
  else snapshot = await collect();
  if (flags.save) {
    try {
      saveSnapshot(flags.save, snapshot);
    } catch (error) {
      if (error instanceof NetxrayError) throw error;
      throw new NetxrayError('bad-input', `--save ${flags.save}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  return snapshot;
}

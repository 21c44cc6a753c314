// How a read-only command reaches OVS on a host: plainly, through `sudo -n`, or inside an OVS container (docker/podman exec).
import { NetxrayError } from '../../errors.js';
import { isValidContainerName, shellJoin } from './shellQuote.js';

/** Turns a command's argv into the line the remote shell runs. Implementations only add a prefix, never a shell. */
export interface HostAccess {
  /** As the user wrote it, e.g. `sudo`, `docker:openvswitch_vswitchd`. */
  readonly spec: string;
  commandLine(argv: readonly string[]): string;
}

const plain = (): HostAccess => ({ spec: 'plain', commandLine: (argv) => shellJoin(argv) });

// -n: never prompt; a password prompt would hang until the command timeout.
const sudo = (): HostAccess => ({ spec: 'sudo', commandLine: (argv) => shellJoin(['sudo', '-n', ...argv]) });

const containerExec = (tool: 'docker' | 'podman') => (container?: string): HostAccess => {
  if (!container || !isValidContainerName(container)) {
    throw new NetxrayError('bad-input', `host access "${tool}:${container ?? ''}": give a valid container name (${tool}:<container>)`);
  }
  return { spec: `${tool}:${container}`, commandLine: (argv) => shellJoin([tool, 'exec', container, ...argv]) };
};

/** Every kind of host access, by the name used in `--host-access`. */
export const HOST_ACCESS: Record<string, (arg?: string) => HostAccess> = {
  plain,
  sudo,
  docker: containerExec('docker'),
  podman: containerExec('podman'),
};

/** `plain`, `sudo`, `docker:<container>`, `podman:<container>`, and `sudo+docker:<container>` (sudo around the exec). */
export function parseHostAccess(spec: string): HostAccess {
  const [first, ...rest] = spec.split('+');
  if (rest.length > 1 || (rest.length === 1 && first !== 'sudo')) {
    throw new NetxrayError('bad-input', `host access "${spec}": only "sudo+" may prefix another access`);
  }
  const inner = rest.length === 1 ? rest[0] : first;
  const [kind, arg] = inner.split(/:(.*)/s, 2);
  const make = HOST_ACCESS[kind];
  if (!make || (kind !== 'docker' && kind !== 'podman' && arg !== undefined)) {
    throw new NetxrayError('bad-input', `host access "${spec}": use one of plain, sudo, docker:<container>, podman:<container>, sudo+docker:<container>`);
  }
  const access = make(arg);
  if (rest.length === 0) return access;
  return { spec, commandLine: (argv) => `sudo -n ${access.commandLine(argv)}` };
}

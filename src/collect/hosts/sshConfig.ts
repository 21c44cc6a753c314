// OpenSSH client configuration (ssh_config(5)): Host blocks, first obtained value wins, the keywords netxray uses.
import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NetxrayError } from '../../errors.js';
import { INPUT_LIMITS, readFailure, readInputText } from '../../inputFile.js';

export type StrictHostKeyChecking = 'yes' | 'no' | 'accept-new';

export interface SshHostSettings {
  /** The name asked for (a Nova/Neutron host name or an alias). */
  alias: string;
  hostName: string;
  port: number;
  user: string;
  /** Existing files first-to-last; when the config gives none, OpenSSH's defaults. */
  identityFiles: string[];
  identitiesOnly: boolean;
  /** Jump hosts in order (`[user@]host[:port]`), empty for a direct connection. */
  proxyJump: string[];
  /** A ProxyCommand was configured: netxray cannot honour it (reported as a problem). */
  proxyCommand?: string;
  strictHostKeyChecking: StrictHostKeyChecking;
  knownHostsFiles: string[];
  hostKeyAlias?: string;
  connectTimeoutMs?: number;
  /** Some Host block other than a bare `*` matched the alias. */
  explicit: boolean;
}

interface Entry {
  /** Every enclosing Host pattern list (an Include inside a Host block adds a level); all must match. */
  conditions: string[][];
  keyword: string;
  args: string[];
  file: string;
}

export interface SshConfig {
  file?: string;
  entries: Entry[];
  /** Lines netxray does not understand (Match blocks other than `Match all`), for the user. */
  warnings: string[];
  home: string;
  localUser: string;
}

/** Splits a config line's arguments: whitespace separated, double quotes group. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1] ?? m[2]);
  return out;
}

function expandTilde(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}

/** Files named by one Include argument: relative to ~/.ssh (user config), `*`/`?` in the last component only. */
function includeTargets(arg: string, home: string, baseDir: string): string[] {
  let p = expandTilde(arg, home);
  if (!path.isAbsolute(p)) p = path.join(baseDir, p);
  const dir = path.dirname(p);
  const base = path.basename(p);
  if (!/[*?]/.test(base)) return existsSync(p) ? [p] : [];
  if (!existsSync(dir)) return [];
  const re = globToRegExp(base, false);
  return readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => path.join(dir, f));
}

function globToRegExp(glob: string, ignoreCase: boolean): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
}

export interface ParseOptions {
  file?: string;
  home?: string;
  localUser?: string;
}

/** Parses a config text (Include followed up to 8 levels, as OpenSSH's READCONF_MAX_DEPTH). */
export function parseSshConfig(text: string, options: ParseOptions = {}): SshConfig {
  const home = options.home ?? os.homedir();
  const config: SshConfig = { file: options.file, entries: [], warnings: [], home, localUser: options.localUser ?? safeUserName() };
  const baseDir = path.join(home, '.ssh');
  const read = (content: string, file: string, outer: string[][], depth: number) => {
    let block: string[] | undefined; // undefined: before any Host line (applies to all)
    let skipping = false; // inside an unsupported Match block
    for (const raw of content.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
      const keyword = (m ? m[1] : line).toLowerCase();
      const args = m ? splitArgs(m[2]) : [];
      if (keyword === 'host') {
        block = args;
        skipping = false;
        continue;
      }
      if (keyword === 'match') {
        const all = args.length === 1 && args[0].toLowerCase() === 'all';
        block = all ? ['*'] : undefined;
        skipping = !all;
        if (!all) config.warnings.push(`${file}: "Match ${args.join(' ')}" is not supported; its block is ignored`);
        continue;
      }
      if (skipping) continue;
      const conditions = block ? [...outer, block] : outer;
      if (keyword === 'include') {
        if (depth >= 8) {
          config.warnings.push(`${file}: Include nested too deeply`);
          continue;
        }
        for (const arg of args) {
          for (const target of includeTargets(arg, home, baseDir)) {
            let included: string;
            try {
              included = readInputText(target, INPUT_LIMITS.config);
            } catch (error) {
              config.warnings.push(`${file}: Include ${target} cannot be read (${readFailure(error)}); ignored`);
              continue;
            }
            read(included, target, conditions, depth + 1);
          }
        }
        continue;
      }
      config.entries.push({ conditions, keyword, args, file });
    }
  };
  read(text, options.file ?? '<config>', [], 0);
  return config;
}

/** Reads a config file; a missing default ~/.ssh/config is an empty config (like ssh), a missing named file an error. */
export function loadSshConfig(file: string | undefined, options: Omit<ParseOptions, 'file'> = {}): SshConfig {
  const home = options.home ?? os.homedir();
  const target = file ? expandTilde(file, home) : path.join(home, '.ssh', 'config');
  if (file && !existsSync(target)) throw new NetxrayError('bad-input', `--ssh-config ${file}: no such file`);
  let text = '';
  try {
    if (existsSync(target)) text = readInputText(target, INPUT_LIMITS.config);
  } catch (error) {
    throw new NetxrayError('bad-input', `${file ? `--ssh-config ${file}` : target}: cannot read (${readFailure(error)})`);
  }
  return parseSshConfig(text, { ...options, home, file: target });
}

/** ssh_config(5) PATTERNS: `*`, `?`, `!negation`, comma or space separated, case-insensitive for host names. */
export function matchHostPatterns(host: string, patterns: readonly string[]): boolean {
  let positive = false;
  for (const raw of patterns.flatMap((p) => p.split(','))) {
    if (!raw) continue;
    const negated = raw.startsWith('!');
    const re = globToRegExp(negated ? raw.slice(1) : raw, true);
    if (re.test(host)) {
      if (negated) return false;
      positive = true;
    }
  }
  return positive;
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}

/** `%h %p %r %u %d %%` tokens of ssh_config(5) TOKENS (the ones meaningful here). */
function expandTokens(value: string, t: { h: string; p: number; r: string; u: string; d: string }): string {
  return value.replace(/%([hpruLd%])/g, (_, c: string) =>
    c === '%' ? '%' : c === 'h' ? t.h : c === 'p' ? String(t.p) : c === 'r' ? t.r : c === 'u' ? t.u : c === 'd' ? t.d : t.h.split('.')[0],
  );
}

const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk'];

/** The settings for one host, first obtained value winning (IdentityFile and known-hosts files accumulate). */
export function resolveSshHost(config: SshConfig, alias: string): SshHostSettings {
  const first = new Map<string, string[]>();
  const identityFiles: string[] = [];
  let explicit = false;
  for (const e of config.entries) {
    if (!e.conditions.every((c) => matchHostPatterns(alias, c))) continue;
    if (e.conditions.some((c) => c.some((p) => p !== '*'))) explicit = true;
    if (e.keyword === 'identityfile') identityFiles.push(...e.args);
    else if (!first.has(e.keyword)) first.set(e.keyword, e.args);
  }
  const one = (k: string) => first.get(k)?.[0];
  const port = Number(one('port') ?? 22);
  const user = one('user') ?? config.localUser;
  const hostName = expandTokens(one('hostname') ?? alias, { h: alias, p: port, r: user, u: config.localUser, d: config.home });
  const tokens = { h: hostName, p: port, r: user, u: config.localUser, d: config.home };
  const files = (identityFiles.length > 0 ? identityFiles : DEFAULT_IDENTITIES.map((f) => `~/.ssh/${f}`))
    .map((f) => expandTilde(expandTokens(f, tokens), config.home));
  const strictRaw = (one('stricthostkeychecking') ?? 'ask').toLowerCase();
  // ask (OpenSSH's default) cannot prompt here: treated as yes, as in batch mode.
  const strict: StrictHostKeyChecking = strictRaw === 'no' || strictRaw === 'off' ? 'no' : strictRaw === 'accept-new' ? 'accept-new' : 'yes';
  const knownHostsFiles = (first.get('userknownhostsfile') ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'])
    .concat(first.get('globalknownhostsfile') ?? ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'])
    .map((f) => expandTilde(expandTokens(f, tokens), config.home));
  const jump = one('proxyjump');
  const proxyCommand = first.get('proxycommand')?.join(' ');
  const connectTimeout = one('connecttimeout');
  return {
    alias,
    hostName,
    port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 22,
    user,
    identityFiles: [...new Set(files)],
    identitiesOnly: (one('identitiesonly') ?? 'no').toLowerCase() === 'yes',
    proxyJump: !jump || jump.toLowerCase() === 'none' ? [] : jump.split(',').filter(Boolean),
    proxyCommand: proxyCommand && proxyCommand.toLowerCase() !== 'none' ? proxyCommand : undefined,
    strictHostKeyChecking: strict,
    knownHostsFiles,
    hostKeyAlias: one('hostkeyalias'),
    connectTimeoutMs: connectTimeout && Number(connectTimeout) > 0 ? Number(connectTimeout) * 1000 : undefined,
    explicit,
  };
}

/** `[user@]host[:port]` of a ProxyJump hop (ssh://user@host:port also accepted). */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } {
  const s = spec.replace(/^ssh:\/\//, '');
  const at = s.lastIndexOf('@');
  const user = at >= 0 ? s.slice(0, at) : undefined;
  const rest = at >= 0 ? s.slice(at + 1) : s;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
  return { user, host: m ? m[1] : rest, port: m?.[2] ? Number(m[2]) : undefined };
}

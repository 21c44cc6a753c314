// `netxray scan`: collect (or load) a snapshot of all instances (or a project/host/network), trace each, summarise; exit 1 on findings.
import { Command, Option } from 'commander';
import { analyseScan, scanHasProblems, scanIsUnverified } from '../../analyse/scan.js';
import type { CollectOptions, CollectProgress } from '../../collect/collectTrace.js';
import { EXIT, NetxrayError } from '../../errors.js';
import type { ScanFilterSet } from '../../model/scanModel.js';
import { findScanRenderer, scanRenderers } from '../../render/scan/index.js';
import { forText, writeResult } from '../output.js';
import { terminalSafe } from '../../render/terminalText.js';
import { addCollectionOptions, collectOptionsFrom, snapshotFromFlags, type CollectionFlags } from '../collectionFlags.js';

interface ScanFlags extends CollectionFlags {
  format: string;
  output?: string;
  project?: string;
  host?: string;
  network?: string;
  hostConcurrency?: number;
  progress: boolean;
  quiet?: boolean;
}

/** Exit status 1: the scan ran and found problems of severity warning or error (docs/scan.md). */
export class ScanFindingsError extends NetxrayError {
  constructor(instances: number, errors: number, warnings: number) {
    super('bad-input', `scan found ${errors} error(s) and ${warnings} warning(s) on ${instances} instance(s)`);
    this.name = 'ScanFindingsError';
  }

  override get exitCode(): number {
    return EXIT.findings;
  }
}

/** Exit status 4: nothing wrong was found, but some instance's path could not be checked (as trace; docs/scan.md). */
export class ScanUnverifiedError extends NetxrayError {
  constructor(instances: number) {
    super('bad-input', `scan could not verify the whole path of ${instances} instance(s): not healthy`);
    this.name = 'ScanUnverifiedError';
  }

  override get exitCode(): number {
    return EXIT.unverified;
  }
}

const positiveInteger = (value: string): number => {
  if (!/^[1-9]\d*$/.test(value)) throw new NetxrayError('bad-input', `--host-concurrency: "${value}" is not a whole number ≥ 1`);
  return Number(value);
};

/**
 * One line on stderr redrawn in place (only on a terminal): the phase, hosts read, instances analysed.
 * Piped or with --quiet/--no-progress it draws nothing, and warnings are plain lines.
 */
class ProgressLine {
  private hostsDone = 0;
  private hostsRunning = 0;
  private unreachable = 0;
  private shown = false;
  private last = 0;
  constructor(
    private readonly draw: boolean,
    private readonly log: (line: string) => void,
  ) {}

  private write(text: string, force = false): void {
    if (!this.draw) return;
    const now = Date.now();
    if (!force && now - this.last < 80) return;
    this.last = now;
    const width = Math.max(20, (process.stderr.columns || 80) - 1);
    process.stderr.write(`\r\x1b[2K${terminalSafe(text).slice(0, width)}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[2K');
    this.shown = false;
  }

  /** A line that must stay (a warning): clears the bar, prints, the bar comes back on the next update. */
  say(line: string): void {
    this.clear();
    this.log(line);
  }

  collecting(event: CollectProgress): void {
    if (event.kind === 'cloud-done') this.write(`netxray scan: API done (${event.apiRequests} requests); reading hosts…`, true);
    if (event.kind === 'host-start') this.hostsRunning += 1;
    if (event.kind === 'host-done') {
      this.hostsRunning -= 1;
      this.hostsDone += 1;
      if (!event.reachable) this.unreachable += 1;
    }
    if (event.kind === 'host-start' || event.kind === 'host-done') {
      this.write(`netxray scan: hosts ${this.hostsDone} read${this.unreachable ? ` (${this.unreachable} unreachable)` : ''}, ${this.hostsRunning} in progress`, event.kind === 'host-done');
    }
  }

  analysing(done: number, total: number): void {
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    this.write(`netxray scan: tracing [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`, done === total);
  }
}

function collectOptions(flags: ScanFlags, progress: ProgressLine): CollectOptions {
  return {
    ...collectOptionsFrom(flags),
    ...(flags.hostConcurrency !== undefined ? { hostConcurrency: flags.hostConcurrency } : {}),
    onProgress: (event) => {
      if (!flags.quiet && event.kind === 'warning') progress.say(`netxray: warning: ${event.message}`);
      if (!flags.quiet && event.kind === 'host-done' && !event.reachable) progress.say(`netxray: ${event.host} could not be read (see the findings)`);
      progress.collecting(event);
    },
  };
}

export function scanCommand(log: (line: string) => void): Command {
  return addCollectionOptions(
    new Command('scan')
      .description('trace every instance (or a project, host, network) through Neutron/OVS and summarise (read-only); exit 0 healthy, 1 findings, 2 bad input, 3 cloud unreachable, 4 not all verified')
      .addOption(new Option('-f, --format <format>', 'output format').choices(scanRenderers.map((r) => r.format)).default('text'))
      .option('-o, --output <file>', 'write to FILE instead of stdout')
      .option('--project <id>', 'only instances (and ports) of this project id')
      .option('--host <name>', 'only instances on this compute host (Nova/Neutron host name)')
      .option('--network <id>', 'only instances with a port on this network id'),
  )
    .option('--host-concurrency <n>', 'hosts read at once, one SSH connection each (default 4)', positiveInteger)
    .option('--no-progress', 'no progress bar (it is only drawn when stderr is a terminal)')
    .option('-q, --quiet', 'no progress bar and no warnings on stderr')
    .action(async (flags: ScanFlags) => {
      const renderer = findScanRenderer(flags.format);
      if (!renderer) throw new NetxrayError('bad-input', `--format ${flags.format}: use one of ${scanRenderers.map((r) => r.format).join(', ')}`);
      const filters: ScanFilterSet = {
        ...(flags.project ? { project: flags.project } : {}),
        ...(flags.host ? { host: flags.host } : {}),
        ...(flags.network ? { network: flags.network } : {}),
      };
      const progress = new ProgressLine(!!process.stderr.isTTY && flags.progress && !flags.quiet, log);
      try {
        const snapshot = await snapshotFromFlags(flags, async () => {
          // Loaded here: the SSH and HTTP clients are not needed by --from or by the other commands.
          const { collectScanSnapshot } = await import('../../collect/collectTrace.js');
          // --project is applied by the analysis, not by the port list: a project's instances use ports of other
          // projects (the DHCP port of a shared network, router ports), and without them the traces report what is
          // not missing (measured on the lab recording: dhcp-missing on vm2/vm3). The snapshot still remembers it.
          const { project, ...listFilters } = filters;
          const collected = await collectScanSnapshot(listFilters, collectOptions(flags, progress));
          if (project && collected.subject) collected.subject.filters = { ...collected.subject.filters, project };
          return collected;
        });
        const report = analyseScan(snapshot, filters, { backend: flags.backend, onProgress: (done, total) => progress.analysing(done, total) });
        progress.clear();
        writeResult(renderer.render(forText(renderer.format, report)), { output: flags.output }, false);
        if (scanHasProblems(report)) throw new ScanFindingsError(report.summary.instancesWithErrors + report.summary.instancesWithWarnings, report.summary.errors, report.summary.warnings);
        if (scanIsUnverified(report)) throw new ScanUnverifiedError(report.summary.unverifiedInstances);
      } finally {
        progress.clear();
      }
    });
}

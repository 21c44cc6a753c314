// `netxray trace <instance>`: collect (or load) a cloud snapshot, analyse one instance's paths, render; exit 1 on findings.
import { Command, Option } from 'commander';
import type { analyseTrace, TraceAnalysisOptions } from '../../analyse/trace/index.js';
import type { CollectOptions } from '../../collect/collectTrace.js';
import { addCollectionOptions, collectOptionsFrom, snapshotFromFlags, type CollectionFlags } from '../collectionFlags.js';
import { EXIT, NetxrayError } from '../../errors.js';
import { findTraceRenderer, traceRenderers } from '../../render/trace/index.js';
import { openInBrowser } from '../openBrowser.js';
import { forText, writeResult } from '../output.js';
import { walkRequestFrom, type WalkFlags } from '../walkFlags.js';

interface TraceFlags extends CollectionFlags, WalkFlags {
  format: string;
  output?: string;
  maxTunnelPeers?: number;
  quiet?: boolean;
  open?: boolean;
}

/** Exit status 1: the trace ran and found problems of severity warning or error (docs/trace.md). */
export class TraceFindingsError extends NetxrayError {
  constructor(errors: number, warnings: number) {
    super('bad-input', `trace found ${errors} error(s) and ${warnings} warning(s)`);
    this.name = 'TraceFindingsError';
  }

  override get exitCode(): number {
    return EXIT.findings;
  }
}

/** Exit status 4: nothing wrong was found, but a part of the path could not be checked (docs/trace.md). */
export class TraceUnverifiedError extends NetxrayError {
  constructor(unverified: number) {
    super('bad-input', `trace could not verify the whole path (${unverified} part(s) not checked): not healthy`);
    this.name = 'TraceUnverifiedError';
  }

  override get exitCode(): number {
    return EXIT.unverified;
  }
}

const nonNegativeInteger = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new NetxrayError('bad-input', `--max-tunnel-peers: "${value}" is not a whole number`);
  return Number(value);
};

function collectOptions(flags: TraceFlags, log: (line: string) => void): CollectOptions {
  return {
    ...collectOptionsFrom(flags),
    ...(flags.maxTunnelPeers !== undefined ? { maxTunnelPeers: flags.maxTunnelPeers } : {}),
    onProgress: (event) => {
      if (flags.quiet) return;
      if (event.kind === 'warning') log(`netxray: warning: ${event.message}`);
      if (event.kind === 'host-done' && !event.reachable) log(`netxray: ${event.host} could not be read (see the findings)`);
    },
  };
}

/** The analysis code, loaded apart: a live trace loads it while the cloud answers (see the action). */
const loadAnalysis = () => import('../../analyse/trace/index.js');

/** The report; a walk the snapshot cannot answer says that it needs the live cloud when it was read with --from. */
function analyseTraceOrWalk(analyse: typeof analyseTrace, snapshot: Parameters<typeof analyseTrace>[0], instance: string, options: TraceAnalysisOptions, offline: boolean) {
  const walk = options.walk;
  try {
    return analyse(snapshot, instance, options);
  } catch (error) {
    if (walk && offline && error instanceof NetxrayError && error.code === 'not-found' && !/live cloud/.test(error.message)) {
      throw new NetxrayError('not-found', `${error.message}; --from: the snapshot was not collected for this walk, and a walk to a new target needs the live cloud (run without --from, with --save to keep it)`);
    }
    throw error;
  }
}

export function traceCommand(log: (line: string) => void): Command {
  return addCollectionOptions(
    new Command('trace')
      .description('trace every interface of an OpenStack instance through Neutron/OVS (read-only); exit 0 healthy, 1 findings, 2 bad input, 3 cloud unreachable, 4 not all verified')
      .argument('<instance>', 'instance name or UUID (a Neutron port name or UUID traces that port alone)')
      .addOption(new Option('-f, --format <format>', 'output format').choices(traceRenderers.map((r) => r.format)).default('text'))
      .option('-o, --output <file>', 'write to FILE instead of stdout')
      .option('--open', 'open the written file (html, svg, png) in a browser'),
  )
    .option('--max-tunnel-peers <n>', 'tunnel peer hosts to read as well (default 8)', nonNegativeInteger)
    .option('-q, --quiet', 'no progress warnings on stderr')
    .option('--to <target>', 'walk a packet to TARGET with ofproto/trace (read-only): an IPv4 address, an instance name or UUID, gateway, dhcp, metadata or internet')
    .option('--proto <proto>', 'the walked packet: icmp (default), tcp:PORT or udp:PORT (dhcp: udp:67, metadata: tcp:80)')
    .option('--from-interface <n>', 'walk from interface N of the instance (default: the one sharing a network with the target)')
    .action(async (instance: string, flags: TraceFlags) => {
      const renderer = findTraceRenderer(flags.format);
      if (!renderer) throw new NetxrayError('bad-input', `--format ${flags.format}: use one of ${traceRenderers.map((r) => r.format).join(', ')}`);
      const walk = walkRequestFrom(flags);
      let analysis: ReturnType<typeof loadAnalysis> | undefined;
      const snapshot = await snapshotFromFlags(flags, async () => {
        // Loaded here: the SSH and HTTP clients are not needed by --from or by the other commands.
        const { collectTraceSnapshot } = await import('../../collect/collectTrace.js');
        const collecting = collectTraceSnapshot(instance, { ...collectOptions(flags, log), ...(walk ? { walk } : {}) });
        // The first request is on its way: the analysis code loads while this process waits for the cloud's answers.
        analysis = loadAnalysis();
        return collecting;
      });
      const { analyseTrace, hasProblems, isUnverified } = await (analysis ?? loadAnalysis());
      const report = analyseTraceOrWalk(analyseTrace, snapshot, instance, { backend: flags.backend, walk }, !!flags.from);
      const written = writeResult(await renderer.render(forText(renderer.format, report)), { output: flags.output }, !!renderer.binary);
      if (flags.open && written) openInBrowser(written, log);
      else if (flags.open) log('netxray: --open needs -o FILE');
      if (hasProblems(report)) throw new TraceFindingsError(report.summary.errors, report.summary.warnings);
      if (isUnverified(report)) throw new TraceUnverifiedError(report.summary.unverified);
    });
}

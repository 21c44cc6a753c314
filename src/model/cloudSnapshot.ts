// The cloud snapshot: everything `trace`/`scan` collect (API objects, host command outputs), before analysis.
// Live collection and `--from FILE` both produce one, so analysis never knows where its input came from.
// It never holds a credential: no password, token, application-credential secret or key material.
import type { BackendId } from './backends.js';

export const SNAPSHOT_SCHEMA = 'netxray/snapshot' as const;
export const SNAPSHOT_VERSION = 1 as const;

/** An API object exactly as the OpenStack API returned it (one element of e.g. the `ports` list). */
export type ApiObject = Record<string, unknown>;

export interface CloudSnapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  version: typeof SNAPSHOT_VERSION;
  generator: { name: 'netxray'; version: string };
  /** ISO 8601 time the collection started. */
  collectedAt: string;
  /** Where the data came from; no secrets. */
  cloud: {
    authUrl: string;
    region?: string;
    project?: string;
    user?: string;
    /** Optional: the token had the admin role (else admin-only fields and agents are missing, see problems). */
    admin?: boolean;
  };
  api: {
    servers: ApiObject[];
    ports: ApiObject[];
    networks: ApiObject[];
    subnets: ApiObject[];
    floatingIps: ApiObject[];
    routers: ApiObject[];
    securityGroups: ApiObject[];
    agents: ApiObject[];
    /** Optional (trace, admin): router id → ids of the L3 agents hosting it (GET /v2.0/routers/{id}/l3-agents). */
    routerL3Agents?: Record<string, string[]>;
    /** Optional (trace, admin): network id → ids of the DHCP agents serving it (GET /v2.0/networks/{id}/dhcp-agents). */
    networkDhcpAgents?: Record<string, string[]>;
  };
  /**
   * Optional: the networking backend the collection planned for (forced with --backend, or detected from the agent
   * list). Absent in snapshots from before it was recorded: analysis then detects it from `api.agents`.
   */
  backend?: BackendId;
  /** Optional: what was asked for. `instanceIds` are the ids of the traced/scanned instances in `api.servers` (a trace of a port that belongs to no instance: that port's id). */
  /**
   * `autoWalks`: true when the automatic walks (docs/trace.md) were collected for the instances, false with
   * `--no-walks`; absent in snapshots of netxray versions before them (the analysis then says "walks not recorded").
   */
  subject?: { kind: 'trace' | 'scan'; instanceRef?: string; instanceIds: string[]; filters?: Record<string, string>; autoWalks?: boolean };
  hosts: HostCapture[];
  /** Optional: the hosts were read from sosreports (`--sos`), not over SSH (docs/sos.md). */
  offline?: OfflineSource;
  /** What could not be collected; analysis turns these into findings and still reports the rest. */
  problems: CollectionProblem[];
  /** How much collection cost: the numbers the benchmarks compare. */
  cost: { apiRequests: number; sshConnections: number; hostCommands: number; durationMs: number };
}

export interface HostCapture {
  /** The Nova/Neutron host name (OS-EXT-SRV-ATTR:host, binding:host_id, agent host). */
  host: string;
  /** The SSH destination used, e.g. `root@127.0.0.1:2222` (no key material). */
  sshTarget?: string;
  reachable: boolean;
  error?: string;
  /** Optional: why the host was visited (trace): the instance's host, an agent host of its networks/routers, a tunnel peer. */
  roles?: HostRole[];
  outputs: CommandOutput[];
}

/** `ovn-db`: the host whose ovn-nbctl/ovn-sbctl read the OVN databases (ML2/OVN; `local`: they ran on the machine running netxray). */
export type HostRole = 'instance' | 'dhcp-agent' | 'l3-agent' | 'tunnel-peer' | 'ovn-db';

export interface CommandOutput {
  /** A stable id of the read-only command, e.g. `ovsdb-interface`, `flows:br-int`, `ip-link`. */
  id: string;
  /** The command line as run on the host (after the host's wrapper: sudo, docker exec, ...). */
  command: string;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface CollectionProblem {
  source: 'keystone' | 'nova' | 'neutron' | 'ssh' | 'host';
  /** The host concerned, for ssh/host problems. */
  host?: string;
  /** A stable code, e.g. `host-unreachable`, `host-key-mismatch`, `auth-failed`, `api-error`, `timeout`, `command-missing`. */
  code: string;
  message: string;
  /**
   * The host command output (`CommandOutput.id`) the problem is about, when it is about one command. Absent in
   * snapshots of netxray versions before it: `problemOutputId` (analyse) reads those from the message.
   */
  outputId?: string;
}

/** Where an offline snapshot's hosts came from: one sosreport per host (docs/sos.md). */
export interface OfflineSource {
  kind: 'sosreport';
  reports: SosReportSummary[];
  /**
   * `derived-from-hosts`: no Neutron API was given; `api` holds only what the hosts say (ports from OVSDB iface-id,
   * networks from the agent's Port other_config), and the answers that need the API are absent (reports say which).
   * `joined`: `api` is a saved API snapshot (--from) joined with the reports' hosts.
   */
  api: 'derived-from-hosts' | 'joined';
}

export interface SosReportSummary {
  /** The archive or directory as given. */
  source: string;
  host: string;
  /** sos's own version (version.txt), when present. */
  sosVersion: string | null;
  /** Versions of the packages that matter (openvswitch, neutron), from the report's package list when present. */
  packages: Record<string, string>;
  /** Open_vSwitch ovs_version as the report's OVSDB records it (the running daemon's), when present. */
  ovsVersion?: string;
  /** `ip netns` of the host. */
  namespaces: string[];
  /** The agents' settings from etc/neutron/, null when the report holds none. */
  agentConfig: SosAgentConfig | null;
  /** What could not be read from this report (truncated archive, file missing or unparsable). */
  problems: string[];
}

export interface SosAgentConfig {
  /** The files the settings came from (paths inside the report). */
  files: string[];
  /** As the agents API's `configurations` reports them (bridge_mappings, tunnel_types, tunneling_ip, …); only keys the files set. */
  configurations: Record<string, unknown>;
  /** l3_agent.ini agent_mode, when set. */
  l3AgentMode?: string;
  /** [securitygroup] firewall_driver as written. */
  firewallDriver?: string;
}

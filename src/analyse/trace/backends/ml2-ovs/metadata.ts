// The metadata branch of an ML2/OVS interface (L3 and DHCP agents): who answers 169.254.169.254:80, the router
// namespace's REDIRECT rule or the DHCP namespace's address that hands the request to the proxy, and its socket.
import { HOST_OUTPUT } from '../../../../model/hostOutputIds.js';
import type { DhcpPath, MetadataPath, RouterPath } from '../../../../model/traceModel.js';
import { AGENT_TYPE, ISOLATED_METADATA_PROXY_PORT, METADATA, NAMESPACE_PREFIX, findMetadataRedirect } from '../../../../neutron/neutronRules.js';
import { type CloudIndex, str } from '../../cloudIndex.js';
import { parseIpAddr } from '../../ipLink.js';
import { proxyState } from '../../listening.js';

function routerBranch(index: CloudIndex, router: RouterPath, offered: boolean): MetadataPath {
  const namespace = NAMESPACE_PREFIX.router + router.id;
  const nat = index.hostOutput(router.host, HOST_OUTPUT.netnsNat(namespace));
  const redirect = nat && nat.exitCode === 0 ? findMetadataRedirect(nat.stdout) : null;
  const entryState = !nat || nat.exitCode !== 0 ? 'unknown' : redirect ? 'present' : 'missing';
  const proxy = proxyState(index, router.host, namespace, redirect?.toPort ?? METADATA.routerProxyPort, null);
  const agent = index.agentRef(AGENT_TYPE.metadata, router.host);
  const entryWords = { present: `REDIRECT tcp ${METADATA.port} → ${redirect?.toPort ?? '?'}`, missing: 'no REDIRECT rule', unknown: 'NAT rules not read' }[entryState];
  const proxyWords = { listening: `proxy listening on ${proxy?.port}`, 'not-listening': `nothing listening on ${proxy?.port}`, unknown: 'proxy socket not read' }[proxy?.state ?? 'unknown'];
  return {
    address: METADATA.ip,
    port: METADATA.port,
    via: 'router',
    host: router.host,
    namespace,
    entry: { how: 'redirect', state: entryState, evidence: redirect?.rule ?? null },
    proxy,
    agent,
    offered,
    summary: offered
      ? `through router ${router.name || router.id} on ${router.host ?? '?'} (${namespace}): ${entryWords}, ${proxyWords}`
      : `not offered: no ${AGENT_TYPE.metadata} is registered (router ${router.name || router.id} would serve it; ${entryWords})`,
  };
}

/** The DHCP port whose namespace holds 169.254.169.254 (isolated metadata), or undefined. */
function isolatedProxyPort(index: CloudIndex, dhcp: DhcpPath, networkId: string): { host: string | null; device: string } | undefined {
  const namespace = NAMESPACE_PREFIX.dhcp + networkId;
  for (const p of dhcp.ports) {
    const out = index.hostOutput(p.host, HOST_OUTPUT.netnsAddr(namespace));
    if (!out || out.exitCode !== 0) continue;
    let addresses: ReturnType<typeof parseIpAddr>;
    try {
      addresses = parseIpAddr(out.stdout);
    } catch {
      continue;
    }
    const held = addresses.find((a) => a.address === METADATA.ip);
    if (held) return { host: p.host, device: held.device };
  }
  return undefined;
}

/**
 * Who answers this interface's metadata requests: the router on its subnet when there is one (the instance's default
 * route), else the DHCP namespace when it holds 169.254.169.254 (isolated metadata). force_metadata (the DHCP agent
 * answering on routed subnets too) is not visible in what is collected: such a cloud is read as routed.
 */
export function metadataPath(index: CloudIndex, router: RouterPath | null, dhcp: DhcpPath, networkId: string): MetadataPath {
  const offered = index.snapshot.api.agents.some((a) => str(a, 'agent_type') === AGENT_TYPE.metadata);
  if (router) return routerBranch(index, router, offered);
  const held = isolatedProxyPort(index, dhcp, networkId);
  if (held) {
    const namespace = NAMESPACE_PREFIX.dhcp + networkId;
    const proxy = proxyState(index, held.host, namespace, ISOLATED_METADATA_PROXY_PORT, METADATA.ip);
    const proxyWords = { listening: `proxy listening on ${METADATA.ip}:${METADATA.port}`, 'not-listening': `nothing listening on ${METADATA.ip}:${METADATA.port}`, unknown: 'proxy socket not read' }[proxy?.state ?? 'unknown'];
    return {
      address: METADATA.ip,
      port: METADATA.port,
      via: 'dhcp',
      host: held.host,
      namespace,
      entry: { how: 'address', state: 'present', evidence: `${METADATA.ip} on ${held.device}` },
      proxy,
      agent: index.agentRef(AGENT_TYPE.metadata, held.host),
      offered,
      summary: `isolated metadata through the DHCP namespace ${namespace} on ${held.host ?? '?'}: ${proxyWords}`,
    };
  }
  return {
    address: METADATA.ip,
    port: METADATA.port,
    via: 'none',
    host: null,
    namespace: null,
    entry: null,
    proxy: null,
    agent: null,
    offered,
    summary: `not served on this network: no router on the subnet, and no DHCP namespace read holds ${METADATA.ip} (isolated metadata off)`,
  };
}

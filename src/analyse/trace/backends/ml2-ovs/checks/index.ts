// The checks of a trace on ML2/OVS, in report order (findings of one severity keep this order): shared ones from
// src/analyse/trace/checks/ and the ML2/OVS families of this folder. docs/trace.md's findings table lists them (tested).
import type { TraceCheck } from '../../../backend.js';
import type { OvsInterfaceAnalysis } from '../interface.js';
import { collectionProblemCheckExcept } from '../../../checks/collection.js';
import { walkEnteredByMissingPort } from '../walk/analyseWalk.js';
import { instanceStateCheck } from '../../../checks/instance.js';
import { routerGatewayMissingCheck } from '../../../checks/routing.js';
import { sgNoIcmpCheck, sgNoSshCheck } from '../../../checks/securityGroups.js';
import { dhcpAgentDeadCheck, dhcpMissingCheck, dnsmasqMissingCheck, fipNatMissingCheck, l3AgentDeadCheck } from './agentServices.js';
import { agentDeadCheck, bindingFailedCheck, bindingHostMismatchCheck, portDisabledCheck, portDownCheck, portNotPluggedCheck } from './binding.js';
import { ovsDataMissingCheck, unmanagedPortCheck } from './hosts.js';
import { dvrAgentModeCheck, dvrFipNamespaceMissingCheck, dvrFipPairMissingCheck, dvrMacFlowMissingCheck, dvrSnatMissingCheck } from './dvr.js';
import { hostUnreachableCheck } from '../../../checks/hosts.js';
import { deadVlanCheck, noLocalVlanCheck, segmentationMismatchCheck, tagMismatchCheck } from './localVlan.js';
import { foreignFlowCheck } from './foreignFlows.js';
import { metadataAgentDeadCheck, metadataProxyDownCheck, metadataRedirectMissingCheck } from './metadata.js';
import { failedBySilentDaemon, ovsdbServerDownCheck, ovsVswitchdDownCheck } from './daemons.js';
import { deviceDownCheck, patchPeerMismatchCheck, patchPortMissingCheck, tunnelRemoteIpWrongCheck, vifExternalIdMismatchCheck } from './expectedElements.js';
import { mtuMismatchCheck } from './mtu.js';
import { pathGapCheck } from './pathGaps.js';
import { routerPortDownCheck, servicePortUnwiredCheck } from './routerPort.js';
import { egressFlowMissingCheck, ingressFlowMissingCheck } from './translations.js';
import { floodEntryMissingCheck, tunnelPortMissingCheck } from './tunnels.js';

export const ml2OvsChecks: readonly TraceCheck<OvsInterfaceAnalysis>[] = [
  hostUnreachableCheck,
  ovsdbServerDownCheck,
  ovsVswitchdDownCheck,
  instanceStateCheck,
  ovsDataMissingCheck,
  agentDeadCheck,
  bindingFailedCheck,
  bindingHostMismatchCheck,
  portDisabledCheck,
  portDownCheck,
  portNotPluggedCheck,
  deviceDownCheck,
  foreignFlowCheck,
  deadVlanCheck,
  noLocalVlanCheck,
  tagMismatchCheck,
  segmentationMismatchCheck,
  patchPortMissingCheck,
  patchPeerMismatchCheck,
  tunnelRemoteIpWrongCheck,
  ingressFlowMissingCheck,
  egressFlowMissingCheck,
  tunnelPortMissingCheck,
  floodEntryMissingCheck,
  mtuMismatchCheck,
  dhcpMissingCheck,
  dhcpAgentDeadCheck,
  dnsmasqMissingCheck,
  dvrAgentModeCheck,
  fipNatMissingCheck,
  dvrFipNamespaceMissingCheck,
  dvrFipPairMissingCheck,
  dvrSnatMissingCheck,
  dvrMacFlowMissingCheck,
  routerGatewayMissingCheck,
  l3AgentDeadCheck,
  routerPortDownCheck,
  servicePortUnwiredCheck,
  metadataRedirectMissingCheck,
  metadataProxyDownCheck,
  metadataAgentDeadCheck,
  sgNoIcmpCheck,
  sgNoSshCheck,
  vifExternalIdMismatchCheck,
  unmanagedPortCheck,
  pathGapCheck,
  collectionProblemCheckExcept((problem, ctx) => failedBySilentDaemon(problem, ctx) || walkEnteredByMissingPort(problem, ctx)),
];

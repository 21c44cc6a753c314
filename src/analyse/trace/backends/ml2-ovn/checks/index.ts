// The checks of a trace on ML2/OVN, in report order (findings of one severity keep this order): shared ones from
// src/analyse/trace/checks/ and the ML2/OVN families of this folder. docs/trace.md's findings table lists them (tested).
import type { TraceCheck } from '../../../backend.js';
import { collectionProblemCheck } from '../../../checks/collection.js';
import { hostUnreachableCheck } from '../../../checks/hosts.js';
import { instanceStateCheck } from '../../../checks/instance.js';
import { routerGatewayMissingCheck } from '../../../checks/routing.js';
import { sgNoIcmpCheck, sgNoSshCheck } from '../../../checks/securityGroups.js';
import type { OvnInterfaceAnalysis } from '../interface.js';
import {
  bindingChassisMismatchCheck,
  duplicateChassisCheck,
  lspDownCheck,
  lspMissingCheck,
  lspRevisionBehindCheck,
  notOvnInstalledCheck,
  ovnControllerDownCheck,
  ovnDbUnreadCheck,
  ovsInterfaceMissingCheck,
  portUnboundCheck,
  requestedChassisMismatchCheck,
} from './binding.js';
import {
  bridgeMappingMissingCheck,
  dhcpOptionsMissingCheck,
  fipNatMissingCheck,
  gatewayUnclaimedCheck,
  localnetMissingCheck,
  localnetPatchMissingCheck,
  metadataNamespaceMissingCheck,
  peerChassisDownCheck,
  tunnelMissingCheck,
} from './paths.js';
import { ovnNorthdBehindCheck } from './northd.js';
import { encapIpMismatchCheck, encapIpUnassignedCheck } from './encap.js';
import { metadataAgentDownCheck, metadataProxyDownCheck } from './metadataAgent.js';
import { vifMtuMismatchCheck } from './mtu.js';
import { sgAclForeignCheck, sgAclMissingCheck } from './acls.js';

export const ml2OvnChecks: readonly TraceCheck<OvnInterfaceAnalysis>[] = [
  ovnDbUnreadCheck,
  hostUnreachableCheck,
  instanceStateCheck,
  ovnNorthdBehindCheck,
  ovnControllerDownCheck,
  duplicateChassisCheck,
  lspMissingCheck,
  requestedChassisMismatchCheck,
  bindingChassisMismatchCheck,
  ovsInterfaceMissingCheck,
  portUnboundCheck,
  lspDownCheck,
  notOvnInstalledCheck,
  lspRevisionBehindCheck,
  tunnelMissingCheck,
  encapIpUnassignedCheck,
  encapIpMismatchCheck,
  peerChassisDownCheck,
  localnetMissingCheck,
  bridgeMappingMissingCheck,
  localnetPatchMissingCheck,
  vifMtuMismatchCheck,
  routerGatewayMissingCheck,
  gatewayUnclaimedCheck,
  fipNatMissingCheck,
  dhcpOptionsMissingCheck,
  metadataAgentDownCheck,
  metadataNamespaceMissingCheck,
  metadataProxyDownCheck,
  sgAclMissingCheck,
  sgAclForeignCheck,
  sgNoIcmpCheck,
  sgNoSshCheck,
  collectionProblemCheck,
];

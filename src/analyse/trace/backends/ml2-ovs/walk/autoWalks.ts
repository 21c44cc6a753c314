// The automatic walks' analysis: each traffic class of each interface (src/neutron/ml2-ovs/autoWalks.ts) walked through
// the recorded ofproto/trace outputs by the same engine as `--to`, and the findings they make.
import type { AutoWalk } from '../../../../../model/traceModel.js';
import { walkEach } from '../../../walkEach.js';
import { autoWalkRequests } from '../../../../../neutron/ml2-ovs/autoWalks.js';
import type { CloudIndex } from '../../../cloudIndex.js';
import { walkOf } from './analyseWalk.js';

/** The automatic walks of one instance over the snapshot's outputs. */
export function analyseAutoWalks(index: CloudIndex, instanceId: string): AutoWalk[] {
  return walkEach(autoWalkRequests(index.snapshot.api, instanceId), (request) => walkOf(index, instanceId, request, false));
}

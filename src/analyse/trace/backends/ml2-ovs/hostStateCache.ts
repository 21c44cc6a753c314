// One HostState per host capture, built for whichever asks first: without the Neutron API (sosreports) a host is read
// for the derived API (hostDerivedApi), for the reports' VIF notes (offlineVifsByHost) and by the analysis
// (ovsFacts.hostState), and each built every row of it again.
import type { HostCapture } from '../../../../model/cloudSnapshot.js';
import { buildHostState, type HostState } from './hostState.js';

const states = new WeakMap<HostCapture, HostState>();

/** The capture's state, built on the first question about that capture object (its outputs are not changed after). */
export function hostStateOfCapture(capture: HostCapture): HostState {
  let state = states.get(capture);
  if (!state) {
    state = buildHostState(capture);
    states.set(capture, state);
  }
  return state;
}

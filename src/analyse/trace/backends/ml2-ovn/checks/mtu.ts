// ML2/OVN check on the VIF's MTU: os-vif plugs it with the Neutron network's MTU, so a tap with another one either
// takes frames the network cannot carry (larger) or drops frames the network delivers (smaller).
import { vifMtuProblem } from '../../../../../neutron/ovnRules.js';
import type { TraceCheck } from '../../../backend.js';
import { perInterface } from '../../../checks/checkHelpers.js';
import type { OvnInterfaceAnalysis } from '../interface.js';

export const vifMtuMismatchCheck: TraceCheck<OvnInterfaceAnalysis> = {
  id: 'vif-mtu-mismatch',
  severity: 'error',
  summary: "the VIF's MTU on its chassis differs from the Neutron network's MTU (larger: frames the network cannot carry, a warning; smaller: frames dropped at the tap, an error)",
  run: perInterface((a) => {
    const dp = a.trace.dataplane.kind === 'ml2/ovn' ? a.trace.dataplane.ovsInterface : null;
    const net = a.trace.network;
    const problem = vifMtuProblem(a.vifMtu, net.mtu);
    if (!dp || !a.host || !problem) return [];
    const larger = problem === 'larger';
    return [
      {
        severity: larger ? 'warning' : 'error',
        portId: a.trace.port.id,
        host: a.host,
        at: { part: 'hop', host: a.host, device: dp.name },
        message: `${dp.name} on ${a.host} has MTU ${a.vifMtu}, network ${net.name || net.id} has MTU ${net.mtu}: ${larger ? `frames over ${net.mtu} bytes are taken from the instance and lost ${net.type === 'geneve' ? 'in the Geneve tunnel' : 'on the way'}` : `frames over ${a.vifMtu} bytes sent to the instance are dropped at the tap`}`,
        hint: `set the VIF back to the network's MTU: ovs-vsctl set Interface ${dp.name} mtu_request=${net.mtu} (or ip link set ${dp.name} mtu ${net.mtu}) on ${a.host}; os-vif plugs VIFs with the network MTU`,
        evidence: [
          { source: `${a.host} ovsdb-interface ${dp.name} / ip link`, text: `mtu ${a.vifMtu}` },
          { source: `neutron network ${net.id}`, text: `mtu=${net.mtu}` },
        ],
      },
    ];
  }),
};

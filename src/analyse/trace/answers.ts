// The plain-words answers every backend gives the same way (questions 1 and 3 of issue 5).
import type { TraceInterface } from '../../model/traceModel.js';

type AnswerSubject = Pick<TraceInterface, 'index' | 'port' | 'network' | 'floatingIps'>;

export function interfaceCountAnswer(iface: AnswerSubject, count: number, instanceName: string): string {
  return `${instanceName} has ${count} interface${count === 1 ? '' : 's'}; this is interface ${iface.index + 1} (port ${iface.port.id}${iface.port.name ? `, "${iface.port.name}"` : ''}) on network ${iface.network.name || iface.network.id}`;
}

export function ipsAnswer(iface: AnswerSubject): string {
  const fixed = iface.port.ips.length ? iface.port.ips.join(', ') : 'no fixed IP';
  return iface.floatingIps.length ? `${fixed} (floating ${iface.floatingIps.join(', ')})` : fixed;
}

// Narrow accessors for the loose JSON of OpenStack API objects (a field of the expected type, or null/empty): shared by
// collect-side planning (the walk's probes) and the analysis.
import type { ApiObject } from '../model/cloudSnapshot.js';

export function str(o: ApiObject | undefined, key: string): string | null {
  const v = o?.[key];
  return typeof v === 'string' ? v : null;
}

export function num(o: ApiObject | undefined, key: string): number | null {
  const v = o?.[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

export function obj(o: ApiObject | undefined, key: string): ApiObject {
  const v = o?.[key];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as ApiObject) : {};
}

export function list(o: ApiObject | undefined, key: string): ApiObject[] {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter((x): x is ApiObject => !!x && typeof x === 'object') : [];
}

export function fixedIps(port: ApiObject): { ip: string; subnetId: string | null }[] {
  return list(port, 'fixed_ips').flatMap((f) => (str(f, 'ip_address') ? [{ ip: str(f, 'ip_address') as string, subnetId: str(f, 'subnet_id') }] : []));
}

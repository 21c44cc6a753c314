// Cloud collection against the running lab (read-only: token requests and GETs only).
import { describe, expect, it } from 'vitest';
import { collectCloudForScan, collectCloudForTrace } from '../../src/collect/openstack/collectCloud.js';
import { resolveCredentials } from '../../src/collect/openstack/credentials.js';
import { HttpClient } from '../../src/collect/openstack/http.js';
import { KeystoneSession } from '../../src/collect/openstack/keystone.js';
import { OpenStackApi } from '../../src/collect/openstack/openstackApi.js';
import { NetxrayError } from '../../src/errors.js';
import { lab, labReason, skipIfFaulted, skipLab } from './_lab.js';

function connect(options: Parameters<typeof resolveCredentials>[0]) {
  const { credentials } = resolveCredentials(options);
  const http = new HttpClient();
  return { api: new OpenStackApi(new KeystoneSession(credentials, http)), http };
}

describe.skipIf(skipLab)(`cloud collection ${labReason}`, () => {
  it('trace vm1 as admin (OS_* variables): ports, networks, router, floating IP, agents, in a bounded number of requests', async (ctx) => {
    skipIfFaulted(ctx);
    const { api, http } = connect({ env: lab.env });
    try {
      const c = await collectCloudForTrace(api, 'vm1');
      expect(c.admin).toBe(true);
      expect(c.api.servers.map((s) => s.name)).toEqual(['vm1']);
      const vmPorts = c.api.ports.filter((p) => p.device_id === c.instanceIds[0]);
      expect(vmPorts.length).toBe(1);
      expect(vmPorts[0]['binding:host_id']).toBe('nxlab-node1');
      expect(c.api.networks.map((n) => n.name).sort()).toEqual(['private', 'public']);
      expect(c.api.networks.find((n) => n.name === 'private')?.['provider:network_type']).toBe('vxlan');
      expect(c.api.subnets.length).toBeGreaterThanOrEqual(2);
      expect(c.api.floatingIps.length).toBe(1);
      expect(c.api.routers.map((r) => r.name)).toEqual(['router1']);
      expect(c.api.ports.some((p) => p.device_owner === 'network:dhcp')).toBe(true);
      expect(c.api.ports.some((p) => p.device_owner === 'network:router_gateway')).toBe(true);
      expect(c.api.securityGroups.length).toBeGreaterThanOrEqual(1);
      expect(c.api.securityGroups[0].security_group_rules).toBeInstanceOf(Array);
      expect(c.api.agents.some((a) => a.agent_type === 'Open vSwitch agent' && a.host === 'nxlab-node2')).toBe(true);
      const routerId = String(c.api.routers[0].id);
      expect(c.api.routerL3Agents?.[routerId]?.length).toBe(1);
      const privateId = String(c.api.networks.find((n) => n.name === 'private')?.id);
      expect(c.api.networkDhcpAgents?.[privateId]?.length).toBe(1);
      expect(c.problems).toEqual([]);
      // 1 token + {server, agents} + instance ports + {fips, network ports, networks, external networks, subnets,
      // security groups, 1 dhcp-agents per network} + {routers, router ports, 1 l3-agents per router, external subnets} = 15
      expect(http.requests).toBe(15);
    } finally {
      http.close();
    }
  });

  it('finds an instance by UUID and as non-admin (clouds.yaml cloud netxray-lab-demo): admin-only fields reported missing', async (ctx) => {
    skipIfFaulted(ctx);
    const admin = connect({ env: lab.env });
    const vm1 = await collectCloudForTrace(admin.api, 'vm1');
    admin.http.close();
    const demoEnv = { OS_CLIENT_CONFIG_FILE: lab.env.OS_CLIENT_CONFIG_FILE, HOME: '/nonexistent' };
    const { api, http } = connect({ env: demoEnv, cloud: 'netxray-lab-demo', cwd: '/nonexistent', home: '/nonexistent' });
    try {
      const c = await collectCloudForTrace(api, vm1.instanceIds[0]);
      expect(c.admin).toBe(false);
      expect(c.api.servers[0].name).toBe('vm1');
      expect(c.api.servers[0]['OS-EXT-SRV-ATTR:host']).toBeUndefined();
      const codes = c.problems.map((p) => `${p.source}:${p.code}`);
      expect(codes).toContain('nova:admin-fields-missing');
      expect(codes).toContain('neutron:admin-fields-missing');
      expect(codes).toContain('neutron:forbidden'); // agents are admin-only
      expect(c.problems.find((p) => p.source === 'nova')?.message).toContain('OS-EXT-SRV-ATTR:host');
    } finally {
      http.close();
    }
  });

  it('unknown instance → not-found; unknown user → auth error without the password', async (ctx) => {
    skipIfFaulted(ctx);
    const { api, http } = connect({ env: lab.env });
    await expect(collectCloudForTrace(api, 'no-such-vm.*')).rejects.toThrow(/no instance or port named or with id "no-such-vm\.\*"/);
    http.close();
    const bad = connect({ env: { ...lab.env, OS_USERNAME: 'netxray-no-such-user', OS_PASSWORD: 'Wrong-Secret-42' } });
    const err = await collectCloudForTrace(bad.api, 'vm1').catch((e: unknown) => e);
    bad.http.close();
    expect(err).toBeInstanceOf(NetxrayError);
    expect((err as NetxrayError).code).toBe('auth');
    expect((err as Error).message).toMatch(/refused the credentials.*401/);
    expect((err as Error).message).not.toContain('Wrong-Secret-42');
  });

  it('scan: all instances with a fixed number of list calls', async (ctx) => {
    skipIfFaulted(ctx);
    const { api, http } = connect({ env: lab.env });
    try {
      const c = await collectCloudForScan(api);
      expect(c.api.servers.map((s) => s.name)).toEqual(expect.arrayContaining(['vm1', 'vm2', 'vm3', 'vm4']));
      expect(http.requests).toBe(9); // token + 8 lists (single pages in the sample topology)
    } finally {
      http.close();
    }
  });
});

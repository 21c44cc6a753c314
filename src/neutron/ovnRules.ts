// ML2/OVN conventions: how neutron's OVN mechanism driver names NB rows, which columns say what, and what OVN itself
// writes on each chassis. Each rule cites its source (neutron 21.0.0 / OVN 23.03; /work/shared/notes/neutron-ovn.md).

/** neutron/common/ovn/utils.py ovn_name(): Logical_Switch and Logical_Router names are `neutron-<id>`. */
export const ovnName = (id: string) => `neutron-${id}`;
/** utils.py ovn_lrouter_port_name(): the Logical_Router_Port of a Neutron router port. */
export const lrpName = (portId: string) => `lrp-${portId}`;
/** utils.py ovn_cr_lrouter_port_name(): the chassis-redirect port northd makes for a gateway LRP; its SB Port_Binding says which chassis holds the gateway. */
export const crLrpName = (portId: string) => `cr-lrp-${portId}`;
/** utils.py ovn_provnet_port_name(): the localnet LSP of a provider segment. */
export const PROVNET_PREFIX = 'provnet-';
/** utils.py ovn_port_group_name(): a security group's Port_Group (`-` → `_`, OVSDB names must be identifiers). */
export const portGroupName = (securityGroupId: string) => `pg_${securityGroupId.replace(/-/g, '_')}`;
/** constants.py OVN_DROP_PORT_GROUP_NAME: the port group whose ACLs drop what no security group allows. */
export const DROP_PORT_GROUP = 'neutron_pg_drop';
/** utils.py ovn_metadata_name(): the metadata namespace (and localport device_id) of a network on every chassis. */
export const metadataNamespace = (networkId: string) => `ovnmeta-${networkId}`;

/** Logical_Switch_Port `type` values neutron writes (constants.py LSP_TYPE_*); "" is a VIF. */
export const LSP_TYPE = { vif: '', localnet: 'localnet', localport: 'localport', router: 'router' } as const;

/** external_ids keys neutron writes on NB rows (neutron/common/ovn/constants.py OVN_*_EXT_ID_KEY). */
export const EXT_ID = {
  revision: 'neutron:revision_number',
  deviceId: 'neutron:device_id',
  networkName: 'neutron:network_name',
  fipId: 'neutron:fip_id',
  /** LS `external_ids:neutron:mtu` (OVN_NETWORK_MTU_EXT_ID_KEY) */
  mtu: 'neutron:mtu',
} as const;

/** LSP `options:requested-chassis` (constants.py LSP_OPTIONS_REQUESTED_CHASSIS_KEY): the chassis hostname neutron binds the port to; ovn-controller claims the port only there. */
export const REQUESTED_CHASSIS = 'requested-chassis';
/** LSP localnet `options:network_name`: the physnet looked up in each chassis's ovn-bridge-mappings (ovn-nb(5)). */
export const LOCALNET_NETWORK_NAME = 'network_name';

/**
 * OVS Open_vSwitch external_ids ovn-controller reads (ovn-controller(8)). `ovn-encap-ip` is the address the other
 * chassis send their tunnels to (a comma-separated list is allowed): ovn-controller copies it into the chassis's SB Encap
 * rows, and it must be an address of this host, else every Geneve packet sent to the chassis is lost.
 */
export const CHASSIS_OVS_KEY = { systemId: 'system-id', remote: 'ovn-remote', encapIp: 'ovn-encap-ip', encapType: 'ovn-encap-type', bridgeMappings: 'ovn-bridge-mappings', integrationBridge: 'ovn-bridge' } as const;
/** ovn-controller(8): br-int is the default integration bridge. */
export const DEFAULT_OVN_INTEGRATION_BRIDGE = 'br-int';
/** OVS Interface external_ids: `iface-id` = the LSP name (the Neutron port id, written by os-vif), `ovn-installed` = "true" once ovn-controller installed the port's flows (OVN 20.09+, controller/binding.c). */
export const IFACE_ID = 'iface-id';
export const OVN_INSTALLED = 'ovn-installed';

/**
 * ovn-controller names a tunnel port `ovn-<first 6 characters of the peer chassis name>-<n>` (controller/encaps.c
 * tunnel_create_name) with options:remote_ip = the peer's Encap ip; the port's external_ids:ovn-chassis-id names the peer.
 */
export const TUNNEL_CHASSIS_ID = 'ovn-chassis-id';
export const tunnelPortPrefix = (chassisName: string) => `ovn-${chassisName.slice(0, 6)}-`;

/** Patch ports ovn-controller makes for a localnet port (controller/patch.c patch_port_name): br-int side, then the provider bridge side. */
export const localnetPatchNames = (integrationBridge: string, providerBridge: string, localnetPort: string) => ({
  fromIntegration: `patch-${integrationBridge}-to-${localnetPort}`,
  fromProvider: `patch-${localnetPort}-to-${integrationBridge}`,
});

/**
 * Geneve's overhead on an IPv4 underlay with OVN's option (neutron conf/plugins/ml2/drivers/driver_type.py
 * ml2_type_geneve max_header_size, "OVN requires at least 38"); with the outer IPv4 header neutron's type_geneve.py gives a
 * network on a 1500-byte underlay MTU 1500 - 38 - 20 = 1442.
 */
export const GENEVE_OVERHEAD = 38;
export const IPV4_HEADER = 20;

/** `ovn-encap-ip=127.0.1.1,10.0.0.5` → ['127.0.1.1', '10.0.0.5'] (ovn-controller(8): a comma-separated list is allowed). */
export const parseEncapIps = (text: string | undefined): string[] => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/**
 * The OVN metadata agent's liveness ack: on every change of SB_Global it copies SB_Global.nb_cfg into its chassis's
 * Chassis_Private external_ids under this key (neutron/agent/ovn/metadata/agent.py SbGlobalUpdateEvent,
 * constants.py OVN_AGENT_METADATA_SB_CFG_KEY); `neutron:ovn-metadata-id` (OVN_AGENT_METADATA_ID_KEY) says an agent
 * registered on the chassis. neutron-server bumps NB_Global.nb_cfg for a liveness round at most every
 * agent_down_time/2, when its agents are listed (mech_driver.py ping_all_chassis).
 */
export const METADATA_AGENT_KEY = { ack: 'neutron:ovn-metadata-sb-cfg', id: 'neutron:ovn-metadata-id' } as const;
/**
 * How many liveness rounds the metadata agent's ack may be behind and still be at work: one. neutron 21 acks each
 * SB_Global change at once, later releases after a random delay of up to agent_down_time/2 (the round interval), and
 * Neutron calls the agent alive while NB_Global.nb_cfg - ack <= 1 (plugins/ml2/drivers/ovn/agent/neutron_agent.py
 * NeutronAgent.alive). Two rounds behind: it missed a whole round.
 */
export const METADATA_ACK_ROUNDS_IN_PROGRESS = 1;

/**
 * os-vif plugs a VIF with the Neutron network's MTU (vif_plug_ovs/ovs.py _get_mtu → ovsdb_lib.py update_device_mtu:
 * `ip link set <dev> mtu`, or Interface mtu_request for vhost-user), so the VM's device and the network agree.
 */
export function vifMtuProblem(vifMtu: number | null, networkMtu: number | null): 'larger' | 'smaller' | null {
  if (vifMtu === null || networkMtu === null || vifMtu === networkMtu) return null;
  return vifMtu > networkMtu ? 'larger' : 'smaller';
}

/** Chassis `other_config` (OVN 22.09+; older: external_ids) keys neutron reads (neutron/common/ovn/utils.py get_ovn_cms_options, get_ovn_bridge_mappings). */
export const CHASSIS_KEY = { bridgeMappings: 'ovn-bridge-mappings', cmsOptions: 'ovn-cms-options', gatewayOption: 'enable-chassis-as-gw' } as const;

/** `physnet1:br-ex,physnet2:br-vlan` → { physnet1: 'br-ex', … } (ovn-controller(8) ovn-bridge-mappings). */
export function parseBridgeMappings(text: string | undefined): Record<string, string> {
  const out = Object.create(null) as Record<string, string>; // looked up by physnet names from the API (constructor, __proto__)
  for (const pair of (text ?? '').split(',')) {
    const [physnet, bridge] = pair.split(':').map((s) => s.trim());
    if (physnet && bridge) out[physnet] = bridge;
  }
  return out;
}

/** NB NAT `type` of a floating IP (neutron/common/ovn/utils.py / ovn_client.py _create_or_update_floatingip): dnat_and_snat; a router's SNAT: snat. */
export const NAT_TYPE = { floatingIp: 'dnat_and_snat', snat: 'snat' } as const;

/** ACL external_ids key neutron writes with the security-group rule an ACL implements (constants.py OVN_SG_RULE_EXT_ID_KEY). */
export const SG_RULE_EXT_ID = 'neutron:security_group_rule_id';
/**
 * northd turns an ACL of priority p into a logical flow of priority p + 1000 in the ACL stage (northd/northd.c
 * OVN_ACL_PRI_OFFSET), matching `reg0[...] && (<the ACL's match>)`: how an ovn-trace hop is tied back to its NB ACL.
 */
export const ACL_PRIORITY_OFFSET = 1000;
/** neutron/common/ovn/constants.py: ACL_PRIORITY_ALLOW (a security-group rule's ACL) and ACL_PRIORITY_DROP (neutron_pg_drop's). */
export const ACL_PRIORITY_ALLOW = 1002;
export const ACL_PRIORITY_DROP = 1001;
/** The logical stages that evaluate ACLs (OVN 23.03 northd.c: ls_in_acl / ls_out_acl; 23.09+: *_acl_eval). */
export const isAclStage = (stage: string) => /^ls_(in|out)_acl(_eval)?$/.test(stage);
/**
 * ovn-trace treats every ct_next as tracked and established unless told (ovn-trace(8), --ct): established traffic passes
 * the ACL stage without an ACL lookup, so a walk asks for `new` to make the ACLs decide.
 */
export const CT_NEW = 'new';
/** ACL actions that let a packet through (ovn-nb(5) ACL action). */
export const ACL_ALLOWS = ['allow', 'allow-related', 'allow-stateless'] as const;

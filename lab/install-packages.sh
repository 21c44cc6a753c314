#!/bin/bash
# lab/install-packages.sh - install the Debian 12 (bookworm, OpenStack Zed) packages the
# netxray lab runs from. Idempotent; safe to run when everything is already installed.
#
# No systemd here: package maintainer scripts would try to start the *system* MariaDB,
# RabbitMQ, Open vSwitch and sshd through invoke-rc.d. A policy-rc.d that answers 101
# ("action forbidden") stops that; the lab starts its own private copies instead.
# (Recipe: /work/shared/oslab/README.md, pitfall 2.)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8
PKGS=(
  mariadb-server rabbitmq-server openvswitch-switch openssh-server
  python3-keystone python3-glance python3-placement python3-nova python3-neutron
  python3-openstackclient uwsgi-core uwsgi-plugin-python3
  dnsmasq-base socat iproute2 iptables conntrack curl sudo procps
  sosreport xz-utils
)
# the ML2/OVN lab (LAB_BACKEND=ovn): OVN central (NB/SB ovsdb-server, ovn-northd), ovn-controller, and the
# haproxy the OVN metadata agent runs in each ovnmeta-<network> namespace
if [ "${LAB_BACKEND:-ovs}" = ovn ]; then PKGS+=(ovn-central ovn-host haproxy); fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then echo "install-packages: all ${#PKGS[@]} packages present"; exit 0; fi
echo "install-packages: installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d; ours=0
if [ ! -e $policy ]; then printf '#!/bin/sh\n# netxray lab: no daemons from maintainer scripts\nexit 101\n' > $policy; chmod 755 $policy; ours=1; fi
trap '[ $ours = 1 ] && rm -f $policy' EXIT
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${PKGS[@]}"

# lab/lib/control-plane.sh - the lab's control services in the root namespace on 127.0.0.1 (MariaDB,
# RabbitMQ, Keystone, Glance, Placement, Nova api/conductor/scheduler, neutron-server), as functions.
# Sourced after lib/common.sh and lib/config.sh by lab/up.sh (ML2/OVS) and lab/lib/ovn/up.sh (ML2/OVN).

fetch_api_paste() {  # sets X: api-paste.ini files ship only in *-common packages (oslab pitfall 1); cached
  if [ ! -f "$L/cache/x/usr/share/nova-common/api-paste.ini" ]; then
    ( cd "$L/cache" && chmod 777 . && rm -f ./*.deb && apt-get -o DPkg::Lock::Timeout=600 download -q neutron-common nova-common glance-common >/dev/null \
      && for f in ./*.deb; do dpkg-deb -x "$f" x; done ) || die "could not fetch the *-common packages for api-paste.ini"
  fi
  X=$L/cache/x/usr/share
}

start_mariadb_rabbitmq() {  # also creates the databases; sets SQL
  mariadb-install-db --no-defaults --user=root --datadir="$L/data/mysql" --auth-root-authentication-method=normal \
    --skip-test-db > "$L/log/mariadb-install.log" 2>&1 || fail_log "$L/log/mariadb-install.log" "mariadb-install-db failed"
  daemon mariadb /usr/sbin/mariadbd --no-defaults --user=root --datadir="$L/data/mysql" --socket="$L/run/mysql.sock" \
    --pid-file="$L/run/mysql.pid" --bind-address=$H --port=$PORT_MYSQL --skip-name-resolve --skip-log-bin \
    --max-connections=1000 --innodb-buffer-pool-size=128M --innodb-flush-log-at-trx-commit=2 \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci --log-error="$L/log/mariadb-error.log"
  write_rabbit_conf
  # epmd first and pinned to loopback, else RabbitMQ spawns one on all interfaces (oslab pitfall 14)
  daemon epmd env $(RABBIT_ENV) /usr/bin/epmd -address $H -port $PORT_EPMD
  wait_port $PORT_EPMD 20 || fail_log "$L/log/epmd.log" "epmd did not start"
  daemon rabbitmq env $(RABBIT_ENV) /usr/lib/rabbitmq/bin/rabbitmq-server
  wait_port $PORT_MYSQL 60 || fail_log "$L/log/mariadb-error.log" "mariadb did not start"
  SQL="mariadb --socket=$L/run/mysql.sock -uroot"
  $SQL -e "CREATE USER '$DB_USER'@'$H' IDENTIFIED BY '$DB_PASSWORD'; GRANT ALL ON *.* TO '$DB_USER'@'$H';
    CREATE DATABASE keystone; CREATE DATABASE glance; CREATE DATABASE placement; CREATE DATABASE neutron;
    CREATE DATABASE nova_api; CREATE DATABASE nova; CREATE DATABASE nova_cell0;"
}

write_control_conf() {  # keystone, placement, glance, nova api/conductor/scheduler + the api-paste files
  write_keystone_conf     # (neutron's and nova-compute's files are each lab's own)
  cp "$X/neutron-common/api-paste.ini" "$L/etc/neutron/api-paste.ini"
  write_placement_conf
  write_glance_conf
  cp "$X/glance-common/glance-api-paste.ini" "$L/etc/glance/glance-api-paste.ini"
  cp "$X/nova-common/api-paste.ini" "$L/etc/nova/api-paste.ini"
  write_nova_conf $NODE1 "$L/etc/nova/nova.conf" yes          # api, conductor, scheduler, nova-manage
}

sync_schemas() {  # every service's schema, in parallel; sets KSM NOVAM; then waits for RabbitMQ
  KSM="$PY /usr/bin/keystone-manage --config-file $L/etc/keystone/keystone.conf"
  NOVAM="$PY $L/bin/nova-manage --config-file $L/etc/nova/nova.conf"
  local -A sync; local s
  ( $KSM db_sync && $KSM fernet_setup --keystone-user root --keystone-group root \
    && $KSM credential_setup --keystone-user root --keystone-group root \
    && $KSM bootstrap --bootstrap-password "$ADMIN_PASSWORD" --bootstrap-region-id RegionOne \
       --bootstrap-admin-url http://$H:$PORT_KEYSTONE/v3/ --bootstrap-internal-url http://$H:$PORT_KEYSTONE/v3/ \
       --bootstrap-public-url http://$H:$PORT_KEYSTONE/v3/ ) > "$L/log/dbsync-keystone.log" 2>&1 & sync[keystone]=$!
  $PY "$L/bin/neutron-db-manage" --config-file "$L/etc/neutron/neutron.conf" --config-file "$L/etc/neutron/ml2_conf.ini" \
    upgrade heads > "$L/log/dbsync-neutron.log" 2>&1 & sync[neutron]=$!
  $PY "$L/bin/placement-manage" --config-file "$L/etc/placement/placement.conf" db sync > "$L/log/dbsync-placement.log" 2>&1 & sync[placement]=$!
  $PY "$L/bin/glance-manage" --config-file "$L/etc/glance/glance-api.conf" db_sync > "$L/log/dbsync-glance.log" 2>&1 & sync[glance]=$!
  ( $NOVAM api_db sync && $NOVAM cell_v2 map_cell0 --database_connection "$DBURL/nova_cell0" \
    && $NOVAM cell_v2 create_cell --name=cell1 && $NOVAM db sync ) > "$L/log/dbsync-nova.log" 2>&1 & sync[nova]=$!
  for s in "${!sync[@]}"; do wait "${sync[$s]}" || fail_log "$L/log/dbsync-$s.log" "schema sync of $s failed"; done
  wait_port $PORT_RABBIT 90 || fail_log "$L/log/rabbitmq.log" "rabbitmq did not start"
}

start_keystone_catalog() {  # keystone, admin-openrc/demo-openrc (sourced here), services + endpoints; sets UWSGI
  # uwsgi with --http11-socket: --http-socket resets the CLI's keep-alive connections (oslab pitfall 3)
  UWSGI=(/usr/bin/uwsgi --plugin python3 --master --die-on-term --enable-threads --lazy-apps --buffer-size 65535)
  daemon keystone "${UWSGI[@]}" --http11-socket $H:$PORT_KEYSTONE --wsgi-file /usr/bin/keystone-wsgi-public \
    --processes 1 --threads 8 --env OS_KEYSTONE_CONFIG_FILES="$L/etc/keystone/keystone.conf"
  cat > "$L/admin-openrc" <<EOT
# netxray lab (OpenStack Zed) - admin credentials. Source me.
export OS_AUTH_URL=http://$H:$PORT_KEYSTONE/v3
export OS_IDENTITY_API_VERSION=3
export OS_USERNAME=admin
export OS_PASSWORD=$ADMIN_PASSWORD
export OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=RegionOne
export OS_INTERFACE=public
EOT
  sed -e 's/OS_USERNAME=admin/OS_USERNAME=demo/' -e "s/OS_PASSWORD=.*/OS_PASSWORD=demo-pass/" \
      -e 's/OS_PROJECT_NAME=admin/OS_PROJECT_NAME=demo/' -e 's/- admin/- demo/' "$L/admin-openrc" > "$L/demo-openrc"
  . "$L/admin-openrc"
  wait_http http://$H:$PORT_KEYSTONE/v3 60 || fail_log "$L/log/keystone.log" "keystone did not start"
  NXLAB_PORT_NOVA=$PORT_NOVA NXLAB_PORT_NEUTRON=$PORT_NEUTRON NXLAB_PORT_GLANCE=$PORT_GLANCE NXLAB_PORT_PLACEMENT=$PORT_PLACEMENT \
    $PY "$NXLAB_HOME/py/catalog.py" > "$L/log/catalog.log" 2>&1 || fail_log "$L/log/catalog.log" "keystone catalog setup failed"
}

start_api_services() {  # start_api_services ML2_CONF: neutron-server, placement, glance, nova api/conductor/scheduler
  daemon neutron-server $PY "$L/bin/neutron-server" --config-file "$L/etc/neutron/neutron.conf" --config-file "$1" \
    --log-file "$L/log/neutron-server-app.log"
  daemon placement "${UWSGI[@]}" --http11-socket $H:$PORT_PLACEMENT --wsgi-file /usr/bin/placement-api \
    --processes 1 --threads 4 --env OS_PLACEMENT_CONFIG_DIR="$L/etc/placement"
  daemon glance-api $PY "$L/bin/glance-api" --config-file "$L/etc/glance/glance-api.conf"
  local s
  for s in api conductor scheduler; do
    daemon nova-$s $PY "$L/bin/nova-$s" --config-file "$L/etc/nova/nova.conf" --log-file "$L/log/nova-$s-app.log"
  done
  wait_http http://$H:$PORT_NEUTRON/ 120 || fail_log "$L/log/neutron-server-app.log" "neutron-server did not start"
}

start_control_plane() {  # start_control_plane ML2_CONF: schemas, keystone + catalog, API services, one phase each
  phase "database schemas (parallel)"
  sync_schemas
  phase "keystone + catalog"
  start_keystone_catalog
  phase "api services"
  start_api_services "$1"
}

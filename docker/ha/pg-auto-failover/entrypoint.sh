#!/usr/bin/env bash
# Runs one member of a pg_auto_failover formation (docker-compose.ha.yml), as the postgres user:
#   PG_AUTOCTL_ROLE=monitor  the monitor, which watches the nodes and decides failovers;
#   PG_AUTOCTL_ROLE=node     a data node; the first to register becomes primary, the next its
#                            synchronous standby (pg_auto_failover's default with a healthy standby).
# On an empty volume it runs `pg_autoctl create monitor|postgres`, then, on every start,
# `pg_autoctl run`. pg_autoctl's own pg_hba editing is off (--skip-pg-hba): its rules name hosts,
# which Docker's reverse DNS does not match, so this script writes the rules for the compose network
# (PG_HBA_NETWORK): pg_autoctl's users (monitor, replication) by trust, on that network only;
# every other user with a password (scram-sha-256).
# Environment: PG_AUTOCTL_ROLE, PG_AUTOCTL_HOSTNAME (how the others reach this container),
# PG_HBA_NETWORK (CIDR); nodes also PG_AUTOCTL_NAME and PG_AUTOCTL_MONITOR (the monitor's URI), and
# run /docker-entrypoint-initdb.d/*.sh once, against the node while it is primary (the databases
# then reach the standby by replication).
set -euo pipefail

role="${PG_AUTOCTL_ROLE:?set PG_AUTOCTL_ROLE to monitor or node}"
hostname="${PG_AUTOCTL_HOSTNAME:?set PG_AUTOCTL_HOSTNAME}"
network="${PG_HBA_NETWORK:?set PG_HBA_NETWORK to the compose network (CIDR)}"
initialised="$PGDATA/../orderly-initialised"
log() { echo "pg-auto-failover-entrypoint ($role $hostname): $*"; }

# Left by a killed container: pg_autoctl would take its pid files for a running instance.
rm -rf "$XDG_RUNTIME_DIR"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"

write_hba() {
  {
    echo "local all all trust"
    echo "host all all 127.0.0.1/32 trust"
    if [[ $role == monitor ]]; then
      echo "host pg_auto_failover autoctl_node $network trust"
    else
      echo "host all pgautofailover_monitor $network trust"
      echo "host replication pgautofailover_replicator $network trust"
      echo "host all pgautofailover_replicator $network trust"
    fi
    echo "host all all $network scram-sha-256"
  } >"$PGDATA/pg_hba.conf"
}

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  rm -rf "$PGDATA"
  if [[ $role == monitor ]]; then
    log "creating the monitor"
    pg_autoctl create monitor --pgdata "$PGDATA" --pgport 5432 --hostname "$hostname" \
      --no-ssl --skip-pg-hba
  else
    monitor="${PG_AUTOCTL_MONITOR:?set PG_AUTOCTL_MONITOR}"
    until psql "$monitor" -Atqc 'select 1' >/dev/null 2>&1; do
      log "waiting for the monitor"
      sleep 1
    done
    log "creating data node ${PG_AUTOCTL_NAME:?set PG_AUTOCTL_NAME}"
    pg_autoctl create postgres --pgdata "$PGDATA" --pgport 5432 --listen '*' \
      --hostname "$hostname" --name "$PG_AUTOCTL_NAME" --monitor "$monitor" \
      --no-ssl --skip-pg-hba
    # A failover starts 2 s after the monitor is unreachable from a primary that also lost its
    # standby, instead of 20 s (STACK-NOTES: 4.8-6.0 s failovers with the monitor settings below).
    pg_autoctl config set --pgdata "$PGDATA" timeout.network_partition_timeout 2
  fi
  write_hba
  pg_ctl -D "$PGDATA" reload >/dev/null 2>&1 || true
fi

pg_autoctl run --pgdata "$PGDATA" &
autoctl=$!
trap 'kill -TERM "$autoctl" 2>/dev/null || true' TERM INT

if [[ $role == monitor ]]; then
  until psql -h 127.0.0.1 -d pg_auto_failover -Atqc 'select 1' >/dev/null 2>&1; do sleep 0.5; done
  # Failover within seconds instead of about 50 s (STACK-NOTES, "PostgreSQL active-standby").
  psql -v ON_ERROR_STOP=1 -h 127.0.0.1 -d pg_auto_failover -q <<'SQL'
ALTER SYSTEM SET pgautofailover.health_check_period = 1000;
ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000;
ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1;
ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500;
ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 2000;
ALTER SYSTEM SET pgautofailover.primary_demote_timeout = 3000;
SELECT pg_reload_conf();
SQL
  touch "$initialised"
  log "monitor tuned and running"
elif [[ ! -e "$initialised" ]]; then
  # First start: wait until this node is primary (the first node) or a streaming standby.
  while :; do
    state="$(psql -h 127.0.0.1 -d postgres -Atqc 'select pg_is_in_recovery()' 2>/dev/null || true)"
    if [[ $state == f ]]; then
      for script in /docker-entrypoint-initdb.d/*.sh; do
        [[ -e $script ]] || continue
        log "running $script on the primary"
        PGHOST=127.0.0.1 POSTGRES_USER=postgres bash "$script"
      done
      # A standby's first pg_basebackup waits for a checkpoint, spread over minutes by default.
      psql -h 127.0.0.1 -d postgres -Atqc 'CHECKPOINT' >/dev/null
      break
    elif [[ $state == t ]]; then
      break
    fi
    sleep 1
  done
  touch "$initialised"
fi

status=0
wait "$autoctl" || status=$?
# A TERM interrupts the first wait: wait again for pg_autoctl's own shutdown.
if kill -0 "$autoctl" 2>/dev/null; then wait "$autoctl" || status=$?; fi
exit "$status"

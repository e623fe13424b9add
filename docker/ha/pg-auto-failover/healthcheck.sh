#!/usr/bin/env bash
# Healthy when PostgreSQL answers and, for a data node, is a primary (writable) or a standby that
# streams from one; the monitor when its pg_auto_failover database answers. A node also waits for
# the entrypoint's first-start work (databases created on the primary, its checkpoint).
set -euo pipefail
[[ -e "$PGDATA/../orderly-initialised" ]] || exit 1
if [[ ${PG_AUTOCTL_ROLE:-} == monitor ]]; then
  exec psql -h 127.0.0.1 -d pg_auto_failover -Atqc 'select 1' >/dev/null
fi
state="$(psql -h 127.0.0.1 -d postgres -Atqc \
  "select case when not pg_is_in_recovery() then 'primary'
               when exists (select from pg_stat_wal_receiver where status = 'streaming') then 'secondary'
          end")"
[[ $state == primary || $state == secondary ]]

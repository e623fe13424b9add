#!/bin/bash
# Entry point of the local PostgreSQL stand-in image (see the Dockerfile beside it).
set -euo pipefail

user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  # Without a password the server trusts every connection (a local demo or test image only).
  auth=trust pwfile=()
  if [[ -n "${POSTGRES_PASSWORD:-}" ]]; then
    auth=scram-sha-256
    pwfile=("--pwfile=$(mktemp)")
    printf '%s' "$POSTGRES_PASSWORD" > "${pwfile[0]#--pwfile=}"
  fi
  initdb --username="$user" "${pwfile[@]}" --auth-local=trust --auth-host="$auth" >/dev/null
  ((${#pwfile[@]})) && rm -f "${pwfile[0]#--pwfile=}"
  echo "host all all all $auth" >> "$PGDATA/pg_hba.conf"
  # A socket-only temporary server for the init scripts, as the upstream image does.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w start
  if [[ "$db" != postgres ]]; then
    psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d postgres -c "CREATE DATABASE \"$db\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; PGHOST=/var/run/postgresql PGUSER="$user" bash "$f" ;;
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d "$db" -f "$f" ;;
      *) ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
fi

if [[ "${1:-postgres}" == postgres ]]; then
  shift || true
  exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql "$@"
fi
exec "$@"

#!/usr/bin/env bash
# One database and one owning role per Orderly service: orders, inventory, payments.
#
# The postgres image runs the files of /docker-entrypoint-initdb.d once, when it starts on an
# empty data directory: docker-compose.yml mounts this file there, and k8s/ mounts a copy of it
# (k8s/base/postgres/init-databases.sh, kept identical by .ci/validate-deploy) from a ConfigMap.
# Passwords come from the environment; the defaults are for a local demo only.
set -euo pipefail

create_service_database() {
  local name=$1 password=$2
  # psql variables (:'name', :'password') quote the values, so a password may hold any character.
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
       --set=name="$name" --set=password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'name', :'password')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
-- No service reads another's tables: only the owner may connect.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SQL
  echo "init-databases: database '$name' owned by role '$name'"
}

create_service_database orders    "${ORDERS_DB_PASSWORD:-orders}"
create_service_database inventory "${INVENTORY_DB_PASSWORD:-inventory}"
create_service_database payments  "${PAYMENTS_DB_PASSWORD:-payments}"

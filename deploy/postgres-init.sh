#!/bin/sh
# Runs once, when the compose stack's PostgreSQL volume is new (docker-entrypoint-initdb.d, sourced
# by the image's entrypoint), as the POSTGRES_USER (ksi), which nothing else uses afterwards.
# One database per KSI service (each service owns its data and its outbox, docs/storage.md), with two
# roles (least privilege, docs/storage.md):
#   <svc>_owner    owns the database and runs the migrations (KSI_POSTGRES_MIGRATION_URL);
#   <svc>_service  the role the service runs as (KSI_POSTGRES_URL): after each migration `ksi serve`
#                  grants it SELECT, INSERT, UPDATE on rows only, audit_log and access_log append-only.
set -eu
for database in needs partnerships allocation referral; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v database="$database" -v owner="${database}_owner" -v service="${database}_service" \
    -v owner_password="$KSI_POSTGRES_OWNER_PASSWORD" -v service_password="$KSI_POSTGRES_SERVICE_PASSWORD" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'owner_password';
CREATE ROLE :"service" LOGIN PASSWORD :'service_password';
CREATE DATABASE :"database" OWNER :"owner";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"database" TO :"service";
SQL
done

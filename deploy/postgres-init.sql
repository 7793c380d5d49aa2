-- Runs once, when the compose stack's PostgreSQL volume is new (docker-entrypoint-initdb.d), as the
-- POSTGRES_USER (ksi). One database per KSI service: each service owns its data and its outbox
-- (docs/storage.md); the services create their tables themselves (migrations on start).
CREATE DATABASE needs;
CREATE DATABASE partnerships;
CREATE DATABASE allocation;
CREATE DATABASE referral;

-- Run before the DDL files: the bookkeeping table, and a lock held until the migration commits.
CREATE TABLE IF NOT EXISTS schema_version (
    file       TEXT PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
SELECT pg_advisory_xact_lock(4242424201);

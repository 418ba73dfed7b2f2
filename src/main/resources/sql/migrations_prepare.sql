-- Run before the DDL files: a lock held until the migration commits (taken first, so that two processes starting
-- on a new database do not race to create the bookkeeping table), then the bookkeeping table.
SELECT pg_advisory_xact_lock(4242424201);
CREATE TABLE IF NOT EXISTS schema_version (
    file       TEXT PRIMARY KEY,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Forgets everything above block :to (deltas, the chunk ledger, block hashes, quarantined logs) and moves
-- the cursor and fetched_block back to it, so the sync fetches again from :to + 1.
WITH removed AS (
    DELETE FROM deltas WHERE block_number > :to RETURNING address
), affected AS (
    INSERT INTO reset_affected (address) SELECT DISTINCT address FROM removed RETURNING 1
), chunks_cleared AS (
    DELETE FROM chunks WHERE to_block > :to RETURNING 1
), blocks_cleared AS (
    DELETE FROM blocks WHERE number > :to RETURNING 1
), quarantine_cleared AS (
    DELETE FROM quarantine WHERE block_number > :to RETURNING 1
), moved AS (
    UPDATE sync_state SET last_block = :to, fetched_block = :to, updated_at = now() WHERE id = 1 RETURNING 1
)
SELECT (SELECT count(*) FROM removed) AS deltas,
       (SELECT count(*) FROM affected) AS addresses,
       (SELECT count(*) FROM chunks_cleared) AS chunks,
       (SELECT count(*) FROM blocks_cleared) AS blocks,
       (SELECT count(*) FROM quarantine_cleared) AS quarantined,
       (SELECT count(*) FROM moved) AS cursors

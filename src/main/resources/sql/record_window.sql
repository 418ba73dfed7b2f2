-- Records a fetched window: moves fetched_block to its end, adds one ledger row per chunk and keeps the hash of
-- the window's last block when the source read it (for reorg checks), in one statement. The cursor guard makes
-- a window fetched from a stale position record nothing.
WITH advanced AS (
    UPDATE sync_state
       SET fetched_block = :#to_block, updated_at = now()
     WHERE id = 1 AND fetched_block = :#from_block - 1
    RETURNING id
), last_hash AS (
    INSERT INTO blocks (number, hash)
    SELECT :#to_block, decode(CAST(:#to_hash AS TEXT), 'hex')
      FROM advanced
     WHERE CAST(:#to_hash AS TEXT) IS NOT NULL
    ON CONFLICT (number) DO UPDATE SET hash = EXCLUDED.hash
)
INSERT INTO chunks (from_block, to_block, log_count, enqueued_at)
SELECT c.f, c.t, c.n, now()
  FROM advanced, jsonb_to_recordset(CAST(:#chunks AS jsonb)) AS c(s INTEGER, f BIGINT, t BIGINT, n INTEGER)
 ORDER BY c.s
RETURNING id, from_block, to_block

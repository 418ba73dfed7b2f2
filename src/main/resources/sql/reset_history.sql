-- Starts the history just before the start block, and starts it again when the cursor went back below it
-- (a reset, or a rollback of blocks): the replayed balances hold deltas that may be gone.
WITH state AS (
    SELECT s.start_block, s.last_block AS cursor, h.last_block AS history_block
      FROM sync_state s LEFT JOIN history_cursor h ON h.id = 1
     WHERE s.id = 1
), stale AS (
    SELECT start_block FROM state WHERE history_block IS NULL OR history_block > cursor
), cleared_rows AS (
    DELETE FROM supply_history WHERE EXISTS (SELECT 1 FROM stale)
), cleared_balances AS (
    DELETE FROM history_balances WHERE EXISTS (SELECT 1 FROM stale)
)
INSERT INTO history_cursor (id, last_block)
SELECT 1, start_block - 1 FROM stale
ON CONFLICT (id) DO UPDATE SET last_block = EXCLUDED.last_block

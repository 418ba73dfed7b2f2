-- The figures of /api/stats in one round trip. Holders and supply read the balances as applied (which may run
-- a little past the cursor); the transfer count adds what the history has counted to the few deltas above it,
-- so that no request counts the whole deltas table.
SELECT s.last_block AS cursor,
       s.tip_block AS tip,
       s.start_block,
       s.updated_at AS last_sync,
       (SELECT count(*) FROM balances
         WHERE balance > 0 AND address <> decode(repeat('0', 40), 'hex')) AS holders,
       COALESCE((SELECT -balance FROM balances WHERE address = decode(repeat('0', 40), 'hex')), 0) AS total_supply,
       (SELECT count(*) FROM quarantine) AS quarantined,
       COALESCE((SELECT transfers FROM supply_history ORDER BY bucket DESC LIMIT 1), 0)
       + (SELECT count(*) FROM deltas d
           WHERE d.side = 1
             AND d.block_number > COALESCE((SELECT last_block FROM history_cursor WHERE id = 1), -1)) AS transfers
  FROM sync_state s
 WHERE s.id = 1

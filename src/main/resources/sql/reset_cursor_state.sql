-- The cursor row, locked until the reset commits: a running sync cannot record a window meanwhile.
SELECT last_block, fetched_block, start_block FROM sync_state WHERE id = 1 FOR UPDATE

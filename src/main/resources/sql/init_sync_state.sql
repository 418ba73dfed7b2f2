-- Creates the cursor just before the start block on a new database; on a database from before the chain was
-- recorded, adopts the configured chain. The caller then checks what the database tracks.
INSERT INTO sync_state (id, last_block, fetched_block, token, start_block, chain_id)
VALUES (1, :start_block - 1, :start_block - 1, decode(:token, 'hex'), :start_block, :chain_id)
ON CONFLICT (id) DO UPDATE SET chain_id = COALESCE(sync_state.chain_id, EXCLUDED.chain_id);

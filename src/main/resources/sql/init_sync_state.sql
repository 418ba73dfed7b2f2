-- Creates the cursor just before the start block on a new database, then reports what the database tracks.
INSERT INTO sync_state (id, last_block, fetched_block, token, start_block)
VALUES (1, :start_block - 1, :start_block - 1, decode(:token, 'hex'), :start_block)
ON CONFLICT (id) DO NOTHING;

SELECT last_block, fetched_block, encode(token, 'hex') AS token, start_block, chain_id, tip_block, updated_at,
       CAST(deployment AS TEXT) AS deployment
  FROM sync_state
 WHERE id = 1

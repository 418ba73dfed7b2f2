-- What `status` reports from the database.
SELECT s.last_block, s.fetched_block, s.tip_block, s.start_block,
       (SELECT count(*) FROM chunks WHERE applied_at IS NULL) AS pending_chunks
  FROM sync_state s
 WHERE s.id = 1

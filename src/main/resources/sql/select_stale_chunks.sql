-- Chunks fetched long enough ago that, with the queue empty, they can only have been lost on the way.
SELECT id, from_block, to_block
  FROM chunks
 WHERE applied_at IS NULL AND enqueued_at < now() - make_interval(secs => :#retry_after_ms / 1000.0)
 ORDER BY from_block
 LIMIT :#limit

-- Moves the cursor to just before the first chunk not yet applied (or to fetched_block when all are) and
-- forgets the applied chunks it has passed.
WITH moved AS (
    UPDATE sync_state
       SET last_block = GREATEST(last_block,
               COALESCE((SELECT min(from_block) - 1 FROM chunks WHERE applied_at IS NULL), fetched_block)),
           updated_at = now()
     WHERE id = 1
    RETURNING last_block, fetched_block
), forgotten AS (
    DELETE FROM chunks
     WHERE applied_at IS NOT NULL AND to_block <= (SELECT last_block FROM moved)
)
SELECT last_block, fetched_block FROM moved

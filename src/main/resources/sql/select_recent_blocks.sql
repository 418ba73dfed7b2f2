-- The recorded hashes of the newest blocks up to :upto, newest first, back to :window blocks below the newest:
-- what a reorganisation is looked for in. Each row also carries the start block (a fork below it rolls back all).
WITH newest AS (
    SELECT max(number) AS n FROM blocks WHERE hash IS NOT NULL AND number <= :#upto
)
SELECT b.number, encode(b.hash, 'hex') AS hash, s.start_block
  FROM blocks b, newest, sync_state s
 WHERE s.id = 1 AND b.hash IS NOT NULL AND b.number <= newest.n AND b.number >= newest.n - :#window
 ORDER BY b.number DESC

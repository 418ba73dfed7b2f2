-- Removes every block above :fork a reorganisation replaced, in one transaction (see rollback_blocks in V5).
SELECT * FROM rollback_blocks(:#fork, :#bucket_blocks)

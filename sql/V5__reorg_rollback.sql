-- Version 5: rolling back blocks a reorganisation replaced. The blocks table already keeps the hash of every
-- block with a log and of each fetched window's last block; this removes everything above a fork point.

-- Removes every effect of the blocks above fork (or above a lower block, when a chunk not applied yet spans
-- the fork: its blocks are fetched again whole) in the caller's transaction: deltas, with their effect on
-- balances, quarantined logs, block hashes, ledger chunks (their queued messages then apply nothing), and the
-- supply history replayed past it; the cursor and fetched_block come back below the removed blocks. Each
-- statement takes a fresh snapshot (a VOLATILE function in READ COMMITTED), so a worker that held a chunk row
-- when the rollback began has committed, and is seen, before its deltas are removed. Locks come in the workers'
-- order: chunk rows, then balances by address.
CREATE FUNCTION rollback_blocks(fork BIGINT, bucket_blocks INTEGER)
RETURNS TABLE (rolled_back_to BIGINT, deltas BIGINT, addresses BIGINT, chunks BIGINT, blocks BIGINT,
               quarantined BIGINT, last_block BIGINT, fetched_block BIGINT)
LANGUAGE plpgsql AS $$
DECLARE
    target BIGINT := fork;
    lower_target BIGINT;
    history_block BIGINT;
    replay_from BIGINT;
BEGIN
    PERFORM 1 FROM sync_state s WHERE s.id = 1 FOR UPDATE;
    LOOP
        PERFORM 1 FROM chunks c WHERE c.to_block > target ORDER BY c.id FOR UPDATE;
        SELECT LEAST(target, min(c.from_block) - 1) INTO lower_target
          FROM chunks c WHERE c.to_block > target AND c.from_block <= target AND c.applied_at IS NULL;
        EXIT WHEN lower_target IS NULL OR lower_target >= target;
        target := lower_target;
    END LOOP;

    SELECT h.last_block INTO history_block FROM history_cursor h WHERE h.id = 1 FOR UPDATE;
    IF history_block > target THEN
        replay_from := GREATEST((target + 1) / bucket_blocks * bucket_blocks - 1,
                                (SELECT s.start_block - 1 FROM sync_state s WHERE s.id = 1));
        UPDATE history_balances hb
           SET balance = hb.balance - r.change
          FROM (SELECT d.address, sum(d.amount) AS change FROM deltas d
                 WHERE d.block_number > replay_from AND d.block_number <= history_block GROUP BY d.address) r
         WHERE hb.address = r.address;
        DELETE FROM supply_history sh WHERE sh.bucket >= (replay_from + 1) / bucket_blocks;
        UPDATE history_cursor h SET last_block = replay_from WHERE h.id = 1;
    END IF;

    PERFORM 1 FROM balances b
     WHERE b.address IN (SELECT DISTINCT d.address FROM deltas d WHERE d.block_number > target)
     ORDER BY b.address FOR UPDATE;
    RETURN QUERY
    WITH removed AS (
        DELETE FROM deltas d WHERE d.block_number > target RETURNING d.address, d.amount
    ), reversed AS (
        UPDATE balances b
           SET balance = b.balance - r.change
          FROM (SELECT address, sum(amount) AS change FROM removed GROUP BY address) r
         WHERE b.address = r.address
        RETURNING 1
    ), chunks_cleared AS (
        DELETE FROM chunks c WHERE c.to_block > target RETURNING 1
    ), blocks_cleared AS (
        DELETE FROM blocks k WHERE k.number > target RETURNING 1
    ), quarantine_cleared AS (
        DELETE FROM quarantine q WHERE q.block_number > target RETURNING 1
    ), moved AS (
        UPDATE sync_state s
           SET last_block = LEAST(s.last_block, target), fetched_block = target, updated_at = now()
         WHERE s.id = 1
        RETURNING s.last_block, s.fetched_block
    )
    SELECT target, (SELECT count(*) FROM removed), (SELECT count(*) FROM reversed),
           (SELECT count(*) FROM chunks_cleared), (SELECT count(*) FROM blocks_cleared),
           (SELECT count(*) FROM quarantine_cleared), m.last_block, m.fetched_block
      FROM moved m;
END;
$$;

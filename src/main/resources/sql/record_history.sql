-- Replays the deltas of the next range of applied blocks (after history_cursor, at most :max_blocks, never past
-- the cursor) into supply_history, in one statement. Each address starts from its balance in
-- history_balances; a running sum gives its balance after each block, and a holder appears when it turns
-- positive and leaves when it stops being. The guarded update of history_cursor makes a second process doing
-- the same at the same time record nothing.
WITH target AS (
    SELECT h.last_block AS from_block, LEAST(s.last_block, h.last_block + :max_blocks) AS to_block
      FROM history_cursor h, sync_state s
     WHERE h.id = 1 AND s.id = 1 AND s.last_block > h.last_block
), advanced AS (
    UPDATE history_cursor c
       SET last_block = t.to_block
      FROM target t
     WHERE c.id = 1 AND c.last_block = t.from_block
    RETURNING t.from_block, t.to_block
), changes AS (
    SELECT d.address, d.block_number, sum(d.amount) AS change, count(*) FILTER (WHERE d.side = 1) AS transfers
      FROM advanced a
      JOIN deltas d ON d.block_number > a.from_block AND d.block_number <= a.to_block
     GROUP BY d.address, d.block_number
), running AS (
    SELECT c.*, COALESCE(hb.balance, 0)
               + sum(c.change) OVER (PARTITION BY c.address ORDER BY c.block_number) AS after
      FROM changes c
      LEFT JOIN history_balances hb ON hb.address = c.address
), per_bucket AS (
    SELECT r.block_number / :bucket_blocks AS bucket,
           max(r.block_number) AS last_block,
           sum(r.transfers) AS transfers,
           COALESCE(sum(r.change) FILTER (WHERE r.address = decode(repeat('0', 40), 'hex')), 0) AS zero_change,
           COALESCE(sum((r.after > 0)::int - (r.after - r.change > 0)::int)
                        FILTER (WHERE r.address <> decode(repeat('0', 40), 'hex')), 0) AS holder_change
      FROM running r
     GROUP BY 1
), base AS (
    SELECT COALESCE(max(supply), 0) AS supply, COALESCE(max(holders), 0) AS holders,
           COALESCE(max(transfers), 0) AS transfers
      FROM (SELECT supply, holders, transfers FROM supply_history ORDER BY bucket DESC LIMIT 1) latest
), saved AS (
    INSERT INTO supply_history (bucket, last_block, block_time, supply, holders, transfers)
    SELECT p.bucket, p.last_block, (SELECT timestamp FROM blocks WHERE number = p.last_block),
           base.supply - sum(p.zero_change) OVER w,
           base.holders + sum(p.holder_change) OVER w,
           base.transfers + sum(p.transfers) OVER w
      FROM per_bucket p, base
    WINDOW w AS (ORDER BY p.bucket)
    ON CONFLICT (bucket) DO UPDATE
       SET last_block = EXCLUDED.last_block, block_time = EXCLUDED.block_time, supply = EXCLUDED.supply,
           holders = EXCLUDED.holders, transfers = EXCLUDED.transfers
    RETURNING 1
), replayed AS (
    INSERT INTO history_balances (address, balance)
    SELECT DISTINCT ON (address) address, after FROM running ORDER BY address, block_number DESC
    ON CONFLICT (address) DO UPDATE SET balance = EXCLUDED.balance
    RETURNING 1
)
SELECT (SELECT to_block FROM advanced) AS history_block,
       (SELECT count(*) FROM saved) AS buckets,
       (SELECT count(*) FROM replayed) AS addresses

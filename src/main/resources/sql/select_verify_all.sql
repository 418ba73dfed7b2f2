-- Every address with a balance row (holders, emptied ones and the zero address) as of the cursor block, as
-- select_verify_sample.sql reads them: what verify --all checks.
WITH state AS (
    SELECT last_block FROM sync_state WHERE id = 1
)
SELECT encode(b.address, 'hex') AS address, st.last_block AS block,
       b.balance - COALESCE((SELECT sum(d.amount) FROM deltas d
                              WHERE d.address = b.address AND d.block_number > st.last_block), 0) AS tracked
  FROM balances b CROSS JOIN state st
 ORDER BY b.address

-- What verify-balances checks: the zero address (minus its balance is the supply), the :top largest holders and
-- :random others, each with its balance as of the cursor block. Workers may have applied chunks above the
-- cursor already, so their deltas are taken off the balance row; one statement, so one consistent snapshot.
-- Nothing is checked before a first block is applied.
WITH state AS (
    SELECT last_block FROM sync_state WHERE id = 1 AND last_block >= start_block
), sample AS (
    (SELECT address FROM balances WHERE balance > 0 ORDER BY balance DESC LIMIT :#top)
    UNION
    (SELECT address FROM balances WHERE balance > 0 ORDER BY random() LIMIT :#random)
    UNION
    SELECT decode(repeat('0', 40), 'hex')
)
SELECT encode(s.address, 'hex') AS address, st.last_block AS block,
       COALESCE(b.balance, 0) - COALESCE((SELECT sum(d.amount) FROM deltas d
                                           WHERE d.address = s.address AND d.block_number > st.last_block), 0) AS tracked
  FROM sample s CROSS JOIN state st LEFT JOIN balances b ON b.address = s.address
 ORDER BY s.address

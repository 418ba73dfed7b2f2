-- Every balance recomputed from the deltas: rows that differ are corrected, missing ones added, and rows
-- of addresses without any delta removed. Reports what it changed.
WITH sums AS (
    SELECT address, sum(amount) AS total FROM deltas GROUP BY address
), corrected AS (
    INSERT INTO balances (address, balance)
    SELECT address, total FROM sums ORDER BY address
    ON CONFLICT (address) DO UPDATE SET balance = EXCLUDED.balance WHERE balances.balance <> EXCLUDED.balance
    RETURNING 1
), orphaned AS (
    DELETE FROM balances b WHERE NOT EXISTS (SELECT 1 FROM deltas d WHERE d.address = b.address)
    RETURNING 1
)
SELECT (SELECT count(*) FROM sums) AS addresses,
       (SELECT count(*) FROM corrected) AS corrected,
       (SELECT count(*) FROM orphaned) AS removed

-- The balances of the addresses in :addresses (a JSON array of 40-hex-digit strings) as of the cursor block,
-- as select_verify_sample.sql reads them: for checking again what was just repaired.
WITH state AS (
    SELECT last_block FROM sync_state WHERE id = 1
), sample AS (
    SELECT DISTINCT decode(a, 'hex') AS address FROM jsonb_array_elements_text(CAST(:#addresses AS jsonb)) AS a
)
SELECT encode(s.address, 'hex') AS address, st.last_block AS block,
       COALESCE(b.balance, 0) - COALESCE((SELECT sum(d.amount) FROM deltas d
                                           WHERE d.address = s.address AND d.block_number > st.last_block), 0) AS tracked
  FROM sample s CROSS JOIN state st LEFT JOIN balances b ON b.address = s.address
 ORDER BY s.address

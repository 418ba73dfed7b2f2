-- One address's balance at block :block: the sum of its deltas up to that block. Only blocks up to the
-- cursor are complete, so beyond it the balance is NULL and the cursor tells the caller how far it may ask.
SELECT s.last_block AS cursor,
       CASE WHEN :block <= s.last_block THEN
           (SELECT COALESCE(sum(d.amount), 0) FROM deltas d
             WHERE d.address = decode(:address, 'hex') AND d.block_number <= :block)
       END AS balance
  FROM sync_state s
 WHERE s.id = 1

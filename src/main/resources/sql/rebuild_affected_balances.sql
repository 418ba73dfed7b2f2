-- After a reset: each affected address's balance becomes the sum of the deltas it has left.
UPDATE balances b
   SET balance = COALESCE((SELECT sum(d.amount) FROM deltas d WHERE d.address = b.address), 0)
  FROM reset_affected r
 WHERE b.address = r.address

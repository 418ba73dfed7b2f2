-- Top holders, largest first, from the partial index on positive balances (the zero address, holding minus
-- the supply, never qualifies). The address breaks ties so that pages never overlap.
SELECT encode(address, 'hex') AS address, balance
  FROM balances
 WHERE balance > 0 AND address <> decode(repeat('0', 40), 'hex')
 ORDER BY balance DESC, address
 LIMIT :limit OFFSET :offset

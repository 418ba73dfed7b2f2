-- Every holder, largest first, for the CSV export (read with a cursor, a batch at a time).
SELECT encode(address, 'hex') AS address, balance
  FROM balances
 WHERE balance > 0 AND address <> decode(repeat('0', 40), 'hex')
 ORDER BY balance DESC, address

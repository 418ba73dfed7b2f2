-- One address's balance at the cursor. Workers apply chunks out of order, so the balances row may already
-- hold deltas of blocks past the cursor: those are taken off again, which keeps the answer exact at the block
-- it names (the index on deltas (address, block_number) makes that a short range scan).
SELECT s.last_block AS block,
       COALESCE((SELECT b.balance FROM balances b WHERE b.address = decode(:address, 'hex')), 0)
       - COALESCE((SELECT sum(d.amount) FROM deltas d
                    WHERE d.address = decode(:address, 'hex') AND d.block_number > s.last_block), 0) AS balance
  FROM sync_state s
 WHERE s.id = 1

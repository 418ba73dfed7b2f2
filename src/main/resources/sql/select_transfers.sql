-- An address's transfers, newest first, :limit of them before position (:before_block, :before_log).
-- Each transfer is two deltas (side 0 debits the sender, side 1 credits the receiver): the address's own
-- rows come from the (address, block_number) index and the other side from the primary key. A self-transfer
-- has both rows on the address; only its credit is kept, so it is listed once.
SELECT mine.block_number AS block,
       encode(mine.tx_hash, 'hex') AS tx_hash,
       mine.log_index,
       encode(CASE WHEN mine.side = 0 THEN mine.address ELSE other.address END, 'hex') AS from_address,
       encode(CASE WHEN mine.side = 1 THEN mine.address ELSE other.address END, 'hex') AS to_address,
       abs(mine.amount) AS amount,
       blk.timestamp AS block_time
  FROM deltas mine
  JOIN deltas other
    ON other.block_number = mine.block_number AND other.tx_hash = mine.tx_hash
   AND other.log_index = mine.log_index AND other.side = 1 - mine.side
  LEFT JOIN blocks blk ON blk.number = mine.block_number
 WHERE mine.address = decode(:address, 'hex')
   AND mine.block_number <= :before_block
   AND (mine.block_number < :before_block OR mine.log_index < :before_log)
   AND NOT (mine.side = 0 AND other.address = mine.address)
 ORDER BY mine.block_number DESC, mine.log_index DESC
 LIMIT :limit

-- BENCH FIXTURE ONLY, never run against a real tracker database: fills an empty tracker database (schema
-- already applied by the tracker) with :transfers synthetic transfers (two deltas each) in bulk, for
-- bench/api. The deltas are made with generate_series and the balances with one GROUP BY, which is how the
-- benchmark gets a million deltas in a minute; they are not a token's history (balances may be negative).
-- Addresses are skewed (a few hot ones, a long tail), 3 transfers a block, every tenth one a mint.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO deltas (block_number, tx_hash, log_index, side, address, amount)
SELECT 20000000 + x.t / 3, decode(lpad(to_hex(x.t), 64, '0'), 'hex'), (x.t % 3)::int, s.side,
       CASE WHEN s.side = 0 THEN x.sender ELSE x.receiver END,
       CASE WHEN s.side = 0 THEN -x.amount ELSE x.amount END
  FROM (SELECT t,
               CASE WHEN t % 10 = 0 THEN decode(repeat('0', 40), 'hex')
                    ELSE decode(lpad(to_hex(1 + floor(:addresses * random() ^ 3)::int), 40, '0'), 'hex') END AS sender,
               decode(lpad(to_hex(1 + floor(:addresses * random() ^ 2)::int), 40, '0'), 'hex') AS receiver,
               floor(random() * 1000000)::numeric * 1000000000000000000 AS amount
          FROM generate_series(1, :transfers) AS t) x
 CROSS JOIN (VALUES (0::smallint), (1::smallint)) AS s(side);
INSERT INTO balances (address, balance) SELECT address, sum(amount) FROM deltas GROUP BY address;
INSERT INTO blocks (number, timestamp)
SELECT DISTINCT block_number, to_timestamp(1700000000 + (block_number - 20000000) * 12) FROM deltas
-- the tracker has already recorded the hash of the last block of each window it read from the stand-in node
    ON CONFLICT (number) DO UPDATE SET timestamp = EXCLUDED.timestamp;
-- The history was replayed before these rows existed: start it again, as after a reset of the cursor.
DELETE FROM history_cursor;
UPDATE sync_state SET last_block = (SELECT max(block_number) FROM deltas),
                      fetched_block = (SELECT max(block_number) FROM deltas), updated_at = now()
 WHERE id = 1;
COMMIT;
ANALYZE deltas;
ANALYZE balances;
SELECT count(*) AS deltas, (SELECT count(*) FROM balances) AS addresses,
       (SELECT count(*) FROM balances WHERE balance > 0) AS holders FROM deltas;

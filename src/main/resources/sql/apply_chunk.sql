-- Applies one chunk in one statement, hence one transaction: inserts its deltas (two per transfer),
-- moves balances by the deltas that were new (a chunk delivered twice moves nothing), records its
-- quarantined logs and block hashes, and marks the chunk applied. The chunk row is locked first: a chunk
-- that no longer exists (rolled back, or already applied and forgotten) applies nothing. The transfers and blocks
-- are read as json, not jsonb: they are read once, in order, and json skips building jsonb's binary form.
--
-- Deltas go in by one of two inserts, whichever the chunk's block range calls for. A range that holds no delta yet
-- (every chunk of a backfill) takes a plain INSERT: ON CONFLICT checks each row against the key before inserting it
-- and confirms it after, which cost a quarter of the statement's time. A range that holds deltas already (a chunk
-- delivered again, or overlapping another) takes INSERT ... ON CONFLICT DO NOTHING, and only what it inserted moves
-- balances. Two chunks holding the same logs that both find their range empty meet at the key: the later one fails
-- with a unique violation once the earlier commits, and is redelivered (errors.camel.yaml); it then finds the deltas
-- and takes the second insert. Rows go in the chunk's log order (block, then log index), the same for any two chunks
-- holding the same logs, so they wait for each other's keys in one order.
WITH locked AS (
    SELECT id, from_block, to_block FROM chunks WHERE id = :#chunk_id FOR UPDATE
), payload AS (
    SELECT CAST(:#transfers AS json) AS transfers
), fresh AS (
    SELECT NOT EXISTS (SELECT 1 FROM deltas
                        WHERE block_number BETWEEN (SELECT from_block FROM locked) AND (SELECT to_block FROM locked)) AS yes
), inserted_fresh AS (
    INSERT INTO deltas (block_number, tx_hash, log_index, side, address, amount)
    SELECT t.b, decode(t.h, 'hex'), t.i, s.side, decode(s.a, 'hex'), s.v
      FROM locked, payload, json_to_recordset(payload.transfers) AS t(b BIGINT, h TEXT, i INTEGER, f TEXT, o TEXT, v NUMERIC)
     CROSS JOIN LATERAL (VALUES (0::SMALLINT, t.f, -t.v), (1::SMALLINT, t.o, t.v)) AS s(side, a, v)
     WHERE (SELECT yes FROM fresh)
    RETURNING address, amount
), inserted_again AS (
    INSERT INTO deltas (block_number, tx_hash, log_index, side, address, amount)
    SELECT t.b, decode(t.h, 'hex'), t.i, s.side, decode(s.a, 'hex'), s.v
      FROM locked, payload, json_to_recordset(payload.transfers) AS t(b BIGINT, h TEXT, i INTEGER, f TEXT, o TEXT, v NUMERIC)
     CROSS JOIN LATERAL (VALUES (0::SMALLINT, t.f, -t.v), (1::SMALLINT, t.o, t.v)) AS s(side, a, v)
     WHERE NOT (SELECT yes FROM fresh)
    ON CONFLICT DO NOTHING
    RETURNING address, amount
), inserted AS (
    SELECT address, amount FROM inserted_fresh
     UNION ALL
    SELECT address, amount FROM inserted_again
), moved AS (
    INSERT INTO balances (address, balance)
    SELECT address, sum(amount) FROM inserted GROUP BY address ORDER BY address
    ON CONFLICT (address) DO UPDATE SET balance = balances.balance + EXCLUDED.balance
    RETURNING 1
), quarantined AS (
    INSERT INTO quarantine (block_number, tx_hash, log_index, reason, log)
    SELECT q.b, q.h, q.i, q.r, q.l
      FROM locked, jsonb_to_recordset(CAST(:#quarantined AS jsonb)) AS q(b BIGINT, h TEXT, i INTEGER, r TEXT, l JSONB)
    ON CONFLICT DO NOTHING
    RETURNING 1
), seen AS (
    INSERT INTO blocks (number, hash, timestamp)
    SELECT k.n, decode(k.h, 'hex'), to_timestamp(k.ts)
      FROM locked, json_to_recordset(CAST(:#blocks AS json)) AS k(n BIGINT, h TEXT, ts BIGINT)
    ON CONFLICT (number) DO UPDATE
       SET hash = COALESCE(EXCLUDED.hash, blocks.hash), timestamp = COALESCE(EXCLUDED.timestamp, blocks.timestamp)
    RETURNING 1
)
UPDATE chunks
   SET applied_at = now()
 WHERE id IN (SELECT id FROM locked)
RETURNING id,
          (SELECT count(*) FROM inserted) AS inserted_deltas,
          (SELECT count(*) FROM moved) AS moved_balances,
          (SELECT count(*) FROM quarantined) AS quarantined_logs,
          (SELECT count(*) FROM seen) AS blocks_seen

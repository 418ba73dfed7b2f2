-- Applies one chunk in one statement, hence one transaction: inserts its deltas (two per transfer),
-- moves balances by the deltas that were new (a chunk delivered twice moves nothing), records its
-- quarantined logs and block hashes, and marks the chunk applied. The chunk row is locked first: a chunk
-- that no longer exists (rolled back, or already applied and forgotten) applies nothing. The transfers and blocks
-- are read as json, not jsonb: they are read once, in order, and json skips building jsonb's binary form.
WITH locked AS (
    SELECT id FROM chunks WHERE id = :#chunk_id FOR UPDATE
), transfers AS (
    SELECT t.*
      FROM locked, json_to_recordset(CAST(:#transfers AS json))
           AS t(b BIGINT, h TEXT, i INTEGER, f TEXT, o TEXT, v NUMERIC)
), inserted AS (
    INSERT INTO deltas (block_number, tx_hash, log_index, side, address, amount)
    SELECT t.b, decode(t.h, 'hex'), t.i, s.side, decode(s.a, 'hex'), s.v
      FROM transfers t
     CROSS JOIN LATERAL (VALUES (0::SMALLINT, t.f, -t.v), (1::SMALLINT, t.o, t.v)) AS s(side, a, v)
     ORDER BY t.b, t.h, t.i, s.side
    ON CONFLICT DO NOTHING
    RETURNING address, amount
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

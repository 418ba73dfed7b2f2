-- The per-log reference's insert: the two deltas of one transfer (none for a quarantined log), and the addresses
-- they moved, whose balances calc-balance then recomputes from all their deltas.
INSERT INTO deltas (block_number, tx_hash, log_index, side, address, amount)
SELECT t.b, decode(t.h, 'hex'), t.i, s.side, decode(s.a, 'hex'), s.v
  FROM jsonb_to_recordset(CAST(:#transfers AS jsonb)) AS t(b BIGINT, h TEXT, i INTEGER, f TEXT, o TEXT, v NUMERIC)
 CROSS JOIN LATERAL (VALUES (0::SMALLINT, t.f, -t.v), (1::SMALLINT, t.o, t.v)) AS s(side, a, v)
ON CONFLICT DO NOTHING
RETURNING encode(address, 'hex') AS address

-- Version 1: the seed's tables (sync_state, deltas, balances) with their columns kept, extended for the
-- chunk ledger, self-transfers, quarantine and block hashes. Applied once, at start-up, under a lock.

-- The cursor: last_block means every log up to and including it is applied. fetched_block runs ahead:
-- everything up to it has been fetched and is either applied or recorded in chunks as not yet applied.
CREATE TABLE sync_state (
    id            INTEGER PRIMARY KEY,
    last_block    BIGINT NOT NULL,
    fetched_block BIGINT NOT NULL,
    token         BYTEA NOT NULL,
    start_block   BIGINT NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The ledger of fetched work: one row per chunk put on the queue. A chunk holds every log of its blocks
-- that it was fetched with; a row not applied after a while (worker killed, Redis flushed) is fetched again.
CREATE TABLE chunks (
    id          BIGSERIAL PRIMARY KEY,
    from_block  BIGINT NOT NULL,
    to_block    BIGINT NOT NULL,
    log_count   INTEGER NOT NULL,
    enqueued_at TIMESTAMPTZ NOT NULL,
    applied_at  TIMESTAMPTZ
);
CREATE INDEX chunks_pending ON chunks (from_block) WHERE applied_at IS NULL;

-- One row per side of a transfer: side 0 debits the sender, side 1 credits the receiver, so that a
-- self-transfer keeps both of its rows under the key.
CREATE TABLE deltas (
    block_number BIGINT NOT NULL,
    tx_hash      BYTEA NOT NULL,
    log_index    INTEGER NOT NULL,
    side         SMALLINT NOT NULL,
    address      BYTEA NOT NULL,
    amount       NUMERIC(78, 0) NOT NULL,
    PRIMARY KEY (block_number, tx_hash, log_index, side)
);
CREATE INDEX deltas_by_address ON deltas (address, block_number);

CREATE TABLE balances (
    address BYTEA PRIMARY KEY,
    balance NUMERIC(78, 0) NOT NULL
);
CREATE INDEX balances_top ON balances (balance DESC) WHERE balance > 0;

CREATE TABLE blocks (
    number    BIGINT PRIMARY KEY,
    hash      BYTEA,
    timestamp TIMESTAMPTZ
);

CREATE TABLE quarantine (
    block_number BIGINT NOT NULL,
    tx_hash      TEXT NOT NULL,
    log_index    INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    log          JSONB NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (block_number, tx_hash, log_index)
);

-- Sets one balance to the sum of its deltas. The row lock is taken first and the sum is read by a later
-- statement, with a fresh snapshot: a worker whose deltas were not visible yet adds its own increment
-- after this commits, so no update is lost.
CREATE FUNCTION recompute_balance(target BYTEA) RETURNS NUMERIC LANGUAGE plpgsql AS $$
DECLARE
    result NUMERIC;
BEGIN
    INSERT INTO balances (address, balance) VALUES (target, 0) ON CONFLICT (address) DO NOTHING;
    PERFORM 1 FROM balances WHERE address = target FOR UPDATE;
    UPDATE balances
       SET balance = (SELECT COALESCE(sum(amount), 0) FROM deltas WHERE address = target)
     WHERE address = target
    RETURNING balance INTO result;
    RETURN result;
END;
$$;

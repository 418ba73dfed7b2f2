-- Version 2: the supply and holder count over time, for the dashboard's chart. Counting holders at past
-- blocks from the deltas means replaying every address's history, so it is done once, forward, a range of
-- blocks at a time (record_history.sql), and kept here.

-- One row per bucket of blocks (block_number / bucket size) in which something changed: the figures as of
-- the bucket's last block with a delta. transfers counts every transfer up to that block.
CREATE TABLE supply_history (
    bucket     BIGINT PRIMARY KEY,
    last_block BIGINT NOT NULL,
    block_time TIMESTAMPTZ,
    supply     NUMERIC(78, 0) NOT NULL,
    holders    BIGINT NOT NULL,
    transfers  BIGINT NOT NULL
);

-- Every address's balance as of history_cursor.last_block: where the next range's replay starts from, so
-- that no range needs to read the deltas before it.
CREATE TABLE history_balances (
    address BYTEA PRIMARY KEY,
    balance NUMERIC(78, 0) NOT NULL
);

-- How far the history has been replayed; never past sync_state.last_block.
CREATE TABLE history_cursor (
    id         INTEGER PRIMARY KEY,
    last_block BIGINT NOT NULL
);

-- The addresses whose deltas the reset removes: their balances are recomputed before the commit.
CREATE TEMP TABLE reset_affected (address BYTEA PRIMARY KEY) ON COMMIT DROP

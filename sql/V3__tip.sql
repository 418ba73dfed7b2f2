-- Version 3: the tip the sync last read from the source (head less confirmations, or finalized), so that every
-- process (api, workers) can tell how far behind the cursor is without asking the source itself.
ALTER TABLE sync_state ADD COLUMN tip_block BIGINT;
ALTER TABLE sync_state ADD COLUMN tip_seen_at TIMESTAMPTZ;

-- The tip this sync run reached for: read by readiness, metrics and status in any process.
UPDATE sync_state SET tip_block = :#tip, tip_seen_at = now() WHERE id = 1

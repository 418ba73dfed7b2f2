-- Held until the command's transaction ends: workers wait before inserting deltas, so no balance moves while
-- balances are recomputed from the deltas (a worker's chunk committed halfway through would be lost).
LOCK TABLE deltas IN SHARE MODE
